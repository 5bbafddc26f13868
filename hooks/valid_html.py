"""Make Material's page template valid HTML, so the Nu HTML Checker reports no errors.

Material 9 writes `autocomplete="off"` on its drawer and search checkboxes (the attribute is
not allowed on checkboxes) and `tabindex=""` on navigation labels of sections without an index
page (an empty tabindex is not an integer). Both strings come from the theme's own templates,
never from authors or editors, so removing them exactly is safe.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

THEME_INVALID = {
    'type="checkbox" id="__drawer" autocomplete="off">': 'type="checkbox" id="__drawer">',
    'type="checkbox" id="__search" autocomplete="off">': 'type="checkbox" id="__search">',
    ' tabindex="">': ">",
}


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    """Drop the theme's invalid attributes from a finished page."""
    for invalid, valid in THEME_INVALID.items():
        output = output.replace(invalid, valid)
    return output
