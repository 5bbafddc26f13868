"""What the commands share: the project option, dates, filters and how problems are printed."""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import textwrap
from collections.abc import Callable
from contextlib import suppress
from fnmatch import fnmatchcase
from pathlib import Path
from typing import TextIO

from ..model import Correction, Kind
from ..problems import CorrectionsError, Problem
from .project import Site

KINDS = [kind.value for kind in Kind]


class UsageError(Exception):
    """The command cannot run as asked (exit code 2): a missing file, a bad revision..."""


def root_option() -> argparse.ArgumentParser:
    """A parent parser giving every command --root."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--root", type=Path, default=Path("."), metavar="DIR",
                        help="the project folder, holding mkdocs.yml, docs/ and corrections/ "
                             "(default: the current folder)")
    return parent


def iso_date(text: str) -> dt.date:
    """An argparse type: a real day written YYYY-MM-DD."""
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        with suppress(ValueError):
            return dt.date.fromisoformat(text)
    raise argparse.ArgumentTypeError(f"'{text}' is not a day written YYYY-MM-DD")


def add_filters(parser: argparse.ArgumentParser) -> None:
    """--page, --kind, --since and --until, which choose corrections."""
    parser.add_argument("--page", metavar="GLOB",
                        help="only articles whose path relative to docs/ matches (e.g. 'articles/*')")
    parser.add_argument("--kind", action="append", choices=KINDS, metavar="KIND",
                        help=f"only this kind, repeatable: {', '.join(KINDS)}")
    parser.add_argument("--since", type=iso_date, metavar="YYYY-MM-DD",
                        help="only corrections made on or after this day")
    parser.add_argument("--until", type=iso_date, metavar="YYYY-MM-DD",
                        help="only corrections made on or before this day")


def selected(corrections: list[Correction], args: argparse.Namespace) -> list[Correction]:
    """The corrections the filters of add_filters let through, in the order given."""
    return [c for c in corrections
            if (args.page is None or fnmatchcase(c.page, args.page))
            and (not args.kind or c.kind.value in args.kind)
            and (args.since is None or c.date >= args.since)
            and (args.until is None or c.date <= args.until)]


def load_site(args: argparse.Namespace) -> Site:
    """The project --root points to."""
    return Site.read(args.root)


def print_problems(problems: list[Problem], stream: TextIO | None = None) -> None:
    """Every problem, worded as the build words them."""
    print(CorrectionsError(problems).report(), file=stream or sys.stdout)


def subparser(subparsers: argparse._SubParsersAction, name: str, parents: list[argparse.ArgumentParser],
              handler: Callable[[argparse.Namespace], int], summary: str, description: str,
              examples: str) -> argparse.ArgumentParser:
    """A subcommand run by `handler`, with the shared options, a summary and examples under --help."""
    parser = subparsers.add_parser(name, parents=parents, help=summary,
                                   description=textwrap.fill(description),
                                   epilog=f"examples:\n{examples}",
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.set_defaults(handler=handler)
    return parser
