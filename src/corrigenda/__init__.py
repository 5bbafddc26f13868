"""Corrigenda: apply editors' corrections to published articles, openly, at build time."""

from .apply import correct_plain_text
from .catalog import load_catalog, read_catalog
from .extension import CorrectionsExtension
from .model import Catalog, Correction, Kind, PageCorrections, PageResult
from .problems import CorrectionsError, Problem

__all__ = [
    "Catalog", "Correction", "CorrectionsError", "CorrectionsExtension", "Kind", "PageCorrections",
    "PageResult", "Problem", "correct_plain_text", "load_catalog",
    "read_catalog",
]
