"""The built article: every correction applied, marked and noted; the source stays as published."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from corrigenda import Kind, load_catalog
from tests.conftest import ARTICLE, ARTICLE_URL, REPO, visible_text

SEED = REPO.parent / "shared" / "seed" / "article-as-published.txt"
CATALOG = load_catalog(REPO / "corrections", REPO / "docs")
CORRECTIONS = CATALOG.for_page(ARTICLE).corrections


@pytest.fixture(scope="module")
def article(site):
    return site.page(ARTICLE_URL)


def heading_text(heading) -> str:
    """A heading's text without its permalink."""
    return heading.get_text(strip=True).removesuffix("¶")


def test_all_31_findings_of_the_desk_memo_are_filed() -> None:
    assert len(CORRECTIONS) == 31
    assert {c.kind for c in CORRECTIONS} == set(Kind)


def test_markdown_is_exactly_as_published() -> None:
    source = (REPO / "docs" / ARTICLE).read_text(encoding="utf-8").split("---\n", 2)[2]
    body = [re.sub(r"^#+ ", "", line) for line in source.strip().splitlines()]
    if SEED.exists():
        published = SEED.read_text(encoding="utf-8").strip().splitlines()
        assert published[0] == published[2]  # the seed repeats its headline once
        assert body == published[2:]
    for correction in CORRECTIONS:
        assert correction.original in source


def test_headline_once_and_subheadings(article) -> None:
    article_body = article.select_one("article")
    assert [heading_text(h) for h in article_body.find_all("h1")] == [
        "Russian Foreign Minister Visits North Korea"]
    assert [heading_text(h) for h in article_body.find_all("h2")][:3] == [
        "Furthering bilateral ties between the Russian Federation and the DPRK",
        "Furthering North Korea – Russia Relations",
        "Russian economic soft-power",
    ]


@pytest.mark.parametrize("correction", CORRECTIONS, ids=lambda c: c.id)
def test_each_correction_is_applied_marked_and_noted(article, correction) -> None:
    spans = article.select(f'span[data-correction="{correction.id}"]')
    assert len(spans) == 1
    span = spans[0]
    assert visible_text(span) == correction.corrected
    assert span.select_one("del.corrigenda-then").get_text() == correction.original
    marker = span.select_one("a.corrigenda-marker")
    assert marker["href"] == f"#correction-{correction.id}"
    assert marker["title"] == f"{correction.kind.label}: {CATALOG.notes[correction.id].text}"
    note = article.select_one(f"li#correction-{correction.id}")
    assert note is not None and note.has_attr("data-search-exclude")
    assert note.select_one(".corrigenda-note__label").get_text() == correction.kind.label
    assert note.select_one("time")["datetime"] == correction.date.isoformat()
    assert note.select_one(".corrigenda-note__text").get_text() == CATALOG.notes[correction.id].text
    assert note.select_one("del.corrigenda-original").get_text() == correction.original
    if correction.kind is Kind.REMOVAL:
        assert note.select_one("ins") is None
    else:
        assert note.select_one("ins").get_text() == correction.corrected
    back = note.select_one(".corrigenda-note__back a")["href"]
    assert back == f"#{span['id']}"
    assert (note.find_parent("details") is not None) == correction.kind.is_minor


def test_corrected_paragraph_reads_right(article) -> None:
    lede = visible_text(article.select("article p:not(.corrigenda-banner)")[0])
    assert lede == (
        "Russian Foreign Minister Sergey Lavrov arrived in North Korea’s capital, Pyongyang on "
        "Wednesday to meet the leader of the Democratic People's Republic of Korea Kim Jong-Un, "
        "as well as North Korea's foreign minister, Choe Son Hui.")


def test_banner_under_the_headline(article) -> None:
    banner = article.select_one("article h1").find_next_sibling("p")
    assert "corrigenda-banner" in banner["class"]
    assert banner.a.get_text(" ", strip=True) == (
        "Corrected 23 Oct 2023 · 13 corrections, 4 clarifications and 14 minor fixes")
    assert banner.a["href"] == "#corrections"


def test_notes_newest_first_and_minor_fixes_collapsed(article) -> None:
    section = article.select_one("section#corrections")
    prominent = section.select("ol.corrigenda-list:not(.corrigenda-list--minor) > li")
    dates = [li.time["datetime"] for li in prominent]
    assert dates == sorted(dates, reverse=True) and len(prominent) == 17
    details = section.select_one("details.corrigenda-minor")
    assert not details.has_attr("open")
    assert details.summary.get_text(strip=True).startswith("14 minor fixes")
    assert len(details.select("li.corrigenda-note")) == 14
    assert article.select_one('.md-sidebar--secondary a[href="#corrections-heading"]')
    # The section follows the content (placed by the template) and its heading has the permalink
    # every other heading has.
    heading = section.select_one("h2#corrections-heading")
    assert heading.select_one("a.headerlink")["href"] == "#corrections-heading"
    assert heading.select_one("a.headerlink")["title"] == article.select_one("h2 a.headerlink")["title"]


def test_removals_leave_a_marker(article) -> None:
    for cid in ("stray-video-line", "local-press-removed"):
        span = article.select_one(f'span[data-correction="{cid}"]')
        assert visible_text(span) == ""
        assert span.select_one("a.corrigenda-marker")["aria-label"] == "Correction note"


def test_title_and_description_are_corrected(article) -> None:
    assert article.title.get_text().startswith("Russian Foreign Minister Visits North Korea")
    description = article.select_one('meta[name="description"]')["content"]
    assert description.startswith("Russian Foreign Minister Sergey Lavrov arrived in North Korea’s "
                                  "capital, Pyongyang on Wednesday to meet")
    assert "Democratic People's Republic of Korea" in description


def test_no_script_or_raw_html_from_editors(article) -> None:
    notes = article.select("li.corrigenda-note")
    assert notes and not any(n.find("script") for n in notes)


def test_sitemap_and_nav_use_corrected_titles(site) -> None:
    nav_titles = [a.get_text(strip=True) for a in site.page("").select(".md-nav__link")]
    assert "Russian Foreign Minister Visits North Korea" in nav_titles
    assert "Corrections" in nav_titles


def test_front_page_lists_articles_newest_first_with_counts(site) -> None:
    home = site.page("")
    items = home.select("ol.corrigenda-articles > li")
    assert len(items) == 1
    link = items[0].select_one("h2 a")
    assert link.get_text() == "Russian Foreign Minister Visits North Korea"
    assert link["href"] == ARTICLE_URL
    meta = items[0].select_one(".corrigenda-article__meta").get_text(" ", strip=True)
    assert meta == "19 Oct 2023 · 31 corrections , latest 23 Oct 2023"
    assert "Sergey Lavrov" in items[0].select_one(".corrigenda-article__summary").get_text()
    assert (site.site / ARTICLE_URL / "index.html").is_file()
    assert Path(site.site / "corrections" / "index.html").is_file()


def test_corrections_heading_permalink_as_the_site_writes_it(project) -> None:
    # Python-Markdown keeps an entity in the permalink text: the Corrections heading must too.
    config = project.root / "mkdocs.yml"
    written = config.read_text(encoding="utf-8")
    assert "permalink: true" in written
    config.write_text(written.replace("permalink: true", 'permalink: "&sect;"'), encoding="utf-8")
    result = project.build("--strict")
    assert result.returncode == 0, result.stderr
    page = project.page(ARTICLE_URL)
    links = page.select("article h2 a.headerlink")
    assert len(links) > 1 and page.select_one("h2#corrections-heading a.headerlink") in links
    assert {a.get_text() for a in links} == {"§"}
