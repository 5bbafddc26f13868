"""Find each correction's `original` in the text readers see, ignoring inline markup, never in code."""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as etree
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal, NamedTuple

import regex
from markdown.util import AtomicString
from rapidfuzz import fuzz, process

from .model import Correction, Selector
from .problems import MAX_PLACES, Problem

# Elements whose text flows into the surrounding sentence; any other element starts a new block.
INLINE_TAGS = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "cite", "data", "del", "dfn", "em", "i", "ins", "mark", "q",
    "s", "small", "span", "strong", "sub", "sup", "time", "u", "var",
})
# Elements whose text is never corrected: code, and anything that is not prose.
OPAQUE_TAGS = frozenset({"code", "pre", "kbd", "samp", "script", "style", "svg", "math", "textarea"})
BLOCK_SEPARATOR = "\n\n"
CONTEXT_CHARS = 40
_LINE_BREAKS = str.maketrans({"\n": " ", "\r": " ", "\t": " "})
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"\w")
# A user-perceived character (grapheme cluster): a letter and its combining accents, an emoji
# sequence joined by zero-width joiners, a flag. The `regex` module knows Unicode's rules.
_CLUSTER = regex.compile(r"\X")
_CLUSTER_REACH = 64  # clusters are found from this far back; longer ones are not real text
# Marks and format characters (joiners, variation selectors, tags) attach to what is before them;
# so do skin tones, the second half of a flag and a Hangul vowel or final; a Hangul initial, to
# what follows it.
_JOINING = frozenset({"Mn", "Mc", "Me", "Cf"})
_JOINS_BEFORE = (("\U0001F3FB", "\U0001F3FF"), ("\U0001F1E6", "\U0001F1FF"), ("\u1160", "\u11FF"),
                 ("\uD7B0", "\uD7FF"))
_JOINS_AFTER = (("\u1100", "\u115F"), ("\uA960", "\uA97F"), ("\U0001F1E6", "\U0001F1FF"))
# Escapes, entities and inline HTML wait in the tree as STX...ETX placeholders until after
# corrections run; their characters are not what readers see, so no match may touch them.
_PLACEHOLDER = re.compile("\x02[^\x02\x03]*\x03")
_ESCAPED = re.compile("\x02([0-9]{1,7})\x03")  # Python-Markdown's placeholder for `\*` and the like
# White space other than single spaces (and the block separators): then matching needs \s+.
# What \s matches (str.isspace, all of it below U+3001) but ' ' and '\n', as one character class:
# `[^\S\n ]` took five times as long to scan a page for.
_OTHER_SPACE = re.compile("[" + re.escape("".join(
    c for c in map(chr, range(0x3001)) if c.isspace() and c not in " \n")) + "]")


class Segment(NamedTuple):
    """A run of readable text: `owner.text` or `owner.tail`, at `start` in the page text."""

    # Tuples rather than frozen dataclasses, which take four times as long to make: a large
    # archive's pages have hundreds of thousands of segments and tens of thousands of matches.

    owner: etree.Element
    attr: Literal["text", "tail"]
    start: int
    end: int
    block: int


def _visible(text: str) -> str:
    """`text` without Python-Markdown's placeholders."""
    return _PLACEHOLDER.sub("", text) if "\x02" in text else text


def _as_shown(text: str) -> str:
    """`text` for a message: a backslash-escaped character as itself, and what else Markdown kept
    aside (an entity such as &amp;, inline HTML) as '…', rather than nothing at all."""
    if "\x02" not in text:
        return text
    text = _ESCAPED.sub(lambda m: chr(int(m[1])) if int(m[1]) < 0x110000 else "…", text)
    return _PLACEHOLDER.sub("…", text)


