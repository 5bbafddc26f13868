"""What a list of notes shows for each note, in an article's Corrections section and in the log."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Correction, RenderedNote


@dataclass(frozen=True)
class NoteItem:
    """One note as a list item: its correction, the rendered note, the item's id and its link."""

    correction: Correction
    note: RenderedNote
    id: str
    back_href: str
    back_text: str = ""
    title: str = ""  # the article's title, in the log: the link then reads "In <title>"
