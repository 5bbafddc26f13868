"""Matching text as readers see it, applying corrections in place, and refusing what cannot apply."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup

from corrigenda import CorrectionsError
from corrigenda.render.article import notes_html
from tests.conftest import visible_text


def entry(original: str, corrected: str = "X", cid: str = "c1", kind: str = "fact", extra: str = "") -> str:
    """One YAML correction item."""
    lines = [f"- id: {cid}", "  date: 2023-10-19", f"  kind: {kind}", f"  original: {original!r}",
             f"  corrected: {corrected!r}" if corrected else "", "  note: A note.", extra]
    return "\n".join(line for line in lines if line) + "\n"


def text_paragraphs(rendered) -> list:
    """The page's own paragraphs: not the banner, not the notes."""
    return rendered.soup.select("body > p:not(.corrigenda-banner)")


def corrected_spans(rendered, cid: str = "c1") -> list[str]:
    return [visible_text(span) for span in rendered.soup.select(f'[data-correction="{cid}"]')]


def test_plain_match_is_replaced_and_marked(engine) -> None:
    out = engine("Sergey Lankov arrived.\n", entry("Sergey Lankov", "Sergey Lavrov", "lavrov"))
    span = out.soup.select_one('span[data-correction="lavrov"]')
    assert visible_text(span) == "Sergey Lavrov"
    assert span.select_one("del.corrigenda-original").get_text() == "Sergey Lankov"
    assert span["id"] == "corrected-lavrov"
    marker = span.select_one("a.corrigenda-marker")
    assert marker["href"] == "#correction-lavrov"
    assert marker["title"] == "Correction: A note."
    assert marker.get_text() == ""  # no text of its own: headings, TOC and search stay clean
    assert visible_text(text_paragraphs(out)[0]).startswith("Sergey Lavrov arrived.")
    assert "Lankov" not in visible_text(text_paragraphs(out)[0])


def test_inline_formatting_does_not_break_a_match(engine) -> None:
    out = engine("Minister Sergey *Lankov* arrived.\n", entry("Sergey Lankov", "Sergey Lavrov"))
    paragraph = text_paragraphs(out)[0]
    assert visible_text(paragraph).startswith("Minister Sergey Lavrov arrived.")
    assert corrected_spans(out) == ["Sergey Lavrov"]
    assert paragraph.find("em") is None  # the emphasised word was wholly replaced


def test_match_across_a_link_keeps_the_link_and_marker_outside_it(engine) -> None:
    out = engine("See [the United Sates](https://example.org) today.\n", entry("United Sates", "United States"))
    link = out.soup.select_one('a[href="https://example.org"]')
    assert visible_text(link) == "the United States"
    assert link.find("a") is None
    assert link.find_next_sibling("a")["class"] == ["corrigenda-marker"]


def test_text_in_code_is_never_matched(engine) -> None:
    source = "Use `has be able` and\n\n    has be able\n\nbut has be able here.\n"
    out = engine(source, entry("has be able", "has been able"))
    assert corrected_spans(out) == ["has been able"]
    assert [c.get_text() for c in out.soup.find_all("code")] == ["has be able", "has be able\n"]


def test_matching_is_case_sensitive_and_exact(engine) -> None:
    with pytest.raises(CorrectionsError) as raised:
        engine("The united sates.\n", entry("United Sates", "United States"))
    (problem,) = raised.value.problems
    assert "is not on the page" in problem.message
    assert "the closest text on the page is: ...The [united sates.]" in problem.message


@pytest.mark.parametrize("source, original, shown", [
    ("Procter &amp; Gambel said.\n", "Procter & Gambel", "[Procter … Gambel] said."),
    ("The AT\\*T deal.\n", "AT*T deal", "The [AT*T deal.]"),
])
def test_text_beside_an_entity_or_escape_is_explained(engine, source: str, original: str, shown: str) -> None:
    """The closest text showed 'Procter  Gambel' and 'ATT deal', and nothing said why neither matched."""
    with pytest.raises(CorrectionsError) as raised:
        engine(source, entry(original, "X"))
    (problem,) = raised.value.problems
    assert f"the closest text on the page is: ...{shown}... (the article's Markdown writes part of it " \
           "as an entity such as &amp;, a backslash escape" in problem.message
    assert "correct the words on either side of it" in problem.message


def test_soft_line_breaks_read_as_spaces(engine) -> None:
    out = engine("Sergey\nLankov arrived.\n", entry("Sergey Lankov", "Sergey Lavrov"))
    assert corrected_spans(out) == ["Sergey Lavrov"]


