"""An article as machine-readable outputs describe it: absolute URLs, dates and its corrections."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from ..apply import NOTE_ID
from ..model import Correction, PageResult, Placement, RenderedNote


@dataclass(frozen=True)
class CorrectedArticle:
    """A published article with the corrections applied to it."""

    title: str
    url: str
    published: dt.date | None
    description: str
    result: PageResult
    notes: dict[str, RenderedNote]

    @cached_property
    def corrections(self) -> list[Correction]:
        """Newest first; corrections of the same day in reading order."""
        return self.result.newest_first()

    @property
    def modified(self) -> dt.date | None:
        """The day of the latest correction, or of publication when there is none."""
        days = [day for day in (self.published, *(c.date for c in self.corrections)) if day]
        return max(days, default=None)

    def note_url(self, correction: Correction) -> str:
        """The absolute URL of a correction's note in the article."""
        return f"{self.url}#{NOTE_ID.format(id=correction.id)}"

    def placements(self, correction: Correction) -> list[Placement]:
        """Every place on the page a correction was applied, in reading order."""
        return self._placements_by_id.get(correction.id, [])

    @cached_property
    def _placements_by_id(self) -> dict[str, list[Placement]]:
        grouped: dict[str, list[Placement]] = {}
        for placement in self.result.placements:
            grouped.setdefault(placement.correction.id, []).append(placement)
        return grouped
