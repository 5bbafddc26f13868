"""Generated articles and corrections: the engine applies exactly what was asked, or names the culprit.

Articles are headings, paragraphs, bulleted and numbered lists, tables and fenced code, rendered
with the Markdown extensions the site uses. Their words come from a small vocabulary (so words
repeat), some emphasised, some links, some in inline code. Every word has five letters and no
word is part of another, so a model of the article (word positions in its units of prose: a
heading, a paragraph, a list item, a table cell) predicts every match the engine must find in
the text readers see.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from corrigenda import CorrectionsError, CorrectionsExtension, load_catalog
from tests.conftest import REPO, search_sections

VOCABULARY = ("amber", "birch", "cedar", "delta", "ember", "fjord", "grove", "heron")
STYLES = ("plain", "plain", "plain", "em", "code", "link")
KINDS = ("name", "date", "terminology", "fact", "typo", "clarification", "removal")
# Corrected text may carry characters that need escaping; it is never matched again.
REPLACEMENTS = ("ZULU", "Yankee X", "a < b & c", "\"quoted\"")
# Text that is nowhere on a page: a prefix or suffix made of it matches no occurrence.
NOWHERE = "Xylem"
# 40 examples keep CI fast; set CORRIGENDA_EXAMPLES=1000 for a longer hunt. No example database
# is written into the work tree.
EXAMPLES = int(os.environ.get("CORRIGENDA_EXAMPLES", "40"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
# Each kind of invalid input is its own test, so every run tries every kind.
EACH_SETTINGS = settings(SETTINGS, max_examples=max(8, EXAMPLES // 3))
# MkDocs renders every page with these (tables, fenced code), then with mkdocs.yml's.
MKDOCS_BUILTINS = ("toc", "tables", "fenced_code")
VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "source", "col", "area", "base", "embed", "track"}
# Elements the engine adds that readers do not see as text: hidden originals of "show original";
# and the headings' permalinks (the pilcrow the TOC extension adds), which are not the article's.
HIDDEN = ".corrigenda-then, .headerlink"
UNIT_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "th", "td")
HEADINGS = UNIT_TAGS[:6]


def site_extensions() -> tuple[list[str], dict[str, dict]]:
    """The Markdown extensions of a site build and their settings, in MkDocs' order."""
    listed = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["markdown_extensions"]
    named = [next(iter(item.items())) if isinstance(item, dict) else (item, None) for item in listed]
    names = list(dict.fromkeys([*MKDOCS_BUILTINS, *(name for name, _ in named)]))
    return names, {name: options for name, options in named if options}


SITE_EXTENSIONS, SITE_CONFIGS = site_extensions()


@dataclass(frozen=True)
class Word:
    text: str
    style: str
    space: str = " "  # written after it, before the next word: in a paragraph, maybe a line break


    @property
    def markdown(self) -> str:
        return {"plain": self.text, "em": f"*{self.text}*", "code": f"`{self.text}`",
                "link": f"[{self.text}](https://example.org/{self.text})"}[self.style]


Unit = tuple[Word, ...]  # the words of one heading, paragraph, list item or table cell


@dataclass(frozen=True)
class Block:
    """One block of an article: 'p', 'h1'-'h3', 'ul', 'ol', 'table' (header cells first) or 'fence'."""

    kind: str
    units: tuple[Unit, ...]
    columns: int = 1

    @property
    def markdown(self) -> str:
        line = ["".join(w.markdown + w.space for w in unit).rstrip() for unit in self.units]
        if self.kind == "p":
            return line[0]
        if self.kind.startswith("h"):
            return "#" * int(self.kind[1]) + " " + line[0]
        if self.kind in ("ul", "ol"):
            return "\n".join(("- " if self.kind == "ul" else f"{n}. ") + item
                             for n, item in enumerate(line, 1))
        if self.kind == "table":
            rows = [line[r:r + self.columns] for r in range(0, len(line), self.columns)]
            rows.insert(1, ["---"] * self.columns)
            return "\n".join("| " + " | ".join(row) + " |" for row in rows)
        return "```text\n" + "\n".join(w.text for w in self.units[0]) + "\n```"

    @property
    def prose(self) -> tuple[Unit, ...]:
        """The units whose text is corrected: all but a fenced block's code."""
        return () if self.kind == "fence" else self.units