def test_several_occurrences_without_selector_stop_with_each_context(engine) -> None:
    with pytest.raises(CorrectionsError) as raised:
        engine("The form is here.\n\nAnother form there.\n", entry("form", "from"))
    (problem,) = raised.value.problems
    assert "occurs 2 times on the page" in problem.message
    assert problem.listing == ("1. ...The [form] is here....", "2. ...Another [form] there....")
    assert "prefix" in problem.fix and "occurrence: N" in problem.fix and "all: true" in problem.fix


@pytest.mark.parametrize("extra, expected", [
    ("  occurrence: 2", ["The form is here.", "Another from there."]),
    ("  prefix: 'Another '", ["The form is here.", "Another from there."]),
    ("  suffix: ' there'", ["The form is here.", "Another from there."]),
    ("  all: true", ["The from is here.", "Another from there."]),
])
def test_selectors_choose_occurrences(engine, extra: str, expected: list[str]) -> None:
    out = engine("The form is here.\n\nAnother form there.\n", entry("form", "from", extra=extra))
    assert [visible_text(p) for p in text_paragraphs(out)] == expected


def test_all_marks_every_occurrence_with_distinct_anchors(engine) -> None:
    out = engine("Peoples here, Peoples there.\n", entry("Peoples", "People's", extra="  all: true"))
    spans = out.soup.select('[data-correction="c1"]')
    assert [s["id"] for s in spans] == ["corrected-c1", "corrected-c1-2"]
    assert len(out.soup.select("a.corrigenda-marker")) == 2


def test_prefix_that_does_not_match(engine) -> None:
    with pytest.raises(CorrectionsError) as raised:
        engine("The form and a form.\n", entry("form", "from", extra="  prefix: 'No '"))
    (problem,) = raised.value.problems
    assert "no occurrence of 'form' has prefix 'No ' around it" in problem.message
    assert problem.line == 9  # the prefix line


@pytest.mark.parametrize("page, extra", [
    ("Amber `cedar` form here.\n", "  prefix: 'Amber '"),  # code between them
    ("The end, Amber\n\nform here.\n", "  prefix: 'Amber '"),  # the paragraph before
    ("The form\n\nhere.\n", "  suffix: ' here'"),  # the next paragraph
])
def test_prefix_and_suffix_are_read_within_the_block(engine, page: str, extra: str) -> None:
    """Readers see code, or a paragraph's edge, between the words: neither is a prefix or suffix."""
    with pytest.raises(CorrectionsError) as raised:
        engine(page, entry("form", "from", extra=extra))
    (problem,) = raised.value.problems
    assert "no occurrence of 'form' has" in problem.message


def test_occurrence_beyond_count(engine) -> None:
    with pytest.raises(CorrectionsError) as raised:
        engine("The form and a form.\n", entry("form", "from", extra="  occurrence: 3"))
    assert "asks for more than the 2 occurrence(s)" in raised.value.problems[0].message


def test_overlapping_corrections_name_both(engine) -> None:
    entries = entry("United Sates of", "United States of", "first") + entry("Sates of America", "States", "second")
    with pytest.raises(CorrectionsError) as raised:
        engine("The United Sates of America.\n", entries)
    (problem,) = raised.value.problems
    assert problem.correction_id == "second"
    assert "overlaps correction 'first'" in problem.message


def test_a_page_with_a_problem_is_not_half_corrected(engine) -> None:
    entries = entry("Lankov", "Lavrov", "good") + entry("missing text", "x", "bad")
    with pytest.raises(CorrectionsError):
        engine("Lankov arrived.\n", entries)


def test_correction_in_heading_keeps_its_published_anchor_and_a_clean_toc(engine) -> None:
    out = engine("# Title\n\n## Relations with the United Sates\n\nText.\n\n## Other\n\n## Other\n",
                 entry("United Sates", "United States"))
    heading = out.soup.find("h2", string=None)
    # Links to the article's sections, made when it was published, keep working.
    assert heading["id"] == "relations-with-the-united-sates"
    assert [h["id"] for h in out.soup.find_all("h2")][1:3] == ["other", "other_1"]
    assert visible_text(heading).strip() == "Relations with the United States"
    assert heading.select_one("del.corrigenda-original").get_text() == "United Sates"


def test_removal_leaves_a_marker(engine) -> None:
    out = engine("He arrived accompanied by local press to meet.\n",
                 entry(" accompanied by local press", "", kind="removal"))
    assert visible_text(text_paragraphs(out)[0]).startswith("He arrived to meet.")
    span = out.soup.select_one('[data-correction="c1"]')
    assert visible_text(span) == "" and span.select_one("a.corrigenda-marker")


