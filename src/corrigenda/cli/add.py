"""`corrigenda add`: file a correction in its article's file, keeping the file's comments and layout."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import shutil
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from dataclasses import replace
from itertools import takewhile
from pathlib import Path
from typing import Any, NamedTuple

import yaml
from markdown.extensions.toc import slugify
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import FoldedScalarString

from ..catalog import corrections_files
from ..load import YamlDocument, parse_yaml, read_yaml
from ..model import SourceRef
from ..problems import Problem
from .common import KINDS, UsageError, iso_date, load_site, print_problems, subparser
from .project import Site, check_site

MODELINE = "yaml-language-server: $schema=../src/corrigenda/corrections.schema.json"
NOTE_COLUMNS = 84  # Long notes fold like the hand-written ones: 90 columns, 6 of them indent.
ID_WORDS = 6
EXAMPLES = """\
  corrigenda add --page articles/some-article.md --kind name \\
      --original "Sergey Lankov" --corrected "Sergey Lavrov" \\
      --note "An earlier version of this article misspelled the minister's surname."
  corrigenda add --page articles/some-article.md --kind removal \\
      --original " accompanied by local press" --date 2023-10-20 \\
      --note "An earlier version of this article said ... The reference has been removed."
"""


def register(subparsers: argparse._SubParsersAction, parents: list[argparse.ArgumentParser]) -> None:
    """Add `add` to the command line."""
    parser = subparser(
        subparsers, "add", parents, main, "file a new correction",
        "Append a correction to the article's corrections file (creating it if needed), keeping "
        "the file's comments and layout. Nothing is written if 'check' would refuse the result.",
        EXAMPLES)
    parser.add_argument("--page", required=True, help="the article, relative to docs/")
    parser.add_argument("--original", required=True, help="the text exactly as readers saw it")
    parser.add_argument("--corrected", help="what replaces it (leave out for --kind removal)")
    parser.add_argument("--kind", required=True, choices=KINDS, metavar="KIND",
                        help=f"what sort of error it was: {', '.join(KINDS)}")
    parser.add_argument("--note", required=True, help="the reader-facing note; inline Markdown allowed")
    parser.add_argument("--date", type=iso_date, default=None, metavar="YYYY-MM-DD",
                        help="the day of the correction (default: today)")
    parser.add_argument("--id", help="a unique id (default: made from the corrected text)")
    parser.add_argument("--prefix", help="text right before 'original', when it occurs more than once")
    parser.add_argument("--suffix", help="text right after 'original', when it occurs more than once")
    parser.add_argument("--occurrence", type=int, metavar="N", help="correct the Nth occurrence only")
    parser.add_argument("--all", action="store_true", help="correct every occurrence")


def main(args: argparse.Namespace) -> int:
    """Write the correction (0), or refuse it and leave every file as it was (1)."""
    site = load_site(args)
    documents, unreadable = _documents(site)
    if unreadable:  # A file that cannot be read may be this page's: adding could make a second one.
        return _refuse(unreadable, "no file was changed")
    target = next((doc.path for doc in documents if _page_of(doc) == args.page), None)
    path = site.root / target if target else _new_file(site, args.page)
    shown = site.shown(path)
    entry = new_entry(args, {str(item.get("id")) for doc in documents for item in _items(doc.data)})
    raw = path.read_bytes() if target else b""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:  # Rewriting it would lose the bytes that are not text.
        raise UsageError(f"{shown} is not UTF-8 text; save it as UTF-8 first") from error
    lone_cr = "\r" in text and "\n" not in text  # old Mac line breaks: worked on as \n, kept as \r
    text = text.replace("\r", "\n") if lone_cr else text
    added = with_entry(text, args.page, entry)
    if added is None:  # No corrections list to add to: the file's own problems say why.
        _, problems = site.read_catalog()
        return _refuse([p for p in problems if p.path == shown], f"{shown} is unchanged")
    refused = ([] if added.keeps_the_rest else [_rewrite_refused(shown)]) or \
        _problems_with(site, shown, added.text)
    if refused:
        return _refuse(refused, f"{shown} is unchanged")
    write_atomically(path, added.text.replace("\n", "\r") if lone_cr else added.text)
    print(f"Added correction '{entry['id']}' to {shown}.")
    return 0


def _refuse(problems: list[Problem], unchanged: str) -> int:
    """Say why nothing was written."""
    print(f"Not added; {unchanged}.", file=sys.stderr)
    print_problems(problems, sys.stderr)
    return 1


def _documents(site: Site) -> tuple[list[YamlDocument], list[Problem]]:
    """Every corrections file that parses, and the problems of those that do not."""
    documents, problems = [], []
    for path in corrections_files(site.corrections_dir):
        doc, found = read_yaml(path, site.shown(path))
        problems += found
        documents += [doc] if doc is not None else []
    return documents, problems


def _page_of(doc: YamlDocument) -> Any:
    """The `page:` a parsed file names, if it names one."""
    return doc.data.get("page") if isinstance(doc.data, dict) else None


def _items(data: Any) -> list[dict[str, Any]]:
    """The correction mappings of a parsed file, skipping anything malformed."""
    items = data.get("corrections") if isinstance(data, dict) else None
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


def _new_file(site: Site, page: str) -> Path:
    """Where a page's first correction goes: corrections/<article name>.yml, as the files are named,
    or another new name; never a file that exists, which is another article's."""
    spelled_out = Path(page).with_suffix("").as_posix().replace("/", "-")
    # Another folder's article of the same name may have the first: spell out the folder too.
    names = [Path(page).stem, spelled_out, *(f"{spelled_out}-{n}" for n in range(2, 100))]
    for name in names:
        path = site.corrections_dir / f"{name}.yml"
        if not path.exists() and not path.is_symlink():
            return path
    raise UsageError(f"no free name for {page}'s corrections file: create it by hand in "
                     f"{site.shown(site.corrections_dir)}/")


