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
    assert batch[6][1] == ["it contains HTML ('<b>')", "it contains HTML ('</b>')"]
    assert batch[7][0].text == "Two lines of text."
    assert all(issues == [] for _, issues in batch[:6])
