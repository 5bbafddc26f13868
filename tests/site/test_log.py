"""The site-wide corrections log at /corrections/, generated from the YAML."""

from __future__ import annotations

from collections import Counter

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
