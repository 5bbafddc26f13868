"""corrections.json: every correction of the site, each with a W3C Web Annotation (motivation: editing)."""

from __future__ import annotations

from typing import Any

import orjson

from ..locate import normalise
from ..model import Correction
from .article import CorrectedArticle

ANNOTATION_CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def web_annotation(article: CorrectedArticle, correction: Correction) -> dict[str, Any]:
    """The correction as a Web Annotation: what was replaced, where (TextQuoteSelector), and why."""
    targets = [
        {
            "type": "SpecificResource",
            "source": article.url,
            "selector": {"type": "TextQuoteSelector", "exact": normalise(correction.original),
                         "prefix": placement.prefix, "suffix": placement.suffix},
        }
        for placement in article.placements(correction)
    ]
    bodies: list[dict[str, Any]] = [
        {"type": "TextualBody", "purpose": "editing", "value": correction.corrected,
         "format": "text/plain"},
        {"type": "TextualBody", "purpose": "commenting", "value": article.notes[correction.id].text,
         "format": "text/plain"},
    ]
    return {
        "@context": ANNOTATION_CONTEXT,
        "id": article.note_url(correction),
        "type": "Annotation",
        "motivation": "editing",
        "created": correction.date.isoformat(),
        "body": bodies,
        "target": targets[0] if len(targets) == 1 else targets,
    }


def correction_record(article: CorrectedArticle, correction: Correction) -> dict[str, Any]:
    """One correction for machines: where, when, what and why."""
    return {
        "id": correction.id,
        "page": correction.page,
        "page_url": article.url,
        "page_title": article.title,
        "url": article.note_url(correction),
        "date_published": article.published.isoformat() if article.published else None,
        "date": correction.date.isoformat(),
        "kind": correction.kind.value,
        "label": correction.kind.label,
        "original": correction.original,
        "corrected": correction.corrected,
        "note": article.notes[correction.id].text,
        "note_html": article.notes[correction.id].html,
        "annotation": web_annotation(article, correction),
    }


def corrections_json(articles: list[CorrectedArticle]) -> bytes:
    """The whole site's corrections, newest first, as stable, compact JSON (UTF-8)."""
    records = [correction_record(a, c) for a in articles for c in a.corrections]
    records.sort(key=lambda r: (r["date"], r["page"], r["id"]), reverse=True)
    # orjson: a large archive's file is tens of megabytes, which the json module took ten times
    # as long to write. Compact, for machines; keys in the order written.
    return orjson.dumps({"corrections": records}) + b"\n"