@dataclass(frozen=True)
class Article:
    blocks: tuple[Block, ...]

    @property
    def markdown(self) -> str:
        return "\n\n".join(b.markdown for b in self.blocks) + "\n"

    @property
    def units(self) -> list[Unit]:
        return [unit for b in self.blocks for unit in b.prose]

    @property
    def headings(self) -> set[int]:
        """The indices of the units that are headings."""
        found, n = set(), 0
        for b in self.blocks:
            if b.kind.startswith("h"):
                found.add(n)
            n += len(b.prose)
        return found


Place = tuple[int, int, int]  # unit, first word, word count


@dataclass(frozen=True)
class Planned:
    """A correction and the word positions it must change."""

    cid: str
    kind: str
    original: str
    corrected: str
    fields: dict[str, object]
    places: tuple[Place, ...]

    @property
    def entry(self) -> dict[str, object]:
        """The correction as written in its file, field by field."""
        return {"id": self.cid, "date": "2024-01-02", "kind": self.kind, "original": self.original,
                **({"corrected": self.corrected} if self.kind != "removal" else {}),
                "note": f"Fixed *{self.cid}*.", **self.fields}


words = st.builds(Word, st.sampled_from(VOCABULARY), st.sampled_from(STYLES))
# Paragraphs are written over several lines, here and there with two spaces between words.
spaced_words = st.builds(Word, st.sampled_from(VOCABULARY), st.sampled_from(STYLES),
                         st.sampled_from([" ", " ", " ", "\n", "  "]))


def units_of(size: int, of: st.SearchStrategy[Word] = words) -> st.SearchStrategy[Unit]:
    return st.lists(of, min_size=1, max_size=size).map(tuple)


def written(unit: Unit) -> tuple[str, list[int]]:
    """A unit's text as written (readers see its white space as one space), and where each word starts."""
    starts = [sum(len(w.text + w.space) for w in unit[:i]) for i in range(len(unit))]
    return "".join(w.text + w.space for w in unit)[:-len(unit[-1].space)], starts


@st.composite
def tables(draw) -> Block:
    columns, rows = draw(st.integers(1, 3)), draw(st.integers(2, 4))
    return Block("table", tuple(draw(units_of(3)) for _ in range(columns * rows)), columns)


blocks = st.one_of(
    units_of(12, spaced_words).map(lambda u: Block("p", (u,))),
    units_of(12, spaced_words).map(lambda u: Block("p", (u,))),
    st.builds(lambda level, u: Block(f"h{level}", (u,)), st.integers(1, 3), units_of(5)),
    st.builds(lambda kind, items: Block(kind, tuple(items)), st.sampled_from(["ul", "ol"]),
              st.lists(units_of(6), min_size=1, max_size=4)),
    tables(),
    st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=6).map(
        lambda ws: Block("fence", (tuple(Word(w, "code") for w in ws),))),
)


def separate_lists(drawn: list[Block]) -> Article:
    """Python-Markdown joins a list that follows a list into one (loose) list: not the article."""
    kept = [b for i, b in enumerate(drawn)
            if not (i and b.kind in ("ul", "ol") and drawn[i - 1].kind in ("ul", "ol"))]
    return Article(tuple(kept))


articles = st.lists(blocks, min_size=1, max_size=6).map(separate_lists).filter(lambda a: a.units)


def occurrences(units: list[Unit], phrase: tuple[str, ...]) -> list[Place]:
    """Where a phrase stands in the text readers see, outside code, in reading order; like a
    search, each one after the previous one ("amber amber" is once in "amber amber amber")."""
    found = []
    for u, unit in enumerate(units):
        i = 0
        while i <= len(unit) - len(phrase):
            run = unit[i:i + len(phrase)]
            if all(w.style != "code" for w in run) and tuple(w.text for w in run) == phrase:
                found.append((u, i, len(phrase)))
                i += len(phrase)
            else:
                i += 1
    return found


def overlapping(a: Place, b: Place) -> bool:
    return a[0] == b[0] and a[1] < b[1] + b[2] and b[1] < a[1] + a[2]


