"""What a correction must not break in the page's structure: heading anchors, headings, links."""

from __future__ import annotations

import copy
import html
import re
import xml.etree.ElementTree as etree
from functools import cache

import nh3
from markdown import Markdown
from markdown.extensions.abbr import AbbrExtension
from markdown.extensions.toc import remove_fnrefs, render_inner_html, strip_tags, unique

from .locate import Match, PageText, normalise
from .model import Correction, Kind
from .problems import Problem

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
CODE_TAGS = {"pre", "code", "script", "style"}


def heading_of(page: PageText, offset: int) -> etree.Element | None:
    """The heading holding the character at `offset`, if it is in one."""
    segment = page.segments[page.segment_at(offset)]
    node: etree.Element | None = segment.owner if segment.attr == "text" else page.parents.get(segment.owner)
    while node is not None and node.tag not in HEADINGS:
        node = page.parents.get(node)
    return node


def keep_heading_ids(root: etree.Element, md: Markdown) -> None:
    """Give every heading now the id its published text gives it, so links to it keep working.

    Does what the TOC extension would do (which runs after corrections, on corrected text), in
    the same order with the same slugify, so only the headings' text changes, never their ids.
    """
    toc = md.treeprocessors["toc"] if "toc" in md.treeprocessors else None
    if toc is None:
        return
    used = {el.attrib["id"] for el in root.iter() if "id" in el.attrib}
    counters: dict[str, int] = {}
    for el in root.iter():
        if el.tag in HEADINGS and "id" not in el.attrib:
            name = strip_tags(render_inner_html(remove_fnrefs(copy.deepcopy(el)), md))
            el.attrib["id"] = unique(toc.slugify(html.unescape(name), toc.sep), used, counters)


def structural_problems(page: PageText, matches: list[Match]) -> list[Problem]:
    """Matches that would empty a heading or swallow a link (or any element with attributes)."""
    problems = []
    for match in matches:
        correction = match.correction
        heading = heading_of(page, match.start)
        if (correction.kind is Kind.REMOVAL and heading is not None
                and "".join(heading.itertext()).strip() == page.text[match.start:match.end].strip()):
            problems.append(Problem(correction.where("original"), "a removal cannot empty a heading",
                                    "correct the heading's words instead (another kind than removal)",
                                    correction.id))
        first, last = page.segment_at(match.start), page.segment_at(match.end - 1)
        for segment in page.segments[first + 1:last + 1]:
            owner = segment.owner
            if segment.attr == "text" and owner.attrib and segment.end <= match.end and len(owner) == 0:
                problems.append(Problem(
                    correction.where("original"),
                    f"the original covers the whole text of a <{owner.tag}> (a link or marked-up "
                    "text) and text outside it, so the element would be lost",
                    "make 'original' start and end either inside that element's text or around "
                    "text outside it", correction.id))
                break
    return problems


@cache
def _text_of_html() -> nh3.Cleaner:
    """A sanitiser that keeps only text, and none of code's (made once: making one costs more than using it)."""
    return nh3.Cleaner(tags=set(), clean_content_tags=CODE_TAGS)


def _abbreviation_titles(root: etree.Element, md: Markdown) -> list[str]:
    """The titles the abbr extension (priority 7, after corrections) will give this page's text."""
    # A site-wide glossary defines terms most pages never use: only those on the page count.
    abbreviations = {term: title for ext in md.registeredExtensions if isinstance(ext, AbbrExtension)
                     for term, title in ext.abbrs.items()}
    if not abbreviations:
        return []
    text = " ".join(root.itertext())
    return [title for term, title in abbreviations.items()
            if re.search(rf"\b{re.escape(term)}\b", text)]  # the extension's own word boundaries


def uncorrectable_copies(root: etree.Element, md: Markdown, corrections: list[Correction]) -> list[Problem]:
    """Corrections whose original also appears where the engine cannot correct it.

    Raw HTML in the Markdown, image alt text and link titles reach readers unchanged, so such a
    copy would publish the error next to its correction.
    """
    # The stash also holds highlighted code blocks: code is never corrected, so its text is left out.
    hidden = [html.unescape(_text_of_html().clean(str(block))) for block in md.htmlStash.rawHtmlBlocks]
    hidden += [value for el in root.iter() for key, value in el.attrib.items() if key in {"alt", "title"}]
    hidden += _abbreviation_titles(root, md)
    text = normalise(" ".join(hidden))
    return [Problem(c.where("original"),
                    f"'{normalise(c.original)}' also appears in raw HTML, an image's alt text, a "
                    "link's title or an abbreviation's, which corrections cannot change",
                    "ask the desk to republish that part of the article, or correct a shorter "
                    "'original' that does not appear there", c.id)
            for c in corrections if normalise(c.original) in text]
