"""Site-wide outputs from plain data: what another generator's adapter would call, no MkDocs."""

from __future__ import annotations

import datetime as dt
import json

import feedparser
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from mkdocs.utils import get_relative_url

from corrigenda.site import (
    CORRECTIONS_JSON,
    SITE_FEED,
    SITE_FEED_ENTRIES,
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
    head = site.head_html("page.md")
    jsonld = head[head.index('<script type="application/ld+json">'):].split(">", 1)[1].split("</script>")[0]
    assert json.loads(jsonld)["@type"] == "NewsArticle"
    assert "issues/new?template=report-an-error.yml" in site.after_html("page.md")
    assert site.after_html("index.md") == ""


def test_the_site_feed_keeps_the_newest_entries_and_an_article_feed_all(engine) -> None:
    count = SITE_FEED_ENTRIES + 5
    words = [f"word{i:03d}" for i in range(count)]
    entries = "".join(f"- id: c{i:03d}\n  date: {dt.date(2023, 1, 1) + dt.timedelta(days=i)}\n"
                      f"  kind: typo\n  original: {word}\n  corrected: fixed{i:03d}\n  note: Fixed.\n"
                      for i, word in enumerate(words))
    rendered = engine("# Headline\n\n" + " ".join(words) + "\n", entries)
    site = CorrectedSite(rendered.extension.catalog, {"page.md": rendered.extension.result},
                         "https://news.example/", "News")
    site.add_pages([SitePage("page.md", "page/", "Headline", dt.date(2022, 12, 31), "", "page/feed.xml")])
    files = site.files()
    newest = [entry.id.rsplit("-", 1)[-1] for entry in feedparser.parse(files[SITE_FEED]).entries]
    assert newest == [f"c{i:03d}" for i in range(count - 1, count - 1 - SITE_FEED_ENTRIES, -1)]
    assert len(feedparser.parse(files["page/feed.xml"]).entries) == count


@settings(max_examples=300, deadline=None, database=None)
@given(target=st.lists(st.sampled_from(["a", "b", "..", ".", "", "x.html", "feed.xml"]), max_size=5),
       base=st.lists(st.sampled_from(["a", "b", "..", ".", "", "c", "index.html"]), max_size=5))
def test_relative_url_agrees_with_mkdocs_on_any_path(target: list[str], base: list[str]) -> None:
    # Site-relative URLs never start with '/' (MkDocs keeps a leading '//' as POSIX allows).
    assume(not "/".join(target).startswith("/") and not "/".join(base).startswith("/"))
    assert relative_url("/".join(target), "/".join(base)) == get_relative_url("/".join(target), "/".join(base))