def swallows_link(units: list[Unit], place: Place) -> bool:
    """A link after the first word: the engine refuses to cut a link's whole text out with text before it."""
    u, i, n = place
    return any(w.style == "link" for w in units[u][i + 1:i + n])


def empties_heading(article: Article, place: Place, kind: str) -> bool:
    u, _, n = place
    return kind == "removal" and u in article.headings and n == len(article.units[u])


def block_around(units: list[Unit], place: Place) -> tuple[str, str]:
    """The text right before and after a place in its block, which is all a prefix or suffix is
    compared with: its unit's prose up to the unit's edge, or up to code, whose text is never
    matched (the space next to it is)."""
    u, i, n = place
    unit = units[u]
    j, k = i, i + n
    while j > 0 and unit[j - 1].style != "code":
        j -= 1
    while k < len(unit) and unit[k].style != "code":
        k += 1
    return ((" " if j else "") + "".join(w.text + " " for w in unit[j:i]),
            "".join(" " + w.text for w in unit[i + n:k]) + (" " if k < len(unit) else ""))


def in_context(units: list[Unit], place: Place, prefix: str, suffix: str) -> bool:
    before, after = block_around(units, place)
    return before.endswith(prefix) and after.startswith(suffix)


@st.composite
def context_selector(draw, units: list[Unit], place: Place) -> dict[str, str]:
    """A prefix, a suffix or both, from the text right around `place` in its block; none when
    there is none (the place is a whole block)."""
    before, after = block_around(units, place)
    modes = [m for m, ok in (("prefix", before), ("suffix", after), ("both", before and after)) if ok]
    mode = draw(st.sampled_from(modes)) if modes else None
    fields = {}
    if mode in ("prefix", "both"):
        fields["prefix"] = before[-draw(st.integers(1, len(before))):]
    if mode in ("suffix", "both"):
        fields["suffix"] = after[:draw(st.integers(1, len(after)))]
    return fields


def selected(units: list[Unit], found: list[Place], fields: dict[str, object]) -> list[Place]:
    """The occurrences a prefix and suffix select."""
    return [p for p in found
            if in_context(units, p, str(fields.get("prefix", "")), str(fields.get("suffix", "")))]


def phrase_at(units: list[Unit], place: Place) -> tuple[str, ...]:
    u, i, n = place
    return tuple(w.text for w in units[u][i:i + n])


@st.composite
def valid_corrections(draw, article: Article) -> list[Planned]:
    """Corrections of every kind whose places do not overlap, each with a selector that fits."""
    units = article.units
    planned: list[Planned] = []
    taken: list[Place] = []
    for n in range(draw(st.integers(1, 6))):
        u = draw(st.integers(0, len(units) - 1))
        start = draw(st.integers(0, len(units[u]) - 1))
        length = draw(st.integers(1, min(3, len(units[u]) - start)))
        found = occurrences(units, phrase_at(units, (u, start, length)))
        if not found:
            continue  # the phrase runs into code
        choice = draw(st.sampled_from(["all", "occurrence", "context", "context"]
                                      + (["plain"] if len(found) == 1 else [])))
        k = draw(st.integers(1, len(found)))
        if choice == "all":
            places, fields = found, {"all": True}
        elif choice == "context":
            places, fields = [found[k - 1]], draw(context_selector(units, found[k - 1]))
            if not fields or selected(units, found, fields) != places:
                continue  # not unique
        else:
            places, fields = [found[k - 1]], ({"occurrence": k} if choice == "occurrence" else {})
        kind = draw(st.sampled_from(KINDS))
        if any(overlapping(a, b) for a in places for b in [*taken, *places] if a is not b):
            continue  # another correction's words
        if any(swallows_link(units, p) or empties_heading(article, p, kind) for p in places):
            continue  # the engine refuses these (test_invalid_correction_is_named)
        corrected = "" if kind == "removal" else draw(st.sampled_from(REPLACEMENTS))
        taken += places
        planned.append(Planned(f"c{n}", kind, " ".join(phrase_at(units, places[0])), corrected,
                               fields, tuple(places)))
    return planned


