"""Atom feeds (RFC 4287) of corrections, for the whole site and for each article.

Built with lxml, which escapes every text and attribute and writes well-formed XML. feedgen (a
wrapper around lxml) was used first; at some 30,000 entries a build it took seconds on its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from lxml import etree
from lxml.builder import ElementMaker
from markupsafe import escape

from ..model import Correction
from .article import CorrectedArticle

ATOM = "http://www.w3.org/2005/Atom"
_E = ElementMaker(namespace=ATOM, nsmap={None: ATOM})


@dataclass(frozen=True)
class FeedInfo:
    """What identifies a feed: its own URL, the page it describes, its title and author."""

    url: str
    page_url: str
    title: str
    subtitle: str
    author: str
    limit: int | None = None  # the newest entries only (a site's feed), or all of them


def _moment(day: dt.date) -> str:
    """Corrections are dated by day; feeds want instants: noon UTC keeps the day in every zone."""
    return dt.datetime.combine(day, dt.time(12), tzinfo=dt.timezone.utc).isoformat()


def _content(article: CorrectedArticle, correction: Correction) -> str:
    """The entry's HTML: the note, then what the text was and what it is now."""
    # escape() on each value, not Markup.format: the same escaping, several times faster.
    note = article.notes[correction.id].html  # already sanitised
    original = escape(correction.original)
    if correction.corrected:
        change = f"<p>Was: <del>{original}</del><br>Now: <ins>{escape(correction.corrected)}</ins></p>"
    else:
        change = f"<p>Removed: <del>{original}</del></p>"
    link = f'<p><a href="{escape(article.note_url(correction))}">Read the note in {escape(article.title)}</a></p>'
    return f"<p>{note}</p>{change}{link}"


def _child(parent: etree._Element, tag: str, text: str | None = None, **attributes: str) -> None:
    """Append an Atom element; lxml escapes the text and attributes."""
    element = etree.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
    element.text = text


def _add_entry(feed: etree._Element, article: CorrectedArticle, correction: Correction) -> None:
    """One correction as an Atom entry; its id is the note's URL, which never changes."""
    entry = etree.SubElement(feed, f"{{{ATOM}}}entry")
    url, day = article.note_url(correction), _moment(correction.date)
    _child(entry, "id", url)
    _child(entry, "title", f"{correction.kind.label}: {article.title}")
    _child(entry, "link", href=url, rel="alternate", type="text/html")
    _child(entry, "published", day)
    _child(entry, "updated", day)
    _child(entry, "summary", article.notes[correction.id].text)
    _child(entry, "content", _content(article, correction), type="html")
    _child(entry, "category", term=correction.kind.value, label=correction.kind.label)


def atom_feed(info: FeedInfo, articles: list[CorrectedArticle]) -> bytes:
    """An Atom document with one entry per correction, newest first, stable ids, no build time."""
    entries = sorted(((a, c) for a in articles for c in a.corrections),
                     key=lambda pair: (pair[1].date, pair[1].id), reverse=True)[:info.limit]
    # Never the build time: two builds of one commit must be byte-identical.
    latest = max([a.modified for a in articles if a.modified], default=dt.date(1970, 1, 1))
    feed = _E.feed(
        _E.id(info.url),
        _E.title(info.title),
        _E.subtitle(info.subtitle),
        _E.updated(_moment(latest)),
        _E.author(_E.name(info.author)),
        _E.link(href=info.url, rel="self", type="application/atom+xml"),
        _E.link(href=info.page_url, rel="alternate", type="text/html"),
        _E.generator("corrigenda"),
    )
    for article, correction in entries:  # SubElement: many times faster than the builder
        _add_entry(feed, article, correction)
    return etree.tostring(feed, xml_declaration=True, encoding="UTF-8", pretty_print=True)
