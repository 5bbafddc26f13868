"""Render articles with their corrections as the build would, without MkDocs: for checks and previews."""

from __future__ import annotations

import importlib
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import markdown
from markdown.treeprocessors import Treeprocessor
from ruamel.yaml import YAML
from ruamel.yaml.constructor import SafeConstructor
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, Node, SequenceNode

from ..apply import copies_left_out, correct_plain_text, text_copies
from ..catalog import read_catalog, shown_path
from ..extension import PRIORITY, CorrectionsExtension
from ..locate import PageText
from ..model import Catalog, PageResult
from ..problems import Problem

CONFIG_FILE = "mkdocs.yml"
# MkDocs always loads these before the ones mkdocs.yml lists; they change what readers see.
BUILTIN_EXTENSIONS = ("toc", "tables", "fenced_code")
# MkDocs' own front-matter pattern (mkdocs.utils.meta): YAML between '---' and '---' or '...'.
FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
PYTHON_NAME = "tag:yaml.org,2002:python/name:"
# Told (done, total, page) before each article is rendered, to show progress.
ProgressCallback = Callable[[int, int, str], None]


class SiteError(Exception):
    """The project cannot be rendered: no mkdocs.yml, a broken one, or an extension that fails."""


class _ConfigConstructor(SafeConstructor):
    """Builds plain data from mkdocs.yml whatever its tags: the config is MkDocs', not ours to police."""


def _python_name(constructor: SafeConstructor, suffix: str, node: Node) -> Any:
    """The object a `!!python/name:module.attr` tag names, imported as MkDocs' loader does."""
    module, _, name = suffix.rpartition(".")
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError, ValueError) as error:
        raise SiteError(f"{CONFIG_FILE} names '{suffix}' with !!python/name, which cannot be "
                        f"imported: {error}") from error


def _untagged(constructor: SafeConstructor, node: Node) -> Any:
    """The plain value under any other tag (!ENV, !relative...), so reading never fails on them."""
    if isinstance(node, MappingNode):
        return constructor.construct_mapping(node, deep=True)
    if isinstance(node, SequenceNode):
        return constructor.construct_sequence(node, deep=True)
    return constructor.construct_scalar(node)


_ConfigConstructor.add_multi_constructor(PYTHON_NAME, _python_name)
_ConfigConstructor.add_constructor(None, _untagged)


def read_config(path: Path) -> dict[str, Any]:
    """mkdocs.yml as plain data, read as MkDocs reads it (YAML 1.1) but without importing MkDocs."""
    yaml = YAML(typ="safe", pure=True)
    yaml.Constructor = _ConfigConstructor
    yaml.version = (1, 1)  # PyYAML, which MkDocs uses, reads 'on', 'yes' and 'no' as booleans.
    try:
        data = yaml.load(path.read_text(encoding="utf-8-sig"))
    except (OSError, YAMLError) as error:
        raise SiteError(f"cannot read {path}: {error}") from error
    if not isinstance(data, dict):
        raise SiteError(f"{path} is not a set of 'setting: value' lines")
    return data


def markdown_extensions(config: dict[str, Any]) -> tuple[list[str], dict[str, dict[str, Any]]]:
    """Extension names (MkDocs' built-ins first, no repeats) and their options, as MkDocs reads them."""
    listed = config.get("markdown_extensions") or []
    items = list(listed.items()) if isinstance(listed, dict) else [
        next(iter(item.items())) if isinstance(item, dict) and len(item) == 1 else (item, None)
        for item in listed]
    names: list[str] = list(BUILTIN_EXTENSIONS)
    options: dict[str, dict[str, Any]] = {}
    for name, settings in items:
        if not isinstance(name, str) or not (settings is None or isinstance(settings, dict)):
            raise SiteError(f"{CONFIG_FILE}: markdown_extensions has an entry that is not a name "
                            f"or 'name: {{option: value}}': {name!r}")
        if name not in names:
            names.append(name)
        if settings:
            options[name] = settings
    return names, options


@dataclass(frozen=True)
class Site:
    """A project laid out for MkDocs (mkdocs.yml, docs/, corrections/), read without MkDocs."""

    root: Path
    docs_dir: Path
    corrections_dir: Path
    extensions: tuple[str, ...] = BUILTIN_EXTENSIONS
    extension_configs: dict[str, dict[str, Any]] = field(default_factory=dict, compare=False)

    @classmethod
    def read(cls, root: Path) -> Site:
        """The project at `root`, as its mkdocs.yml describes it."""
        config_path = root / CONFIG_FILE
        if not config_path.is_file():
            raise SiteError(f"there is no {CONFIG_FILE} in {root.resolve()}; run this in the project "
                            "folder or give it with --root")
        config = read_config(config_path)
        docs_dir = root / str(config.get("docs_dir") or "docs")
        if not docs_dir.is_dir():
            raise SiteError(f"the articles folder {docs_dir} does not exist")
        names, options = markdown_extensions(config)
        # The hook reads corrections from beside mkdocs.yml, whatever else the config says.
        return cls(root, docs_dir, root / "corrections", tuple(names), options)

    def read_catalog(self) -> tuple[Catalog, list[Problem]]:
        """Every valid corrections file of the site, and every problem found in them."""
        return read_catalog(self.corrections_dir, self.docs_dir, self.root)

    def shown(self, path: Path) -> Path:
        """A path as problems show it: relative to the project folder when it is inside it."""
        return shown_path(path, self.root)

    def markdown(self, *extra: markdown.Extension) -> markdown.Markdown:
        """A fresh Markdown converter with the site's extensions, as MkDocs makes one per page."""
        try:
            return markdown.Markdown(extensions=[*self.extensions, *extra],
                                     extension_configs=self.extension_configs)
        except Exception as error:  # Extensions raise anything on bad options; say which config.
            raise SiteError(f"the markdown_extensions of {CONFIG_FILE} do not load: "
                            f"{type(error).__name__}: {error}") from error