def with_code_copies(article: Article, planned: list[Planned], at: int) -> tuple[Article, list[Planned]]:
    """Every original also in inline code and in a fenced block, inserted before block `at`."""
    if not planned:
        return article, planned
    copies = (Block("p", (tuple(Word(c.original, "code") for c in planned),)),
              Block("fence", (tuple(Word(c.original, "code") for c in planned),)))
    blocks = (*article.blocks[:at], *copies, *article.blocks[at:])
    first = sum(len(b.prose) for b in article.blocks[:at])
    moved = [replace(c, places=tuple((u + (u >= first), i, n) for u, i, n in c.places)) for c in planned]
    return Article(blocks), moved


def expected_units(units: list[Unit], planned: list[Planned]) -> list[str]:
    """Each unit's text after the corrections: the model's answer."""
    out = []
    for u, unit in enumerate(units):
        text, starts = written(unit)
        edits = sorted(((starts[i], starts[i + n - 1] + len(unit[i + n - 1].text), c.corrected)
                        for c in planned for (q, i, n) in c.places if q == u), reverse=True)
        for lo, hi, new in edits:
            text = text[:lo] + new + text[hi:]
        out.append(text)
    return out


def corrections_file(entries: list[dict[str, object]]) -> tuple[str, list[dict[str, int]]]:
    """The YAML of a page's corrections, one field a line, and the line of each field."""
    lines = ["page: page.md", "corrections:"]
    where: list[dict[str, int]] = []
    for entry in entries:
        where.append({})
        for n, (key, value) in enumerate(entry.items()):
            where[-1][key] = len(lines) + 1
            lines.append(("  - " if n == 0 else "    ") + f"{key}: {json.dumps(value)}")
    if not entries:
        lines[-1] += " []"
    return "\n".join(lines) + "\n", where


def markdown_of(extension: CorrectionsExtension | None = None) -> markdown.Markdown:
    """A Markdown instance as a site build makes one, with the corrections extension last."""
    return markdown.Markdown(extensions=[*SITE_EXTENSIONS, *([extension] if extension else [])],
                             extension_configs=SITE_CONFIGS)


def render(article: Article, corrections: str) -> tuple[str, CorrectionsExtension]:
    """The article rendered with its corrections; raises CorrectionsError like a build would stop."""
    with tempfile.TemporaryDirectory() as tmp:
        docs, folder = Path(tmp, "docs"), Path(tmp, "corrections")
        docs.mkdir()
        folder.mkdir()
        (docs / "page.md").write_text(article.markdown, encoding="utf-8")
        (folder / "page.yml").write_text(corrections, encoding="utf-8")
        extension = CorrectionsExtension(load_catalog(folder, docs, Path(tmp)), search_copies=True)
    extension.start_page("page.md")
    html = markdown_of(extension).convert(article.markdown)
    if extension.problems:
        raise CorrectionsError(extension.problems)
    return html, extension


class Balanced(HTMLParser):
    """Every element closed, in order: the structure a browser reads is the one written."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, (tag, self.stack)
        self.stack.pop()


def assert_well_formed(html: str) -> None:
    checker = Balanced()
    checker.feed(html)
    checker.close()
    assert checker.stack == []


def parse(html: str) -> BeautifulSoup:
    """HTML as written, white space and all (Beautiful Soup reads white space alone as one space)."""
    return BeautifulSoup(html, "lxml", preserve_whitespace_tags={"html"})


def visible(tag) -> str:
    clone = parse(str(tag))
    for hidden in clone.select(HIDDEN):
        hidden.decompose()
    return clone.get_text()


def added(tag) -> bool:
    """Whether a tag is in what the engine adds around the article: the banner, the notes."""
    return any("corrigenda-banner" in (t.get("class") or []) or "corrigenda-notes" in (t.get("class") or [])
               for t in [tag, *tag.parents])


def article_units(soup: BeautifulSoup) -> list:
    """The article's own units of prose: headings, paragraphs, list items, table cells."""
    return [t for t in soup.find_all(UNIT_TAGS) if not added(t) and not t.find("p")
            and not t.find(class_="corrigenda-banner")]


def code_and_headings(soup: BeautifulSoup) -> tuple[list[str], list[str | None]]:
    """The article's code, as written, and its headings' ids (the anchors links point to)."""
    return ([str(c) for c in soup.select("pre, code") if not added(c)],
            [h.get("id") for h in soup.find_all(HEADINGS) if not added(h)])


