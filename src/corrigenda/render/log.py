"""The site-wide corrections log: every correction, newest first, grouped by day, a page per month.

The newest month is the log's front page, with counts for the whole site; older months get a
page each, so a large archive's log stays proportional to what one month adds.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from markupsafe import Markup

from ..model import Correction, Kind
from .html import long_date, render
from .items import NoteItem, note_items


@dataclass(frozen=True)
class LogDay:
    """The corrections made on one day."""

    date: dt.date
    entries: list[NoteItem]

    @property
    def items_html(self) -> Markup:
        """The day's entries as list items."""
        return note_items(self.entries)

    @property
    def id(self) -> str:
        """The heading's anchor, stable across builds."""
        return f"on-{self.date.isoformat()}"


@dataclass(frozen=True, order=True)
class LogMonth:
    """One calendar month of the log."""

    year: int
    month: int

    @classmethod
    def of(cls, day: dt.date) -> LogMonth:
        """The month a day falls in."""
        return cls(day.year, day.month)

    @property
    def key(self) -> str:
        """'2023-10': the month page's file name."""
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def label(self) -> str:
        """'October 2023'."""
        return f"{dt.date(self.year, self.month, 1):%B %Y}"


@dataclass(frozen=True)
class MonthLink:
    """A month in the log's month navigation."""

    month: LogMonth
    href: str
    count: int
    current: bool


def log_months(days: list[dt.date]) -> list[LogMonth]:
    """The months that have corrections, newest first."""
    return sorted({LogMonth.of(day) for day in days}, reverse=True)


def log_days(entries: list[NoteItem]) -> list[LogDay]:
    """Entries grouped by day, newest day first; within a day, in the order given."""
    ordered = sorted(entries, key=lambda e: e.correction.date, reverse=True)
    return [LogDay(day, list(group)) for day, group in groupby(ordered, key=lambda e: e.correction.date)]


@dataclass(frozen=True)
class LogSummary:
    """The whole site's corrections in numbers, shown on the log's front page."""

    total: int
    articles: int
    counts: list[tuple[str, int]]

    @classmethod
    def of(cls, corrections: list[Correction]) -> LogSummary:
        """Totals and counts per kind, in the order kinds are declared."""
        counts = Counter(c.kind for c in corrections)
        return cls(len(corrections), len({c.page for c in corrections}),
                   [(kind.value, counts[kind]) for kind in Kind if counts[kind]])


def log_html(entries: list[NoteItem], months: list[MonthLink],
             summary: LogSummary | None = None) -> tuple[Markup, list[dict[str, Any]]]:
    """One page of the log (site-wide numbers first when `summary` is given) and its TOC.

    The TOC is in Python-Markdown's `toc_tokens` form.
    """
    days = log_days(entries)
    html = render("log.html", days=days, months=months, summary=summary)
    toc = [{"level": 2, "id": day.id, "name": long_date(day.date), "children": []} for day in days]
    return html, toc