def split_front_matter(source: str) -> tuple[str, dict[str, Any]]:
    """The Markdown body and its front matter (empty when there is none or it is not a mapping)."""
    found = FRONT_MATTER.match(source)
    if found is None:
        return source, {}
    try:
        meta = YAML(typ="safe", pure=True).load(found.group(1))
    except YAMLError:
        return source, {}  # MkDocs, too, renders the page as it is when its front matter is broken.
    if not isinstance(meta, dict):
        return source, {}
    return source[found.end():].lstrip("\n"), meta


class _TextBeforeCorrections(Treeprocessor):
    """Keeps the page's text as readers saw it, just before the corrections change the tree."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.text: PageText | None = None
        self.heading = ""

    def run(self, root: etree.Element) -> None:
        """Index the text (it is only read); remember the first H1, which MkDocs uses as title."""
        self.text = PageText.of(root)
        h1 = next(root.iter("h1"), None)
        self.heading = "".join(h1.itertext()).strip() if h1 is not None else ""


@dataclass
class Preview:
    """One article rendered with its corrections, and what stopped them from applying."""

    page: str
    title: str
    html: str
    before: PageText | None
    result: PageResult | None
    problems: list[Problem]


class Previewer:
    """Renders a site's articles one by one with the engine's extension, as a build does."""

    def __init__(self, site: Site, catalog: Catalog) -> None:
        self.site = site
        self.catalog = catalog
        self.extension = CorrectionsExtension(catalog)

    def render(self, page: str) -> Preview:
        """Render one article (path relative to the docs folder) and collect its problems."""
        source = (self.site.docs_dir / page).read_text(encoding="utf-8-sig")
        body, meta = split_front_matter(source)
        md = self.site.markdown(self.extension)
        capture = _TextBeforeCorrections(md)
        # Just above the corrections: after attr_list has removed its syntax, before anything changes.
        md.treeprocessors.register(capture, "corrigenda-preview", PRIORITY + 0.01)
        known = len(self.extension.problems)
        self.extension.start_page(page)
        html = md.convert(body)
        problems = self.extension.problems[known:]
        del self.extension.problems[known:]
        corrections = list(self.extension.page.corrections) if self.extension.page else []
        problems += copies_left_out(text_copies(meta), corrections)
        title = meta.get("title") if isinstance(meta.get("title"), str) else capture.heading
        return Preview(page, correct_plain_text(title or page, corrections), html, capture.text,
                       self.extension.result, problems)


def within(files: Collection[Path] | None, root: Path) -> Callable[[Path], bool]:
    """Whether a corrections file (as problems show it, relative to root) is one of `files`."""
    wanted = None if files is None else {path.resolve() for path in files}
    return lambda path: wanted is None or (root / path).resolve() in wanted


def render_pages(previewer: Previewer, pages: list[str],
                 on_page: ProgressCallback | None = None) -> Iterator[Preview]:
    """Each page rendered in turn; `on_page(done, total, page)` is told first, to show progress."""
    for done, page in enumerate(pages, 1):
        if on_page is not None:
            on_page(done, len(pages), page)
        yield previewer.render(page)


def check_site(site: Site, files: Collection[Path] | None = None,
               on_page: ProgressCallback | None = None) -> tuple[Catalog, list[Problem]]:
    """Every problem the build would report (only those in `files` when given), without building."""
    catalog, problems = site.read_catalog()
    wanted = within(files, site.root)
    pages = pages_to_render(site, catalog, wanted)
    for preview in render_pages(Previewer(site, catalog), pages, on_page):
        problems += preview.problems
    return catalog, [problem for problem in problems if wanted(problem.path)]


def pages_to_render(site: Site, catalog: Catalog,
                    wanted: Callable[[Path], bool] = lambda _: True) -> list[str]:
    """Pages with corrections whose article exists (a missing one is already a problem)."""
    return [page for page, pc in catalog.pages.items()
            if pc.corrections and wanted(pc.path) and (site.docs_dir / page).is_file()]