def test_notes_section_banner_and_minor_fixes(engine) -> None:
    entries = (entry("Lankov", "Lavrov", "name-fix", kind="name")
               + entry("sates", "states", "typo-fix", kind="typo")
               + entry("big", "large", "clarify", kind="clarification").replace("2023-10-19", "2023-10-21"))
    out = engine("# Headline\n\nLankov and sates, big.\n", entries)
    soup = out.soup
    assert len(soup.find_all("h1")) == 1
    banner = soup.h1.find_next_sibling("p")
    assert banner.a.get_text(" ", strip=True) == (
        "Corrected 21 Oct 2023 · 1 correction, 1 clarification and 1 minor fix")
    assert banner.select_one("label input#corrigenda-show-original")["type"] == "checkbox"
    section = soup.select_one("section#corrections")
    notes = section.select("li.corrigenda-note")
    assert [n["id"] for n in notes] == ["correction-clarify", "correction-name-fix", "correction-typo-fix"]
    assert section.select_one("details.corrigenda-minor #correction-typo-fix")
    assert section.select_one("details.corrigenda-minor").get("open") is None
    first = notes[0]
    assert first.select_one(".corrigenda-note__label").get_text() == "Clarification"
    assert first.select_one("time")["datetime"] == "2023-10-21"
    assert first.select_one("del.corrigenda-original").get_text() == "big"
    assert first.select_one("ins").get_text() == "large"
    assert first.select_one(".corrigenda-note__back a")["href"] == "#corrected-clarify"
    assert all(n.has_attr("data-search-exclude") for n in notes)
    assert soup.select_one('[data-correction="typo-fix"] a')["class"] == [
        "corrigenda-marker", "corrigenda-marker--minor"]


def test_untrusted_text_is_escaped(engine) -> None:
    out = engine("Bad <b>x</b> words here.\n", entry("words", "<img src=x onerror=alert(1)>"))
    assert out.soup.find("img") is None
    assert "<img src=x onerror=alert(1)>" in visible_text(out.soup.select_one('[data-correction="c1"]'))


def test_note_markdown_is_rendered_and_sanitised(engine) -> None:
    item = entry("words", "terms").replace("A note.", "'See *this* [source](https://example.org).'")
    out = engine("Some words.\n", item)
    text = out.soup.select_one("#correction-c1 .corrigenda-note__text")
    assert text.find("em").get_text() == "this"
    assert text.find("a")["href"] == "https://example.org"
    assert text.find("a")["rel"] == ["noopener", "nofollow"]


def test_whole_words_only(engine) -> None:
    out = engine("North Korea and North Koreans met.\n", entry("North Korea", "the DPRK", extra="  all: true"))
    assert visible_text(text_paragraphs(out)[0]) == "the DPRK and North Koreans met."
    with pytest.raises(CorrectionsError) as raised:
        engine("They met in formation.\n", entry("form", "from"))
    assert "is not on the page" in raised.value.problems[0].message


@pytest.mark.parametrize("source", ["- Minister Sergey\n  Lankov arrived.\n", "> Sergey\n>   Lankov arrived.\n",
                                    "Sergey  Lankov arrived.\n"])
def test_any_white_space_in_the_source_reads_as_one_space(engine, source: str) -> None:
    out = engine(source, entry("Sergey Lankov", "Sergey Lavrov"))
    assert corrected_spans(out) == ["Sergey Lavrov"]


def test_copies_of_page_text_are_corrected_with_the_page_rules(tmp_path) -> None:
    from corrigenda import correct_plain_text
    from corrigenda.model import Correction, Kind, Selector

    def correction(original: str, corrected: str, **selector) -> Correction:
        return Correction("c", dt.date(2023, 10, 19), Kind.TYPO, original, corrected, "n", "p.md",
                          Selector(**selector))

    text = "It follows on form, the information platform; it has\nbeen so. GDP has grown."
    assert correct_plain_text(text, [correction("form", "from", prefix="follows on ")]) == \
        "It follows on from, the information platform; it has\nbeen so. GDP has grown."
    assert correct_plain_text(text, [correction("has grown", "had grown")]).endswith("GDP had grown.")
    assert correct_plain_text(text, [correction("has", "had", occurrence=2)]) == text
    assert correct_plain_text(text, [correction("it has been", "it was")]) == \
        "It follows on form, the information platform; it was so. GDP has grown."


def test_a_removal_cannot_empty_a_heading(engine) -> None:
    with pytest.raises(CorrectionsError) as raised:
        engine("# Title\n\n## Bad heading\n\nText.\n", entry("Bad heading", "", kind="removal"))
    assert raised.value.problems[0].message == "a removal cannot empty a heading"


def test_a_link_is_never_swallowed(engine) -> None:
    with pytest.raises(CorrectionsError) as raised:
        engine("Minister Sergey [Lankov](https://x.org/source) arrived.\n", entry("Sergey Lankov", "Sergey Lavrov"))
    assert "would be lost" in raised.value.problems[0].message
    out = engine("Minister [Sergey Lankov](https://x.org/source) arrived.\n", entry("Sergey Lankov", "Sergey Lavrov"))
    link = out.soup.select_one('a[href="https://x.org/source"]')
    assert visible_text(link) == "Sergey Lavrov"


