"""MkDocs adapter for the corrigenda engine: events in, engine calls, MkDocs objects out.

The corrections in an article's text are applied by the engine's Python-Markdown extension;
the article's Corrections section and everything site-wide (log, front page, feeds, JSON-LD,
report links) come from `corrigenda.site`, and `overrides/main.html` places them. This hook
tells the engine which page is rendered, turns MkDocs pages and files into the engine's plain
data and back, and stops the build when any correction is wrong.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import html
import posixpath
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape
from material.plugins.search.plugin import SearchPlugin
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents, get_toc

from corrigenda import (
    Catalog,
    CorrectionsError,
    CorrectionsExtension,
    PageResult,
    Problem,
    copies_left_out,
    correct_plain_text,
    read_catalog,
    text_copies,
)
from corrigenda.render.article import HEADING, HEADING_ID, HeadingLink
from corrigenda.site import CorrectedSite, Repository, SitePage
from corrigenda.timing import timed

log = get_plugin_logger(__name__)

# What Material's search plugin strips from a page after reading it (its own pattern).
_VALUED_SEARCH_ATTRIBUTE = re.compile(r"data-search-\w+=\"[^\"]+\"")

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
    site: CorrectedSite | None = None
    # Each corrected page's content as Markdown wrote it: its search copy stands for that alone.
    rendered: dict[str, str] = field(default_factory=dict)
    # The primary navigation of the log's archive months, by folder (overrides/partials/nav.html).
    shared_nav: dict[str, str] = field(default_factory=dict)
    # Every URL the navigation leads to: MkDocs builds it once per build, each month asks.
    nav_urls: tuple[str, ...] | None = None


_build: _Build | None = None


def _state() -> _Build:
    if _build is None:
        raise PluginError("the corrections hook was used before on_config ran")
    return _build


@timed("load + validate (on_config)")
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load and check every corrections file and plug the engine into Markdown rendering."""
    global _build
    root = Path(config.config_file_path).parent
    corrections_dir = root / "corrections"
    with _kept_from_collector():
        catalog, problems = read_catalog(corrections_dir, Path(config.docs_dir), root)
    # The notes go after the content (overrides/main.html), out of what the search plugin parses:
    # they are excluded from the index anyway, and parsing them doubled its work.
    extension = CorrectionsExtension(catalog, notes_in_content=False, search_copies=True)
    _build = _Build(corrections_dir, catalog, extension, problems)
    repository = Repository(config.repo_url, config.extra.get("corrections_branch", "main")) \
        if config.repo_url else None
    _build.site = CorrectedSite(catalog, _build.results, config.site_url or "/", config.site_name,
                                repository, _heading_link(config))
    config.markdown_extensions.append(_build.extension)  # type: ignore[arg-type]
    _index_search_copies(config)
    config.extra_css.append(STYLESHEET)
    config.extra_javascript.append(SCRIPT)  # type: ignore[arg-type]
    return config


@timed("on_files")
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Add the generated log (a page per older month) and the engine's stylesheet and script."""
    for page_file in files.documentation_pages():
        # A corrections file can change any article, the log and the front page, none of whose
        # Markdown changed: `--dirty` must not skip them, or a broken correction goes unchecked.
        page_file.is_modified = lambda: True  # type: ignore[method-assign]
    for source in _site().log_sources:
        inclusion = InclusionLevel.UNDEFINED if source.in_nav else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, source.path, content=source.markdown, inclusion=inclusion))
    assets = resources.files("corrigenda.render") / "assets"
    for uri in (STYLESHEET, SCRIPT):
        files.append(File.generated(config, uri, content=(assets / Path(uri).name).read_bytes()))
    return files


