"""Running the command line in-process on copies of the real site."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from corrigenda.cli import run
from tests.conftest import CORRECTIONS_FILE, Project

YAML_PATH = "corrections/russian-foreign-minister-visits-north-korea.yml"


@dataclass
class Outcome:
    """What one command printed and returned."""

    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Outcome]:
    """Run `corrigenda ARGS...` in-process and capture what it printed."""

    def call(*args: str | Path) -> Outcome:
        code = run([str(arg) for arg in args])
        captured = capsys.readouterr()
        return Outcome(code, captured.out, captured.err)

    return call


def line_of(text: str, needle: str) -> int:
    """The 1-based line where `needle` first appears."""
    return text[:text.index(needle)].count("\n") + 1


def real_corrections() -> str:
    """The real article's corrections file, to change in a copy."""
    return CORRECTIONS_FILE.read_text(encoding="utf-8")


def entry(cid: str, original: str, corrected: str, kind: str = "typo", extra: str = "") -> str:
    """One correction item, indented as the files are."""
    return (f"\n  - id: {cid}\n    date: 2023-10-24\n    kind: {kind}\n    original: {original}\n"
            f"    corrected: {corrected}\n    note: A note.\n{extra}")


def with_entries(project: Project, *entries: str) -> str:
    """Append entries to the real corrections file of the project copy; return the new text."""
    text = real_corrections() + "".join(entries)
    project.write(YAML_PATH, text)
    return text
