"""The parts a corrected article gains: a banner under the headline and a Corrections section."""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Callable

from ..apply import NOTE_ID
from ..model import Correction, PageResult, RenderedNote
from .html import plural, render

SECTION_ID = "corrections"


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


def stashed_ids(result: PageResult) -> set[str]:
    """Anchors inside the stashed notes HTML, which tree-walking link checkers cannot see."""
    return {NOTE_ID.format(id=c.id) for c in result.applied()}


def add_to_tree(root: etree.Element, result: PageResult, notes: dict[str, RenderedNote],
                stash: Callable[[str], str]) -> None:
    """Insert the banner after the first H1 and append the Corrections section to the page."""
    applied = result.applied()
    if not applied:
        return
    banner = etree.Element("p")
    banner.text = stash(render("banner.html", section_id=SECTION_ID, latest=max(c.date for c in applied),
                               breakdown=breakdown(applied)))
    children = list(root)
    h1 = next((i for i, el in enumerate(children) if el.tag == "h1"), None)
    root.insert(0 if h1 is None else h1 + 1, banner)

    ordered = result.newest_first()
    section = etree.SubElement(root, "section", {"class": "corrigenda-notes", "id": SECTION_ID,
                                                 "aria-labelledby": f"{SECTION_ID}-heading"})
    heading = etree.SubElement(section, "h2", {"id": f"{SECTION_ID}-heading"})
    heading.text = "Corrections"
    heading.tail = stash(render(
        "article_notes.html", summary=summary(result), notes=notes,
        anchors={c.id: result.first_anchor(c.id) for c in applied},
        prominent=[c for c in ordered if not c.kind.is_minor],
        minor=[c for c in ordered if c.kind.is_minor],
    ))
