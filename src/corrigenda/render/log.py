"""The site-wide corrections log: every correction, newest first, grouped by day."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from markupsafe import Markup

from ..model import Correction, Kind, RenderedNote
from .html import long_date, render


@dataclass(frozen=True)
class LogEntry:
    """One correction as listed in the log, with the article it belongs to."""

    correction: Correction
    note: RenderedNote
    title: str
    href: str


@dataclass(frozen=True)
class LogDay:
    """The corrections made on one day."""

    date: dt.date
    entries: list[LogEntry]

    @property
    def id(self) -> str:
        """The heading's anchor, stable across builds."""
        return f"on-{self.date.isoformat()}"


def log_days(entries: list[LogEntry]) -> list[LogDay]:
    """Entries grouped by day, newest day first; within a day, in the order given."""
    ordered = sorted(entries, key=lambda e: e.correction.date, reverse=True)
    return [LogDay(day, list(group)) for day, group in groupby(ordered, key=lambda e: e.correction.date)]


def log_html(entries: list[LogEntry]) -> tuple[Markup, list[dict[str, Any]]]:
    """The log's HTML and its table of contents (Python-Markdown `toc_tokens` form)."""
    days = log_days(entries)
    counts = Counter(e.correction.kind for e in entries)
    html = render(
        "log.html", days=days, total=len(entries),
        articles=len({e.href.split("#", 1)[0] for e in entries}),
        counts=[(kind.value, counts[kind]) for kind in Kind if counts[kind]],
    )
    toc = [{"level": 2, "id": day.id, "name": long_date(day.date), "children": []} for day in days]
    return html, toc
