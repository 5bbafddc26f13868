"""Replace each located original with its corrected text, wrapped and marked, in the page tree."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections import Counter
from collections.abc import Mapping
from typing import Any

from .locate import (
    INLINE_TAGS,
    Match,
    PageText,
    Segment,
    in_context,
    occurrences,
)
from .model import Correction, Placement, RenderedNote
from .problems import Problem

NOTE_ID = "correction-{id}"
# The classes of what a correction adds to the page (the stylesheet, the script and the search copy
# find them by these).
WRAPPER_CLASS = "corrigenda"
ORIGINAL_CLASS = "corrigenda-original"
CORRECTED_CLASS = "corrigenda-now"
MARKER_CLASS = "corrigenda-marker"
# Python-Markdown's serializer writes '&name;' and '&#N;' in tree text through unescaped (it takes
# them for entities an author wrote); editors' text is plain text, so such ampersands are escaped.
_ENTITY_LIKE = re.compile(r"&(?=(?:#[0-9]+|#x[0-9a-f]+|[0-9a-z]+);)", re.I)
QUOTE_CONTEXT = 32  # characters of prefix/suffix kept for W3C TextQuoteSelectors


def as_tree_text(text: str) -> str:
    """Plain text that the Markdown serializer will write out exactly as given."""
    return _ENTITY_LIKE.sub("&amp;", text) if "&" in text else text


def anchor_ids(matches: list[Match]) -> list[str]:
    """In-text anchors in document order: corrected-<id>, then corrected-<id>-2, -3..."""
    seen: Counter[str] = Counter()
    anchors = []
    for match in matches:
        seen[match.correction.id] += 1
        n = seen[match.correction.id]
        anchors.append(f"corrected-{match.correction.id}" + (f"-{n}" if n > 1 else ""))
    return anchors


def apply_matches(page: PageText, matches: list[Match], notes: dict[str, RenderedNote]) -> list[Placement]:
    """Apply non-overlapping matches (in document order) to the tree; return their placements."""
    ordered = sorted(matches, key=lambda m: m.start)
    anchors = anchor_ids(ordered)
    placements = [Placement(m.correction, a, *page.around(m.start, m.end, QUOTE_CONTEXT))
                  for m, a in zip(ordered, anchors)]
    # Last match first: text before a match keeps its offsets while later text changes.
    for match, anchor in zip(reversed(ordered), reversed(anchors)):
        _replace(page, match, anchor, notes[match.correction.id])
    return placements


def marker(correction: Correction, note: RenderedNote) -> etree.Element:
    """The small link from corrected text to its note; its note is the tooltip."""
    quiet = f" {MARKER_CLASS}--minor" if correction.kind.is_minor else ""
    return etree.Element("a", {
        "class": f"{MARKER_CLASS}{quiet}",
        "href": "#" + NOTE_ID.format(id=correction.id),
        "title": as_tree_text(f"{correction.kind.label}: {note.text}"),
        "aria-label": f"{correction.kind.label} note",
    })


def add_originals(root: etree.Element, corrections: dict[str, Correction]) -> None:
    """Put each original, hidden until a reader asks for it, before its corrected text.

    Runs after the TOC and the title are taken from the tree, so neither ever shows an original.
    """
    for span in root.iter("span"):
        correction = corrections.get(span.get("data-correction", ""))
        if correction is not None and WRAPPER_CLASS in span.get("class", "").split():
            original = etree.Element("del", {"class": f"{ORIGINAL_CLASS} corrigenda-then",
                                             "data-search-exclude": ""})
            original.text = as_tree_text(correction.original)
            original.tail = span.text
            span.text = None
            span.insert(0, original)


def _get(segment: Segment) -> str:
    return getattr(segment.owner, segment.attr) or ""


def _set(segment: Segment, value: str) -> None:
    setattr(segment.owner, segment.attr, value or None)


def _replace(page: PageText, match: Match, anchor: str, note: RenderedNote) -> None:
    """Cut the original out of the segments it spans and put the marked correction in its place."""
    correction = match.correction
    first, last = page.segment_at(match.start), page.segment_at(match.end - 1)
    touched = page.segments[first:last + 1]
    span = etree.Element("span", {
        "class": f"{WRAPPER_CLASS} {WRAPPER_CLASS}--{correction.kind.value}",
        "data-correction": correction.id,
        "id": anchor,
    })
    if correction.corrected:
        etree.SubElement(span, "ins", {"class": CORRECTED_CLASS}).text = as_tree_text(correction.corrected)
    for segment in touched:
        value = _get(segment)
        lo = max(match.start, segment.start) - segment.start
        hi = min(match.end, segment.end) - segment.start
        if segment is touched[0]:
            _set(segment, value[:lo])
            span.tail = value[hi:] or None
        else:
            _set(segment, value[hi:])
    container, position = _insertion_point(page, touched[0])
    container.insert(position, span)
    _place_marker(page, span, container, marker(correction, note))
    for segment in touched[1:]:
        _drop_if_emptied(page, segment)


def _insertion_point(page: PageText, segment: Segment) -> tuple[etree.Element, int]:
    """Where new content goes right after the text left in `segment`."""
    if segment.attr == "text":
        return segment.owner, 0
    parent = page.parents[segment.owner]
    return parent, list(parent).index(segment.owner) + 1


def _place_marker(page: PageText, span: etree.Element, container: etree.Element,
                  mark: etree.Element) -> None:
    """Put the marker inside the span, or right after the enclosing link (links cannot nest)."""
    link, node = None, container
    while node is not None:
        if node.tag == "a":
            link = node
        node = page.parents.get(node)
    if link is None:
        span.append(mark)
        return
    parent = page.parents[link]
    parent.insert(list(parent).index(link) + 1, mark)
    mark.tail, link.tail = link.tail, None


def _drop_if_emptied(page: PageText, segment: Segment) -> None:
    """Remove inline elements whose whole text was the original, keeping what followed them."""
    element = segment.owner
    while (segment.attr == "text" and element.tag in INLINE_TAGS and not element.text
           and len(element) == 0 and element in page.parents):
        parent = page.parents[element]
        siblings = list(parent)
        position = siblings.index(element)
        if position > 0:
            previous = siblings[position - 1]
            previous.tail = (previous.tail or "") + (element.tail or "") or None
        else:
            parent.text = (parent.text or "") + (element.tail or "") or None
        parent.remove(element)
        element = parent


def _as_page(text: str) -> PageText:
    """A copy of page text, indexed as the page's text is."""
    holder = etree.Element("p")
    holder.text = text
    return PageText.of(holder)


