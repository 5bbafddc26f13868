"""Notes as list items, shared by an article's Corrections section and the site-wide log.

This is the one fragment an archive renders tens of thousands of times (every note, once in its
article and once in the log), so it is written with f-strings rather than a Jinja template: a
template's attribute lookups and calls made it two thirds of the hook's time on the log and the
articles' notes. Every value from a corrections file goes through the standard library's `escape`
(MarkupSafe's wraps each result in a Markup object: twice as long, for 300,000 values); the note's
HTML was sanitised when it was rendered.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from markupsafe import Markup

from ..apply import ORIGINAL_CLASS
from ..model import Correction, RenderedNote
from .html import long_date


@dataclass(slots=True)  # not frozen: an archive makes 60,000 of these, and frozen ones are slow to make
class NoteItem:
    """One note as a list item: its correction, its body (NoteBodies), the item's id and its link."""

    correction: Correction
    body: str
    id: str
    back_href: str
    back_text: str = ""
    title: str = ""  # the article's title, in the log: the link then reads "In <title>"


def _change(c: Correction) -> str:
    """What the text was, and what it is now (or that it was removed)."""
    original = f'<del class="{ORIGINAL_CLASS}" data-search-exclude>{escape(c.original)}</del>'
    if not c.corrected:
        return f'    <span class="corrigenda-change__label">Removed:</span> {original}\n'
    return (f'    <span class="corrigenda-change__label">Was:</span> {original}\n'
            f'    <span class="corrigenda-change__label">Now:</span> '
            f'<ins class="corrigenda-corrected">{escape(c.corrected)}</ins>\n')


def note_body(c: Correction, note: RenderedNote) -> str:
    """What a note's item says wherever it is listed: label, kind, date, the note and the change."""
    kind = c.kind
    return (
        f'  <p class="corrigenda-note__head">\n'
        f'    <strong class="corrigenda-note__label">{kind.label}</strong>\n'
        f'    <span class="corrigenda-note__kind">{kind.value}</span>\n'
        f'    <time class="corrigenda-note__date" datetime="{c.date.isoformat()}">{long_date(c.date)}</time>\n'
        f'  </p>\n'
        f'  <p class="corrigenda-note__text">{note.html}</p>\n'
        f'  <p class="corrigenda-change">\n{_change(c)}  </p>\n'
    )


class NoteBodies(dict[str, str]):
    """Each note's body by correction id, made once per build for its article and for the log."""

    def of(self, c: Correction, note: RenderedNote) -> str:
        """The body of `c`'s item, made on first use."""
        body = self.get(c.id)
        if body is None:
            body = self[c.id] = note_body(c, note)
        return body


def note_item(item: NoteItem) -> str:
    """One note as an <li>: its body (label, kind, date, note, change), then a link back."""
    c, kind = item.correction, item.correction.kind
    minor = " corrigenda-note--minor" if kind.is_minor else ""
    if item.title:
        back = f'In <a href="{escape(item.back_href)}"><cite>{escape(item.title)}</cite></a>'
    else:
        back = f'<a href="{escape(item.back_href)}">{escape(item.back_text)}</a>'
    return (
        f'<li class="corrigenda-note corrigenda-note--{kind.value}{minor}" id="{escape(item.id)}" '
        f'data-correction-note="{escape(c.id)}" data-search-exclude>\n'
        f'{item.body}'
        f'  <p class="corrigenda-note__back">{back}</p>\n'
        f'</li>\n'
    )


def note_items(items: list[NoteItem]) -> Markup:
    """A list's items (the template writes the <ol> around them, and the line break after them)."""
    return Markup("".join(map(note_item, items)).removesuffix("\n"))
