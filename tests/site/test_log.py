"""The site-wide corrections log at /corrections/, generated from the YAML."""

from __future__ import annotations

import json
from collections import Counter
from urllib.parse import urljoin

import pytest

from corrigenda import load_catalog
from tests.conftest import ARTICLE_URL, REPO

CORRECTIONS = load_catalog(REPO / "corrections", REPO / "docs").all()


@pytest.fixture(scope="module")
def log(site):
    return site.page("corrections/")


def test_log_lists_every_correction(log) -> None:
    entries = log.select("li.corrigenda-note")
    assert sorted(e["id"] for e in entries) == sorted(f"log-{c.id}" for c in CORRECTIONS)
    assert len(entries) == 31


def test_log_is_grouped_by_day_newest_first(log) -> None:
    days = [h.time["datetime"] for h in log.select("section.corrigenda-day > h2")]
    assert days == ["2023-10-23", "2023-10-21", "2023-10-20", "2023-10-19"]
    for section in log.select("section.corrigenda-day"):
        day = section.h2.time["datetime"]
        assert {li.time["datetime"] for li in section.select("li")} == {day}


def test_counts_per_kind(log) -> None:
    counts = {li.get_text(" ", strip=True).split(" ", 1)[1]: int(li.span.get_text())
              for li in log.select("ul.corrigenda-counts > li")}
    assert counts == dict(Counter(c.kind.value for c in CORRECTIONS))
    assert log.select_one(".corrigenda-log__summary").get_text() == "31 corrections on 1 article, newest first."


@pytest.mark.parametrize("correction", CORRECTIONS, ids=lambda c: c.id)
def test_entry_shows_title_label_note_change_and_links_to_the_note(site, log, correction) -> None:
    entry = log.select_one(f"li#log-{correction.id}")
    assert entry.select_one(".corrigenda-note__label").get_text() == correction.kind.label
    assert entry.select_one(".corrigenda-note__kind").get_text() == correction.kind.value
    assert entry.select_one("del").get_text() == correction.original
    link = entry.select_one(".corrigenda-note__back a")
    assert link.get_text() == "Russian Foreign Minister Visits North Korea"
    assert link["href"] == f"../{ARTICLE_URL}#correction-{correction.id}"
    assert site.page(ARTICLE_URL).select_one(f"#correction-{correction.id}") is not None


def test_log_is_in_navigation_and_has_a_toc(site, log) -> None:
    assert site.page("").select_one('nav a[href="corrections/"]') is not None
    toc = [a.get_text(strip=True) for a in log.select(".md-sidebar--secondary .md-nav__link")]
    assert toc == ["23 Oct 2023", "21 Oct 2023", "20 Oct 2023", "19 Oct 2023"]
    assert [h.get_text(strip=True) for h in log.select("article h1")] == ["Corrections¶"]


def test_log_is_generated_not_hand_written() -> None:
    assert not (REPO / "docs" / "corrections").exists()
    assert not (REPO / "docs" / "corrections.md").exists()


def test_log_links_to_the_corrections_files(log) -> None:
    link = log.select_one("aside.corrigenda-report a")
    assert link["href"] == "https://github.com/example/corrigenda/tree/main/corrections"


def test_an_archive_log_has_a_page_per_older_month(project) -> None:
    from tests.conftest import CORRECTIONS_FILE

    text = CORRECTIONS_FILE.read_text(encoding="utf-8")
    text = text.replace("id: final-full-stop\n    date: 2023-10-19", "id: final-full-stop\n    date: 2023-11-02")
    project.write("corrections/russian-foreign-minister-visits-north-korea.yml", text)
    assert project.build("--strict").returncode == 0
    front = project.page("corrections/")
    assert [li["id"] for li in front.select("li.corrigenda-note")] == ["log-final-full-stop"]
    months = [(li.get_text(" ", strip=True), li.a["href"] if li.a else None)
              for li in front.select("nav.corrigenda-months li")]
    assert months == [("November 2023 (1)", None), ("October 2023 (30)", "2023-10/")]
    assert front.select_one(".corrigenda-log__summary").get_text() == "31 corrections on 1 article, newest first."
    october = project.page("corrections/2023-10/")
    entries = october.select("li.corrigenda-note")
    assert len(entries) == 30
    assert entries[0].select_one(".corrigenda-note__back a")["href"].startswith(f"../../{ARTICLE_URL}#correction-")
    assert october.select_one(".corrigenda-counts") is None
    nav_links = {a["href"] for a in project.page("").select("nav.md-nav a[href]")}
    assert "corrections/2023-10/" not in nav_links
    index = json.loads((project.site / "search" / "search_index.json").read_text("utf-8"))
    indexed = {doc["location"].split("#")[0] for doc in index["docs"]}
    # An archive month repeats notes that search finds in their articles; the newest month stays.
    assert "corrections/" in indexed and ARTICLE_URL in indexed
    assert not any(location.startswith("corrections/2023-10/") for location in indexed)


def _two_archive_months(project) -> None:
    """Move two corrections so that October and November 2023 are older months of the log."""
    from tests.conftest import CORRECTIONS_FILE

    text = CORRECTIONS_FILE.read_text(encoding="utf-8")
    text = text.replace("id: final-full-stop\n    date: 2023-10-19", "id: final-full-stop\n    date: 2023-12-02")
    text = text.replace("id: russian-economy\n    date: 2023-10-23", "id: russian-economy\n    date: 2023-11-05")
    project.write("corrections/russian-foreign-minister-visits-north-korea.yml", text)


def _nav_targets(page_url: str, nav) -> set[str]:
    """Where a page's navigation links lead, as site paths (links within the page left out)."""
    base = "https://site.invalid/"
    return {urljoin(base + page_url, a["href"]).removeprefix(base) for a in nav.select("a[href]")
            if not a["href"].startswith("#")}


def test_archive_months_have_the_sites_navigation(project) -> None:
    _two_archive_months(project)
    assert project.build("--strict").returncode == 0
    months = ["corrections/2023-10/", "corrections/2023-11/"]
    navs = [project.page(month).select_one("nav.md-nav--primary") for month in months]
    # One rendering serves both (tests/site/test_shared_nav.py); it must be right for each.
    assert str(navs[0]) == str(navs[1])
    site_nav = _nav_targets("", project.page("").select_one("nav.md-nav--primary"))
    assert {"", "corrections/", ARTICLE_URL} <= site_nav
    for month, nav in zip(months, navs):
        assert _nav_targets(month, nav) == site_nav
        assert nav.select(".md-nav__link--active, .md-nav__item--active") == []


def test_an_archive_month_listed_in_the_nav_marks_itself_there(project) -> None:
    _two_archive_months(project)
    config = (project.root / "mkdocs.yml").read_text(encoding="utf-8")
    project.write("mkdocs.yml", config + (
        "nav:\n  - index.md\n  - articles/russian-foreign-minister-visits-north-korea.md\n"
        "  - corrections/index.md\n  - corrections/2023-10.md\n"))
    assert project.build("--strict").returncode == 0
    october = project.page("corrections/2023-10/").select_one("nav.md-nav--primary")
    november = project.page("corrections/2023-11/").select_one("nav.md-nav--primary")
    assert [a["href"] for a in october.select("a.md-nav__link--active")] == ["./"]
    assert november.select(".md-nav__link--active") == []
    assert "../2023-10/" in {a["href"] for a in november.select("a[href]")}
