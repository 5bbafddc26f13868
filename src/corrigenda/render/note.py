"""Turn an editor's note (inline Markdown, no HTML) into sanitised HTML and plain text.

Notes are CommonMark, rendered by cmark-gfm (GitHub's C implementation): a build renders tens of
thousands of them, and Python-Markdown took some 50 times longer. cmark's Python binding has no
syntax tree, so it can say that a note has raw HTML but not which: a note it flags is explained
with markdown-it-py, another CommonMark parser, whose tokens keep each piece of raw HTML and
whose time grows in proportion to the note (Python-Markdown took 24 s for a note of 5,000 '[').
Flagged notes stop the build, so their HTML is never published.
"""

from __future__ import annotations

import re
from html import unescape

import cmarkgfm
import nh3
from markdown_it import MarkdownIt
from markupsafe import escape

from ..model import RenderedNote
from ..problems import MAX_LISTED

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
_REFUSED = "it contains HTML or a link that is not allowed"


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
        self._explainer: MarkdownIt | None = None
        self._explained = 0

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
        """A refused note's problems, each piece of raw HTML and each unsafe link named."""
        if self._explained >= MAX_LISTED:  # more than a report lists: a flood, not a typo
            return RenderedNote(html=str(escape(text)), text=text), [_REFUSED]
        self._explained += 1
        if self._explainer is None:
            self._explainer = MarkdownIt("commonmark")  # raw HTML on, as cmark reads it
            # Every link kept as written, so the sanitiser sees (and reports) its address.
            self._explainer.validateLink = lambda url: True  # type: ignore[method-assign]
        tokens = self._explainer.parseInline(text)
        raw = [token.content.strip()[:60] for line in tokens for token in line.children or []
               if token.type == "html_inline"]
        more_raw = f" and {len(raw) - 3:,} more" if len(raw) > 3 else ""
        issues = [f"it contains HTML ({', '.join(map(repr, raw[:3]))}{more_raw})"] if raw else []
        html = self._explainer.renderer.render(tokens, self._explainer.options, {})
        clean = self._note_cleaner.clean(html)
        note, more = _finish(html, clean, self._text_cleaner.clean(clean))
        return note, (issues + more) or [_REFUSED]


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
