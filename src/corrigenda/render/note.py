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
    """Renders the notes of a build, many notes per conversion and per sanitiser pass.

    A call's fixed cost is much of the cost of a one-sentence note, so the Markdown notes of a
    file go through cmark and the sanitiser together, one paragraph each between separators.
    """

    def __init__(self) -> None:
        self._note_cleaner = _cleaner(ALLOWED_TAGS)
        self._batch_cleaner = _cleaner(ALLOWED_TAGS | {"p"})
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
        html = cmarkgfm.markdown_to_html(f"\n\n{_SEPARATOR}\n\n".join(texts[i] for i in rest))
        parts = html.split(f"<p>{_SEPARATOR}</p>")
        if len(parts) != len(rest):  # a note broke the batch: one at a time
            parts = [cmarkgfm.markdown_to_html(texts[i]) for i in rest]
        flagged = [_RAW_HTML in part or _EMPTY_LINK in part for part in parts]
        clean = self._batch_cleaner.clean(f"<p>{_SEPARATOR}</p>".join(parts)).split(
            f"<p>{_SEPARATOR}</p>")
        if len(clean) != len(rest):
            clean = [self._note_cleaner.clean(part) for part in parts]
        plain = self._text_cleaner.clean(f" {_SEPARATOR} ".join(clean)).split(f" {_SEPARATOR} ")
        if len(plain) != len(rest):
            plain = [self._text_cleaner.clean(part) for part in clean]
        for i, part, cleaned, text, suspect in zip(rest, parts, clean, plain, flagged):
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
        clean = self._note_cleaner.clean(_inline(html))
        note, more = _finish(html, clean, self._text_cleaner.clean(clean), unsafe_links=True)
        return note, (issues + more) or ["it contains HTML or a link that is not allowed"]


def _inline(html: str) -> str:
    """A note is one inline run: drop the paragraph wrapper Markdown adds."""
    return html.strip().removeprefix("<p>").removesuffix("</p>").replace("</p>\n<p>", " ")


def _finish(html: str, clean: str, text: str,
            unsafe_links: bool = False) -> tuple[RenderedNote, list[str]]:
    """The sanitised note and what in it is not allowed, given its HTML before and after nh3
    and its text (escaped, as nh3 leaves it when it removes every tag)."""
    clean = _inline(clean)
    issues = []
    if unsafe_links and "href=" in html and clean.count("href=") < html.count("href="):
        issues.append("it links to an address that is not http, https or mailto")
    if "<img" in html:
        issues.append("it contains an image")
    issues += [f"it links to '{href}', which is not a full address (feeds and the log would "
               "break it)" for href in _HREF.findall(clean) if not _ABSOLUTE.match(href)]
    return RenderedNote(html=clean, text=" ".join(unescape(text).split())), issues
