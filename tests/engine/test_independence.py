"""The engine is a plain Python package: it never imports MkDocs, so another generator can use it."""

from __future__ import annotations

import ast
import subprocess
import sys

from tests.conftest import REPO


def test_engine_does_not_import_mkdocs() -> None:
    code = ("import sys, corrigenda, corrigenda.render.log, corrigenda.render.frontpage; "
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'mkdocs', 'material'}); "
            "print(bad); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_engine_modules_never_import_mkdocs_even_lazily() -> None:
    for path in (REPO / "src" / "corrigenda").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            assert not [n for n in names if n.split(".")[0] in {"mkdocs", "material"}], path