def unique_id(text: str, taken: set[str]) -> str:
    """An id made of the first words of `text`, numbered when another correction has it."""
    words = [word for word in slugify(text, "-").replace("_", "-").split("-") if word]
    base = "-".join(words[:ID_WORDS])[:60].strip("-") or "correction"
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def _folded(note: str) -> str:
    """A long note as a folded block (`>-`) wrapped like the hand-written ones; a short one as it is."""
    if len(note) <= NOTE_COLUMNS or note != " ".join(note.split()):
        return note  # Double spaces and line breaks cannot survive folding: keep them quoted.
    lines = textwrap.wrap(note, NOTE_COLUMNS, break_long_words=False, break_on_hyphens=False)
    folded = FoldedScalarString(note)
    folded.fold_pos = [sum(len(line) + 1 for line in lines[:n]) - 1 for n in range(1, len(lines))]
    return folded


def new_entry(args: argparse.Namespace, taken: set[str]) -> CommentedMap:
    """The correction as the files write it: fields in the README's order, dates unquoted."""
    entry = CommentedMap()
    entry["id"] = args.id or unique_id(args.corrected or args.original, taken)
    entry["date"] = args.date or dt.date.today()
    entry["kind"] = args.kind
    entry["original"] = args.original
    if args.corrected is not None:
        entry["corrected"] = args.corrected
    entry["note"] = _folded(args.note)
    for key in ("prefix", "suffix", "occurrence"):
        if getattr(args, key) is not None:
            entry[key] = getattr(args, key)
    if args.all:
        entry["all"] = True
    return entry


def _yaml() -> YAML:
    """Round-trip YAML in the files' style: comments kept, mappings by 2, items by 4 with '- ' at 2."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # Never re-wrap an existing long line.
    return yaml


class Added(NamedTuple):
    """The file's new text, and whether every other correction in it reads as it did."""

    text: str
    keeps_the_rest: bool


def with_entry(text: str, page: str, entry: CommentedMap) -> Added | None:
    """The file's text with `entry` appended to its corrections (a new file when `text` is empty):
    the first way of writing it that leaves every other correction reading as it did, or else
    the last way tried.

    None when the file has no corrections list to add to (its problems say why).
    """
    expected = _appended_data(text, page, entry)
    written = None
    for written in _ways_to_write(text, page, entry):
        after = parse_yaml(written.encode(), Path("?"))[0]
        if after is not None and after.data == expected:
            return Added(written, True)
    return None if written is None else Added(written, False)


def _ways_to_write(text: str, page: str, entry: CommentedMap) -> Iterator[str]:
    """The text with the entry in it, best first: its lines inserted, then the file rewritten."""
    yield from _insertions(text, entry)
    rewritten = _rewritten(text, page, entry)  # the slow one: only when no insertion will do
    if rewritten is not None:
        yield rewritten


def _insertions(text: str, entry: CommentedMap) -> Iterator[str]:
    """The text with the entry's lines put after the last correction, every other byte as it was:
    after a blank line, as between hand-written entries, and without one (a last note written
    `|+` would keep the blank line as its own). Nothing when the list is not a block list of items."""
    # Rewriting the whole file, as ruamel.yaml does, normalises values in the other corrections
    # (`corrected: 01e3` becomes 10e2): text readers would see, changed without anyone asking.
    root = yaml.compose(text, Loader=yaml.SafeLoader)  # marks count characters, as `text` does
    if not isinstance(root, yaml.MappingNode):
        return
    items = next((value for key, value in root.value if key.value == "corrections"), None)
    if not isinstance(items, yaml.SequenceNode) or items.flow_style or not items.value:
        return
    item = textwrap.indent(textwrap.dedent(_as_item(entry)), " " * _dash_column(text, items))
    for at in _ends_of_list(text, items):
        head, tail = text[:at], text[at:]
        found = text.rfind("\n", 0, at)  # the line break the file uses there
        newline = "\r\n" if found > 0 and text[found - 1] == "\r" else "\n"
        head += "" if head.endswith("\n") else newline
        lines = item.replace("\n", newline)
        if not head.endswith(newline * 2):
            yield head + newline + lines + tail
        yield head + lines + tail


