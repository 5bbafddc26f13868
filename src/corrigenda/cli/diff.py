"""`corrigenda diff`: what readers will see change, sentence by sentence, as Markdown."""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from collections.abc import Iterator

from ..changes import Change, page_changes
from ..model import Catalog, Correction
from ..render.html import long_date, plural
from .common import add_filters, load_site, print_problems, selected, subparser
from .gitbase import changed_since
from .progress import Progress
from .project import Preview, Previewer, pages_to_render, render_pages

# The characters that can start Markdown or GitHub syntax (emphasis, links, HTML, lists, math,
# mentions, emoji, headings); backslash-escaped, CommonMark shows each as itself.
_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~&$@:=])")
# A line break would let text start a line, where "===" makes a heading and four spaces code.
_LINE_BREAKS = re.compile(r"[\r\n]+")
_TOKENS = re.compile(r"\w+|\s+|[^\w\s]")
HEADING = "# Corrections: what readers will see"
EXAMPLES = """\
  corrigenda diff
  corrigenda diff --base origin/main >> "$GITHUB_STEP_SUMMARY"
  corrigenda diff --ids lavrov-surname,dprk-official-name
"""


def register(subparsers: argparse._SubParsersAction, parents: list[argparse.ArgumentParser]) -> None:
    """Add `diff` to the command line."""
    parser = subparser(
        subparsers, "diff", parents, main, "show what readers will see change, as Markdown",
        "For each correction, the sentence it changes as readers saw it and as they will see it, "
        "as Markdown (for example for $GITHUB_STEP_SUMMARY).", EXAMPLES)
    add_filters(parser)
    parser.add_argument("--ids", type=lambda text: [i.strip() for i in text.split(",") if i.strip()],
                        action="extend", metavar="ID,...", help="only these corrections")
    parser.add_argument("--base", metavar="REV",
                        help="only corrections added or changed since this git revision")


def main(args: argparse.Namespace) -> int:
    """Print the changes as Markdown; 1 when the corrections have problems (listed on stderr)."""
    site = load_site(args)
    catalog, problems = site.read_catalog()
    chosen = selected(catalog.all(), args)
    if args.ids:
        chosen = [c for c in chosen if c.id in args.ids]
    removed: dict[str, str] = {}
    if args.base:
        since = changed_since(site, args.base)
        chosen = [c for c in chosen if c.id in since.changed]
        removed = {key: page for key, page in since.removed.items() if not args.ids or key in args.ids}
    pages = [page for page in pages_to_render(site, catalog) if any(c.page == page for c in chosen)]
    with Progress("Rendering") as progress:
        previews = list(render_pages(Previewer(site, catalog), pages, progress))
    problems += [problem for preview in previews for problem in preview.problems]
    if problems:
        # The summary still says why it is empty; the details go where check's output goes.
        print(f"{HEADING}\n\nThe changes cannot be shown: `corrigenda check` finds "
              f"{plural(len(problems), 'problem')} to fix first.")
        print_problems(problems, sys.stderr)
        return 1
    print("\n".join(markdown_report(previews, catalog, {c.id for c in chosen}, removed)))
    return 0


def escape(text: str) -> str:
    """Text shown as it is in Markdown: no emphasis, link, HTML or heading made of it."""
    return _SPECIAL.sub(r"\\\1", _LINE_BREAKS.sub(" ", text))


def code(text: str) -> str:
    """A code span that holds any text, backticks included."""
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    padding = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{padding}{text}{padding}{fence}"


def _regions(old: list[str], new: list[str]) -> list[tuple[bool, int, int, int, int]]:
    """(changed, old span, new span) runs; a lone word between two changes joins them, for reading."""
    runs: list[tuple[bool, int, int, int, int]] = []
    opcodes = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        between = 0 < index < len(opcodes) - 1
        changed = tag != "equal" or (between and sum(not t.isspace() for t in old[i1:i2]) <= 1)
        if runs and changed and runs[-1][0]:  # one <del>/<ins> pair per change, not a word each
            i1, j1 = runs.pop()[1::2]
        runs.append((changed, i1, i2, j1, j2))
    return runs


def marked(before: str, after: str) -> tuple[str, str]:
    """Both sentences escaped, with what was taken out in <del> and what was put in in <ins>."""
    old, new = _TOKENS.findall(before), _TOKENS.findall(after)
    left, right = [], []
    for changed, i1, i2, j1, j2 in _regions(old, new):
        taken, put = escape("".join(old[i1:i2])), escape("".join(new[j1:j2]))
        left.append(f"<del>{taken}</del>" if changed and taken else taken)
        right.append(f"<ins>{put}</ins>" if changed and put else put)
    return "".join(left), "".join(right)


def _change(change: Change) -> Iterator[str]:
    """One before/after pair, as blockquotes."""
    before, after = marked(change.before, change.after)
    yield from ("**Before**", "", f"> {before}", "", "**After**", "",
                f"> {after}" if after else "> *(removed)*", "")


def _correction(correction: Correction, catalog: Catalog, changes: list[Change]) -> Iterator[str]:
    """A correction's heading, its note and each sentence it changes."""
    yield f"### {code(correction.id)}: {correction.kind.label} ({correction.kind.value}), " \
          f"{long_date(correction.date)}"
    yield ""
    yield f"*Note:* {escape(catalog.notes[correction.id].text)}"
    yield ""
    for change in changes:
        yield from _change(change)


def markdown_report(previews: list[Preview], catalog: Catalog, shown: set[str],
                    removed: dict[str, str] | None = None) -> Iterator[str]:
    """The whole summary: a heading per article, then its shown corrections in reading order, then
    the corrections taken out (by id, with the page they were on)."""
    count = len(shown)
    yield HEADING
    yield ""
    if not count and not removed:
        yield "No corrections to show."
        return
    yield f"{plural(count, 'correction')} in {plural(len(previews), 'article')}."
    yield ""
    if removed:
        yield "## Corrections taken out"
        yield ""
        yield "Readers will no longer see these corrections; their text is shown as first published:"
        yield ""
        yield from (f"- {code(key)}, on {code(page)}" for key, page in sorted(removed.items()))
        yield ""
    for preview in previews:
        page = catalog.for_page(preview.page)
        corrections = list(page.corrections) if page else []
        changes = page_changes(preview.before, corrections, shown) if preview.before else []
        yield f"## {escape(preview.title)}"
        yield ""
        yield code(preview.page)
        yield ""
        for correction in dict.fromkeys(change.correction for change in changes):
            yield from _correction(correction, catalog,
                                   [change for change in changes if change.correction == correction])
