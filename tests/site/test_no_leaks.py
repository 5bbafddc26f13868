"""After the build, erroneous text appears only where it is deliberately shown as the original."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

from corrigenda import load_catalog
from tests.conftest import ARTICLE_URL, REPO

ORIGINALS = [c.original for c in load_catalog(REPO / "corrections", REPO / "docs").all()]
# Where the original is shown on purpose: notes (article and log) and elements marked as original.
DELIBERATE = "li.corrigenda-note, .corrigenda-original, [data-search-exclude]"


def reader_text(soup: BeautifulSoup) -> str:
    """Everything a reader or a machine reads on a page, except deliberate displays of originals."""
    for element in soup.select(DELIBERATE):
        element.decompose()
    for element in soup.select("[title]"):
        if not element.get("title", "").startswith(("Correction:", "Clarification:")):
            continue
        del element["title"]  # a marker's tooltip is its note
    attributes = [value for tag in soup.find_all(True) for key, value in tag.attrs.items()
                  if key in {"content", "title", "alt", "aria-label"}]
    return soup.get_text(" ") + " ".join(map(str, attributes))


@pytest.fixture(scope="module")
def pages(site) -> dict[str, str]:
    return {str(p.relative_to(site.site)): reader_text(BeautifulSoup(p.read_text("utf-8"), "lxml"))
            for p in site.site.rglob("*.html")}


def test_pages_were_read_with_their_corrected_text(pages) -> None:
    article = pages["articles/russian-foreign-minister-visits-north-korea/index.html"]
    assert "Sergey Lavrov arrived" in article and "short shrift" in article


@pytest.mark.parametrize("original", ORIGINALS)
def test_original_text_does_not_leak_into_pages(pages, original: str) -> None:
    leaks = [page for page, text in pages.items() if original in text.replace("\n", " ")]
    assert leaks == []


@pytest.mark.parametrize("original", ORIGINALS)
def test_original_text_is_not_in_the_search_index(site, original: str) -> None:
    index = json.loads((site.site / "search" / "search_index.json").read_text("utf-8"))
    text = " ".join(doc["title"] + " " + doc["text"] for doc in index["docs"])
    assert original.strip() not in text


def test_search_index_has_the_corrected_text(site) -> None:
    index = json.loads((site.site / "search" / "search_index.json").read_text("utf-8"))
    text = " ".join(doc["text"] for doc in index["docs"])
    assert "Sergey Lavrov arrived" in text
    assert "Democratic People's Republic of Korea" in text


def test_search_results_open_with_the_article_not_the_banner(site) -> None:
    """A result shows its first words: they were "Corrected 23 Oct 2023 · 13 corrections...
    Show the text as first published" on the corrected article."""
    index = json.loads((site.site / "search" / "search_index.json").read_text("utf-8"))
    article = next(doc for doc in index["docs"] if doc["location"] == ARTICLE_URL)
    assert article["text"].startswith("<p>Russian Foreign Minister Sergey Lavrov arrived")
    assert "first published" not in " ".join(doc["text"] for doc in index["docs"])


def test_originals_are_still_visible_in_notes(site) -> None:
    log = site.page("corrections/")
    shown = [d.get_text() for d in log.select("del.corrigenda-original")]
    assert sorted(shown) == sorted(ORIGINALS)
