"""Site-wide outputs from plain data: what another generator's adapter would call, no MkDocs."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from mkdocs.utils import get_relative_url

from corrigenda.site import (
    CORRECTIONS_JSON,
    SITE_FEED,
    CorrectedSite,
    Repository,
    SitePage,
    relative_url,
)


@pytest.mark.parametrize("target, base", [
    ("articles/a/", "corrections/"), ("articles/a/", ""), ("corrections/feed.xml", "articles/a/"),
    ("index.html", "articles/a.html"), ("corrections/2023-10/", "corrections/"), ("", "articles/a/"),
    ("corrections.json", "corrections/2023-10/"), ("articles/a/feed.xml", "articles/a/"),
])
def test_relative_url_links_like_mkdocs(target: str, base: str) -> None:
    assert relative_url(target, base) == get_relative_url(target, base)


def test_a_site_without_mkdocs(engine) -> None:
    rendered = engine("# Headline\n\nSergey Lankov arrived.\n",
                      "- id: lavrov\n  date: 2023-10-19\n  kind: name\n  original: Sergey Lankov\n"
                      "  corrected: Sergey Lavrov\n  note: He is Sergey Lavrov.\n")
    extension = rendered.extension
    site = CorrectedSite(extension.catalog, {"page.md": extension.result}, "https://news.example/",
                         "News", Repository("https://github.com/news/site"))
    (log,) = site.log_sources
    site.add_pages([
        SitePage("page.md", "page/", "Headline", dt.date(2023, 10, 18), "Sergey Lavrov arrived.", "page/feed.xml"),
        SitePage("index.md", "", "Home"),
        SitePage(log.path, "corrections/", "Corrections"),
    ])
    files = site.files()
    assert set(files) == {CORRECTIONS_JSON, SITE_FEED, "page/feed.xml"}
    record = json.loads(files[CORRECTIONS_JSON])["corrections"][0]
    assert record["url"] == "https://news.example/page/#correction-lavrov"
    assert 'href="../page/#correction-lavrov"' in site.log_page(log.path)[0]
    assert 'href="page/"' in site.front_page_html("index.md")
    assert '"@type": "NewsArticle"' in site.head_html("page.md")
    assert "issues/new?template=report-an-error.yml" in site.after_html("page.md")
    assert site.after_html("index.md") == ""
