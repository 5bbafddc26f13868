"""MkDocs adapter for the corrigenda engine: events in, engine calls, MkDocs objects out.

Everything a reader sees in an article is done by the engine's Python-Markdown extension;
this hook only selects each page's corrections, generates the log page, fills the front page
and stops the build when any correction is wrong.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from corrigenda import Catalog, CorrectionsError, CorrectionsExtension, PageResult, Problem
from corrigenda import correct_plain_text, read_catalog
from corrigenda.outputs import CorrectedArticle
from corrigenda.outputs.annotations import corrections_json
from corrigenda.outputs.feeds import FeedInfo, atom_feed
from corrigenda.outputs.jsonld import news_article, script_tag
from corrigenda.render.article import stashed_ids
from corrigenda.render.frontpage import ArticleSummary, article_list_html
from corrigenda.render.html import render
from corrigenda.render.log import LogEntry, LogMonth, MonthLink, log_html, log_months
from corrigenda.timing import timed
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from markupsafe import Markup, escape
from mkdocs.utils import get_relative_url
from urllib.parse import urlencode, urljoin

log = get_plugin_logger(__name__)

LOG_PAGE = "corrections/index.md"
LOG_MARKDOWN = """# Corrections

We correct errors openly. Every correction and clarification made to an article on this site
is listed here, newest first, with what the article said before and what it says now. Each
article also carries its own notes at the end.
"""
STYLESHEET = "assets/corrigenda/corrigenda.css"
SCRIPT = "assets/corrigenda/corrigenda.js"
SITE_FEED = "corrections/feed.xml"
CORRECTIONS_JSON = "corrections.json"


@dataclass
class _Build:
    """What one build knows; replaced in on_config so `mkdocs serve` rebuilds start clean."""

    corrections_dir: Path
    catalog: Catalog = field(default_factory=Catalog)
    extension: CorrectionsExtension = field(default_factory=CorrectionsExtension)
    problems: list[Problem] = field(default_factory=list)
    results: dict[str, PageResult] = field(default_factory=dict)
    articles: dict[str, tuple[Page, CorrectedArticle]] = field(default_factory=dict)
    log_pages: dict[str, LogMonth] = field(default_factory=dict)
    log_urls: dict[str, str] = field(default_factory=dict)


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
    catalog, problems = read_catalog(corrections_dir, Path(config.docs_dir), root)
    _build = _Build(corrections_dir, catalog, CorrectionsExtension(catalog), problems)
    config.markdown_extensions.append(_build.extension)  # type: ignore[arg-type]
    config.extra_css.append(STYLESHEET)
    config.extra_javascript.append(SCRIPT)  # type: ignore[arg-type]
    return config


@timed("on_files")
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Add the generated log (a page per older month) and the engine's stylesheet and script."""
    build = _state()
    months = log_months([c.date for c in build.catalog.all()]) or [LogMonth.of(dt.date.today())]
    log_files = [File.generated(config, LOG_PAGE, content=LOG_MARKDOWN)] + [File.generated(
        config, f"corrections/{month.key}.md", inclusion=InclusionLevel.NOT_IN_NAV,
        content=f"# Corrections, {month.label}\n\n[All corrections](index.md)\n") for month in months[1:]]
    build.log_pages = {f.src_uri: month for f, month in zip(log_files, months)}
    build.log_urls = {f.src_uri: f.url for f in log_files}
    for log_file in log_files:
        files.append(log_file)
    assets = resources.files("corrigenda.render") / "assets"
    for uri in (STYLESHEET, SCRIPT):
        files.append(File.generated(config, uri, content=(assets / Path(uri).name).read_bytes()))
    return files