@st.composite
def article_and_corrections(draw) -> tuple[Article, list[Planned]]:
    article = draw(articles)
    planned = draw(valid_corrections(article))
    return with_code_copies(article, planned, draw(st.integers(0, len(article.blocks))))


@SETTINGS
@given(article_and_corrections())
def test_valid_corrections_apply_exactly(case: tuple[Article, list[Planned]]) -> None:
    """Valid corrections change exactly their places, each marked once, never code or anchors."""
    article, planned = case
    html, extension = render(article, corrections_file([c.entry for c in planned])[0])
    assert_well_formed(html)
    soup = parse(html)
    assert [visible(u) for u in article_units(soup)] == expected_units(article.units, planned)
    for c in planned:
        spans = soup.select(f'span[data-correction="{c.cid}"]')
        assert len(spans) == len(c.places)
        assert [visible(s) for s in spans] == [c.corrected] * len(c.places)
        assert all(f"corrigenda--{c.kind}" in s["class"] for s in spans)
        markers = [m for m in soup.select(f'a.corrigenda-marker[href="#correction-{c.cid}"]') if not added(m)]
        assert len(markers) == len(c.places)
        for span in spans:
            link = span.find_parent("a")
            # Links cannot nest: inside a link, the marker follows the link.
            assert (span.select("a.corrigenda-marker") if link is None else [link.find_next_sibling()]) \
                == [markers.pop(0)]
        assert [p.anchor for p in extension.result.placements if p.correction.id == c.cid] == \
            [f"corrected-{c.cid}" + (f"-{n}" if n > 1 else "") for n in range(1, len(c.places) + 1)]
    ids = [el["id"] for el in soup.select("[id]")]
    assert len(ids) == len(set(ids))
    # Code is never touched, nor a heading's anchor: the same as without corrections.
    assert code_and_headings(soup) == code_and_headings(parse(markdown_of().convert(article.markdown)))
    if planned:
        assert {p.correction.id for p in extension.result.placements} == {c.cid for c in planned}


@SETTINGS
@given(article_and_corrections())
def test_search_copy_indexes_as_the_page(case: tuple[Article, list[Planned]]) -> None:
    """The search copy reads as the corrected page, with none of the correction markup."""
    article, planned = case
    assume(planned)
    html, extension = render(article, corrections_file([c.entry for c in planned])[0])
    copy = extension.result.search_html
    assert search_sections(copy) == search_sections(html)
    assert_well_formed(copy)
    soup = parse(copy)
    assert [visible(u) for u in article_units(soup)] == expected_units(article.units, planned)
    soup.select_one("section.corrigenda-notes").decompose()  # notes show their change, as ever
    assert not soup.select("[data-correction], .corrigenda-then, .corrigenda-marker, ins")


@dataclass(frozen=True)
class BadCase:
    """Valid corrections and one the engine must refuse: the field whose line it names, and why."""

    article: Article
    entries: list[dict[str, object]]
    bad: int  # the entry the problem names
    field: str  # the field whose line the problem is on ("id": the correction's first line)
    message: str  # part of the problem's message


BAD_ID = "bad-one"
FILE_RULES = {  # what is wrong with the correction: (the change, the field named, the message)
    "unknown kind": ({"kind": "mistake"}, "kind", "'mistake' is not a known kind"),
    "missing date": ({"date": None}, "id", "the required field 'date' is missing"),
    "missing kind": ({"kind": None}, "id", "the required field 'kind' is missing"),
    "missing original": ({"original": None}, "id", "the required field 'original' is missing"),
    "missing note": ({"note": None}, "id", "the required field 'note' is missing"),
    "impossible date": ({"date": "2023-02-30"}, "date", "the date 2023-02-30 does not exist"),
    "date not YYYY-MM-DD": ({"date": "2023-2-3"}, "date", "is not in the expected form"),
    "no corrected text": ({"corrected": None}, "kind", "'corrected' is missing or empty"),
    "removal with corrected text": ({"kind": "removal"}, "corrected", "a removal deletes the original"),
    "occurrence zero": ({"occurrence": 0}, "occurrence", "'occurrence'"),
    "two selectors": ({"prefix": "the ", "occurrence": 1}, "occurrence", "are used together"),
    "unknown field": ({"source": "wire"}, "source", "unknown field 'source'"),
}
LOCATING = ("absent", "repeated", "occurrence beyond", "context nowhere", "context ambiguous",
            "overlap", "link swallowed", "heading emptied", "duplicate id")


