"""`corrigenda list`: the site's corrections as a table or as JSON, newest first."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from typing import Any

from ..model import Correction
from ..problems import one_line
from ..render.html import plural
from .common import add_filters, load_site, selected, subparser

COLUMNS = ("DATE", "ID", "KIND", "PAGE", "ORIGINAL -> CORRECTED")
EXAMPLES = """\
  corrigenda list
  corrigenda list --kind typo --since 2023-10-20
  corrigenda list --page 'articles/*' --format json
"""


def register(subparsers: argparse._SubParsersAction, parents: list[argparse.ArgumentParser]) -> None:
    """Add `list` to the command line."""
    parser = subparser(
        subparsers, "list", parents, main, "list corrections",
        "List the site's corrections, newest first.", EXAMPLES)
    add_filters(parser)
    parser.add_argument("--format", choices=("table", "json"), default="table",
                        help="a table for people (default), or a JSON array for scripts")


def main(args: argparse.Namespace) -> int:
    """Print the chosen corrections; 1 when some files have problems (their corrections are left out)."""
    site = load_site(args)
    catalog, problems = site.read_catalog()
    # Newest first, like the corrections log; a day's corrections in file order.
    rows = sorted(selected(catalog.all(), args), key=lambda c: c.date, reverse=True)
    if args.format == "json":
        print(json.dumps([as_json(c) for c in rows], ensure_ascii=False, indent=2))
    else:
        print(table(rows) if rows else "No corrections.")
    if problems:
        print(f"{plural(len(problems), 'problem')} in the corrections files; what "
              "they affect is not listed. Run 'corrigenda check' to see them.", file=sys.stderr)
        return 1
    return 0


def as_json(correction: Correction) -> dict[str, Any]:
    """One correction for scripts."""
    return {"id": correction.id, "page": correction.page, "date": correction.date.isoformat(),
            "kind": correction.kind.value, "original": correction.original,
            "corrected": correction.corrected, "note": correction.note}


def table(corrections: list[Correction]) -> str:
    """Aligned columns; on a terminal the last one is cut to the width of the window."""
    cells = [COLUMNS, *((c.date.isoformat(), c.id, c.kind.value, c.page,
                         one_line(f"{c.original} -> {c.corrected or '(removed)'}")) for c in corrections)]
    widths = [max(len(row[i]) for row in cells) for i in range(len(COLUMNS) - 1)]
    lines = ["  ".join([*(cell.ljust(width) for cell, width in zip(row, widths)), row[-1]])
             for row in cells]
    if sys.stdout.isatty():
        room = shutil.get_terminal_size().columns
        lines = [line if len(line) <= room else line[:room - 1] + "…" for line in lines]
    return "\n".join(line.rstrip() for line in lines)