@dataclass
class PageText:
    """The text of a page as readers see it, with a map back to the tree it came from."""

    text: str = ""
    segments: list[Segment] = field(default_factory=list)
    parents: dict[etree.Element, etree.Element] = field(default_factory=dict)
    _starts: list[int] = field(default_factory=list)
    _hidden: list[tuple[int, int]] = field(default_factory=list)
    single_spaced: bool = False  # every space between words is one ' ' (most pages)

    @classmethod
    def of(cls, root: etree.Element) -> PageText:
        """Index every readable text run under `root`, in document order."""
        index = cls()
        parts: list[str] = []
        block = 0
        cursor = 0

        def add(owner: etree.Element, attr: Literal["text", "tail"], value: str | None) -> None:
            nonlocal cursor
            if not value or isinstance(value, AtomicString):
                return
            # Soft line breaks read as spaces; a 1:1 mapping keeps offsets valid.
            parts.append(value.translate(_LINE_BREAKS))
            index.segments.append(Segment(owner, attr, cursor, cursor + len(value), block))
            cursor += len(value)

        def boundary() -> None:
            nonlocal cursor, block
            if index.segments and index.segments[-1].block == block:
                parts.append(BLOCK_SEPARATOR)
                cursor += len(BLOCK_SEPARATOR)
                block += 1

        def walk(el: etree.Element) -> None:
            if el.tag in OPAQUE_TAGS or not isinstance(el.tag, str):
                boundary()
                return
            inline = el.tag in INLINE_TAGS
            if not inline:
                boundary()
            add(el, "text", el.text)
            for child in el:
                index.parents[child] = el
                walk(child)
                add(child, "tail", child.tail)
            if not inline:
                boundary()

        walk(root)
        index.text = "".join(parts)
        index._starts = [s.start for s in index.segments]
        index._hidden = [m.span() for m in _PLACEHOLDER.finditer(index.text)]
        index.single_spaced = not _unusual_space(index.text)
        return index

    def hidden(self, start: int, end: int) -> bool:
        """True when [start, end) touches a Python-Markdown placeholder, which readers never see."""
        if not self._hidden:
            return False
        i = bisect_right(self._hidden, (start, len(self.text)))
        return any(s < end and start < e for s, e in self._hidden[max(0, i - 1):i + 1])

    def segment_at(self, offset: int) -> int:
        """The index of the segment holding the character at `offset`."""
        return bisect_right(self._starts, offset) - 1

    def same_block(self, start: int, end: int) -> bool:
        """True when [start, end) lies inside one block of text (no match spans paragraphs)."""
        first, last = self.segment_at(start), self.segment_at(end - 1)
        return (self.segments[first].block == self.segments[last].block
                and self.segments[first].start <= start and end <= self.segments[last].end)

    def around(self, start: int, end: int, width: int = CONTEXT_CHARS,
               shown: Callable[[str], str] = _visible) -> tuple[str, str]:
        """Up to `width` characters readers see before and after [start, end), in the same block."""
        before = self.text[max(0, start - 3 * width):start].split(BLOCK_SEPARATOR)[-1]
        after = self.text[end:end + 3 * width].split(BLOCK_SEPARATOR)[0]
        return shown(before)[-width:], shown(after)[:width]

    def context(self, start: int, end: int) -> str:
        """The match with some text either side, as shown in error messages."""
        before, after = self.around(start, end, shown=_as_shown)
        return f"...{before}[{_as_shown(self.text[start:end])}]{after}..."


class Match(NamedTuple):
    """One place where a correction applies: [start, end) in the page text."""

    correction: Correction
    start: int
    end: int


def _unusual_space(text: str) -> bool:
    """Whether `text` has white space other than single spaces and line breaks."""
    return "  " in text or _OTHER_SPACE.search(text) is not None


def normalise(text: str) -> str:
    """Text as compared with the page: runs of white space read as one space."""
    if "\n" in text or _unusual_space(text):
        return _SPACES.sub(" ", text)
    return text  # already single-spaced, as nearly all text is: a fifth of the time of sub()


@lru_cache(maxsize=4096)
def _pattern(text: str) -> re.Pattern[str]:
    """Normalised `text` as readers read it: any run of white space for a space."""
    # Starting with a literal lets the regex engine skip ahead fast; boundaries are checked after.
    return re.compile(r"\s+".join(re.escape(word) for word in text.split(" ")))


def _finder(page: PageText, text: str) -> Callable[[int], tuple[int, int] | None]:
    """A function giving the first place from a position where normalised `text` occurs."""
    if page.single_spaced and text == text.strip():
        # Plain search: compiling a pattern for each of an archive's originals took seconds.
        def find(position: int) -> tuple[int, int] | None:
            start = page.text.find(text, position)
            return None if start == -1 else (start, start + len(text))
        return find
    pattern = _pattern(text)

    def search(position: int) -> tuple[int, int] | None:
        found = pattern.search(page.text, position)
        return None if found is None else found.span()
    return search


