"""schema.org NewsArticle JSON-LD with a CorrectionComment for every correction."""

from __future__ import annotations

from typing import Any

import orjson
from markupsafe import Markup

from .article import CorrectedArticle

# JSON inside <script> must not be able to close the element or open a comment.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def news_article(article: CorrectedArticle) -> dict[str, Any]:
    """The article as a schema.org NewsArticle."""
    dates = {"datePublished": article.published, "dateModified": article.modified}
    return {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": article.description,
        "url": article.url,
        "mainEntityOfPage": article.url,
        **{key: day.isoformat() for key, day in dates.items() if day},
        "correction": [
            {
                "@type": "CorrectionComment",
                "text": article.notes[c.id].text,
                "datePublished": c.date.isoformat(),
                "url": article.note_url(c),
            }
            for c in article.corrections
        ],
    }


def script_tag(data: dict[str, Any]) -> Markup:
    """A <script type="application/ld+json"> element, safe whatever the text contains."""
    payload = orjson.dumps(data).decode().translate(_SCRIPT_SAFE)
    return Markup('<script type="application/ld+json">\n{}\n</script>').format(Markup(payload))
