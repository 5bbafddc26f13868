"""The search copy of a corrected page: what a search indexer reads in it equals what it reads in the page."""

from __future__ import annotations

from xml.etree.ElementTree import Element

import markdown

from corrigenda.render.search_copy import search_copy
from tests.conftest import search_sections as sections

SOURCE = """\
# Kim Jong-un visits Moscow

Kim Jong-un met [Sergey Lavrov](https://example.org/lavrov) on *Tuesday* in the capital,
according to officials in Kazan. The `Kim Jong-un` field stays as filed.

## Talks with Lavrov

- Lavrov said the talks were <b>useful</b> &amp; long.
- A second talk was held.
"""

ENTRIES = """\
- id: name
  date: 2024-01-02
  kind: name
  original: Kim Jong-un
  corrected: Kim Jong Un
  all: true
  note: An earlier version misspelled the name of Kim Jong Un.
- id: link
  date: 2024-01-03
  kind: name
  original: Sergey Lavrov
  corrected: Sergei Lavrov
  note: An earlier version misspelled the name of Sergei Lavrov.
- id: day
  date: 2024-01-04
  kind: date
  original: Tuesday
  corrected: Wednesday
  note: An earlier version gave the wrong day.
- id: claim
  date: 2024-01-05
  kind: removal
  original: ", according to officials in Kazan"
  note: An earlier version attributed the claim to officials in Kazan.
- id: heading
  date: 2024-01-06
  kind: typo
  original: Talks with Lavrov
  corrected: Talks with Sergei Lavrov
  note: An earlier version of a heading gave only the surname.
- id: escaped
  date: 2024-01-07
  kind: fact
  original: second
  corrected: "third <and> & last"
  note: The count was wrong.
"""


def test_copy_indexes_as_the_page_does(engine) -> None:
    rendered = engine(SOURCE, ENTRIES, search_copies=True)
    result = rendered.extension.result
    assert result is not None and result.search_html is not None
    copy = result.search_html
    assert sections(copy) == sections(rendered.html)
    text = " ".join(title + " " + body for _, title, body in sections(copy))
    assert "Kim Jong Un met Sergei Lavrov on Wednesday in the capital." in text
    assert "Talks with Sergei Lavrov" in text and "third &lt;and&gt; &amp; last" in text
    assert "officials in Kazan" not in text and "Tuesday" not in text


def test_copy_has_none_of_the_correction_markup(engine) -> None:
    rendered = engine(SOURCE, ENTRIES, search_copies=True)
    copy = rendered.extension.result.search_html
    body = copy.split("<section")[0]  # the Corrections section is the page's own
    for markup in ("data-correction", "corrigenda-then", "corrigenda-now", "corrigenda-marker", "<ins"):
        assert markup not in body
    # The page's own markup is kept, links and raw HTML included, and so is the code as filed.
    assert '<a href="https://example.org/lavrov">Sergei Lavrov</a>' in copy
    assert "<code>Kim Jong-un</code>" in copy and "<b>useful</b> &amp; long" in copy
    assert '<h2 id="talks-with-lavrov">Talks with Sergei Lavrov</h2>' in copy  # ids stay as published


HEADLINE = """\
- id: t
  date: 2024-01-02
  kind: typo
  original: Title
  corrected: Headline
  note: Fixed.
"""


def test_raw_html_of_the_page_is_kept(engine) -> None:
    """Raw HTML the page wrote, even with the engine's class names, is the page's own."""
    source = '# Title\n\nA <span class="corrigenda">word</span> and <del class="corrigenda-original">x</del>.\n'
    rendered = engine(source, HEADLINE, search_copies=True)
    copy = rendered.extension.result.search_html
    assert '<span class="corrigenda">word</span>' in copy and "corrigenda-original" in copy
    assert copy.startswith('<h1 id="title">Headline</h1>')


def test_links_of_the_page_are_kept(engine) -> None:
    """Links the page wrote, even with the marker's class and a note's address, are its text."""
    source = ("# Title\n\nSee [why](#correction-t){.corrigenda-marker} and "
              "[this](https://example.org){.corrigenda-marker}.\n")
    rendered = engine(source, HEADLINE, search_copies=True)
    copy = rendered.extension.result.search_html
    assert sections(copy) == sections(rendered.html)
    assert ">this</a>" in copy


def test_only_asked_for(engine) -> None:
    assert engine(SOURCE, ENTRIES).extension.result.search_html is None


def test_copy_of_a_page_without_the_wrapper_element() -> None:
    """An empty document, as Markdown writes it, gives an empty copy rather than a crash."""
    md = markdown.Markdown()
    md.convert("")
    assert search_copy(Element("div"), md, []) == ""
