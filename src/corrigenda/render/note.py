"""Turn an editor's note (inline Markdown, no HTML) into sanitised HTML and plain text.

Notes are CommonMark, rendered by cmark-gfm (GitHub's C implementation): a build renders tens of
thousands of them, and Python-Markdown took some 50 times longer. cmark's Python binding has no
syntax tree, so it can say that a note has raw HTML but not which: a note it flags is explained
with Python-Markdown, whose stash keeps each piece of raw HTML. Flagged notes stop the build, so
their HTML is never published.
"""

from __future__ import annotations

import re
from html import unescape

import cmarkgfm
import markdown
import nh3
from markupsafe import escape

from ..model import RenderedNote

# Characters that can start Markdown or HTML syntax in a line of text (or an autolink).
_MARKDOWN_OR_HTML = re.compile(r"[\\`*_\[\]<>&]|^(?:[#>+=-]|\d+[.)])|://")
# In nh3's own output: attributes are always double-quoted there.
_HREF = re.compile(r'href="([^"]*)"')
_ABSOLUTE = re.compile(r"(?:https?:|mailto:)", re.I)
# What cmark writes instead of raw HTML, and instead of a link to an unsafe scheme (javascript:).
_RAW_HTML = "<!-- raw HTML omitted -->"
_EMPTY_LINK = 'href=""'
_SEPARATOR = "CORRIGENDA-NOTE-SEPARATOR-7d41"
ALLOWED_TAGS = {"a", "em", "strong", "code", "b", "i", "cite", "q", "sub", "sup"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def _cleaner(tags: set[str]) -> nh3.Cleaner:
    return nh3.Cleaner(tags=tags, attributes=ALLOWED_ATTRIBUTES, url_schemes=ALLOWED_URL_SCHEMES,
                       link_rel="noopener nofollow")


class NoteRenderer:
    """Renders the notes of a build, many notes per sanitiser pass.

    A call's fixed cost is most of the cost of sanitising a one-sentence note, so the notes of a
    file go through the sanitiser together, separated by a marker no note contains.
    """

    def __init__(self) -> None:
        self._note_cleaner = _cleaner(ALLOWED_TAGS)
        self._text_cleaner = _cleaner(set())  # keeps the text, escaped, of every element
        self._explainer: markdown.Markdown | None = None

    def render(self, note: str) -> tuple[RenderedNote, list[str]]:
        """The rendered note and what in it is not allowed (raw HTML, unsafe links)."""
        return self.render_many([note])[0]

    def render_many(self, notes: list[str]) -> list[tuple[RenderedNote, list[str]]]:
        """Each note rendered, with what in it is not allowed, in the order given."""
        texts = [" ".join(note.split()) for note in notes]
        # Plain sentences need only escaping, which is all Markdown would do to them.
        done: dict[int, tuple[RenderedNote, list[str]]] = {
            i: (RenderedNote(html=str(escape(text)), text=text), [])
            for i, text in enumerate(texts) if not _MARKDOWN_OR_HTML.search(text)}
        rest = [i for i in range(len(texts)) if i not in done]
        if not rest:
            return [done[i] for i in range(len(texts))]
        # One cmark call per note (microseconds), so nothing in one note can reach another.
        parts = [_inline(cmarkgfm.markdown_to_html(texts[i])) for i in rest]
        clean = _clean_all(self._note_cleaner, parts)
        plain = _clean_all(self._text_cleaner, clean)
        for i, part, cleaned, text in zip(rest, parts, clean, plain):
            suspect = _RAW_HTML in part or _EMPTY_LINK in part
            done[i] = self._explain(texts[i]) if suspect else _finish(part, cleaned, text)
        return [done[i] for i in range(len(texts))]

    def _explain(self, text: str) -> tuple[RenderedNote, list[str]]:
        """A refused note's problems, each piece of raw HTML named (from Python-Markdown's stash)."""
        if self._explainer is None:
            self._explainer = markdown.Markdown(extensions=[])
        self._explainer.reset()
        html = self._explainer.convert(text)
        raw_html = [str(block) for block in self._explainer.htmlStash.rawHtmlBlocks]
        issues = [f"it contains HTML ({snippet.strip()[:60]!r})"
                  for snippet in raw_html if snippet.lstrip().startswith("<")]
        html = _inline(html)
        clean = self._note_cleaner.clean(html)
        note, more = _finish(html, clean, self._text_cleaner.clean(clean))
        return note, (issues + more) or ["it contains HTML or a link that is not allowed"]


def _inline(html: str) -> str:
    """A note is one inline run: drop the paragraph wrapper Markdown adds."""
    return html.strip().removeprefix("<p>").removesuffix("</p>").replace("</p>\n<p>", " ")


def _clean_all(cleaner: nh3.Cleaner, parts: list[str]) -> list[str]:
    """Each part sanitised; in one pass between separators when no part holds the separator."""
    separator = f" {_SEPARATOR} "
    if not any(_SEPARATOR in part for part in parts):
        cleaned = cleaner.clean(separator.join(parts)).split(separator)
        if len(cleaned) == len(parts):
            return cleaned
    return [cleaner.clean(part) for part in parts]


def _finish(html: str, clean: str, text: str) -> tuple[RenderedNote, list[str]]:
    """The sanitised note and what in it is not allowed, given its HTML before and after nh3
    and its text (escaped, as nh3 leaves it when it removes every tag)."""
    issues = []
    # nh3 drops a link's address when its scheme is not allowed (ftp:, tel:, javascript:).
    if "href=" in html and clean.count("href=") < html.count("href="):
        issues.append("it links to an address that is not http, https or mailto")
    if "<img" in html:
        issues.append("it contains an image")
    issues += [f"it links to '{href}', which is not a full address (feeds and the log would "
               "break it)" for href in _HREF.findall(clean) if not _ABSOLUTE.match(href)]
    return RenderedNote(html=clean, text=" ".join(unescape(text).split())), issues
