"""MkDocs adapter for the corrigenda engine: events in, engine calls, MkDocs objects out.

Everything a reader sees in an article is done by the engine's Python-Markdown extension;
this hook only selects each page's corrections, generates the log page, fills the front page
and stops the build when any correction is wrong.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from corrigenda import Catalog, CorrectionsError, CorrectionsExtension, PageResult, Problem
from corrigenda import correct_plain_text, read_catalog
from corrigenda.render.article import stashed_ids
from corrigenda.render.frontpage import ArticleSummary, article_list_html
from corrigenda.render.log import LogEntry, log_html
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

log = get_plugin_logger(__name__)

LOG_PAGE = "corrections/index.md"
LOG_MARKDOWN = """# Corrections

We correct errors openly. Every correction and clarification made to an article on this site
is listed here, newest first, with what the article said before and what it says now. Each
article also carries its own notes at the end.
"""
STYLESHEET = "assets/corrigenda/corrigenda.css"
SCRIPT = "assets/corrigenda/corrigenda.js"


@dataclass
class _Build:
    """What one build knows; replaced in on_config so `mkdocs serve` rebuilds start clean."""

    corrections_dir: Path
    catalog: Catalog = field(default_factory=Catalog)
    extension: CorrectionsExtension = field(default_factory=CorrectionsExtension)
    problems: list[Problem] = field(default_factory=list)
    results: dict[str, PageResult] = field(default_factory=dict)


_build: _Build | None = None


def _state() -> _Build:
    if _build is None:
        raise PluginError("the corrections hook was used before on_config ran")
    return _build


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load and check every corrections file and plug the engine into Markdown rendering."""
    global _build
    root = Path(config.config_file_path).parent
    corrections_dir = root / "corrections"
    catalog, problems = read_catalog(corrections_dir, Path(config.docs_dir), root)
    _build = _Build(corrections_dir, catalog, CorrectionsExtension(catalog), problems)
    config.markdown_extensions.append(_build.extension)  # type: ignore[arg-type]
    config.extra_css.append(STYLESHEET)
    config.extra_javascript.append(SCRIPT)  # type: ignore[arg-type]
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Add the generated corrections log page and the engine's stylesheet and script."""
    files.append(File.generated(config, LOG_PAGE, content=LOG_MARKDOWN))
    assets = resources.files("corrigenda.render") / "assets"
    for uri in (STYLESHEET, SCRIPT):
        files.append(File.generated(config, uri, content=(assets / Path(uri).name).read_bytes()))
    return files


def on_serve(server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
    """Rebuild and reload when an editor changes a corrections file."""
    server.watch(str(_state().corrections_dir))
    return server


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Tell the engine which page is rendered next; correct copies of its text in front matter."""
    build = _state()
    build.extension.start_page(page.file.src_uri)
    if build.extension.page is not None:
        corrections = list(build.extension.page.corrections)
        for key in ("title", "description"):
            if isinstance(page.meta.get(key), str):
                page.meta[key] = correct_plain_text(page.meta[key], corrections)
    return markdown


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Keep what the engine applied to the page, for the log and the front page."""
    build = _state()
    result = build.extension.result
    if result is not None:
        build.results[page.file.src_uri] = result
        page.present_anchor_ids = (page.present_anchor_ids or set()) | stashed_ids(result)
    return html


def on_env(env: Any, *, config: MkDocsConfig, files: Files) -> Any:
    """Stop before any page is written if any correction is invalid or could not be applied."""
    build = _state()
    problems = build.problems + build.extension.problems
    if problems:
        raise PluginError(CorrectionsError(problems).report())
    return env


@event_priority(100)  # Before the search plugin indexes the page, so the listings are searchable.
def on_page_context(context: dict[str, Any], *, page: Page, config: MkDocsConfig,
                    nav: Navigation) -> dict[str, Any]:
    """Fill the corrections log and the front page once every article has been rendered."""
    if page.file.src_uri == LOG_PAGE:
        html, toc = log_html(_log_entries(page, nav))
        page.content = (page.content or "") + str(html)
        page.toc = get_toc(toc)
    elif page.is_homepage:
        page.content = (page.content or "") + str(article_list_html(_articles(page, nav)))
    return context


def _articles_in(nav: Navigation) -> list[Page]:
    """Pages that are articles: those whose front matter gives a publication date."""
    return [p for p in nav.pages if isinstance(p.meta.get("date"), dt.date)]


def _log_entries(log_page: Page, nav: Navigation) -> list[LogEntry]:
    """Every applied correction of the site, each linked to its note in its article."""
    build = _state()
    entries = []
    for article in nav.pages:
        result = build.results.get(article.file.src_uri)
        if result is None:
            continue
        href = get_relative_url(article.url, log_page.url)
        entries += [LogEntry(c, build.catalog.notes[c.id], str(article.title),
                             f"{href}#correction-{c.id}") for c in result.applied()]
    return entries


def _articles(home: Page, nav: Navigation) -> list[ArticleSummary]:
    """The front page's view of every article."""
    build = _state()
    summaries = []
    for article in _articles_in(nav):
        result = build.results.get(article.file.src_uri)
        applied = result.applied() if result else []
        summaries.append(ArticleSummary(
            title=str(article.title), href=get_relative_url(article.url, home.url),
            date=article.meta["date"], summary=str(article.meta.get("description", "")),
            corrections=len(applied), latest=max((c.date for c in applied), default=None)))
    return summaries
