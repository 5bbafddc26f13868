"""Generated pages and corrections: the engine applies exactly what was asked, or names the culprit.

Pages are paragraphs of words from a small vocabulary (so words repeat), some emphasised, some
in inline code. Every word has five letters and no word is part of another, so a model of the
page (word positions) predicts every match the engine must find in the text readers see.
"""

from __future__ import annotations

import json
import os
import tempfile
import textwrap
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, assume, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from corrigenda import CorrectionsError, CorrectionsExtension, load_catalog  # noqa: E402
from tests.conftest import search_sections  # noqa: E402

VOCABULARY = ("amber", "birch", "cedar", "delta", "ember", "fjord", "grove", "heron")
STYLES = ("plain", "plain", "plain", "em", "code")
# Corrected text may carry characters that need escaping; it is never matched again.
REPLACEMENTS = ("ZULU", "Yankee X", "a < b & c", "\"quoted\"", "")
# 40 examples keep CI fast; set CORRIGENDA_EXAMPLES=1000 for a longer hunt. No example database
# is written into the work tree.
SETTINGS = settings(max_examples=int(os.environ.get("CORRIGENDA_EXAMPLES", "40")), deadline=None,
                    database=None, suppress_health_check=[HealthCheck.too_slow])
VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "source", "col", "area", "base", "embed", "track"}
# Elements the engine adds that readers do not see as text: hidden originals of "show original".
HIDDEN = ".corrigenda-then"


@dataclass(frozen=True)
class Word:
    text: str
    style: str

    @property
    def markdown(self) -> str:
        return {"plain": self.text, "em": f"*{self.text}*", "code": f"`{self.text}`"}[self.style]


Page = list[list[Word]]  # paragraphs of words


@dataclass(frozen=True)
class Planned:
    """A correction and the word positions (paragraph, first word, word count) it must change."""

    cid: str
    original: str
    corrected: str
    fields: dict[str, object]
    places: tuple[tuple[int, int, int], ...]


words = st.builds(Word, st.sampled_from(VOCABULARY), st.sampled_from(STYLES))
pages = st.lists(st.lists(words, min_size=1, max_size=12), min_size=1, max_size=5)


def page_markdown(page: Page) -> str:
    return "\n\n".join(" ".join(w.markdown for w in paragraph) for paragraph in page) + "\n"


def occurrences(page: Page, phrase: tuple[str, ...]) -> list[tuple[int, int, int]]:
    """Where a phrase stands in the text readers see, outside code, in reading order; like a
    search, each one after the previous one ("amber amber" is once in "amber amber amber")."""
    found = []
    for p, paragraph in enumerate(page):
        i = 0
        while i <= len(paragraph) - len(phrase):
            run = paragraph[i:i + len(phrase)]
            if all(w.style != "code" for w in run) and tuple(w.text for w in run) == phrase:
                found.append((p, i, len(phrase)))
                i += len(phrase)
            else:
                i += 1
    return found


def overlapping(a: tuple[int, int, int], b: tuple[int, int, int]) -> bool:
    return a[0] == b[0] and a[1] < b[1] + b[2] and b[1] < a[1] + a[2]


@st.composite
def valid_corrections(draw, page: Page) -> list[Planned]:
    """Corrections whose places do not overlap, each with a selector that fits its count."""
    planned: list[Planned] = []
    taken: list[tuple[int, int, int]] = []
    for n in range(draw(st.integers(1, 6))):
        p = draw(st.integers(0, len(page) - 1))
        start = draw(st.integers(0, len(page[p]) - 1))
        length = draw(st.integers(1, min(3, len(page[p]) - start)))
        phrase = tuple(w.text for w in page[p][start:start + length])
        found = occurrences(page, phrase)
        if not found:
            continue  # the phrase runs into code
        choice = draw(st.sampled_from(["all", "occurrence"] + (["plain"] if len(found) == 1 else [])))
        if choice == "all":
            places, fields = found, {"all": True}
        else:
            k = draw(st.integers(1, len(found)))
            places, fields = [found[k - 1]], ({"occurrence": k} if choice == "occurrence" else {})
        if any(overlapping(a, b) for a in places for b in [*taken, *places] if a is not b):
            continue  # another correction's words
        corrected = draw(st.sampled_from(REPLACEMENTS))
        taken += places
        planned.append(Planned(f"c{n}", " ".join(phrase), corrected, fields, tuple(places)))
    return planned


def expected_paragraphs(page: Page, planned: list[Planned]) -> list[str]:
    """Each paragraph's text after the corrections: the model's answer."""
    out = []
    for p, paragraph in enumerate(page):
        texts = [w.text for w in paragraph]
        starts = [sum(len(t) + 1 for t in texts[:i]) for i in range(len(texts))]
        text = " ".join(texts)
        edits = sorted(((starts[i], starts[i + n - 1] + len(texts[i + n - 1]), c.corrected)
                        for c in planned for (q, i, n) in c.places if q == p), reverse=True)
        for lo, hi, new in edits:
            text = text[:lo] + new + text[hi:]
        out.append(text)
    return out


