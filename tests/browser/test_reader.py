"""What a reader does, in headless Chromium: follow markers, read tooltips, see the original, report."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from corrigenda import load_catalog
from tests.browser.conftest import new_context
from tests.conftest import ARTICLE, ARTICLE_URL, REPO

CATALOG = load_catalog(REPO / "corrections", REPO / "docs")
NAME = "lavrov-surname"
TYPO = "short-shrift"


def marker(page: Page, cid: str):
    return page.locator(f'[data-correction="{cid}"] a.corrigenda-marker')


def in_viewport(page: Page, selector: str) -> bool:
    return page.evaluate("""s => { const r = document.querySelector(s).getBoundingClientRect();
        return r.top >= 0 && r.bottom <= window.innerHeight; }""", selector)


@pytest.fixture(params=[True, False], ids=["js", "no-js"])
def any_page(request, browser: Browser):
    """A desktop page with JavaScript on, then off."""
    context = new_context(browser, viewport={"width": 1280, "height": 900},
                          java_script_enabled=request.param)
    yield context.new_page()
    context.close()


def test_marker_leads_to_the_note_and_back(any_page: Page, base_url: str) -> None:
    any_page.goto(base_url + ARTICLE_URL)
    marker(any_page, NAME).click()
    expect(any_page).to_have_url(base_url + ARTICLE_URL + f"#correction-{NAME}")
    assert in_viewport(any_page, f"#correction-{NAME}")
    any_page.locator(f"#correction-{NAME} .corrigenda-note__back a").click()
    expect(any_page).to_have_url(base_url + ARTICLE_URL + f"#corrected-{NAME}")
    assert in_viewport(any_page, f"#corrected-{NAME}")


def tab_to(page: Page, target, most: int, what: str) -> None:
    """Press Tab until `target` has the focus, as a keyboard-only reader would."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return
    pytest.fail(f"Tab never reached {what}")


def test_keyboard_only(page: Page, base_url: str) -> None:
    page.goto(base_url + ARTICLE_URL)
    tab_to(page, marker(page, NAME), 80, "the first correction marker")
    page.keyboard.press("Enter")
    expect(page).to_have_url(base_url + ARTICLE_URL + f"#correction-{NAME}")
    tab_to(page, page.locator(f"#correction-{NAME} .corrigenda-note__back a"), 10,
           "the note's link back to the text")
    page.keyboard.press("Enter")
    expect(page).to_have_url(base_url + ARTICLE_URL + f"#corrected-{NAME}")


@pytest.mark.parametrize("how", ["hover", "focus"])
def test_tooltip_shows_the_note(page: Page, base_url: str, how: str) -> None:
    page.goto(base_url + ARTICLE_URL)
    getattr(marker(page, NAME), how)()
    tooltip = page.locator(".md-tooltip2--active")
    expect(tooltip).to_be_visible()
    expect(tooltip).to_contain_text(CATALOG.notes[NAME].text)


def test_without_javascript_focus_shows_the_note_and_hover_has_a_title(browser: Browser, base_url: str) -> None:
    context = new_context(browser, java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + ARTICLE_URL)
    target = marker(page, NAME)
    assert target.get_attribute("title") == f"Correction: {CATALOG.notes[NAME].text}"
    page.keyboard.press("Tab")  # keyboard focus, so :focus-visible applies
    target.focus()
    shown = target.evaluate("el => getComputedStyle(el, '::before').content")
    assert CATALOG.notes[NAME].text in shown
    context.close()


def test_show_original_text(any_page: Page, base_url: str) -> None:
    any_page.goto(base_url + ARTICLE_URL)
    span = any_page.locator(f'[data-correction="{NAME}"]')
    expect(span.locator("ins.corrigenda-now")).to_be_visible()
    expect(span.locator(".corrigenda-then")).to_be_hidden()
    any_page.get_by_label("Show the text as first published").check()
    expect(span.locator(".corrigenda-then")).to_have_text("Sergey Lankov")
    expect(span.locator(".corrigenda-then")).to_be_visible()
    expect(span.locator("ins.corrigenda-now")).to_be_hidden()
    removed = any_page.locator('[data-correction="stray-video-line"] .corrigenda-then')
    expect(removed).to_be_visible()
    any_page.get_by_label("Show the text as first published").uncheck()
    expect(span.locator("ins.corrigenda-now")).to_be_visible()
    expect(removed).to_be_hidden()


def test_minor_fix_marker_opens_its_collapsed_note(any_page: Page, base_url: str) -> None:
    any_page.goto(base_url + ARTICLE_URL)
    note = any_page.locator(f"#correction-{TYPO}")
    expect(note).to_be_hidden()
    marker(any_page, TYPO).click()
    expect(note).to_be_visible()
    assert in_viewport(any_page, f"#correction-{TYPO}")


def test_report_an_error_prefills_the_selection(page: Page, base_url: str) -> None:
    page.goto(base_url + ARTICLE_URL)
    page.evaluate("""() => {
        const p = [...document.querySelectorAll('article p')].find(p => p.textContent.includes('short shrift'));
        const text = [...p.childNodes].find(n => n.nodeType === 3 && n.textContent.includes('hypocrisy'));
        const start = text.textContent.indexOf('the hypocrisy');
        const range = document.createRange();
        range.setStart(text, start);
        range.setEnd(text, start + 'the hypocrisy of them'.length);
        getSelection().removeAllRanges();
        getSelection().addRange(range);
    }""")
    page.wait_for_timeout(100)  # selectionchange is dispatched asynchronously
    with page.expect_request(lambda r: "github.com" in r.url) as request:
        page.locator("a[data-corrigenda-report]").click()
    query = parse_qs(urlsplit(request.value.url).query)
    assert query["phrase"] == ["the hypocrisy of them"]
    assert query["template"] == ["report-an-error.yml"]
    assert query["article"] == ["Russian Foreign Minister Visits North Korea"]
    assert query["url"] == [f"https://example.github.io/corrigenda/{ARTICLE_URL}"]


def test_report_link_works_without_javascript(browser: Browser, base_url: str) -> None:
    context = new_context(browser, java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + ARTICLE_URL)
    href = page.locator("a[data-corrigenda-report]").get_attribute("href")
    query = parse_qs(urlsplit(href).query)
    assert urlsplit(href).path == "/example/corrigenda/issues/new"
    assert query["title"] == ["Error report: Russian Foreign Minister Visits North Korea"]
    edit = page.get_by_role("link", name="suggest a correction").get_attribute("href")
    assert edit == f"https://github.com/example/corrigenda/edit/main/corrections/{ARTICLE.split('/')[1].replace('.md', '.yml')}"
    context.close()
