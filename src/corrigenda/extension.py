"""The Python-Markdown extension that applies a page's corrections while the page is rendered."""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from .apply import add_originals, apply_matches
from .locate import Match, PageText, locate, overlaps
from .model import Catalog, PageCorrections, PageResult
from .problems import Problem
from .render.article import add_to_tree, stashed_ids
from .render.search_copy import search_copy
from .structure import heading_of, keep_heading_ids, structural_problems, uncorrectable_copies
from .timing import stopwatch, timed

# After attr_list (8) has removed its {: ...} syntax, so the text is what readers see; before
# abbr (7) and toc (5), so abbreviations, the TOC, heading ids and the page title use corrected text.
PRIORITY = 7.5
# After MkDocs takes the page title (1) and before unescaping (0): originals shown on request
# must never reach the TOC, heading ids or the title.
ORIGINALS_PRIORITY = 0.5
# A tag no Markdown writes, so taking the placeholders out can never take anything else.
RESERVED_TAG = "corrigenda-reserved-id"
# Last, after unescaping (0) and MkDocs' link rewriting (0): the copy is the page as it will be written.
SEARCH_COPY_PRIORITY = -1


class CorrectionsExtension(Extension):
    """Shared by every page of a build; the adapter says which page is being rendered."""

    def __init__(self, catalog: Catalog | None = None, notes_in_content: bool = True,
                 search_copies: bool = False, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.catalog = catalog or Catalog()
        # An adapter may place the Corrections section itself (render.article.notes_html), out of
        # the content that its search indexer parses.
        self.notes_in_content = notes_in_content
        # An adapter whose search indexer parses pages may give it each corrected page's search copy.
        self.search_copies = search_copies
        self.page: PageCorrections | None = None
        self.result: PageResult | None = None
        self.problems: list[Problem] = []

    def start_page(self, page: str) -> None:
        """Select the corrections of the page about to be rendered (none if it has no file)."""
        self.page = self.catalog.for_page(page)
        self.result = None

    def extendMarkdown(self, md: Markdown) -> None:
        """Register the corrections treeprocessor on this page's Markdown instance."""
        md.treeprocessors.register(CorrectionsTreeprocessor(md, self), "corrigenda", PRIORITY)
        md.treeprocessors.register(OriginalsTreeprocessor(md, self), "corrigenda_originals",
                                   ORIGINALS_PRIORITY)
        if self.search_copies:
            md.treeprocessors.register(SearchCopyTreeprocessor(md, self), "corrigenda_search_copy",
                                       SEARCH_COPY_PRIORITY)


class _PageTreeprocessor(Treeprocessor):
    """A treeprocessor that works on the page the shared extension is currently rendering."""

    def __init__(self, md: Markdown, extension: CorrectionsExtension) -> None:
        super().__init__(md)
        self.extension = extension


class CorrectionsTreeprocessor(_PageTreeprocessor):
    """Locate every correction of the page, then apply them all, or none if any cannot apply."""

    def run(self, root: etree.Element) -> None:
        """Correct the tree in place; problems are collected on the extension, never half-applied."""
        ext = self.extension
        if ext.page is None or not ext.page.corrections:
            return
        lap = stopwatch()
        page = PageText.of(root)
        lap("page text")
        matches: list[Match] = []
        problems: list[Problem] = []
        for correction in ext.page.corrections:
            found, trouble = locate(page, correction)
            matches += found
            problems += trouble
        problems += overlaps(matches) + structural_problems(page, matches)
        problems += uncorrectable_copies(root, self.md, list(ext.page.corrections))
        lap("locate")
        if problems:
            ext.problems += problems
            return
        if any(heading_of(page, match.start) is not None for match in matches):
            keep_heading_ids(root, self.md)
        placements = apply_matches(page, matches, ext.catalog.notes)
        ext.result = PageResult(ext.page.page, placements)
        lap("apply")
        add_to_tree(root, ext.result, ext.catalog.notes, self.md.htmlStash.store, ext.notes_in_content)
        reserve_ids(root, stashed_ids(ext.result, ext.notes_in_content))
        lap("notes section")


def reserve_ids(root: etree.Element, ids: set[str]) -> None:
    """Hold the ids of what is added as HTML (notes, and their section if placed later) in the tree,
    where the toc extension sees them, so a heading of the article never takes one of them, and
    where MkDocs' anchor check (also at 5) finds them, so links to them validate."""
    # An author's "## Corrections" would otherwise get id="corrections" too, and the banner's
    # link, the TOC and every marker's link would lead to that heading instead.
    for anchor in sorted(ids):
        etree.SubElement(root, RESERVED_TAG, {"id": anchor})


def release_ids(root: etree.Element) -> None:
    """Take the placeholders out once the toc extension has given the headings their ids."""
    for placeholder in root.findall(RESERVED_TAG):
        root.remove(placeholder)


class OriginalsTreeprocessor(_PageTreeprocessor):
    """Add the original text, hidden by default, to every correction applied on the page."""

    @timed("originals")
    def run(self, root: etree.Element) -> None:
        """Insert originals next to the corrected text of this page's placements."""
        result = self.extension.result
        if result is not None:
            release_ids(root)
            add_originals(root, {c.id: c for c in result.applied()})


class SearchCopyTreeprocessor(_PageTreeprocessor):
    """Keep a copy of the corrected page without its correction markup, for search indexers."""

    @timed("search copy")
    def run(self, root: etree.Element) -> None:
        """Store the copy on the page's result; a page without corrections needs none."""
        result = self.extension.result
        if result is not None and result.placements:
            result.search_html = search_copy(root, self.md, (c.id for c in result.applied()))