def occurrences(page: PageText, original: str) -> list[tuple[int, int]]:
    """Every place `original` occurs on the page as whole words, within one block, outside placeholders.

    "form" does not occur in "information", nor "North Korea" in "North Koreans". First and last
    characters that are word characters must not continue a word on the page. After a place
    that is not one (part of a longer word), the search goes on from its next character.
    """
    original = normalise(original)
    word_start, word_end = bool(_WORD.match(original)), bool(_WORD.match(original[-1:]))
    text, find = page.text, _finder(page, original)
    found: list[tuple[int, int]] = []
    position = 0
    while (span := find(position)) is not None:
        start, end = span
        if (not (word_start and start > 0 and _WORD.match(text[start - 1]))
                and not (word_end and _WORD.match(text[end:end + 1]))
                and not _splits_cluster(text, start) and not _splits_cluster(text, end)
                and page.same_block(start, end) and not page.hidden(start, end)):
            found.append(span)
            position = end
        else:
            position = start + 1
    return found


def _splits_cluster(text: str, position: int) -> bool:
    """Whether `position` falls inside a user-perceived character: "Jose" in "José" written with a
    combining accent, or the man alone in the family emoji 👨‍👩‍👧."""
    if position <= 0 or position >= len(text) or not _may_join(text[position - 1], text[position]):
        return False
    for cluster in _CLUSTER.finditer(text, max(0, position - _CLUSTER_REACH), position + _CLUSTER_REACH):
        if cluster.end() >= position:
            return cluster.end() > position > cluster.start()
    return False


def _may_join(before: str, after: str) -> bool:
    """Whether Unicode might join the two characters into one cluster (a cheap test, so that
    text in most scripts, Korean syllables and Arabic letters included, is never searched)."""
    if before < "\x80" and after < "\x80":
        return False
    return (unicodedata.category(after) in _JOINING or unicodedata.category(before) == "Cf"
            or any(low <= after <= high for low, high in _JOINS_BEFORE)
            or any(low <= before <= high for low, high in _JOINS_AFTER))


def in_context(page: PageText, span: tuple[int, int], selector: Selector) -> bool:
    """True when the text right before and after `span`, in its block, is the selector's prefix and suffix."""
    start, end = span
    prefix, suffix = normalise(selector.prefix), normalise(selector.suffix)
    reach = 2 * (len(prefix) + len(suffix)) + 8  # runs of white space may be longer on the page
    # Only up to the block's edge: normalised, a separator would read as a space, so a prefix
    # could reach into the paragraph before, or across code ('a `b` c' is not 'a c').
    before = page.text[max(0, start - reach):start].rsplit(BLOCK_SEPARATOR, 1)[-1]
    after = page.text[end:end + reach].split(BLOCK_SEPARATOR, 1)[0]
    return normalise(before).endswith(prefix) and normalise(after).startswith(suffix)


def locate(page: PageText, correction: Correction) -> tuple[list[Match], list[Problem]]:
    """The places a correction applies to, or the problem that stops it from applying."""
    original = normalise(correction.original)
    selector = correction.selector
    spans = occurrences(page, original)

    def problem(message: str, fix: str, field_name: str = "original",
                places: list[tuple[int, int]] | None = None) -> list[Problem]:
        return [Problem(correction.where(field_name), message, fix, correction.id, listing(places or []))]

    def listing(found: list[tuple[int, int]]) -> tuple[str, ...]:
        # A one-letter original can occur thousands of times: a few places are enough to choose.
        shown = tuple(f"{n}. {page.context(*span)}" for n, span in enumerate(found[:MAX_PLACES], 1))
        return shown + ((f"... and {len(found) - MAX_PLACES:,} more",) if len(found) > MAX_PLACES else ())

    if not spans:
        return [], problem(f"the original text '{original}' is not on the page {correction.page}"
                           f"{_closest(page, original)}",
                           "copy 'original' exactly as readers see it on the page (same spelling, "
                           "capitals, punctuation and quote marks, whole words); text in code is "
                           "never corrected")
    if selector.prefix or selector.suffix:
        chosen = [span for span in spans if in_context(page, span, selector)]
        field_name = "prefix" if selector.prefix else "suffix"
        given = " and ".join(f"{name} '{value}'" for name, value in
                             (("prefix", selector.prefix), ("suffix", selector.suffix)) if value)
        if not chosen:
            return [], problem(f"no occurrence of '{original}' has {given} around it; the "
                               "occurrences are:",
                               "copy the text immediately before (prefix) or after (suffix) the "
                               "original exactly, including spaces", field_name, spans)
        if len(chosen) > 1:
            return [], problem(f"{given} still match {len(chosen)} places:",
                               "make prefix or suffix longer, or use 'occurrence: N'", field_name, chosen)
    elif selector.occurrence:
        if selector.occurrence > len(spans):
            return [], problem(f"'occurrence: {selector.occurrence}' asks for more than the "
                               f"{len(spans)} occurrence(s) of '{original}':",
                               f"use a number from 1 to {len(spans)}", "occurrence", spans)
        chosen = [spans[selector.occurrence - 1]]
    elif selector.every:
        chosen = spans
    elif len(spans) > 1:
        return [], problem(f"the original text '{original}' occurs {len(spans)} times on the page:",
                           "say which one to correct: add 'prefix:' or 'suffix:' (text right "
                           "before or after it), 'occurrence: N', or 'all: true' for every one",
                           places=spans)
    else:
        chosen = spans
    return [Match(correction, start, end) for start, end in chosen], []


