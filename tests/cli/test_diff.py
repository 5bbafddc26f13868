"""`corrigenda diff`: the sentence each correction changes, before and after, as Markdown."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from corrigenda.cli.diff import code, escape, marked
from tests.cli.conftest import YAML_PATH, real_corrections
from tests.conftest import ARTICLE


def test_every_correction_of_the_real_article_is_shown(cli, project) -> None:
    result = cli("diff", "--root", project.root)
    assert result.code == 0, result.err
    out = result.out
    assert out.startswith("# Corrections: what readers will see\n\n31 corrections in 1 article.\n\n"
                          "## Russian Foreign Minister Visits North Korea\n\n"
                          f"`{ARTICLE}`\n\n")
    assert out.count("\n### `") == 31
    assert ("### `short-shrift`: Correction (typo), 19 Oct 2023\n\n"
            "*Note:* Corrected the idiom “short shrift\\.”\n\n"
            "**Before**\n\n"
            "> Such accusations and indeed the hypocrisy of them has been met with short "
            "<del>thrift</del> from both sides\\.\n\n"
            "**After**\n\n"
            "> Such accusations and indeed the hypocrisy of them has been met with short "
            "<ins>shrift</ins> from both sides\\.\n") in out
    assert "> Russian Foreign Minister Sergey <del>Lankov</del> arrived" in out
    assert "> Russian Foreign Minister Sergey <ins>Lavrov</ins> arrived" in out
    assert "### `stray-video-line`: Correction (removal), 19 Oct 2023" in out
    assert "> <del>Lavrov visit north Korea TikTok VDO\\.</del>\n\n**After**\n\n> *(removed)*\n" in out
    assert "### `kcna-policies-wording`: Clarification (clarification), 21 Oct 2023" in out


def test_before_is_what_readers_see_until_the_shown_corrections_are_published(cli, project) -> None:
    result = cli("diff", "--root", project.root, "--since", "2023-10-23")
    assert result.code == 0, result.err
    assert "1 correction in 1 article." in result.out
    assert result.out.count("\n### ") == 1
    # 'final-full-stop' (19 Oct) is already published: the sentence ends with its full stop.
    assert ("> <del>Despite being put under</del> sanctions since <del>the start of the war in "
            "Ukraine, Russian GDP has actually gone up</del>, in part due to its pivot to other "
            "regional markets\\.\n") in result.out


@pytest.mark.parametrize("options, ids", [
    (["--ids", "lavrov-surname,summit-date"], ["lavrov-surname", "summit-date"]),
    (["--ids", "summit-date", "--ids", "lavrov-surname, "], ["lavrov-surname", "summit-date"]),
    (["--kind", "removal"], ["stray-video-line", "local-press-removed"]),
    (["--kind", "removal", "--until", "2023-10-19"], ["stray-video-line"]),
])
def test_filters_choose_the_corrections_shown(cli, project, options: list[str], ids: list[str]) -> None:
    result = cli("diff", "--root", project.root, *options)
    assert result.code == 0, result.err
    headings = [line.split("`")[1] for line in result.out.splitlines() if line.startswith("### ")]
    assert sorted(headings) == sorted(ids)


def test_nothing_to_show_is_said(cli, project) -> None:
    result = cli("diff", "--root", project.root, "--ids", "no-such-id")
    assert result.code == 0
    assert result.out == "# Corrections: what readers will see\n\nNo corrections to show.\n"


def test_problems_stop_the_diff(cli, project) -> None:
    project.write(YAML_PATH, real_corrections().replace("original: short thrift", "original: short thrifty"))
    result = cli("diff", "--root", project.root)
    assert result.code == 1
    assert result.out == ("# Corrections: what readers will see\n\nThe changes cannot be shown: "
                          "`corrigenda check` finds 1 problem to fix first.\n")
    assert "1 problem in the corrections" in result.err
    assert "correction 'short-shrift': the original text 'short thrifty' is not on the page" in result.err


def git(root: Path, *args: str) -> None:
    """Run git quietly in the project copy, as a fixed author."""
    subprocess.run(["git", "-c", "user.name=Desk", "-c", "user.email=desk@example.org", *args],
                   cwd=root, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_base_shows_only_what_was_added_or_changed_since(cli, project) -> None:
    git(project.root, "init", "-q")
    git(project.root, "add", ".")
    git(project.root, "commit", "-q", "-m", "published")
    assert cli("diff", "--root", project.root, "--base", "HEAD").out.endswith("No corrections to show.\n")
    added = cli("add", "--root", project.root, "--page", ARTICLE, "--kind", "typo", "--original",
                "long-term cold war allies", "--corrected", "longtime Cold War allies", "--note", "n")
    assert added.code == 1  # it overlaps 'cold-war-allies': change that one instead
    text = (project.root / YAML_PATH).read_text(encoding="utf-8")
    project.write(YAML_PATH, text.replace("note: Corrected “full ally.”", "note: Corrected “a full ally.”"))
    assert cli("add", "--root", project.root, "--page", ARTICLE, "--kind", "typo", "--original",
               "Furthering bilateral", "--corrected", "Strengthening bilateral", "--note", "n").code == 0
    result = cli("diff", "--root", project.root, "--base", "HEAD")
    assert result.code == 0, result.err
    headings = [line.split("`")[1] for line in result.out.splitlines() if line.startswith("### ")]
    assert headings == ["strengthening-bilateral", "full-ally"]  # in reading order
    assert "> <del>Furthering</del> bilateral ties" in result.out


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_an_unknown_base_is_bad_usage(cli, project) -> None:
    git(project.root, "init", "-q")
    result = cli("diff", "--root", project.root, "--base", "no-such-revision")
    assert result.code == 2
    assert "corrigenda diff: error: git " in result.err


def test_markdown_special_characters_are_escaped() -> None:
    assert escape("*a* _b_ [c](d) <script> # 1. `e` | f ~ g $h$ @i :j: & k!") == (
        "\\*a\\* \\_b\\_ \\[c\\]\\(d\\) \\<script\\> \\# 1\\. \\`e\\` \\| f \\~ g \\$h\\$ \\@i "
        "\\:j\\: \\& k\\!")
    assert escape("Russia's “policy”, a; b? c/d") == "Russia's “policy”, a; b? c/d"


def test_changes_are_marked_word_by_word() -> None:
    assert marked("met with short thrift from", "met with short shrift from") == (
        "met with short <del>thrift</del> from", "met with short <ins>shrift</ins> from")
    assert marked("a <b> c", "a *b* c") == ("a <del>\\<b\\></del> c", "a <ins>\\*b\\*</ins> c")
    assert marked("one two three four", "one 2 three 4") == ("one <del>two three four</del>",
                                                            "one <ins>2 three 4</ins>")
    assert marked("gone", "") == ("<del>gone</del>", "")


def test_code_spans_hold_backticks() -> None:
    assert code("articles/a.md") == "`articles/a.md`"
    assert code("a`b") == "``a`b``"
    assert code("`a`") == "`` `a` ``"


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_base_shows_corrections_moved_to_another_page_or_taken_out(cli, project) -> None:
    git(project.root, "init", "-q")
    git(project.root, "add", ".")
    git(project.root, "commit", "-q", "-m", "published")
    text = (project.root / YAML_PATH).read_text(encoding="utf-8")
    start = text.index("  - id: lavrov-surname")
    end = text.index("  - id:", start + 1)
    project.write(YAML_PATH, text[:start] + text[end:])  # one correction taken out
    result = cli("diff", "--root", project.root, "--base", "HEAD")
    assert result.code == 0, result.err
    assert "## Corrections taken out" in result.out
    assert f"- `lavrov-surname`, on `{ARTICLE}`" in result.out
    project.write("docs/articles/copy.md", (project.root / "docs" / ARTICLE).read_text(encoding="utf-8"))
    project.write(YAML_PATH, text.replace(f"page: {ARTICLE}", "page: articles/copy.md"))
    moved = cli("diff", "--root", project.root, "--base", "HEAD")
    assert moved.code == 0, moved.err
    assert "`articles/copy.md`" in moved.out and "No corrections to show." not in moved.out
    assert moved.out.count("### ") == text.count("  - id:")  # every correction, on its new page


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_base_that_looks_like_an_option_is_a_revision(cli, project) -> None:
    git(project.root, "init", "-q")
    git(project.root, "add", ".")
    git(project.root, "commit", "-q", "-m", "published")
    result = cli("diff", "--root", project.root, f"--base=--output={project.root / 'written'}")
    assert result.code == 2
    assert "Not a valid object name --output=" in result.err
    assert not (project.root / "written").exists()
