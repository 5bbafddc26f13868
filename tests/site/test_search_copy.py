"""Search indexes each corrected page's search copy, and finds there what it would find in the page."""

from __future__ import annotations

import json
from typing import Any

from material.plugins.search.plugin import SearchIndex
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.plugins import event_priority

from tests.conftest import ARTICLE, ARTICLE_URL, Project, corrections_yaml


def _words(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Index entries with white space runs as one space (a removal leaves two spaces in a row)."""
    return [{k: " ".join(v.split()) if isinstance(v, str) else v for k, v in e.items()} for e in entries]


def test_the_index_is_what_the_full_pages_would_give(project: Project, monkeypatch) -> None:
    config = load_config(str(project.root / "mkdocs.yml"), site_dir=str(project.site))
    search = config.plugins["material/search"]
    full_pages = SearchIndex(**search.config)
    seen: list[str] = []
    parsed: list[str] = []  # what the search plugin itself parsed
    add_entry = SearchIndex.add_entry_from_context

    def recording(index: SearchIndex, page: Any) -> None:
        if index is not full_pages:
            parsed.append(page.content)
        add_entry(index, page)

    monkeypatch.setattr(SearchIndex, "add_entry_from_context", recording)

    @event_priority(-100)  # after the search plugin, with the page as the theme will write it
    def index_the_full_page(context: dict[str, Any], *, page: Any, **kwargs: Any) -> dict[str, Any]:
        seen.append(page.content)
        full_pages.add_entry_from_context(page)
        return context

    config.plugins.events["page_context"].append(index_the_full_page)
    build(config)
    handlers = config.plugins.events["page_context"]
    assert [h for h in handlers if getattr(h, "__wrapped__", None) == search.on_page_context]
    article = next(content for content in seen if 'class="corrigenda-marker' in content)
    assert article.count("<del") >= 30  # the theme got the full page back, originals and all
    # ... and the search plugin read the copy, without the originals or the markers
    copy = next(content for content in parsed if '<h1 id="russian-foreign-minister' in content)
    assert "<del" not in copy and "corrigenda-marker" not in copy and len(copy) < len(article) / 2
    assert search.search_index.entries, "nothing was indexed"
    assert _words(search.search_index.entries) == _words(full_pages.entries)


def test_a_page_with_its_own_search_attributes_is_indexed_in_full(project: Project) -> None:
    # Search plugins drop data-search-* attributes from what they parse: the copy is not used,
    # or the page would keep the attribute its author wrote only for search.
    path = f"docs/{ARTICLE}"
    text = (project.root / path).read_text("utf-8")
    project.write(path, text + '\n<p data-search-exclude="aside">A note for the archive only.</p>\n')
    result = project.build("--strict")
    assert result.returncode == 0, result.stderr
    page = (project.site / ARTICLE_URL / "index.html").read_text("utf-8")
    assert "A note for the archive only." in page and 'data-search-exclude="aside"' not in page
    index = json.loads((project.site / "search" / "search_index.json").read_text("utf-8"))
    assert not [d for d in index["docs"] if "archive only" in d["text"]]
    assert [d for d in index["docs"] if "Sergey Lavrov arrived" in d["text"]]


def test_a_corrected_front_page_keeps_its_list_in_the_index(project: Project) -> None:
    # The front page's list of articles is added after Markdown wrote the page (and its copy):
    # search must read the page itself, or the list would be lost from the index.
    project.write("corrections/index.yml", corrections_yaml("""\
        - id: front-headline
          date: 2024-01-02
          kind: typo
          original: Latest reporting
          corrected: Latest news
          note: The headline was changed.
        """, page="index.md"))
    result = project.build("--strict")
    assert result.returncode == 0, result.stderr
    index = json.loads((project.site / "search" / "search_index.json").read_text("utf-8"))
    front = [d for d in index["docs"] if d["location"] == ""]
    assert front and front[0]["title"] == "Latest news"
    assert "Russian Foreign Minister Visits North Korea" in front[0]["text"]
