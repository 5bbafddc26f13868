"""The Python-Markdown extension that applies a page's corrections while the page is rendered."""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from .apply import apply_matches
from .locate import Match, PageText, locate, overlaps
from .model import Catalog, PageCorrections, PageResult
from .problems import Problem
from .render.article import add_to_tree

# After attr_list (8) has removed its {: ...} syntax, so the text is what readers see; before
# abbr (7) and toc (5), so abbreviations, the TOC, heading ids and the page title use corrected text.
PRIORITY = 7.5


class CorrectionsExtension(Extension):
    """Shared by every page of a build; the adapter says which page is being rendered."""

    def __init__(self, catalog: Catalog | None = None, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.catalog = catalog or Catalog()
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


class CorrectionsTreeprocessor(Treeprocessor):
    """Locate every correction of the page, then apply them all, or none if any cannot apply."""

    def __init__(self, md: Markdown, extension: CorrectionsExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        """Correct the tree in place; problems are collected on the extension, never half-applied."""
        ext = self.extension
        if ext.page is None or not ext.page.corrections:
            return
        page = PageText.of(root)
        matches: list[Match] = []
        problems: list[Problem] = []
        for correction in ext.page.corrections:
            found, trouble = locate(page, correction)
            matches += found
            problems += trouble
        problems += overlaps(matches)
        if problems:
            ext.problems += problems
            return
        placements = apply_matches(page, matches, ext.catalog.notes)
        ext.result = PageResult(ext.page.page, placements)
        add_to_tree(root, ext.result, ext.catalog.notes, self.md.htmlStash.store)
