"""`corrigenda check`: every problem the build would report, found without building the site."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..catalog import SUFFIXES, is_corrections_file
from ..problems import MAX_LISTED, CorrectionsError, Problem, unlisted
from ..render.html import plural
from .common import UsageError, load_site, print_problems, subparser
from .progress import Progress
from .project import Site, check_site, within

EXAMPLES = """\
  corrigenda check
  corrigenda check corrections/russian-foreign-minister-visits-north-korea.yml
  corrigenda check --format github        # in a GitHub Actions step
"""


def register(subparsers: argparse._SubParsersAction, parents: list[argparse.ArgumentParser]) -> None:
    """Add `check` to the command line."""
    parser = subparser(
        subparsers, "check", parents, main, "check corrections against the articles, without building",
        "Check every corrections file (or the ones given) as the build does, including whether "
        "each 'original' is found on its page, and list every problem at once.", EXAMPLES)
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="corrections files to check (default: every file in corrections/)")
    parser.add_argument("--format", choices=("text", "github"), default="text",
                        help="text for people (default), or github for GitHub Actions annotations")


def main(args: argparse.Namespace) -> int:
    """Print every problem (0 when there are none, 1 otherwise)."""
    site = load_site(args)
    files = [_corrections_file(site, path) for path in args.paths]
    with Progress("Checking") as progress:
        catalog, problems = check_site(site, files or None, progress)
    if problems:
        if args.format == "github":
            listed = CorrectionsError(problems).problems[:MAX_LISTED]
            print("\n".join(annotation(problem) for problem in listed))
            if len(problems) > MAX_LISTED:
                print(f"::error title=corrections::{_escape_data(unlisted(len(problems)).strip())}")
        else:
            print_problems(problems)
        return 1
    wanted = within(files or None, site.root)
    checked = [pc for pc in catalog.pages.values() if wanted(pc.path)]
    count = sum(len(pc.corrections) for pc in checked)
    print(f"No problems: {plural(count, 'correction')} in {plural(len(checked), 'file')}, "
          "checked against their articles.")
    return 0


def _corrections_file(site: Site, path: Path) -> Path:
    """A file the build reads (given from here or from the project folder), resolved."""
    found = path if path.is_file() or path.is_absolute() else site.root / path
    if not found.is_file():
        raise UsageError(f"{path}: there is no such file")
    if (site.corrections_dir.resolve() not in found.resolve().parents
            or not is_corrections_file(found.name)):
        raise UsageError(f"{path} is not read by the build: corrections files are the "
                         f"{' and '.join(SUFFIXES)} files in {site.shown(site.corrections_dir)}/")
    return found.resolve()


def _escape_data(text: str) -> str:
    """GitHub's escaping of a workflow command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """GitHub's escaping of a workflow command's property value."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(problem: Problem) -> str:
    """The problem as a GitHub Actions error annotation on its file and line."""
    properties = {"file": problem.path.as_posix(), "line": str(problem.line),
                  "title": problem.correction_id or "corrections"}
    fix = problem.fix_sentence
    listed = ",".join(f"{key}={_escape_property(value)}" for key, value in properties.items())
    return f"::error {listed}::{_escape_data(f'{problem.described()} How to fix: {fix}')}"
