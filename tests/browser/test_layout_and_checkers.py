"""Palettes, phone width and print; axe-core and the Nu HTML Checker on the pages readers see most."""

from __future__ import annotations

import json
import subprocess

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import new_context
from tests.conftest import ARTICLE_URL, REPO

PAGES = {"article": ARTICLE_URL, "front": "", "log": "corrections/"}
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

OVERFLOW = """() => {
    const width = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll('article *')]
        .filter(el => el.getBoundingClientRect().right > width + 1 && el.getClientRects().length)
        .map(el => el.tagName + '.' + el.className);
    return {scroll: document.documentElement.scrollWidth, width, wide};
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("name", list(PAGES))
def test_nothing_overflows_and_notes_are_readable(browser: Browser, base_url: str, screenshot_dir,
                                                  name: str, width: int, scheme: str) -> None:
    context = new_context(browser, viewport={"width": width, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    page.goto(base_url + PAGES[name])
    expected = "slate" if scheme == "dark" else "default"
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == expected
    layout = page.evaluate(OVERFLOW)
    assert layout["scroll"] <= layout["width"], layout
    assert layout["wide"] == []
    note = page.locator("li.corrigenda-note").first
    if name != "front":
        expect(note).to_be_visible()
        assert note.evaluate("el => parseFloat(getComputedStyle(el).fontSize)") >= 12
    page.screenshot(path=str(screenshot_dir / f"{name}-{width}-{scheme}.png"), full_page=True)
    context.close()


def test_print_shows_every_note(page: Page, base_url: str, screenshot_dir) -> None:
    page.goto(base_url + ARTICLE_URL)
    page.emulate_media(media="print")
    expect(page.locator("#correction-short-shrift")).to_be_visible()
    expect(page.locator("#correction-lavrov-surname")).to_be_visible()
    expect(page.locator(".corrigenda-toggle")).to_be_hidden()
    layout = page.evaluate(OVERFLOW)
    assert layout["wide"] == []
    (screenshot_dir / "article-print.pdf").write_bytes(page.pdf(format="A4"))


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_axe_finds_no_serious_violations(browser: Browser, base_url: str, name: str, scheme: str) -> None:
    context = new_context(browser, viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.goto(base_url + PAGES[name])
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [{"id": v["id"], "impact": v["impact"], "nodes": [(n["target"], n["failureSummary"][-120:]) for n in v["nodes"]][:5]}
               for v in results["violations"] if v["impact"] in {"serious", "critical"}]
    assert serious == [], json.dumps(serious, indent=1)
    assert results["passes"] if "passes" in results else True
    context.close()


def test_nu_html_checker_finds_no_errors(site) -> None:
    files = [str(site.site / url / "index.html") for url in PAGES.values()]
    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json", *files],
                            capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [f"{m.get('url', '').rsplit('/site/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
              for m in messages if m["type"] == "error" or m.get("subType") == "fatal"]
    assert errors == []
    assert result.returncode == 0