def bad_entry(units: list[Unit], place: Place, kind: str, fields: dict[str, object]) -> dict[str, object]:
    """A correction of the words at `place` named BAD_ID."""
    return Planned(BAD_ID, kind, " ".join(phrase_at(units, place)), "fixed", fields, ()).entry


def prose_run(unit: Unit, i: int, n: int) -> bool:
    return 0 <= i and i + n <= len(unit) and all(w.style != "code" for w in unit[i:i + n])


@st.composite
def bad_cases(draw, why: str) -> BadCase:
    """An article, valid corrections and, at any position among them, one that is wrong."""
    article = draw(articles)
    if why == "heading emptied":
        heading = Block(f"h{draw(st.integers(1, 3))}", (tuple(draw(st.lists(st.builds(
            Word, st.sampled_from(VOCABULARY), st.sampled_from(["plain", "em"])), min_size=1, max_size=4))),))
        at = draw(st.integers(0, len(article.blocks)))
        article = Article((*article.blocks[:at], heading, *article.blocks[at:]))
    planned = draw(valid_corrections(article))
    units = article.units
    position = draw(st.integers(0, len(planned)))
    entries = [c.entry for c in planned]
    every = [(u, i, 1) for u, unit in enumerate(units) for i, w in enumerate(unit) if w.style != "code"]

    def bad_at(place: Place, kind: str, fields: dict[str, object], field: str, message: str) -> BadCase:
        """The bad correction changes `place`: the valid ones that change it too are left out."""
        kept = [c.entry for c in planned if not any(overlapping(place, p) for p in c.places)]
        at = min(position, len(kept))
        kept.insert(at, bad_entry(units, place, kind, fields))
        return BadCase(article, kept, at, field, message)

    def pinned(place: Place) -> dict[str, object]:
        """The selector that picks exactly `place`: its occurrence number."""
        found = occurrences(units, phrase_at(units, place))
        assume(place in found)
        return {"occurrence": found.index(place) + 1}

    if why in FILE_RULES:
        change, field, message = FILE_RULES[why]
        entry = bad_entry(units, draw(st.sampled_from(every)), "fact", {}) if every else \
            Planned(BAD_ID, "fact", "amber", "fixed", {}, ()).entry
        entries.insert(position, {k: v for k, v in {**entry, **change}.items() if v is not None})
        return BadCase(article, entries, position, field, message)
    if why == "duplicate id":
        assume(planned)
        twin = draw(st.sampled_from(planned))
        entries.insert(position, {**bad_entry(units, twin.places[0], "fact", {}), "id": twin.cid})
        first, second = [n for n, e in enumerate(entries) if e["id"] == twin.cid]
        lines = corrections_file(entries)[1]
        return BadCase(article, entries, second, "id",
                       f"is already used at corrections/page.yml:{lines[first]['id']}")
    if why in ("absent", "repeated"):
        counts = {w: len(occurrences(units, (w,))) for w in VOCABULARY}
        options = [w for w, n in counts.items() if (n == 0 if why == "absent" else n > 1)]
        assume(options)
        word = draw(st.sampled_from(options))
        entries.insert(position, Planned(BAD_ID, "fact", word, "fixed", {}, ()).entry)
        return BadCase(article, entries, position, "original",
                       "is not on the page" if why == "absent" else f"occurs {counts[word]} times")
    if why == "context ambiguous":
        # A word and the one before (or after) it, together in more than one place.
        options = [(place, fields, len(chosen)) for place in every
                   for fields in ({"prefix": f"{units[place[0]][place[1] - 1].text} "} if place[1] else {},
                                  {"suffix": f" {units[place[0]][place[1] + 1].text}"}
                                  if place[1] + 1 < len(units[place[0]]) else {})
                   if fields and len(chosen := selected(units, occurrences(units, phrase_at(units, place)),
                                                        fields)) > 1]
        assume(options)
        place, fields, count = draw(st.sampled_from(options))
        return bad_at(place, "fact", fields, "prefix" if "prefix" in fields else "suffix",
                      f"still match {count} places")
    if why == "link swallowed":
        # From one or two words before a link to the link's end, or one word further.
        options = [(u, s, i - s + 1 + more) for u, unit in enumerate(units) for i, w in enumerate(unit)
                   if w.style == "link" for s in (i - 2, i - 1) for more in (0, 1)
                   if s >= 0 and prose_run(unit, s, i - s + 1 + more)]
        assume(options)
        place = draw(st.sampled_from(options))
        return bad_at(place, "fact", pinned(place), "original", "covers the whole text of a <a>")
    if why == "heading emptied":
        u = sum(len(b.prose) for b in article.blocks[:at])
        place = (u, 0, len(units[u]))
        return bad_at(place, "removal", pinned(place), "original", "a removal cannot empty a heading")
    assume(every)
    u, i, _ = draw(st.sampled_from(every))
    place = (u, i, draw(st.integers(1, min(3, len(units[u]) - i))))
    assume(prose_run(units[u], i, place[2]) and not swallows_link(units, place))
    found = occurrences(units, phrase_at(units, place))
    if why == "occurrence beyond":
        beyond = len(found) + draw(st.integers(1, 3))
        return bad_at(place, "fact", {"occurrence": beyond}, "occurrence",
                      f"'occurrence: {beyond}' asks for more than the {len(found)} occurrence(s)")
    if why == "context nowhere":
        fields = draw(st.sampled_from([{"prefix": NOWHERE + " "}, {"suffix": " " + NOWHERE},
                                       {"prefix": NOWHERE + " ", "suffix": " " + NOWHERE}]))
        return bad_at(place, "fact", fields, "prefix" if "prefix" in fields else "suffix",
                      f"no occurrence of '{' '.join(phrase_at(units, place))}' has")
    assert why == "overlap"
    # Words that share some, or all, of one valid correction's words (and no other's).
    assume(planned)
    other = draw(st.sampled_from(planned))
    theirs = draw(st.sampled_from(other.places))
    u, i, n = theirs
    start = draw(st.integers(max(0, i - 2), i + n - 1))
    place = (u, start, draw(st.integers(max(1, i - start + 1), 3)))
    assume(prose_run(units[u], *place[1:]) and not swallows_link(units, place))
    assume([p for c in planned for p in c.places if overlapping(p, place)] == [theirs])
    entries.insert(position, bad_entry(units, place, "fact", pinned(place)))
    # The engine names the one of the two that starts (or, starting together, ends) later in the
    # text; of two that change the same words, the later in the file.
    mine = (offset(units, place), position)
    its = (offset(units, theirs), [e["id"] for e in entries].index(other.cid))
    named, unnamed = (position, other.cid) if mine > its else (its[1], BAD_ID)
    return BadCase(article, entries, named, "original", f"it overlaps correction '{unnamed}'")


def offset(units: list[Unit], place: Place) -> tuple[int, int]:
    """Where a place starts and ends in its unit's text (single-spaced: enough to order places)."""
    u, i, n = place
    texts = [w.text for w in units[u]]
    start = sum(len(t) + 1 for t in texts[:i])
    return start, start + len(" ".join(texts[i:i + n]))


@pytest.mark.parametrize("why", [*LOCATING, *FILE_RULES])
@EACH_SETTINGS
@given(data=st.data())
def test_invalid_correction_is_named(why: str, data: st.DataObject) -> None:
    """An invalid correction stops the build with one problem, naming it and its line."""
    case = data.draw(bad_cases(why))
    corrections, lines = corrections_file(case.entries)
    with pytest.raises(CorrectionsError) as raised:
        render(case.article, corrections)
    problems = raised.value.problems
    assert [p.correction_id for p in problems] == [case.entries[case.bad]["id"]], problems
    (problem,) = problems
    assert case.message in problem.message
    assert str(problem.path) == str(Path("corrections", "page.yml"))
    assert problem.line == lines[case.bad][case.field]