def _closest(page: PageText, original: str) -> str:
    """'; the closest text is ...' with context, when something on the page looks like it."""
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", page.text)]
    size = max(1, len(original.split()))
    candidates: dict[str, int] = {}
    for i in range(len(words) - size + 1):
        start, end = words[i][0], words[i + size - 1][1]
        candidates.setdefault(page.text[start:end], start)
    # RapidFuzz rather than difflib: the same similarity, but difflib took 2.5 s to compare a
    # 300-word original with every 300-word stretch of an article, and a file may hold 1,000.
    best = process.extractOne(original, list(candidates), scorer=fuzz.ratio, score_cutoff=50)
    if best is None:
        return ""
    text = best[0]
    start = candidates[text]
    hint = _KEPT_ASIDE_HINT if page.hidden(start, start + len(text)) else _lookalike_hint(text, original)
    return f"; the closest text on the page is: {page.context(start, start + len(text))}{hint}"


# Why text next to an entity or an escape in the Markdown cannot be matched.
_KEPT_ASIDE_HINT = (" (the article's Markdown writes part of it as an entity such as &amp;, a backslash "
                    "escape such as \\* or inline HTML, shown as '…' or as the character: a correction "
                    "cannot reach into those, so correct the words on either side of it)")


def _invisible(text: str) -> list[tuple[int, str]]:
    """Each format character (zero-width spaces and joiners, direction marks) and its index."""
    return [(i, char) for i, char in enumerate(text) if unicodedata.category(char) == "Cf"]


def _lookalike_hint(found: str, original: str) -> str:
    """Why text that looks like `original` on screen is not it: encoding or invisible characters."""
    def shown(text: str) -> str:
        return "".join(c for c in unicodedata.normalize("NFC", text) if unicodedata.category(c) != "Cf")

    if unicodedata.normalize("NFC", found) == unicodedata.normalize("NFC", original):
        return (" (it looks the same but its accented letters are encoded differently, as one "
                "character or as a letter plus a combining mark: retype them)")
    if shown(found) != shown(original):
        return ""
    extra = [(i, c) for i, c in _invisible(original) if c not in found]
    if extra:
        i, char = extra[0]
        return (f" (it looks the same, but 'original' has an invisible character, U+{ord(char):04X} "
                f"{unicodedata.name(char, 'FORMAT CHARACTER')}, at character {i + 1}, which the page "
                "does not: retype the text rather than pasting it)")
    missing = [c for _, c in _invisible(found) if c not in original]
    if missing:
        return (f" (it looks the same, but the page has an invisible character, U+{ord(missing[0]):04X} "
                f"{unicodedata.name(missing[0], 'FORMAT CHARACTER')}, which 'original' does not: "
                "copy 'original' from the article's Markdown source)")
    return (" (it looks the same, but invisible characters (zero-width spaces, joiners or direction "
            "marks) are not in the same places: copy 'original' from the article's Markdown source)")


def overlaps(matches: list[Match]) -> list[Problem]:
    """A problem for each pair of corrections whose matches overlap."""
    problems: list[Problem] = []
    ordered = sorted(matches, key=lambda m: (m.start, m.end))
    reaching: Match | None = None  # of the matches so far, the one that reaches furthest
    for current in ordered:
        if reaching is not None and current.start < reaching.end:
            a, b = reaching.correction, current.correction
            problems.append(Problem(
                b.where("original"),
                f"it overlaps correction '{a.id}' ({a.where('original')}): both change "
                f"'{a.original}' / '{b.original}'",
                "merge the two into one correction, or make their 'original' texts not overlap",
                b.id))
        if reaching is None or current.end > reaching.end:
            reaching = current
    return problems