def corrections_file(planned: list[Planned], kind: str = "fact") -> str:
    items = []
    for c in planned:
        fields = {"id": c.cid, "date": "2024-01-02", "kind": "removal" if not c.corrected else kind,
                  "original": c.original, **({"corrected": c.corrected} if c.corrected else {}),
                  "note": f"Fixed *{c.cid}*.", **c.fields}
        items.append("- " + "\n  ".join(f"{k}: {json.dumps(v)}" for k, v in fields.items()))
    return "page: page.md\ncorrections:\n" + textwrap.indent("\n".join(items) or "[]", "  ") + "\n"


def render(page: Page, planned: list[Planned]) -> tuple[str, CorrectionsExtension]:
    """The page rendered by the engine alone; raises CorrectionsError like a build would stop."""
    with tempfile.TemporaryDirectory() as tmp:
        docs, corrections = Path(tmp, "docs"), Path(tmp, "corrections")
        docs.mkdir()
        corrections.mkdir()
        (docs / "page.md").write_text(page_markdown(page), encoding="utf-8")
        (corrections / "page.yml").write_text(corrections_file(planned), encoding="utf-8")
        extension = CorrectionsExtension(load_catalog(corrections, docs), search_copies=True)
    extension.start_page("page.md")
    html = markdown.Markdown(extensions=[extension, "toc", "attr_list"]).convert(page_markdown(page))
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


def visible(tag) -> str:
    clone = BeautifulSoup(str(tag), "lxml")
    for hidden in clone.select(HIDDEN):
        hidden.decompose()
    return clone.get_text()


def body_paragraphs(soup: BeautifulSoup) -> list:
    """The article's own paragraphs: not the banner under the headline, not the notes."""
    return [p for p in soup.select("body > p") if "corrigenda-banner" not in (p.get("class") or [])
            and not p.find(class_="corrigenda-banner")]


@st.composite
def page_and_corrections(draw) -> tuple[Page, list[Planned]]:
    page = draw(pages)
    return page, draw(valid_corrections(page))


@SETTINGS
@given(page_and_corrections())
def test_valid_corrections_apply_exactly(case) -> None:
    page, planned = case
    html, extension = render(page, planned)
    assert_well_formed(html)
    soup = BeautifulSoup(html, "lxml")
    assert [visible(p) for p in body_paragraphs(soup)] == expected_paragraphs(page, planned)
    for c in planned:
        spans = soup.select(f'span[data-correction="{c.cid}"]')
        assert len(spans) == len(c.places)
        assert [visible(s) for s in spans] == [c.corrected] * len(c.places)
        assert all(len(s.select("a.corrigenda-marker")) == 1 for s in spans)
    ids = [el["id"] for el in soup.select("[id]")]
    assert len(ids) == len(set(ids))
    # Code is never touched: the same code, in the same order, as without corrections.
    plain = BeautifulSoup(markdown.markdown(page_markdown(page)), "lxml")
    assert [str(c) for c in soup.select("p code")] == [str(c) for c in plain.select("p code")]
    if planned:
        assert {p.correction.id for p in extension.result.placements} == {c.cid for c in planned}


@SETTINGS
@given(page_and_corrections())
def test_search_copy_indexes_as_the_page(case) -> None:
    page, planned = case
    html, extension = render(page, planned)
    if not planned:
        return
    copy = extension.result.search_html
    assert search_sections(copy) == search_sections(html)
    assert_well_formed(copy)
    soup = BeautifulSoup(copy, "lxml")
    # Soup reads a paragraph of white space alone ("<p>  </p>", all words removed) as one space.
    assert [" ".join(visible(p).split()) for p in body_paragraphs(soup)] == \
        [" ".join(text.split()) for text in expected_paragraphs(page, planned)]
    soup.select_one("section.corrigenda-notes").decompose()  # notes show their change, as ever
    assert not soup.select("[data-correction], .corrigenda-then, .corrigenda-marker, ins")


@st.composite
def page_with_one_bad_correction(draw) -> tuple[Page, list[Planned], str]:
    """Valid corrections plus one whose original is absent, or repeated with no selector."""
    page = draw(pages)
    planned = draw(valid_corrections(page))
    counts = {w: len(occurrences(page, (w,))) for w in VOCABULARY}
    absent = [w for w, n in counts.items() if n == 0]
    repeated = [w for w, n in counts.items() if n > 1]
    options = [*(("absent", w) for w in absent), *(("repeated", w) for w in repeated)]
    assume(options)
    bad = draw(st.sampled_from(options))
    planned = [c for c in planned if bad[1] not in c.original.split()]
    planned.append(Planned("bad-one", bad[1], "fixed", {}, ()))
    return page, planned, bad[0]


@SETTINGS
@given(page_with_one_bad_correction())
def test_invalid_correction_is_named(case) -> None:
    page, planned, why = case
    with pytest.raises(CorrectionsError) as raised:
        render(page, planned)
    problems = raised.value.problems
    assert {p.correction_id for p in problems} == {"bad-one"}
    assert ("not on the page" if why == "absent" else "occurs") in problems[0].message
    assert str(problems[0].path).endswith("page.yml") and problems[0].line >= 3
