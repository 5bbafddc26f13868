"""The engine's preview: articles rendered with their corrections as the build would, without MkDocs."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from pymdownx.superfences import fence_code_format

from corrigenda import read_catalog
from corrigenda.changes import page_changes, sentence_bounds
from corrigenda.cli.project import (
    BUILTIN_EXTENSIONS,
    Previewer,
    Site,
    SiteError,
    check_site,
    markdown_extensions,
    read_config,
    split_front_matter,
)
from tests.cli.conftest import YAML_PATH
from tests.conftest import ARTICLE, corrections_yaml

CONFIG = """\
site_name: Test
docs_dir: articles_here
markdown_extensions:
  - toc:
      permalink: on
  - attr_list
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
  - pymdownx.snippets:
      base_path: !relative $config_dir
extra:
  token: !ENV [NO_SUCH_VARIABLE, fallback]
"""


def test_mkdocs_yml_is_read_whatever_its_tags(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(CONFIG)
    config = read_config(tmp_path / "mkdocs.yml")
    fence = config["markdown_extensions"][2]["pymdownx.superfences"]["custom_fences"][0]
    assert fence["format"] is fence_code_format
    assert config["markdown_extensions"][3]["pymdownx.snippets"]["base_path"] == "$config_dir"
    assert config["extra"]["token"] == ["NO_SUCH_VARIABLE", "fallback"]
    assert config["markdown_extensions"][0]["toc"]["permalink"] is True  # YAML 1.1, as MkDocs reads it


def test_an_unimportable_python_name_is_a_site_error(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("x: !!python/name:no_such_module.thing\n")
    with pytest.raises(SiteError, match="no_such_module.thing"):
        read_config(tmp_path / "mkdocs.yml")


def test_extensions_are_mkdocs_builtins_then_the_listed_ones() -> None:
    names, options = markdown_extensions({"markdown_extensions": [
        {"toc": {"permalink": True}}, "attr_list", {"admonition": None}, "tables"]})
    assert names == [*BUILTIN_EXTENSIONS, "attr_list", "admonition"]
    assert options == {"toc": {"permalink": True}}
    assert markdown_extensions({"markdown_extensions": {"abbr": {}}})[0][-1] == "abbr"
    with pytest.raises(SiteError):
        markdown_extensions({"markdown_extensions": [{"a": 1}]})


def test_the_site_follows_docs_dir_and_fails_clearly(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(CONFIG)
    with pytest.raises(SiteError, match="articles_here does not exist"):
        Site.read(tmp_path)
    (tmp_path / "articles_here").mkdir()
    site = Site.read(tmp_path)
    assert site.docs_dir == tmp_path / "articles_here"
    assert site.corrections_dir == tmp_path / "corrections"
    assert "pymdownx.superfences" in site.extensions
    site.markdown().convert("```mermaid\ngraph\n```\n")  # the imported format function works


def test_an_extension_that_does_not_load_is_bad_usage(cli, project) -> None:
    config = (project.root / "mkdocs.yml").read_text()
    project.write("mkdocs.yml", config.replace("  - attr_list\n", "  - no_such_extension\n"))
    result = cli("check", "--root", project.root)
    assert result.code == 2
    assert "the markdown_extensions of mkdocs.yml do not load" in result.err


def test_front_matter_is_split_as_mkdocs_splits_it() -> None:
    assert split_front_matter("---\ntitle: T\n---\n\n# H\n") == ("# H\n", {"title": "T"})
    assert split_front_matter("---\ntitle: T\n...\nBody\n") == ("Body\n", {"title": "T"})
    assert split_front_matter("# H\n---\nx: 1\n---\n")[1] == {}
    assert split_front_matter("---\n[unclosed\n---\nBody\n") == ("---\n[unclosed\n---\nBody\n", {})


def small_site(tmp_path: Path, source: str, entries: str) -> Site:
    """A one-page site with the repository's mkdocs.yml."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "corrections").mkdir()
    (tmp_path / "mkdocs.yml").write_text("markdown_extensions:\n  - attr_list\n")
    (tmp_path / "docs" / "page.md").write_text(textwrap.dedent(source))
    (tmp_path / "corrections" / "page.yml").write_text(corrections_yaml(entries))
    return Site.read(tmp_path)


def test_the_title_is_the_corrected_heading_or_front_matter(tmp_path: Path) -> None:
    site = small_site(tmp_path, "# Lankov visits\n\nSergey *Lankov* arrived.\n", """\
        - id: lavrov
          date: 2023-10-19
          kind: name
          original: Lankov
          corrected: Lavrov
          all: true
          note: He is Lavrov.
        """)
    catalog, problems = read_catalog(site.corrections_dir, site.docs_dir, site.root)
    assert problems == []
    preview = Previewer(site, catalog).render("page.md")
    assert preview.problems == [] and preview.title == "Lavrov visits"
    assert preview.before is not None and "Sergey Lankov arrived." in preview.before.text
    assert len(preview.result.placements) == 2
    assert 'data-correction="lavrov"' in preview.html
    changes = page_changes(preview.before, list(catalog.for_page("page.md").corrections), {"lavrov"})
    assert [(c.before, c.after) for c in changes] == [("Lankov visits", "Lavrov visits"),
                                                      ("Sergey Lankov arrived.", "Sergey Lavrov arrived.")]
    (tmp_path / "docs" / "page.md").write_text("---\ntitle: Lankov, the title\n---\n\nLankov.\n")
    assert Previewer(site, catalog).render("page.md").title == "Lavrov, the title"


def test_check_site_reports_progress_and_filters_by_file(project) -> None:
    site = Site.read(project.root)
    seen: list[tuple[int, int, str]] = []
    catalog, problems = check_site(site, on_page=lambda *args: seen.append(args))
    assert problems == [] and seen == [(1, 1, ARTICLE)]
    assert len(catalog.all()) == 31
    project.write("corrections/other.yml", "page: index.md\ncorrections:\n  - id: x\n")
    assert check_site(site)[1] and not check_site(site, [project.root / YAML_PATH])[1]


@pytest.mark.parametrize("text, needle, sentence", [
    ("One. Mr. Lavrov met Ms. Choe in the U.S. on Oct. 19. Two.", "Choe", "Mr. Lavrov met Ms. Choe in the U.S. on Oct. 19. "),
    ("He said “yes.” Then J. Smith left! Next?", "Smith", "Then J. Smith left! "),
    ("First para.\n\nSecond para has it. Third.", "it", "Second para has it. "),
    ("no capital. after a stop", "after", "no capital. after a stop"),
])
def test_sentences_end_where_readers_see_them_end(text: str, needle: str, sentence: str) -> None:
    start = text.index(needle)
    bounds = sentence_bounds(text, start, start + len(needle))
    assert text[slice(*bounds)] == sentence


def test_the_preview_module_does_not_import_mkdocs() -> None:
    code = ("import sys, corrigenda.cli.project, corrigenda.changes, corrigenda.cli; "
            "sys.exit(any(m.split('.')[0] in {'mkdocs', 'material'} for m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
