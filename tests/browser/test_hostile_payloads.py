"""Corrections come from people we do not fully trust: no payload in them ever runs in a reader's browser."""

from __future__ import annotations

import json

from playwright.sync_api import Browser

from tests.browser.conftest import new_context
from tests.browser.server import serve_site
from tests.conftest import ARTICLE_URL, CORRECTIONS_FILE

YAML_PATH = "corrections/russian-foreign-minister-visits-north-korea.yml"
# Direction overrides are refused (tests/hostile); isolates (U+2067 ... U+2069) are published.
PAYLOADS = {
    # corrected text is plain text: markup in it must be shown, not parsed
    "corrected: Sergey Lavrov": 'corrected: "Sergey Lavrov\\"><script>window.pwned=1</script>'
                                '<img src=x onerror=window.pwned=2>\\u2067x\\u2069"',
    # a note may quote markup in code; its plain text feeds tooltips, JSON-LD and feeds
    "He is Sergey Lavrov, not Lankov.": "He is Sergey Lavrov. `</script><script>window.pwned=3</script>"
                                        "\\\" onmouseover=\\\"window.pwned=4` ⁧evil⁩ e\u0301\u200b",
}


# Markup that Python-Markdown publishes as text (a tag name cannot hold '@'), so an original can
# match it; shown as an original ("Was:", the hidden text, the tooltip) it must stay text.
ORIGINALS = ["<svg/onload=window.pwned=5//@>", "\"><img/src=x/onerror=window.pwned=6//@>"]
HOSTILE_URL = "articles/hostile/"
# The headline is the page's title too, which Material prints through `striptags` (it unescapes).
HEADLINE = "</title><script>window.pwned=7</script><!--"
HOSTILE_CORRECTIONS = "page: articles/hostile.md\ncorrections:\n" + "".join(
    f"  - id: hostile-{i}\n    date: \"2023-10-20\"\n    kind: fact\n    original: {json.dumps(original)}\n"
    f"    corrected: {json.dumps(corrected)}\n    note: Fixed.\n"
    for i, (original, corrected) in enumerate([*((o, "fixed") for o in ORIGINALS), ("headline", HEADLINE)]))


def test_no_payload_runs(browser: Browser, project) -> None:
    text = CORRECTIONS_FILE.read_text(encoding="utf-8")
    for old, new in PAYLOADS.items():
        assert old in text
        text = text.replace(old, new, 1)
    project.write(YAML_PATH, text)
    body = "\n\n".join(f"Before {original} after." for original in ORIGINALS)
    project.write("docs/articles/hostile.md", f"---\ndate: 2023-10-20\n---\n\n# Hostile headline\n\n{body}\n")
    project.write("corrections/hostile.yml", HOSTILE_CORRECTIONS)
    result = project.build("--strict")
    assert result.returncode == 0, result.stderr
    dialogs: list[str] = []
    context = new_context(browser, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    with serve_site(project.site) as base:
        for url in (ARTICLE_URL, HOSTILE_URL, "corrections/", ""):
            page.goto(base + url)
            assert page.evaluate("typeof window.pwned") == "undefined", url  # on load, then on use
            if url == HOSTILE_URL:
                for marker in page.locator("a.corrigenda-marker").all():
                    marker.hover()
                    marker.focus()
                page.get_by_label("Show the text as first published").check()
                shown = page.locator(".corrigenda-original").all_inner_texts()
                assert all(any(original in text for text in shown) for original in ORIGINALS), shown
                assert page.title().startswith(f"Hostile {HEADLINE} - ")
            if url == ARTICLE_URL:
                marker = page.locator('[data-correction="lavrov-surname"] a.corrigenda-marker')
                marker.hover()
                marker.focus()
                page.get_by_label("Show the text as first published").check()
                assert "<script>window.pwned=1</script>" in page.locator(
                    '[data-correction="lavrov-surname"] ins').inner_text()
            assert page.evaluate("typeof window.pwned") == "undefined"
            assert page.locator("img[src='x']").count() == 0
    context.close()
    assert dialogs == []
