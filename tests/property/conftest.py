"""Hypothesis keeps its caches out of the work tree (set before hypothesis is imported)."""

import os
import tempfile

os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", os.path.join(tempfile.gettempdir(), "corrigenda-hypothesis"))
