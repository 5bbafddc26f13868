"""Atom feeds of corrections, for the whole site and for each article (made with feedgen)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from typing import NamedTuple

from feedgen.feed import FeedGenerator

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
    # and half of the feeds' time in a large archive (the standard library's: no Markup objects).
    note = article.notes[correction.id].html  # already sanitised
    original = escape(correction.original)
    if correction.corrected:
        change = f"<p>Was: <del>{original}</del><br>Now: <ins>{escape(correction.corrected)}</ins></p>"
    else:
        change = f"<p>Removed: <del>{original}</del></p>"
    link = f'<p><a href="{escape(note_url)}">Read the note in {escape(article.title)}</a></p>'
    return f"<p>{note}</p>{change}{link}"


class AtomEntry(NamedTuple):
    """One entry, ready for feedgen: its strings and its instant."""

    url: str
    title: str
    moment: dt.datetime
    summary: str
    content: str
    kind: str
    label: str


def atom_feed(info: FeedInfo, articles: list[CorrectedArticle]) -> bytes:
    """An Atom document with one entry per correction, newest first, stable ids, no build time."""
    pairs = sorted(((a, c) for a in articles for c in a.corrections),
                   key=lambda pair: (pair[1].date, pair[1].id), reverse=True)[:info.limit]
    # Never the build time: two builds of one commit must be byte-identical.
    latest = max([a.modified for a in articles if a.modified], default=dt.date(1970, 1, 1))
    entries = []
    for article, correction in pairs:
        url = article.note_url(correction)
        entries.append(AtomEntry(url, f"{correction.kind.label}: {article.title}", _moment(correction.date),
                                 article.notes[correction.id].text, _content(article, correction, url),
                                 correction.kind.value, correction.kind.label))
    return write_atom(info, _moment(latest), entries)


def write_atom(info: FeedInfo, updated: dt.datetime, entries: list[AtomEntry]) -> bytes:
    """The feed's document, made by feedgen, with the entries in the order given."""
    feed = FeedGenerator()
    feed.id(info.url)
    feed.title(info.title)
    feed.subtitle(info.subtitle)
    feed.author(name=info.author)
    feed.link(href=info.url, rel="self", type="application/atom+xml")
    feed.link(href=info.page_url, rel="alternate", type="text/html")
    feed.generator("corrigenda")
    feed.updated(updated)
    for e in entries:  # feedgen's default prepend is quadratic
        entry = feed.add_entry(order="append")
        entry.id(e.url)
        entry.title(e.title)
        entry.link(href=e.url, rel="alternate", type="text/html")
        entry.published(e.moment)
        entry.updated(e.moment)
        entry.summary(e.summary)
        entry.content(e.content, type="html")
        entry.category(term=e.kind, label=e.label)
    return feed.atom_str(pretty=True)
