"""Load every corrections file of a site and check what no single file can: ids, pages, notes."""

from __future__ import annotations

import os
import re
import stat
from dataclasses import replace
from pathlib import Path

from .load import read_yaml
from .model import Catalog, Correction, PageCorrections, SourceRef
from .problems import CorrectionsError, Problem
from .render.note import NoteRenderer
from .validate import validate_document

SUFFIXES = (".yml", ".yaml")


def is_corrections_file(name: str) -> bool:
    """Whether a file of this name under corrections/ is read as a corrections file (.YML too)."""
    return name.lower().endswith(SUFFIXES)


def _looks_like_corrections(path: Path) -> bool:
    """Whether a file that is not read holds what a corrections file does (`page.txt`, `page.ylm`):
    a `page:` line and a `corrections:` line near its start.

    Notes (a README in Markdown may quote a corrections file) and images may sit beside the
    corrections, and so may the copies editors and tools keep while working: hidden ones
    (.page.yml.swp), backups (page.yml~, .orig, .bak, .save), Emacs's auto-saves (#page.yml#)
    and JetBrains' safe-write files.
    """
    lowered = path.name.lower()
    if lowered.startswith((".", "#")) or lowered.endswith(_NOT_CORRECTIONS):
        return False
    if not _is_plain_file(path):  # a link or a pipe: never opened
        return False
    try:
        with path.open("rb") as file:
            start = file.read(_SNIFFED_BYTES)
    except OSError:
        return False
    return all(line.search(start) for line in _KEY_LINES)


# Notes in Markdown may show a corrections file as an example; the rest are working copies.
_NOT_CORRECTIONS = (".md", "~", ".orig", ".bak", ".save", "___jb_tmp___", "___jb_old___")
_SNIFFED_BYTES = 65_536
_KEY_LINES = (re.compile(rb"^page\s*:", re.MULTILINE), re.compile(rb"^corrections\s*:", re.MULTILINE))


def corrections_files(corrections_dir: Path) -> list[Path]:
    """Every corrections file under the folder that the build reads (plain files only), in a stable order."""
    return _scan(corrections_dir)[0]


def _scan(corrections_dir: Path) -> tuple[list[Path], list[Path]]:
    """The folder's plain corrections files, and what is refused, each in a stable order."""
    # A link can point at any file of the machine that builds the site, and parse errors quote
    # what they read: a pull request could print a runner's secrets into a public log. A pipe
    # would block the build forever. So only plain files (and plain folders) are ever read.
    if corrections_dir.is_symlink():
        return [], [corrections_dir]
    files: list[Path] = []
    refused: list[Path] = []
    for folder, folders, names in os.walk(corrections_dir):  # never descends into linked folders
        refused += [Path(folder, name) for name in folders if Path(folder, name).is_symlink()]
        for name in names:
            path = Path(folder, name)
            if is_corrections_file(name):
                (files if _is_plain_file(path) else refused).append(path)
            elif _looks_like_corrections(path):
                refused.append(path)  # unread, its corrections would leave the errors published
    return sorted(files), sorted(refused)


def _is_plain_file(path: Path) -> bool:
    """Whether `path` itself (not what a link points at) is a regular file."""
    try:
        return stat.S_ISREG(path.lstat().st_mode)
    except OSError:  # gone since the folder was listed
        return False


def shown_path(path: Path, root: Path) -> Path:
    """A path as editors know it: relative to the project folder when possible (a link's own path)."""
    try:
        return (path.parent.resolve() / path.name).relative_to(root.resolve())
    except (ValueError, OSError, RuntimeError):  # outside the project; a link loop above it
        return path


def load_catalog(corrections_dir: Path, docs_dir: Path, root: Path | None = None) -> Catalog:
    """The site's corrections, or a CorrectionsError listing every problem in every file."""
    catalog, problems = read_catalog(corrections_dir, docs_dir, root)
    if problems:
        raise CorrectionsError(problems)
    return catalog


