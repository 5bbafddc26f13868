"""The corrections data model: what an editor files, independent of any site generator."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path


class Kind(str, Enum):
    """What sort of error a correction fixes."""

    NAME = "name"
    DATE = "date"
    TERMINOLOGY = "terminology"
    FACT = "fact"
    TYPO = "typo"
    CLARIFICATION = "clarification"
    REMOVAL = "removal"

    @property
    def label(self) -> str:
        """The reader-facing label newsrooms print above the note."""
        return "Clarification" if self is Kind.CLARIFICATION else "Correction"

    @property
    def is_minor(self) -> bool:
        """Typos are shown quietly (grouped and collapsed) but never hidden."""
        return self is Kind.TYPO


@dataclass(frozen=True)
class SourceRef:
    """Where a correction (or one of its fields) was written: file and 1-based line."""

    path: Path
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class Selector:
    """Which occurrence(s) of `original` a correction targets (W3C TextQuoteSelector plus position)."""

    prefix: str = ""
    suffix: str = ""
    occurrence: int | None = None
    every: bool = False


@dataclass(frozen=True)
class Correction:
    """One filed correction of one page."""

    id: str
    date: dt.date
    kind: Kind
    original: str
    corrected: str
    note: str
    page: str
    selector: Selector = Selector()
    source: SourceRef = SourceRef(Path("?"), 0)
    field_lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False)

    def where(self, field_name: str | None = None) -> SourceRef:
        """The file and line of the correction, or of one of its fields when known."""
        line = self.field_lines.get(field_name or "", self.source.line)
        return SourceRef(self.source.path, line)


@dataclass(frozen=True)
class PageCorrections:
    """All corrections filed for one page, in file order."""

    page: str
    path: Path
    corrections: tuple[Correction, ...]
    page_line: int = 1


@dataclass(frozen=True)
class RenderedNote:
    """A note ready for the page: sanitised inline HTML and its plain text (for tooltips, feeds)."""

    html: str
    text: str


@dataclass
class Catalog:
    """Every corrections file of a site, keyed by page path relative to the docs folder."""

    pages: dict[str, PageCorrections] = field(default_factory=dict)
    notes: dict[str, RenderedNote] = field(default_factory=dict)

    def for_page(self, page: str) -> PageCorrections | None:
        """The corrections of one page, if any file names it."""
        return self.pages.get(page)

    def all(self) -> list[Correction]:
        """Every correction of the site, in file order."""
        return [c for pc in self.pages.values() for c in pc.corrections]


@dataclass(frozen=True)
class Placement:
    """One applied occurrence of a correction: its in-text anchor and the text around the original."""

    correction: Correction
    anchor: str
    prefix: str = ""
    suffix: str = ""


@dataclass
class PageResult:
    """What applying a page's corrections did: placements in document order."""

    page: str
    placements: list[Placement] = field(default_factory=list)
    # The page as search indexers should parse it (render.search_copy), when the adapter asks.
    search_html: str | None = None

    def applied(self) -> list[Correction]:
        """Each applied correction once, in document order of first placement."""
        seen: dict[str, Correction] = {}
        for placement in self.placements:
            seen.setdefault(placement.correction.id, placement.correction)
        return list(seen.values())

    def newest_first(self) -> list[Correction]:
        """Applied corrections, newest first; those of the same day in reading order."""
        in_order = list(enumerate(self.applied()))
        return [c for _, c in sorted(in_order, key=lambda pair: (-pair[1].date.toordinal(), pair[0]))]

    def first_anchors(self) -> dict[str, str]:
        """The in-text anchor each note links back to (its correction's first placement), by id."""
        anchors: dict[str, str] = {}
        for placement in self.placements:
            anchors.setdefault(placement.correction.id, placement.anchor)
        return anchors
