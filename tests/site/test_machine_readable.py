"""Corrections for machines: JSON-LD, Atom feeds and corrections.json, read with the tools the web uses."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import extruct
import feedparser
import pytest
from pyld import jsonld

from corrigenda import load_catalog
from tests.conftest import ARTICLE, ARTICLE_URL, REPO

SITE_URL = "https://example.github.io/corrigenda/"
ARTICLE_ABS = SITE_URL + ARTICLE_URL
CATALOG = load_catalog(REPO / "corrections", REPO / "docs")
CORRECTIONS = {c.id: c for c in CATALOG.all()}
SCHEMA_CONTEXT = json.loads((Path(__file__).parents[1] / "data" / "schemaorg-context.jsonld").read_text())
SEED = REPO.parent / "shared" / "seed" / "article-as-published.txt"
SCHEMA = "https://schema.org/"


def offline_loader(url: str, options: dict | None = None) -> dict:
    """pyld document loader that only knows schema.org's context, shipped with the tests."""
    if url.rstrip("/") in {"https://schema.org", "http://schema.org"}:
        return {"contextUrl": None, "documentUrl": url, "document": SCHEMA_CONTEXT}
    raise AssertionError(f"the test tried to fetch {url}")


@pytest.fixture(scope="module")
def news_article(site) -> dict:
    html = (site.site / ARTICLE_URL / "index.html").read_text("utf-8")
    items = extruct.extract(html, base_url=ARTICLE_ABS, syntaxes=["json-ld"], uniform=True)["json-ld"]
    (article,) = [item for item in items if item.get("@type") == "NewsArticle"]
    return article


def test_json_ld_news_article(news_article) -> None:
    assert news_article["headline"] == "Russian Foreign Minister Visits North Korea"
    assert news_article["datePublished"] == "2023-10-19"
    assert news_article["dateModified"] == "2023-10-23"
    assert news_article["url"] == ARTICLE_ABS
    corrections = news_article["correction"]
    assert len(corrections) == 31
    for item in corrections:
        cid = item["url"].removeprefix(ARTICLE_ABS + "#correction-")
        assert item["@type"] == "CorrectionComment"
        assert item["text"] == CATALOG.notes[cid].text
        assert item["datePublished"] == CORRECTIONS[cid].date.isoformat()
    dates = [item["datePublished"] for item in corrections]
    assert dates == sorted(dates, reverse=True)


def test_json_ld_expands_to_schema_org_terms(news_article) -> None:
    (expanded,) = jsonld.expand(news_article, {"documentLoader": offline_loader})
    assert expanded["@type"] == [SCHEMA + "NewsArticle"]
    assert expanded[SCHEMA + "datePublished"] == [{"@type": SCHEMA + "Date", "@value": "2023-10-19"}]
    comments = expanded[SCHEMA + "correction"]
    assert len(comments) == 31
    assert all(c["@type"] == [SCHEMA + "CorrectionComment"] for c in comments)
    assert all(c[SCHEMA + "url"][0]["@id"].startswith(ARTICLE_ABS + "#correction-") for c in comments)


def test_json_ld_note_urls_point_at_notes(site, news_article) -> None:
    page = site.page(ARTICLE_URL)
    for item in news_article["correction"]:
        assert page.find(id=item["url"].split("#", 1)[1]) is not None


def feed_links(page) -> dict[str, str]:
    return {link["title"]: link["href"] for link in page.select('head link[rel="alternate"]')}


def test_pages_advertise_their_feeds(site) -> None:
    article = feed_links(site.page(ARTICLE_URL))
    assert article["Corrections to every article"] == "../../corrections/feed.xml"
    assert article["Corrections to this article"] == "feed.xml"
    assert article["Every correction, with Web Annotations"] == "../../corrections.json"
    assert feed_links(site.page(""))["Corrections to every article"] == "corrections/feed.xml"


@pytest.mark.parametrize("path, link", [
    ("corrections/feed.xml", SITE_URL + "corrections/"),
    (ARTICLE_URL + "feed.xml", ARTICLE_ABS),
])
def test_atom_feeds_parse_cleanly(site, path: str, link: str) -> None:
    parsed = feedparser.parse((site.site / path).read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.link == link
    assert any(lk.rel == "self" and lk.href == SITE_URL + path for lk in parsed.feed.links)
    assert parsed.feed.updated.startswith("2023-10-23")
    assert len(parsed.entries) == 31
    ids = [entry.id for entry in parsed.entries]
    assert len(set(ids)) == 31
    for entry in parsed.entries:
        cid = entry.id.removeprefix(ARTICLE_ABS + "#correction-")
        correction = CORRECTIONS[cid]
        assert entry.link == entry.id
        assert entry.published.startswith(correction.date.isoformat())
        assert entry.summary == CATALOG.notes[cid].text
        assert correction.original in unescape(entry.content[0].value)
        assert entry.tags[0].term == correction.kind.value
    published = [entry.published for entry in parsed.entries]
    assert published == sorted(published, reverse=True)


@pytest.fixture(scope="module")
def records(site) -> list[dict]:
    return json.loads((site.site / "corrections.json").read_text("utf-8"))["corrections"]


def test_corrections_json_lists_every_correction(records) -> None:
    assert sorted(r["id"] for r in records) == sorted(CORRECTIONS)
    for record in records:
        correction = CORRECTIONS[record["id"]]
        assert record["page"] == ARTICLE
        assert record["page_url"] == ARTICLE_ABS
        assert record["url"] == f"{ARTICLE_ABS}#correction-{correction.id}"
        assert record["date"] == correction.date.isoformat()
        assert record["date_published"] == "2023-10-19"
        assert (record["kind"], record["original"], record["corrected"]) == (
            correction.kind.value, correction.original, correction.corrected)
        assert record["note"] == CATALOG.notes[correction.id].text


def test_web_annotations_quote_the_text_as_published(records) -> None:
    published = re.sub(r"\s+", " ", SEED.read_text("utf-8")) if SEED.exists() else None
    for record in records:
        annotation = record["annotation"]
        assert annotation["@context"] == "http://www.w3.org/ns/anno.jsonld"
        assert annotation["type"] == "Annotation"
        assert annotation["motivation"] == "editing"
        assert annotation["id"] == record["url"]
        target = annotation["target"]
        assert target["source"] == ARTICLE_ABS
        selector = target["selector"]
        assert selector["type"] == "TextQuoteSelector"
        assert selector["exact"] == record["original"]
        assert len(selector["prefix"]) <= 32 and len(selector["suffix"]) <= 32
        if published:
            assert selector["prefix"] + selector["exact"] + selector["suffix"] in published
        editing = [b for b in annotation["body"] if b["purpose"] == "editing"]
        assert editing[0]["value"] == record["corrected"]