def on_serve(server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
    """Rebuild and reload when an editor changes a corrections file."""
    server.watch(str(_state().corrections_dir))
    return server


@timed("front matter (on_page_markdown)")
def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Tell the engine which page is rendered next; correct copies of its text in front matter."""
    build = _state()
    build.extension.start_page(page.file.src_uri)
    if build.extension.page is not None:
        corrections = list(build.extension.page.corrections)
        for key in ("title", "description"):
            if isinstance(page.meta.get(key), str):
                # Themes print these unescaped (Material's <meta name="description">), and the
                # corrected text comes from editors: escape it, as the page body does.
                page.meta[key] = escape(correct_plain_text(page.meta[key], corrections))
    return markdown


@timed("on_page_content")
def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Keep what the engine applied to the page, for the log and the front page."""
    build = _state()
    result = build.extension.result
    if result is not None:
        build.results[page.file.src_uri] = result
        page.present_anchor_ids = (page.present_anchor_ids or set()) | stashed_ids(result)
    return html


@timed("feeds + corrections.json (on_env)")
def on_env(env: Any, *, config: MkDocsConfig, files: Files) -> Any:
    """Stop before any page is written if any correction is invalid or could not be applied."""
    build = _state()
    problems = build.problems + build.extension.problems
    if problems:
        raise PluginError(CorrectionsError(problems).report())
    build.articles = {p.file.src_uri: (p, _corrected_article(p, config)) for p in _article_pages(files)}
    articles = [article for _, article in build.articles.values()]
    # Added now, after every page is rendered, so MkDocs writes them with the static files.
    files.append(File.generated(config, CORRECTIONS_JSON, content=corrections_json(articles)))
    files.append(File.generated(config, SITE_FEED, content=atom_feed(FeedInfo(
        url=_absolute(config, SITE_FEED), page_url=_absolute(config, "corrections/"),
        title=f"Corrections · {config.site_name}",
        subtitle="Every correction and clarification, newest first."), articles)))
    for page, article in build.articles.values():
        files.append(File.generated(config, _feed_uri(page), content=atom_feed(FeedInfo(
            url=_absolute(config, _feed_uri(page)), page_url=article.url,
            title=f"Corrections · {article.title}",
            subtitle=f"Corrections and clarifications to “{article.title}”."), [article])))
    return env


@event_priority(100)  # Before the search plugin indexes the page, so the listings are searchable.
@timed("log, front page, head + JSON-LD (on_page_context)")
def on_page_context(context: dict[str, Any], *, page: Page, config: MkDocsConfig,
                    nav: Navigation) -> dict[str, Any]:
    """Fill the log and the front page; give every page its feeds, JSON-LD and report links."""
    context.update(_page_extras(page, config))
    build = _state()
    if page.file.src_uri in build.log_pages:
        entries = _log_entries(page)
        html, toc = log_html(build.log_pages[page.file.src_uri], entries, _month_links(page, entries),
                             site_entries=entries if page.file.src_uri == LOG_PAGE else None)
        page.content = (page.content or "") + str(html)
        page.toc = get_toc(toc)
    elif page.is_homepage:
        page.content = (page.content or "") + str(article_list_html(_articles(page)))
    return context


def _article_pages(files: Files) -> list[Page]:
    """Articles: pages whose front matter gives a publication date, or that carry corrections."""
    build = _state()
    return [f.page for f in files.documentation_pages() if f.page is not None and (
        isinstance(f.page.meta.get("date"), dt.date) or f.src_uri in build.results)]


def _absolute(config: MkDocsConfig, url: str) -> str:
    """An absolute URL on the published site (machine-readable outputs need them)."""
    return urljoin(config.site_url or "/", url)


def _plain(html: object) -> str:
    """Text that MkDocs keeps as HTML (titles, escaped front matter) as plain text for our outputs."""
    return Markup(str(html or "")).unescape()


def _feed_uri(page: Page) -> str:
    """Where an article's own corrections feed is written, beside the article."""
    dest = page.file.dest_uri
    return dest.removesuffix("index.html") + "feed.xml" if dest.endswith("index.html") \
        else dest.removesuffix(".html") + ".feed.xml"


def _corrected_article(page: Page, config: MkDocsConfig) -> CorrectedArticle:
    """What machine-readable outputs say about one article."""
    build = _state()
    published = page.meta.get("date")
    return CorrectedArticle(
        title=_plain(page.title), url=_absolute(config, page.url),
        published=published if isinstance(published, dt.date) else None,
        description=_plain(page.meta.get("description", "")),
        result=build.results.get(page.file.src_uri, PageResult(page.file.src_uri)),
        notes=build.catalog.notes)


def _page_extras(page: Page, config: MkDocsConfig) -> dict[str, Any]:
    """Head links and JSON-LD for every page; "report an error" links for articles."""
    build = _state()
    entry = build.articles.get(page.file.src_uri)

    def relative(uri: str) -> str:
        return get_relative_url(uri, page.url)

    head = render("head.html", site_feed=relative(SITE_FEED), corrections_json=relative(CORRECTIONS_JSON),
                  article_feed=relative(_feed_uri(entry[0])) if entry else "",
                  jsonld=script_tag(news_article(entry[1])) if entry else "")
    extras = {"corrigenda_head": head}
    if entry and config.repo_url:
        extras["corrigenda_after"] = render("report.html", **_report_links(entry[1], config))
    elif page.file.src_uri == LOG_PAGE and config.repo_url:
        branch = config.extra.get("corrections_branch", "main")
        extras["corrigenda_after"] = render(
            "report.html", report_url="", edit_url=f"{config.repo_url.rstrip('/')}/tree/{branch}/corrections")
    return extras


def _report_links(article: CorrectedArticle, config: MkDocsConfig) -> dict[str, str]:
    """Where readers report an error (an issue form) and editors propose a correction (the YAML)."""
    build = _state()
    repo = config.repo_url.rstrip("/")
    branch = config.extra.get("corrections_branch", "main")
    issue = urlencode({"template": "report-an-error.yml", "title": f"Error report: {article.title}",
                       "url": article.url, "article": article.title})
    filed = build.catalog.for_page(article.result.page)
    if filed is not None:
        edit = f"{repo}/edit/{branch}/{filed.path.as_posix()}"
    else:
        name = Path(article.result.page).with_suffix(".yml").name
        edit = f"{repo}/new/{branch}/corrections?" + urlencode({
            "filename": name, "value": f"page: {article.result.page}\ncorrections:\n"})
    return {"report_url": f"{repo}/issues/new?{issue}", "edit_url": edit}


def _month_links(log_page: Page, entries: list[LogEntry]) -> list[MonthLink]:
    """Every month of the log, linked from this log page; the newest month is the log's front page."""
    build = _state()
    counts = Counter(LogMonth.of(e.correction.date) for e in entries)
    return [MonthLink(month, get_relative_url(build.log_urls[uri], log_page.url), counts[month],
                      uri == log_page.file.src_uri) for uri, month in build.log_pages.items()]


def _log_entries(log_page: Page) -> list[LogEntry]:
    """Every applied correction of the site, each linked to its note in its article."""
    build = _state()
    entries = []
    for page, article in build.articles.values():
        href = get_relative_url(page.url, log_page.url)
        entries += [LogEntry(c, article.notes[c.id], article.title, f"{href}#correction-{c.id}")
                    for c in article.result.applied()]
    return entries


def _articles(home: Page) -> list[ArticleSummary]:
    """The front page's view of every dated article."""
    build = _state()
    return [ArticleSummary(
        title=article.title, href=get_relative_url(page.url, home.url), date=article.published,
        summary=article.description, corrections=len(article.corrections),
        latest=article.corrections[0].date if article.corrections else None)
        for page, article in build.articles.values() if article.published]
