"""Everything site-wide that corrections produce, for any static-site generator.

An adapter (the MkDocs hook, or another generator's) renders the pages with the engine's
Markdown extension, then describes each rendered page as a `SitePage` and asks `CorrectedSite`
for the generated log pages, the front page's list, each page's <head> additions and "report an
error" links, and the feeds and corrections.json to write.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from urllib.parse import quote, urlencode, urljoin

from markupsafe import Markup

from .apply import NOTE_ID
from .model import Catalog, Correction, PageResult
from .outputs import CorrectedArticle
from .outputs.annotations import corrections_json
from .outputs.feeds import FeedInfo, atom_feed
from .outputs.jsonld import news_article, script_tag
from .render.article import HeadingLink, notes_html
from .render.frontpage import ArticleSummary, article_list_html
from .render.html import render
from .render.items import NoteBodies, NoteItem
from .render.log import LogMonth, LogSummary, MonthLink, log_html, log_months

LOG_PATH = "corrections/index.md"
LOG_MARKDOWN = """# Corrections

We correct errors openly. Every correction and clarification made to an article on this site
is listed here, newest first, with what the article said before and what it says now. Each
article also carries its own notes at the end.
"""
SITE_FEED = "corrections/feed.xml"
# Feed readers poll for what is new; an archive's every correction would be megabytes of XML.
SITE_FEED_ENTRIES = 100
CORRECTIONS_JSON = "corrections.json"


def _segments(path: str) -> list[str]:
    """A site-relative path's folders and name, with '.' and '..' resolved (never above the root)."""
    segments: list[str] = []
    for segment in path.split("/"):
        if segment == "..":
            segments = segments[:-1]
        elif segment not in ("", "."):
            segments.append(segment)
    return segments


def relative_url(target: str, base: str) -> str:
    """`target` as a link from the page at `base` (both site-relative, directory URLs end in '/')."""
    # Segment by segment rather than with posixpath.relpath, which made every log page slow.
    head, _, tail = base.rpartition("/")
    base_dir, to = _segments(head if "." in tail else base), _segments(target)
    common = 0
    while common < min(len(base_dir), len(to)) and base_dir[common] == to[common]:
        common += 1
    link = "/".join([".."] * (len(base_dir) - common) + to[common:]) or "."
    return link + "/" if target.endswith("/") else link


@dataclass(frozen=True)
class SitePage:
    """A rendered page as the generator published it."""

    path: str
    url: str
    title: str
    published: dt.date | None = None
    description: str = ""
    feed_path: str = ""


@dataclass(frozen=True)
class LogSource:
    """A generated log page: where its Markdown goes, the Markdown, and the month it lists."""

    path: str
    markdown: str
    month: LogMonth | None
    in_nav: bool


@dataclass(frozen=True)
class Repository:
    """Where corrections are filed: the GitHub repository and the branch editors propose to."""

    url: str
    branch: str = "main"
    issue_form: str = "report-an-error.yml"


