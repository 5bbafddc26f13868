"""Corrigenda: apply editors' corrections to published articles, openly, at build time."""

from .apply import copies_left_out, correct_plain_text, text_copies
from .catalog import load_catalog, read_catalog
from .extension import CorrectionsExtension
from .model import Catalog, Correction, Kind, PageCorrections, PageResult
from .problems import CorrectionsError, Problem

__all__ = [
    "Catalog", "Correction", "CorrectionsError", "CorrectionsExtension", "Kind", "PageCorrections",
    "PageResult", "Problem", "copies_left_out", "correct_plain_text", "load_catalog",
    "read_catalog", "text_copies",
]