def read_catalog(corrections_dir: Path, docs_dir: Path,
                 root: Path | None = None) -> tuple[Catalog, list[Problem]]:
    """Every valid corrections file, and every problem found (so one report can list them all)."""
    root = root or corrections_dir.parent
    plain, refused = _scan(corrections_dir)
    problems = [_refused(path, shown_path(path, root)) for path in refused]
    files: list[PageCorrections] = []
    for path in plain:
        doc, found = read_yaml(path, shown_path(path, root))
        problems += found
        if doc is not None:
            page_corrections, found = validate_document(doc)
            problems += found
            if page_corrections is not None:
                files.append(page_corrections)
    catalog = Catalog()
    problems += _check_across_files(files, docs_dir, catalog)
    return catalog, problems


def _refused(path: Path, shown: Path) -> Problem:
    """Why a link, pipe or device under corrections/ is not read."""
    if path.is_symlink():
        return Problem(SourceRef(shown, 1), "this is a link, and the build reads only plain files "
                       "(a link could make it read, and quote, any file of the machine that builds "
                       "the site)", "replace the link by the file or folder itself")
    if not is_corrections_file(path.name):
        return Problem(SourceRef(shown, 1), "this file has 'page:' and 'corrections:' lines but is not "
                       f"read: corrections files end in {' or '.join(SUFFIXES)}", "rename it to end in "
                       ".yml; if it is an example or a template, move it out of the folder")
    return Problem(SourceRef(shown, 1), "this is not a plain file (a pipe, socket or device)",
                   "replace it by a plain text file, or remove it")


def _page_problem(pc: PageCorrections, docs_dir: Path, docs: Path) -> Problem | None:
    """Why a file's page cannot be the article it corrects, if it cannot."""
    page = docs_dir / pc.page
    fix = f"write the article's path relative to {docs_dir.name}/"
    try:
        if not page.resolve().is_relative_to(docs):
            return _file_problem(pc, f"the page '{pc.page}' is outside {docs_dir.name}/",
                                 f"{fix}, without '..'")
        if page.is_file():
            return None
        problem = f"the page '{pc.page}' does not exist in {docs_dir.name}/"
    except (OSError, RuntimeError) as error:  # a name too long for the file system, a link loop
        problem = f"the page '{pc.page}' cannot be looked up: {getattr(error, 'strerror', None) or error}"
    return _file_problem(pc, problem, f"{fix}, for example articles/some-article.md")


def _check_across_files(files: list[PageCorrections], docs_dir: Path, catalog: Catalog) -> list[Problem]:
    """Fill the catalog; report duplicate ids and pages, missing pages and notes that are not allowed."""
    problems: list[Problem] = []
    first_seen: dict[str, Correction] = {}
    page_files: dict[str, Path] = {}
    renderer = NoteRenderer()
    docs = docs_dir.resolve()
    for pc in files:
        page_problem = _page_problem(pc, docs_dir, docs)
        found: list[Problem] = [page_problem] if page_problem else []
        other = page_files.setdefault(pc.page, pc.path)
        if other != pc.path:
            found.append(_file_problem(pc, f"'{pc.page}' already has a corrections file: {other}",
                                       f"move these corrections into {other}"))
        kept = []
        for c in pc.corrections:
            if c.id in first_seen:
                found.append(Problem(c.where("id"), f"the id '{c.id}' is already used at "
                                     f"{first_seen[c.id].where('id')}", "give this correction an id no "
                                     "other correction on the site uses", c.id))
                continue
            kept.append(c)
            first_seen[c.id] = c
        for c, (note, issues) in zip(kept, renderer.render_many([c.note for c in kept])):
            catalog.notes[c.id] = note
            found += [Problem(c.where("note"), f"the note is not allowed: {issue}",
                              "write the note in plain text with inline Markdown only "
                              "(*emphasis*, [links](https://...)); no HTML", c.id)
                      for issue in issues]
        if other == pc.path:
            catalog.pages[pc.page] = replace(pc, corrections=tuple(kept))
        problems += found
    return problems


def _file_problem(pc: PageCorrections, message: str, fix: str) -> Problem:
    """A problem about a whole file (its page), on the line of 'page:'."""
    return Problem(SourceRef(pc.path, pc.page_line), message, fix)
