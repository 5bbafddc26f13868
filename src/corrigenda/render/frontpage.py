"""The front page's list of articles, newest first, with how many corrections each carries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from markupsafe import Markup

from .html import render


@dataclass(frozen=True)
class ArticleSummary:
    """What the front page shows of one article."""

    title: str
    href: str
    date: dt.date
    summary: str
    corrections: int
    latest: dt.date | None


def article_list_html(articles: list[ArticleSummary]) -> Markup:
    """The article list, newest first (ties by title, so builds are reproducible)."""
    ordered = sorted(articles, key=lambda a: (-a.date.toordinal(), a.title))
    return render("frontpage.html", articles=ordered)
