"""The parts a corrected article gains: a banner under the headline and a Corrections section."""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup

from ..apply import NOTE_ID
from ..model import Correction, PageResult, RenderedNote
from .html import plural, render
from .items import NoteBodies, NoteItem, note_items

SECTION_ID = "corrections"
HEADING_ID = f"{SECTION_ID}-heading"
HEADING = "Corrections"


def breakdown(applied: list[Correction]) -> str:
    """'13 corrections, 4 clarifications and 14 minor fixes'."""
    minor = sum(c.kind.is_minor for c in applied)
    clarifications = sum(c.kind.label == "Clarification" for c in applied)
    corrections = len(applied) - minor - clarifications
    parts = [plural(n, word, many) for n, word, many in (
        (corrections, "correction", None), (clarifications, "clarification", None),
        (minor, "minor fix", "minor fixes")) if n]
    return ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]


def summary(result: PageResult) -> str:
    """The sentence that opens an article's Corrections section."""
    return (f"This article has been updated since it was first published: "
            f"{breakdown(result.applied())}, newest first.")


def stashed_ids(result: PageResult, notes_in_content: bool = True) -> set[str]:
    """Anchors inside HTML that tree-walking link checkers cannot see: the notes (and their section)."""
    ids = {NOTE_ID.format(id=c.id) for c in result.applied()}
    return ids if notes_in_content or not ids else ids | {SECTION_ID, HEADING_ID}


@dataclass(frozen=True)
class HeadingLink:
    """The permalink a site gives its headings (Python-Markdown's toc `permalink` options)."""

    text: str = "¶"
    title: str = "Permanent link"
    css_class: str = "headerlink"


def notes_html(result: PageResult, notes: dict[str, RenderedNote], section: bool = False,
               link: HeadingLink | None = None, bodies: NoteBodies | None = None) -> Markup:
    """The Corrections section's notes, newest first (with the section and its heading if asked,
    the heading with the site's permalink, as the page's other headings have one)."""
    ordered = result.newest_first()
    if not ordered:
        return Markup("")
    bodies = NoteBodies() if bodies is None else bodies
    anchors = result.first_anchors()
    items = [NoteItem(c, bodies.of(c, notes[c.id]), NOTE_ID.format(id=c.id), f"#{anchors[c.id]}",
                      "Back to the text") for c in ordered]
    minor = [i for i in items if i.correction.kind.is_minor]
    return render(
        "article_notes.html", section=section, section_id=SECTION_ID, heading_id=HEADING_ID,
        heading=HEADING, link=link, summary=summary(result),
        prominent=note_items([i for i in items if not i.correction.kind.is_minor]),
        minor=note_items(minor), minor_count=len(minor),
    )


def add_to_tree(root: etree.Element, result: PageResult, notes: dict[str, RenderedNote],
                stash: Callable[[str], str], notes_in_content: bool = True) -> None:
    """Insert the banner after the first H1 and, unless the adapter places it, the Corrections section."""
    applied = result.applied()
    if not applied:
        return
    banner = etree.Element("p")
    banner.text = stash(render("banner.html", section_id=SECTION_ID, latest=max(c.date for c in applied),
                               breakdown=breakdown(applied)))
    children = list(root)
    h1 = next((i for i, el in enumerate(children) if el.tag == "h1"), None)
    root.insert(0 if h1 is None else h1 + 1, banner)
    if not notes_in_content:
        return
    # The heading is a tree element so that the TOC lists the section.
    section = etree.SubElement(root, "section", {"class": "corrigenda-notes", "id": SECTION_ID,
                                                 "aria-labelledby": HEADING_ID})
    heading = etree.SubElement(section, "h2", {"id": HEADING_ID})
    heading.text = HEADING
    heading.tail = stash(notes_html(result, notes))
