"""The engine is a plain Python package: it never imports MkDocs, so another generator can use it."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO


def test_engine_does_not_import_mkdocs() -> None:
    code = ("import sys, corrigenda, corrigenda.render.log, corrigenda.render.frontpage; "
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'mkdocs', 'material'}); "
            "print(bad); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_engine_sources_never_mention_mkdocs() -> None:
    for path in (REPO / "src" / "corrigenda").rglob("*.py"):
        assert "import mkdocs" not in path.read_text() and "from mkdocs" not in path.read_text(), path