class CorrectedSite:
    """Site-wide outputs of one build's corrections."""

    def __init__(self, catalog: Catalog, results: dict[str, PageResult], site_url: str,
                 site_name: str, repository: Repository | None = None,
                 heading_link: HeadingLink | None = None) -> None:
        self.catalog = catalog
        self.heading_link = heading_link
        self.results = results
        self.site_url = site_url or "/"
        self.site_name = site_name
        self.repository = repository
        self.pages: dict[str, SitePage] = {}
        self.articles: dict[str, CorrectedArticle] = {}
        self.log_urls: dict[str, str] = {}
        # Each note's item says the same in its article and in the log: written once.
        self.note_bodies = NoteBodies()

    @cached_property
    def log_sources(self) -> list[LogSource]:
        """The log's pages: the newest month at corrections/, each older month on its own page."""
        months = log_months([c.date for c in self.catalog.all()])
        return [LogSource(LOG_PATH, LOG_MARKDOWN, months[0] if months else None, True)] + [
            LogSource(f"corrections/{m.key}.md", f"# Corrections, {m.label}\n\n[All corrections](index.md)\n",
                      m, False) for m in months[1:]]

    @cached_property
    def archive_paths(self) -> frozenset[str]:
        """The log's pages of older months (outside the navigation)."""
        return frozenset(source.path for source in self.log_sources if not source.in_nav)

    def add_pages(self, pages: list[SitePage]) -> None:
        """Take the rendered pages; articles are those with a date or with corrections."""
        self.pages = {p.path: p for p in pages}
        log_paths = {source.path for source in self.log_sources}
        self.log_urls = {p.path: p.url for p in pages if p.path in log_paths}
        self.articles = {p.path: self._article(p) for p in pages
                         if p.published is not None or p.path in self.results}

    def _article(self, page: SitePage) -> CorrectedArticle:
        return CorrectedArticle(
            title=page.title, url=self.absolute(page.url), published=page.published,
            description=page.description, result=self.results.get(page.path, PageResult(page.path)),
            notes=self.catalog.notes)

    def absolute(self, url: str) -> str:
        """An absolute URL on the published site (machine-readable outputs need them)."""
        return urljoin(self.site_url, url)

    def files(self) -> dict[str, bytes | str]:
        """The machine-readable files to publish, by path: corrections.json and the Atom feeds."""
        articles = list(self.articles.values())
        outputs: dict[str, bytes | str] = {CORRECTIONS_JSON: corrections_json(articles)}
        outputs[SITE_FEED] = atom_feed(FeedInfo(
            url=self.absolute(SITE_FEED), page_url=self.absolute(self.log_urls.get(LOG_PATH, "corrections/")),
            title=f"Corrections · {self.site_name}",
            subtitle=f"Corrections and clarifications, newest first (at most {SITE_FEED_ENTRIES}); "
                     "the log lists every one.", author=self.site_name, limit=SITE_FEED_ENTRIES), articles)
        for path, article in self.articles.items():
            feed = self.pages[path].feed_path
            if feed:
                outputs[feed] = atom_feed(FeedInfo(
                    url=self.absolute(feed), page_url=article.url, title=f"Corrections · {article.title}",
                    subtitle=f"Corrections and clarifications to “{article.title}”.",
                    author=self.site_name), [article])
        return outputs

    def head_html(self, path: str) -> Markup:
        """What a page adds to its <head>: feed links, and JSON-LD on articles."""
        page = self.pages[path]
        article = self.articles.get(path)
        return render(
            "head.html", site_feed=relative_url(SITE_FEED, page.url),
            corrections_json=relative_url(CORRECTIONS_JSON, page.url),
            article_feed=relative_url(page.feed_path, page.url) if article and page.feed_path else "",
            jsonld=script_tag(news_article(article)) if article else "")

    def after_html(self, path: str) -> Markup:
        """What follows a page's content: "report an error" links on articles and the log."""
        repo = self.repository
        if repo is None:
            return Markup("")
        base = repo.url.rstrip("/")
        article = self.articles.get(path)
        if article is None:
            if path not in self.log_urls:
                return Markup("")
            return render("report.html", report_url="", edit_url=f"{base}/tree/{repo.branch}/corrections")
        issue = urlencode({"template": repo.issue_form, "title": f"Error report: {article.title}",
                           "url": article.url, "article": article.title})
        filed = self.catalog.for_page(path)
        if filed is not None:
            # Quoted: a file's path comes from a pull request, and '%2e%2e' in it would read as '..'.
            edit = f"{base}/edit/{repo.branch}/{quote(filed.path.as_posix())}"
        else:
            edit = f"{base}/new/{repo.branch}/corrections?" + urlencode({
                "filename": Path(path).with_suffix(".yml").name, "value": f"page: {path}\ncorrections:\n"})
        return render("report.html", report_url=f"{base}/issues/new?{issue}", edit_url=edit)

    def notes_html(self, path: str) -> Markup:
        """An article's Corrections section, for adapters that place it after the page's content."""
        result = self.results.get(path)
        return notes_html(result, self.catalog.notes, True, self.heading_link, self.note_bodies) \
            if result else Markup("")

    def log_page(self, path: str) -> tuple[Markup, list[dict]] | None:
        """A log page's generated HTML and TOC, or None if `path` is not a log page."""
        source = next((s for s in self.log_sources if s.path == path), None)
        if source is None:
            return None
        url, by_month = self.pages[path].url, self._applied_by_month
        months = [MonthLink(s.month, relative_url(self.log_urls[s.path], url), len(by_month[s.month]),
                            s.path == path) for s in self.log_sources if s.month]
        links: dict[str, str] = {}  # to each article, from this page: a month lists many of its notes
        entries = []
        for p, a, c in by_month.get(source.month, []):
            link = links.get(p) or links.setdefault(p, relative_url(self.pages[p].url, url))
            entries.append(NoteItem(c, self.note_bodies.of(c, a.notes[c.id]), f"log-{c.id}",
                                    f"{link}#{NOTE_ID.format(id=c.id)}", title=a.title))
        summary = LogSummary.of([c for _, _, c in self._applied]) if path == LOG_PATH else None
        return log_html(entries, months, summary)

    @cached_property
    def _applied(self) -> list[tuple[str, CorrectedArticle, Correction]]:
        """Every applied correction of the site with its article, in page order."""
        return [(p, a, c) for p, a in self.articles.items() for c in a.result.applied()]

    @cached_property
    def _applied_by_month(self) -> dict[LogMonth | None, list[tuple[str, CorrectedArticle, Correction]]]:
        """The same, grouped by the month the correction was made."""
        grouped: dict[LogMonth | None, list[tuple[str, CorrectedArticle, Correction]]] = {}
        for entry in self._applied:
            grouped.setdefault(LogMonth.of(entry[2].date), []).append(entry)
        return grouped

    def front_page_html(self, path: str) -> Markup:
        """The list of dated articles, newest first, as linked from the page at `path`."""
        url = self.pages[path].url
        return article_list_html([ArticleSummary(
            title=a.title, href=relative_url(self.pages[p].url, url), date=a.published,
            summary=a.description, corrections=len(a.corrections),
            latest=a.corrections[0].date if a.corrections else None)
            for p, a in self.articles.items() if a.published])