@pytest.mark.parametrize("source", ['Sergey Lankov arrived.\n\n<p class="x">Photo: Sergey Lankov</p>\n',
                                    'Sergey Lankov arrived. ![Sergey Lankov at the airport](a.jpg)\n',
                                    'Sergey Lankov arrived. He is [FM](https://x.org "Sergey Lankov").\n',
                                    'Sergey Lankov, the FM, arrived.\n\n*[FM]: Sergey Lankov, Foreign Minister\n'])
def test_an_original_the_engine_cannot_reach_stops_the_build(engine, source: str) -> None:
    with pytest.raises(CorrectionsError) as raised:
        engine(source, entry("Sergey Lankov", "Sergey Lavrov", extra="  all: true"), ("toc", "abbr"))
    assert ("also appears in raw HTML, an image's alt text, a link's title or an abbreviation's"
            in raised.value.problems[0].message)


def test_abbreviations_the_page_does_not_use_do_not_count(engine) -> None:
    """A glossary (here in the page; a site's is the same) defines terms most pages never use."""
    source = "Sergey Lankov arrived.\n\n*[KCNA]: Sergey Lankov's news agency\n"
    out = engine(source, entry("Sergey Lankov", "Sergey Lavrov"), ("toc", "abbr"))
    assert corrected_spans(out) == ["Sergey Lavrov"]


def test_code_blocks_kept_aside_by_extensions_do_not_count(engine) -> None:
    source = "Sergey Lankov arrived.\n\n```python\nrecord = 'Sergey Lankov'\n```\n"
    out = engine(source, entry("Sergey Lankov", "Sergey Lavrov"), extensions=("pymdownx.superfences",))
    assert corrected_spans(out) == ["Sergey Lavrov"]


@pytest.mark.parametrize("original, count", [
    ("Sergey Lankov", 1), ("Lankov", 5), ("ergey", 0), ("Lankov Lankov", 1), ("met.", 2), ("a", 1)])
def test_plain_search_finds_what_the_white_space_pattern_finds(original: str, count: int) -> None:
    from dataclasses import replace
    from xml.etree import ElementTree

    from corrigenda.locate import PageText, occurrences

    root = ElementTree.fromstring("<div><p>Sergey Lankov arrived; Lankov Lankov Lankov met.</p>"
                                  "<p>Sergey</p><p>Lankov a met.</p></div>")
    page = PageText.of(root)
    assert page.single_spaced
    found = occurrences(page, original)
    assert found == occurrences(replace(page, single_spaced=False), original)
    assert len(found) == count


@pytest.mark.parametrize("blocks, original, spans", [
    (["ba a a"], "a a", [(3, 6)]),        # a candidate inside a word does not hide the next one
    (["x", "x x"], "x x", [(3, 6)]),      # nor does one across two blocks
])
def test_a_rejected_place_does_not_hide_the_next(blocks: list[str], original: str,
                                                 spans: list[tuple[int, int]]) -> None:
    from dataclasses import replace
    from xml.etree import ElementTree

    from corrigenda.locate import PageText, occurrences

    root = ElementTree.fromstring("<div>" + "".join(f"<p>{b}</p>" for b in blocks) + "</div>")
    page = PageText.of(root)
    assert occurrences(page, original) == occurrences(replace(page, single_spaced=False), original) == spans



@pytest.mark.parametrize("notes_in_content", [True, False])
def test_headings_never_take_the_ids_of_notes_or_their_section(engine, notes_in_content: bool) -> None:
    """An article's "## Corrections" took id="corrections", and the banner's link led to it."""
    source = "# Title\n\nSergey Lankov came.\n\n## Corrections\n\nOfficers.\n\n## Correction c1\n\nText.\n"
    out = engine(source, entry("Sergey Lankov", "Sergey Lavrov"), ("toc",), notes_in_content=notes_in_content)
    html = out.html
    if not notes_in_content:  # as the MkDocs hook does: the section goes in after the page
        html += str(notes_html(out.extension.result, out.extension.catalog.notes, section=True))
    soup = BeautifulSoup(html, "lxml")
    ids = [tag["id"] for tag in soup.select("[id]")]
    assert len(ids) == len(set(ids)), ids
    assert [(h.get_text(), h["id"]) for h in soup.select("h2")][:2] == [
        ("Corrections", "corrections_1"), ("Correction c1", "correction-c1_1")]
    assert [t["id"] for t in out.md.toc_tokens[0]["children"]][:2] == ["corrections_1", "correction-c1_1"]
    assert soup.select_one("#corrections")["class"] == ["corrigenda-notes"]
    assert soup.select_one("#correction-c1").name == "li"
    assert "corrigenda-reserved-id" not in html
