"""Turn an editor's note (inline Markdown, no HTML) into sanitised HTML and plain text."""

from __future__ import annotations

import re

import markdown
import nh3
from markupsafe import Markup, escape

from ..model import RenderedNote

# Characters that can start Markdown or HTML syntax in a line of text (or an autolink).
_MARKDOWN_OR_HTML = re.compile(r"[\\`*_\[\]<>&]|^(?:[#>+=-]|\d+[.)])|://")
# In nh3's own output: attributes are always double-quoted there.
_HREF = re.compile(r'href="([^"]*)"')
_ABSOLUTE = re.compile(r"(?:https?:|mailto:)", re.I)
_SEPARATOR = "CORRIGENDA-NOTE-SEPARATOR-7d41"
ALLOWED_TAGS = {"a", "em", "strong", "code", "b", "i", "cite", "q", "sub", "sup"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


class NoteRenderer:
    """Renders the notes of a build with one Markdown instance, many notes per conversion.

    A conversion's fixed cost is most of the cost of a one-sentence note, so the Markdown notes
    of a file go through Markdown together, one paragraph each between separator paragraphs.
    """

    def __init__(self) -> None:
        self._md = markdown.Markdown(extensions=[])

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
        parts = self._convert(f"\n\n{_SEPARATOR}\n\n".join(texts[i] for i in rest)).split(
            f"<p>{_SEPARATOR}</p>") if rest else []
        if len(parts) == len(rest) and not self._md.htmlStash.rawHtmlBlocks:
            done.update((i, _finish(part.strip(), [])) for i, part in zip(rest, parts))
        else:
            # Raw HTML must be traced to its note, or a note broke the batch: one at a time.
            for i in rest:
                html = self._convert(texts[i])
                done[i] = _finish(html, [str(block) for block in self._md.htmlStash.rawHtmlBlocks])
        return [done[i] for i in range(len(texts))]

    def _convert(self, text: str) -> str:
        """One Markdown conversion with the shared instance."""
        self._md.reset()
        return self._md.convert(text)


def _finish(html: str, raw_html: list[str]) -> tuple[RenderedNote, list[str]]:
    """Sanitise one note's HTML and list what in it is not allowed."""
    issues = [f"it contains HTML ({snippet.strip()[:60]!r})"
              for snippet in raw_html if snippet.lstrip().startswith("<")]
    # A note is one inline run: drop the paragraph wrapper Markdown adds.
    html = html.removeprefix("<p>").removesuffix("</p>").replace("</p>\n<p>", " ")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener nofollow",
    )
    if not issues and "href=" in html and clean.count("href=") < html.count("href="):
        issues.append("it links to an address that is not http, https or mailto")
    if "<img" in html:
        issues.append("it contains an image")
    issues += [f"it links to '{href}', which is not a full address (feeds and the log would "
               "break it)" for href in _HREF.findall(clean) if not _ABSOLUTE.match(href)]
    return RenderedNote(html=clean, text=Markup(clean).striptags()), issues
