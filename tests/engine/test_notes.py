"""Notes: inline Markdown rendered and sanitised, many per Markdown conversion, same result as one by one."""

from __future__ import annotations

from corrigenda.render.note import NoteRenderer

NOTES = [
    "A plain sentence, with commas; and a semicolon.",
    "See *this* [source](https://example.org/a?b=1&c=2).",
    "Code `x < y` and **bold**.",
    "- looks like a list item",
    "1. looks like an ordered list",
    "AT&amp;T and R&D.",
    "Bad <b>html</b> here.",
    "Two\nlines   of text.",
]


def test_batch_and_single_rendering_agree() -> None:
    batch = NoteRenderer().render_many(NOTES)
    single = [NoteRenderer().render(note) for note in NOTES]
    assert batch == single
    html = dict(zip(NOTES, (note.html for note, _ in batch)))
    assert html[NOTES[1]] == ('See <em>this</em> <a href="https://example.org/a?b=1&amp;c=2" '
                              'rel="noopener nofollow">source</a>.')
    assert batch[6][1] == ["it contains HTML ('<b>', '</b>')"]
    assert batch[7][0].text == "Two lines of text."
    assert all(issues == [] for _, issues in batch[:6])


def test_links_to_other_schemes_are_refused() -> None:
    for note in ("see [x](ftp://example.com/)", "call [us](tel:+123)", "[x](javascript:alert(1))"):
        assert NoteRenderer().render(note)[1] == ["it links to an address that is not http, https or mailto"]


def test_no_note_reaches_another() -> None:
    notes = ["CORRIGENDA\\-NOTE-SEPARATOR-7d41", "*a*", "```", "*b*", "[x]: https://evil.example/", "see [x] *now*"]
    rendered = [note.html for note, _ in NoteRenderer().render_many(notes)]
    assert rendered == [note.html for note, _ in (NoteRenderer().render(n) for n in notes)]
    assert rendered[1] == "<em>a</em>" and rendered[3] == "<em>b</em>"
    assert rendered[5] == "see [x] <em>now</em>"
