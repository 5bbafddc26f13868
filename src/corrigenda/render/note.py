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
ALLOWED_TAGS = {"a", "em", "strong", "code", "b", "i", "cite", "q", "sub", "sup"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


class NoteRenderer:
    """Renders every note of a build with one Markdown instance (creating one per note is slow)."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(extensions=[])

    def render(self, note: str) -> tuple[RenderedNote, list[str]]:
        """The rendered note and what in it is not allowed (raw HTML, unsafe links)."""
        text = " ".join(note.split())
        if not _MARKDOWN_OR_HTML.search(text):
            # Most notes are plain sentences: escaping is all Markdown would do to them.
            return RenderedNote(html=str(escape(text)), text=text), []
        self._md.reset()
        html = self._md.convert(note.strip())
        issues = [
            f"it contains HTML ({snippet.strip()[:60]!r})"
            for snippet in self._md.htmlStash.rawHtmlBlocks
            if str(snippet).lstrip().startswith("<")
        ]
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