def _dash_column(text: str, items: yaml.SequenceNode) -> int:
    """The column of the '- ' that starts the list's last item (on its line, or one above)."""
    last = items.value[-1].start_mark.index
    dashes = (token.start_mark for token in yaml.scan(text, Loader=yaml.SafeLoader)
              if isinstance(token, yaml.BlockEntryToken))
    return max(takewhile(lambda mark: mark.index < last, dashes), key=lambda mark: mark.index).column


def _ends_of_list(text: str, items: yaml.SequenceNode) -> list[int]:
    """Where the list ends as a reader sees it: at the end of the file, or above the key that
    follows, and the blank lines and comments written right above that key; failing that (a
    last note written `|+` keeps those blank lines), right at the key."""
    end = min(items.end_mark.index, len(text))
    at = text.rfind("\n", 0, end) + 1
    if text[at:end].strip(" "):  # it ends mid-line: a file without a final line break
        return [text.find("\n", end) + 1 or len(text)]
    if end == len(text):
        return [at]
    at_the_key = at
    column = items.end_mark.column  # the key's
    while at > 0:
        above = text.rfind("\n", 0, at - 1) + 1
        line = text[above:at].rstrip("\r\n")
        written = line.lstrip()
        about_the_key = written.startswith("#") and len(line) - len(written) <= column
        if written and not about_the_key:
            break
        at = above
    return [at, at_the_key] if at != at_the_key else [at]


def _as_item(entry: CommentedMap) -> str:
    """The entry as one item of a list, in the files' style."""
    out = io.StringIO()
    _yaml().dump([entry], out)
    return out.getvalue()


def _rewritten(original: str, page: str, entry: CommentedMap) -> str | None:
    """The file written anew by ruamel.yaml with `entry` appended, comments kept; for a new file,
    or a list written in flow style or empty."""
    yaml = _yaml()
    text = original.replace("\r\n", "\n")
    data = yaml.load(text) if text else None
    if data is None:
        data = CommentedMap(page=page, corrections=CommentedSeq())
        data.yaml_set_start_comment(MODELINE)
    if not isinstance(data, dict):
        return None
    if data.get("corrections") is None:
        data["corrections"] = CommentedSeq()
    items = data["corrections"]
    if not isinstance(items, list):
        return None
    items.append(entry)
    if len(items) > 1 and not text.endswith("\n\n") and not items.fa.flow_style():
        # A blank line before the new entry, as between the hand-written ones.
        items.yaml_set_comment_before_after_key(len(items) - 1, before="\n")
    out = io.StringIO()
    yaml.dump(data, out)
    bom = "\ufeff" if original.startswith("\ufeff") else ""
    return bom + out.getvalue().replace("\n", "\r\n" if "\r\n" in original else "\n")


def _appended_data(text: str, page: str, entry: CommentedMap) -> dict[str, Any]:
    """What the file must read as once the entry is in: its data with the entry appended."""
    before = parse_yaml(text.encode(), Path("?"))[0]
    added = parse_yaml(_as_item(entry).encode(), Path("?"))[0]
    old = before.data if before is not None and isinstance(before.data, dict) else {"page": page}
    return {**old, "corrections": [*(old.get("corrections") or []), *(added.data if added else [])]}


def _rewrite_refused(shown: Path) -> Problem:
    """Why a file that only a whole rewrite could add to is left as it is."""
    return Problem(SourceRef(shown, 1), "the correction cannot be added without changing other "
                   "lines of the file: its list of corrections is written in a way that 'add' "
                   "rewrites", "add the correction by hand, or write 'corrections:' as a list "
                   "of '- id: ...' items first")


def _problems_with(site: Site, shown: Path, candidate: str) -> list[Problem]:
    """What check would refuse once the file holds `candidate`: its problems, and new ones elsewhere."""
    _, before = site.read_catalog()
    with tempfile.TemporaryDirectory() as folder:
        trial = replace(site, root=Path(folder),
                        corrections_dir=Path(folder) / site.corrections_dir.name)
        if site.corrections_dir.is_dir():
            shutil.copytree(site.corrections_dir, trial.corrections_dir)
        (trial.root / shown).parent.mkdir(parents=True, exist_ok=True)
        (trial.root / shown).write_text(candidate, encoding="utf-8")
        _, after = trial.read_catalog()
        _, in_file = check_site(trial, [trial.root / shown])
    return in_file + [p for p in after if p not in before and p not in in_file]


def write_atomically(path: Path, text: str) -> None:
    """Replace the file in one step, so an editor or a build never sees half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:  # line ends as given
            file.write(text)
        if path.exists():
            shutil.copymode(path, temporary)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
