"""Shared fixtures: engine runs on small inputs, and real MkDocs builds of the real site."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup
from material.plugins.search.plugin import Parser as SearchParser

from corrigenda import CorrectionsError, CorrectionsExtension, load_catalog

REPO = Path(__file__).resolve().parent.parent
ARTICLE = "articles/russian-foreign-minister-visits-north-korea.md"
ARTICLE_URL = "articles/russian-foreign-minister-visits-north-korea/"
CORRECTIONS_FILE = REPO / "corrections" / "russian-foreign-minister-visits-north-korea.yml"


def visible_text(tag) -> str:
    """A tag's text as a reader sees it by default: originals kept for "show original" are hidden."""
    clone = BeautifulSoup(str(tag), "lxml")
    for original in clone.select(".corrigenda-then"):
        original.decompose()
    return clone.get_text()


def search_sections(html: str) -> list[tuple[str | None, str, str]]:
    """Each section of a page as Material's search plugin indexes it: id, title and text (white
    space runs as one space: the index is searched word by word, as HTML shows them)."""
    parser = SearchParser()
    parser.feed(html)
    parser.close()
    return [(s.id, " ".join("".join(s.title).split()), " ".join("".join(s.text).split()))
            for s in parser.data]


def corrections_yaml(entries: str, page: str = "page.md") -> str:
    """A corrections file for `page` whose corrections list is `entries` (indented YAML items)."""
    return f"page: {page}\ncorrections:\n{textwrap.indent(textwrap.dedent(entries), '  ')}"


@dataclass
class Rendered:
    """The result of rendering one page with the engine alone."""

    html: str
    extension: CorrectionsExtension
    md: markdown.Markdown

    @property
    def soup(self) -> BeautifulSoup:
        return BeautifulSoup(self.html, "lxml")


@pytest.fixture
def engine(tmp_path: Path):
    """Render Markdown with corrections through the engine only (no MkDocs)."""

    def run(source: str, entries: str, extensions: tuple[str, ...] = ("toc", "attr_list"),
            search_copies: bool = False, notes_in_content: bool = True) -> Rendered:
        docs, corrections = tmp_path / "docs", tmp_path / "corrections"
        docs.mkdir(exist_ok=True)
        corrections.mkdir(exist_ok=True)
        (docs / "page.md").write_text(textwrap.dedent(source), encoding="utf-8")
        (corrections / "page.yml").write_text(corrections_yaml(entries), encoding="utf-8")
        extension = CorrectionsExtension(load_catalog(corrections, docs), search_copies=search_copies,
                                         notes_in_content=notes_in_content)
        md = markdown.Markdown(extensions=[extension, *extensions])
        extension.start_page("page.md")
        html = md.convert(textwrap.dedent(source))
        if extension.problems:
            raise CorrectionsError(extension.problems)
        return Rendered(html, extension, md)

    return run


@dataclass
class Project:
    """A copy of the whole site in a temporary folder, to build as it is or with changes."""

    root: Path

    def write(self, relative: str, text: str) -> None:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def build(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run the real `mkdocs build` as an editor or CI would."""
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        return subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(self.site), *args],
            cwd=self.root, env=env, capture_output=True, text=True, timeout=300,
        )

    @property
    def site(self) -> Path:
        return self.root / "site"

    def page(self, url: str) -> BeautifulSoup:
        """A built page, parsed."""
        path = self.site / url / "index.html" if not url.endswith(".html") else self.site / url
        return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def copy_project(destination: Path) -> Project:
    """Copy what a build reads: config, hook, articles and corrections."""
    for name in ("docs", "corrections", "hooks", "overrides"):
        shutil.copytree(REPO / name, destination / name)
    shutil.copy(REPO / "mkdocs.yml", destination / "mkdocs.yml")
    return Project(destination)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A fresh copy of the site for one test to change and build."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The real site, built once with --strict for every test that only reads it."""
    built = copy_project(tmp_path_factory.mktemp("site") / "project")
    result = built.build("--strict")
    assert result.returncode == 0, result.stderr
    return built
