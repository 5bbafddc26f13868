"""The corrected page as a search indexer should read it: corrected text, none of the markup around it.

Search indexers (Material's, MkDocs' own) parse each page's HTML in Python, tag by tag. Every
correction adds four elements (the wrapper, the hidden original, the corrected text and the
marker) that they would parse only to skip: at 30 corrections a page that tripled the parsing.
The copy says the same to a search index (the originals are excluded from it anyway, the markers
have no text) for a fraction of the work.
"""

from __future__ import annotations

import copy
import xml.etree.ElementTree as etree
from collections.abc import Iterable

from markdown import Markdown

from ..apply import CORRECTED_CLASS, MARKER_CLASS, NOTE_ID, ORIGINAL_CLASS, WRAPPER_CLASS


def search_copy(root: etree.Element, md: Markdown, correction_ids: Iterable[str]) -> str:
    """The page's HTML, as `md` would write it, with each correction reduced to its corrected text."""
    ids = set(correction_ids)
    notes = {"#" + NOTE_ID.format(id=i) for i in ids}
    if any(_is_wrapper(block, ids) or _is_marker(block, notes) for block in root):
        tree = copy.deepcopy(root)  # corrections are inside blocks; in case one is not
        _reduce(tree, ids, notes)
        return _as_markdown_output(tree, md)
    # Only the blocks that hold a correction are copied and changed; the copy shares the others.
    tree = copy.copy(root)
    for position, block in enumerate(tree):
        if any(span.get("data-correction") in ids for span in block.iter("span")):
            tree[position] = changed = copy.deepcopy(block)
            _reduce(changed, ids, notes)
    return _as_markdown_output(tree, md)


def _reduce(top: etree.Element, ids: set[str], notes: set[str]) -> None:
    """Drop the markers and originals under `top`, and unwrap the corrected text from its markup."""
    found = [(parent, child) for parent in top.iter() for child in parent
             if _is_marker(child, notes) or _is_wrapper(child, ids)]
    # Last found first: a marker inside a wrapper is found after the wrapper, and must go first.
    for parent, element in reversed(found):
        if element.tag == "a":
            _drop(parent, element)
            continue
        for part in list(element):
            if part.tag == "del" and _has_class(part, ORIGINAL_CLASS):
                _drop(element, part)
            elif part.tag == "ins" and _has_class(part, CORRECTED_CLASS):
                _unwrap(element, part)
        _unwrap(parent, element)


def _is_marker(element: etree.Element, notes: set[str]) -> bool:
    """A correction's marker: an empty link to its note (a link the page wrote has text)."""
    return element.tag == "a" and element.get("href") in notes and _has_class(element, MARKER_CLASS) \
        and not element.text and not len(element)


def _is_wrapper(element: etree.Element, ids: set[str]) -> bool:
    """The span around an applied correction."""
    return element.tag == "span" and element.get("data-correction") in ids \
        and _has_class(element, WRAPPER_CLASS)


def _has_class(element: etree.Element, name: str) -> bool:
    return name in element.get("class", "").split()


def _drop(parent: etree.Element, element: etree.Element) -> None:
    """Remove `element` and what it holds, keeping the text that follows it."""
    element.text = None
    element[:] = []
    _unwrap(parent, element)


def _unwrap(parent: etree.Element, element: etree.Element) -> None:
    """Replace `element` by its text and children, keeping the text that follows it."""
    position = list(parent).index(element)
    children = list(element)
    if children:
        children[-1].tail = (children[-1].tail or "") + (element.tail or "") or None
        before = element.text or ""
    else:
        before = (element.text or "") + (element.tail or "")
    if position > 0:
        previous = parent[position - 1]
        previous.tail = (previous.tail or "") + before or None
    else:
        parent.text = (parent.text or "") + before or None
    parent[position:position + 1] = children


def _as_markdown_output(tree: etree.Element, md: Markdown) -> str:
    """Serialize as Markdown.convert does after its treeprocessors: without the document's own
    wrapper element, then through the page's postprocessors (stashed raw HTML, entities)."""
    output = md.serializer(tree)
    start = output.find(f"<{md.doc_tag}>")
    end = output.rfind(f"</{md.doc_tag}>")
    output = output[start + len(md.doc_tag) + 2:end].strip() if start != -1 and end != -1 else ""
    for postprocessor in md.postprocessors:
        output = postprocessor.run(output)
    return output.strip()
