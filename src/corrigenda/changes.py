"""What readers see change: the sentence around each correction, before and after it is applied."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from .locate import BLOCK_SEPARATOR, Match, PageText, locate
from .model import Correction

# A sentence ends at . ! ? or … (then any closing quotes or brackets) before white space...
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+")
# ...and a capital, a digit or an opening quote, unless the full stop closes an abbreviation.
_SENTENCE_START = re.compile(r"[A-Z0-9\"'“‘(\[]")
_WORD_BEFORE = re.compile(r"[\w.]*\w$")
ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "gen", "col", "lt", "sgt", "gov", "sen",
    "rep", "pres", "rev", "no", "vs", "etc", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "u.s", "u.n", "u.k", "e.g", "i.e",
})


@dataclass(frozen=True)
class Change:
    """One sentence a correction changes, as readers saw it and as they will see it."""

    correction: Correction
    before: str
    after: str


def _is_sentence_end(text: str, end: re.Match[str]) -> bool:
    """True unless the full stop belongs to an abbreviation or an initial, or no sentence follows."""
    if not _SENTENCE_START.match(text, end.end()):
        return False
    word = _WORD_BEFORE.search(text[max(0, end.start() - 20):end.start()])
    return word is None or (word.group().lower() not in ABBREVIATIONS and len(word.group()) > 1)


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence(s) of the block around [start, end): from the sentence end before it to the next."""
    previous = text.rfind(BLOCK_SEPARATOR, 0, start)
    block_start = 0 if previous == -1 else previous + len(BLOCK_SEPARATOR)
    block_end = text.find(BLOCK_SEPARATOR, end)
    block_end = len(text) if block_end == -1 else block_end
    cuts = [m.end() for m in _SENTENCE_END.finditer(text, block_start, block_end)
            if _is_sentence_end(text, m)]
    return (max((cut for cut in cuts if cut <= start), default=block_start),
            min((cut for cut in cuts if cut >= end), default=block_end))


def _spanned(text: str, match: Match, matches: list[Match]) -> tuple[int, int]:
    """Sentence bounds grown until no match straddles them, so each side shows whole corrections."""
    start, end = sentence_bounds(text, match.start, match.end)
    while crossing := [m for m in matches if m.start < start < m.end or m.start < end < m.end]:
        start = min(start, *(sentence_bounds(text, m.start, m.end)[0] for m in crossing))
        end = max(end, *(sentence_bounds(text, m.start, m.end)[1] for m in crossing))
    return start, end


def _spliced(text: str, start: int, end: int, matches: list[Match]) -> str:
    """text[start:end] with the (sorted) matches in it corrected; white space as a browser shows it."""
    parts, cursor = [], start
    for match in (m for m in matches if start <= m.start and m.end <= end):
        parts += [text[cursor:match.start], match.correction.corrected]
        cursor = match.end
    return " ".join("".join([*parts, text[cursor:end]]).split())


def page_changes(before: PageText, corrections: list[Correction],
                 shown: Collection[str]) -> list[Change]:
    """Each shown correction's sentences in reading order, from the text readers saw.

    "Before" has every correction that is not shown applied (what readers see until the shown
    ones are published); "after" has them all.
    """
    matches = sorted((m for c in corrections for m in locate(before, c)[0]),
                     key=lambda m: (m.start, m.end))
    unshown = [m for m in matches if m.correction.id not in shown]
    changes: list[Change] = []
    for match in (m for m in matches if m.correction.id in shown):
        start, end = _spanned(before.text, match, matches)
        change = Change(match.correction, _spliced(before.text, start, end, unshown),
                        _spliced(before.text, start, end, matches))
        if change not in changes:  # 'all: true' in one sentence shows that sentence once
            changes.append(change)
    return changes
