"""Mend three flaws in Material's own page template: valid HTML and an accessible search dialog.

Material 9 writes `autocomplete="off"` on its drawer and search checkboxes (the attribute is
not allowed on checkboxes), `tabindex=""` on navigation labels of sections without an index
page (an empty tabindex is not an integer), and a search `role="dialog"` without a name.
These strings come from the theme's templates, never from authors or editors, so replacing
them exactly is safe; the Nu HTML Checker and axe-core tests catch a theme update that
changes them.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

THEME_INVALID = {
    'type="checkbox" id="__drawer" autocomplete="off">': 'type="checkbox" id="__drawer">',
    'type="checkbox" id="__search" autocomplete="off">': 'type="checkbox" id="__search">',
    ' tabindex="">': ">",
    '<div class="md-search" data-md-component="search" role="dialog">':
        '<div class="md-search" data-md-component="search" role="dialog" aria-label="Search">',
}


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    """Drop the theme's invalid attributes from a finished page."""
    for invalid, valid in THEME_INVALID.items():
        output = output.replace(invalid, valid)
    return output
