"""Atom feeds of corrections, for the whole site and for each article (made with feedgen)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from feedgen.feed import FeedGenerator
from markupsafe import escape

from ..model import Correction
from .article import CorrectedArticle


@dataclass(frozen=True)
class FeedInfo:
    """What identifies a feed: its own URL, the page it describes, its title and author."""

    url: str
    page_url: str
    title: str
    subtitle: str
    author: str
    limit: int | None = None  # the newest entries only (a site's feed), or all of them


@lru_cache(maxsize=4096)
def _moment(day: dt.date) -> dt.datetime:
    """Corrections are dated by day; feeds want instants: noon UTC keeps the day in every zone."""
    return dt.datetime.combine(day, dt.time(12), tzinfo=dt.timezone.utc)


def _content(article: CorrectedArticle, correction: Correction, note_url: str) -> str:
    """The entry's HTML: the note, then what the text was and what it is now."""
    # escape() on each value rather than Markup.format: the same escaping, several times faster,
    # and half of the feeds' time in a large archive.
    note = article.notes[correction.id].html  # already sanitised
    original = escape(correction.original)
    if correction.corrected:
        change = f"<p>Was: <del>{original}</del><br>Now: <ins>{escape(correction.corrected)}</ins></p>"
    else:
        change = f"<p>Removed: <del>{original}</del></p>"
    link = f'<p><a href="{escape(note_url)}">Read the note in {escape(article.title)}</a></p>'
    return f"<p>{note}</p>{change}{link}"


def atom_feed(info: FeedInfo, articles: list[CorrectedArticle]) -> bytes:
    """An Atom document with one entry per correction, newest first, stable ids, no build time."""
    feed = FeedGenerator()
    feed.id(info.url)
    feed.title(info.title)
    feed.subtitle(info.subtitle)
    feed.author(name=info.author)
    feed.link(href=info.url, rel="self", type="application/atom+xml")
    feed.link(href=info.page_url, rel="alternate", type="text/html")
    feed.generator("corrigenda")
    entries = sorted(((a, c) for a in articles for c in a.corrections),
                     key=lambda pair: (pair[1].date, pair[1].id), reverse=True)[:info.limit]
    # Never the build time: two builds of one commit must be byte-identical.
    latest = max([a.modified for a in articles if a.modified], default=dt.date(1970, 1, 1))
    feed.updated(_moment(latest))
    for article, correction in entries:  # newest first; feedgen's default prepend is quadratic
        url, moment = article.note_url(correction), _moment(correction.date)
        entry = feed.add_entry(order="append")
        entry.id(url)
        entry.title(f"{correction.kind.label}: {article.title}")
        entry.link(href=url, rel="alternate", type="text/html")
        entry.published(moment)
        entry.updated(moment)
        entry.summary(article.notes[correction.id].text)
        entry.content(_content(article, correction, url), type="html")
        entry.category(term=correction.kind.value, label=correction.kind.label)
    return feed.atom_str(pretty=True)