def on_serve(server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
    """Rebuild and reload when an editor changes a corrections file."""
    folder = _state().corrections_dir
    if folder.is_dir():  # a site with no corrections yet builds; watching nothing would crash
        server.watch(str(folder))
    else:
        log.info("No %s/ folder to watch: restart 'mkdocs serve' after creating it", folder.name)
    return server


@timed("front matter (on_page_markdown)")
def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Tell the engine which page is rendered next; correct copies of its text in front matter."""
    build = _state()
    build.extension.start_page(page.file.src_uri)
    if page.file.src_uri in _site().archive_paths:
        # Each entry of a month's log repeats a note that search already finds in its article;
        # indexing some 50 long archive pages would also double the search plugin's work.
        page.meta["search"] = {"exclude": True}
    if build.extension.page is not None:
        corrections = list(build.extension.page.corrections)
        copies = text_copies(page.meta)
        build.problems += copies_left_out(copies, corrections)
        for key, text in copies.items():
            # Themes print these unescaped (Material's <meta name="description">), and the
            # corrected text comes from editors: escape it, as the page body does.
            page.meta[key] = escape(correct_plain_text(text, corrections))
    return markdown


@event_priority(100)  # First, to see the page's content as Markdown wrote it.
@timed("on_page_content")
def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Keep what the engine applied to the page, for the log and the front page."""
    build = _state()
    result = build.extension.result
    if result is not None:
        build.results[page.file.src_uri] = result
        if result.search_html is not None:
            build.rendered[page.file.src_uri] = html
        if result.placements:
            _add_to_toc(page.toc, AnchorLink(HEADING, HEADING_ID, 2))
    return html


@timed("feeds + corrections.json (on_env)")
def on_env(env: Any, *, config: MkDocsConfig, files: Files) -> Any:
    """Stop before any page is written if any correction is invalid or could not be applied."""
    build = _state()
    problems = build.problems + build.extension.problems
    if problems:
        raise PluginError(CorrectionsError(problems).report())
    # Every page is rendered and stays in memory until the build ends (see _kept_from_collector).
    gc.freeze()
    site = _site()
    site.add_pages([_site_page(f.page) for f in files.documentation_pages() if f.page is not None])
    with _collector_paused():  # feeds and JSON: a million short-lived objects, none in a cycle
        outputs = site.files()
    # Added now, after every page is rendered, so MkDocs writes them with the static files.
    for path, content in outputs.items():
        files.append(File.generated(config, path, content=content))
    return env


@event_priority(100)  # Before the search plugin indexes the page, so the listings are searchable.
@timed("log, front page, head + JSON-LD (on_page_context)")
def on_page_context(context: dict[str, Any], *, page: Page, config: MkDocsConfig,
                    nav: Navigation) -> dict[str, Any]:
    """Fill the log and the front page; give every page its feeds, JSON-LD and report links."""
    site = _site()
    path = page.file.src_uri
    context.update(corrigenda_head=site.head_html(path), corrigenda_notes=site.notes_html(path),
                   corrigenda_after=site.after_html(path))
    log_page = site.log_page(path)
    if log_page is not None:
        page.content = (page.content or "") + str(log_page[0])
        page.toc = get_toc(log_page[1])
    elif page.is_homepage:
        page.content = (page.content or "") + str(site.front_page_html(path))
    if path in site.archive_paths and _outside(page, nav):  # their navigation is rendered once
        folder = posixpath.dirname(page.url.rstrip("/"))
        context["corrigenda_shared_nav"] = functools.partial(_shared_nav, folder)
    return context


def _outside(page: Page, nav: Navigation) -> bool:
    """Whether nothing in the navigation, page or link, leads to the page or below it."""
    build = _state()
    if build.nav_urls is None:
        build.nav_urls = tuple(_nav_urls(nav.items))
    return not any(url.startswith(page.url) for url in build.nav_urls)


def _nav_urls(items: list[Any]) -> Iterator[str]:
    """The URL of every page and link in the navigation, in its sections too."""
    for item in items:
        if item.children is not None:
            yield from _nav_urls(item.children)
        else:
            yield item.url


def _shared_nav(folder: str, render: Callable[[], str]) -> str:
    """Material's navigation for a month of the log's archive: rendered once per folder."""
    # A page the navigation does not lead to marks none of its items, and its links to anything
    # outside it are the same from every page of its folder (the archive's months all sit in
    # corrections/): all those months get the same markup. Rendering it took each month as long
    # as an article on a 1,000-article site; the log should cost what it adds, its notes.
    shared = _state().shared_nav
    if folder not in shared:
        shared[folder] = render()
    return shared[folder]


def _index_search_copies(config: MkDocsConfig) -> None:
    """Have Material's search plugin index each corrected page's search copy, not its full markup.

    It parses every page tag by tag, and each correction adds four elements it would only skip
    (render.search_copy). Only its handler sees the copy: the page keeps its content for every
    other plugin and for the theme. (MkDocs' own search plugin is left alone: it honours neither
    data-search-exclude nor `search: exclude`, so a copy would change what it indexes.)
    """
    searches = tuple(p for p in config.plugins.values() if isinstance(p, SearchPlugin))
    handlers = config.plugins.events["page_context"]
    for position, handler in enumerate(handlers):
        if getattr(handler, "__self__", None) in searches:
            handlers[position] = _with_search_copy(handler)


def _with_search_copy(handler: Callable[..., Any]) -> Callable[..., Any]:
    """A search plugin's on_page_context that reads what search needs of the page: a corrected
    article's search copy, nothing of a log archive page (excluded from the index)."""

    @functools.wraps(handler)
    def index(context: dict[str, Any], *, page: Page, **kwargs: Any) -> Any:
        content = _search_content(page)
        if content is None:
            return handler(context, page=page, **kwargs)
        full, page.content = page.content, content
        try:
            return handler(context, page=page, **kwargs)
        finally:
            page.content = full

    return index


def _search_content(page: Page) -> str | None:
    """What the search plugin should parse instead of the page's content, or None for the content."""
    path = page.file.src_uri
    if path in _site().archive_paths:
        # Excluded from the index, yet Material's plugin still scans all of the month's entries
        # for data-search-* attributes (the log writes none with a value, which it would strip).
        return ""
    build = _state()
    rendered = build.rendered.pop(path, None)
    result = build.results.get(path)
    if result is None or result.search_html is None:
        return None
    copy, result.search_html = result.search_html, None  # read once; no need to keep it in memory
    if page.content is not rendered:
        # Something added to the page since Markdown wrote it (the front page's list of articles,
        # another plugin): the copy would not have it.
        return None
    # The plugin also strips data-search-* attributes with a value from what it reads; a page
    # whose author wrote some is read in full, so that they are stripped from it as before.
    # (Valueless ones, like the banner's data-search-exclude, are not stripped.)
    return None if _VALUED_SEARCH_ATTRIBUTE.search(copy) else copy


@contextmanager
def _kept_from_collector() -> Iterator[None]:
    """Read the catalog with Python's cycle collector paused, then keep it out of its sight.

    An archive's catalog is a million small objects that live as long as the build. Each full
    collection walked all of them again: about 1.5 s of a 1,000-article build, for no garbage.
    Freezing moves them (and whatever else exists by now) to a generation the collector skips;
    reference counting still frees them. A rebuild under `mkdocs serve` first unfreezes and
    collects what the last build left, or its garbage would be frozen again at this one's end.
    """
    gc.unfreeze()
    gc.collect()
    try:
        with _collector_paused():
            yield
    finally:
        gc.freeze()


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off for a while, then as it was (a host may have turned it off)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _heading_link(config: MkDocsConfig) -> HeadingLink | None:
    """The permalink the toc extension gives headings, for the Corrections heading the template adds."""
    toc = config.mdx_configs.get("toc", {})
    permalink = toc.get("permalink")
    if not permalink:
        return None
    # Python-Markdown keeps entities in these (`permalink: "&para;"`); the engine escapes what it
    # is given, so it gets the characters they stand for.
    return HeadingLink("¶" if permalink is True else html.unescape(str(permalink)),
                       html.unescape(str(toc.get("permalink_title", HeadingLink.title))),
                       toc.get("permalink_class", HeadingLink.css_class))


def _add_to_toc(toc: TableOfContents, link: AnchorLink) -> None:
    """List a section the template adds, as the TOC would list its H2: under the page's H1."""
    items = toc.items
    if items and items[-1].level < link.level:
        items[-1].children.append(link)
    else:
        items.append(link)


def _site() -> CorrectedSite:
    site = _state().site
    assert site is not None  # set in on_config
    return site


def _site_page(page: Page) -> SitePage:
    """A rendered MkDocs page as the engine's site-wide outputs describe it."""
    published = page.meta.get("date")
    dest = page.file.dest_uri
    feed = dest.removesuffix("index.html") + "feed.xml" if dest.endswith("index.html") \
        else dest.removesuffix(".html") + ".feed.xml"
    return SitePage(
        path=page.file.src_uri, url=page.url, title=_plain(page.title),
        published=published if isinstance(published, dt.date) else None,
        description=_plain(page.meta.get("description", "")), feed_path=feed)


def _plain(html: object) -> str:
    """Text MkDocs keeps as HTML (titles, escaped front matter), as plain text for the engine."""
    return Markup(str(html or "")).unescape()
