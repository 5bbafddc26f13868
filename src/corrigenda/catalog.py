"""Load every corrections file of a site and check what no single file can: ids, pages, notes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from .load import read_yaml
from .model import Catalog, Correction, PageCorrections, SourceRef
from .problems import CorrectionsError, Problem
from .render.note import NoteRenderer
from .validate import validate_document

PATTERNS = ("*.yml", "*.yaml")


def corrections_files(corrections_dir: Path) -> list[Path]:
    """Every corrections file under the folder, in a stable order."""
    return sorted({p for pattern in PATTERNS for p in corrections_dir.rglob(pattern)})


def shown_path(path: Path, root: Path) -> Path:
    """A path as editors know it: relative to the project folder when possible."""
    try:
        return path.resolve().relative_to(root.resolve())
    except ValueError:
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
    problems: list[Problem] = []
    files: list[PageCorrections] = []
    for path in corrections_files(corrections_dir):
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


def _check_across_files(files: list[PageCorrections], docs_dir: Path, catalog: Catalog) -> list[Problem]:
    """Fill the catalog; report duplicate ids and pages, missing pages and notes that are not allowed."""
    problems: list[Problem] = []
    first_seen: dict[str, Correction] = {}
    page_files: dict[str, Path] = {}
    renderer = NoteRenderer()
    docs = docs_dir.resolve()
    for pc in files:
        found: list[Problem] = []
        if not (docs_dir / pc.page).resolve().is_relative_to(docs):
            found.append(_file_problem(pc, f"the page '{pc.page}' is outside {docs_dir.name}/",
                                       f"write the article's path relative to {docs_dir.name}/, "
                                       "without '..'"))
        elif not (docs_dir / pc.page).is_file():
            found.append(_file_problem(pc, f"the page '{pc.page}' does not exist in "
                                       f"{docs_dir.name}/", "write the article's path relative "
                                       f"to {docs_dir.name}/, for example articles/some-article.md"))
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