def correct_plain_text(text: str, corrections: list[Correction]) -> str:
    """Correct a copy of page text kept elsewhere (meta description, front-matter title).

    Matching is the page's (whole words, any white space); a correction with prefix/suffix applies
    where they match; one chosen by `occurrence` is left out, since a copy's positions say nothing
    about the page's (`copies_left_out` reports those the copy holds); the others apply at every
    occurrence.
    """
    page = _as_page(text)
    spans = sorted((*span, c.corrected) for c in corrections if not c.selector.occurrence
                   for span in occurrences(page, c.original)
                   if not (c.selector.prefix or c.selector.suffix) or in_context(page, span, c.selector))
    out, cursor = [], 0
    for start, end, replacement in spans:
        if start >= cursor:  # corrections that overlap on the page stop the build; in a copy, the first wins
            out += [text[cursor:start], replacement]
            cursor = end
    return "".join(out) + text[cursor:]


def text_copies(meta: Mapping[str, Any]) -> dict[str, str]:
    """The copies of page text in a page's front matter that corrections apply to as well."""
    return {key: meta[key] for key in ("title", "description") if isinstance(meta.get(key), str)}


def copies_left_out(copies: dict[str, str], corrections: list[Correction]) -> list[Problem]:
    """Corrections chosen by `occurrence` whose original a copy (front-matter title, description)
    also holds: the copy would keep the error while the page is corrected."""
    chosen = [c for c in corrections if c.selector.occurrence]
    if not chosen:  # nearly every page: no copy is indexed
        return []
    return [Problem(c.where("occurrence"), f"'{c.original}' also appears in the page's {name} (its "
                    "front matter), where 'occurrence' cannot say whether it is meant",
                    f"choose the text with 'prefix'/'suffix' instead: they also correct the {name} "
                    "where they match there; or use 'all: true'", c.id)
            for name, text in copies.items() for page in [_as_page(text)]
            for c in chosen if occurrences(page, c.original)]
