"""Machine-readable outputs: schema.org JSON-LD, Atom feeds, corrections.json with Web Annotations."""

from .article import CorrectedArticle

__all__ = ["CorrectedArticle"]
