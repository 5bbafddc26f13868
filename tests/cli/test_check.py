"""`corrigenda check`: the build's problems, in the build's words, without building."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from corrigenda.cli import check as check_command
from corrigenda.cli import progress as progress_module
from corrigenda.model import SourceRef
from corrigenda.problems import MAX_LISTED, Problem
from tests.cli.conftest import YAML_PATH, entry, line_of, real_corrections, with_entries
from tests.conftest import ARTICLE


def test_the_real_site_has_no_problems(cli, project) -> None:
    result = cli("check", "--root", project.root)
    assert result.code == 0, result.out
    assert result.out == "No problems: 31 corrections in 1 file, checked against their articles.\n"


def test_every_locate_problem_is_listed_at_once(cli, project) -> None:
    text = with_entries(
        project,
        entry("overlapping", "Lankov arrived", "Lavrov came", kind="name"),
        entry("wrong-prefix", "Lavrov", "Sergey Lavrov", kind="name", extra="    prefix: 'Mr. '\n"),
    )
    text = text.replace("original: short thrift", "original: short thrifty").replace(
        "original: has be able", "original: has")
    project.write(YAML_PATH, text)
    result = cli("check", "--root", project.root)
    assert result.code == 1
    assert result.out.startswith("4 problems in the corrections; nothing was published:\n")
    assert (f"  {YAML_PATH}:{line_of(text, 'original: short thrifty')}: correction 'short-shrift': "
            f"the original text 'short thrifty' is not on the page {ARTICLE}; the closest text on "
            "the page is: ...") in result.out
    assert "    How to fix: Copy 'original' exactly as readers see it" in result.out
    assert "correction 'has-been-able': the original text 'has' occurs 8 times on the page:\n" \
           "      1. ...ations and indeed the hypocrisy of them [has] been met" in result.out
    assert "correction 'overlapping': it overlaps correction 'lavrov-surname'" in result.out
    assert "correction 'wrong-prefix': no occurrence of 'Lavrov' has prefix" in result.out


def test_problems_are_worded_exactly_as_the_build_words_them(cli, project) -> None:
    text = real_corrections().replace("original: short thrift", "original: short thrifty")
    project.write(YAML_PATH, text.replace("    corrected: Sergey Lavrov\n", "    corected: Sergey Lavrov\n"))
    project.write("corrections/other.yml", "page: articles/missing.md\ncorrections: []\n")
    result = cli("check", "--root", project.root)
    built = project.build()
    assert result.code == 1 and built.returncode != 0
    assert result.out.startswith("4 problems in the corrections; nothing was published:")
    for line in result.out.splitlines():
        assert line in built.stderr


def test_only_the_given_files_are_checked(cli, project) -> None:
    project.write("corrections/other.yml", "page: articles/missing.md\ncorrections: []\n")
    whole = cli("check", "--root", project.root)
    assert whole.code == 1 and "corrections/other.yml:1: the page 'articles/missing.md'" in whole.out
    one = cli("check", "--root", project.root, project.root / YAML_PATH)
    assert one.code == 0, one.out
    assert one.out.startswith("No problems: 31 corrections in 1 file")
    from_root = cli("check", "--root", project.root, "corrections/other.yml")
    assert from_root.code == 1 and "1 problem in the corrections" in from_root.out


@pytest.mark.parametrize("path", ["corrections/nothing.yml", "mkdocs.yml", "docs/index.md"])
def test_a_path_the_build_does_not_read_is_bad_usage(cli, project, path: str) -> None:
    result = cli("check", "--root", project.root, project.root / path)
    assert result.code == 2
    assert "corrigenda check: error:" in result.err


def test_github_format_is_one_annotation_per_problem(cli, project) -> None:
    text = real_corrections().replace("original: Sergey Lankov", "original: Sergei Lankov").replace(
        "original: has be able", "original: has")
    project.write(YAML_PATH, text)
    project.write("corrections/other.yml", "page: articles/missing.md\ncorrections: []\n")
    result = cli("check", "--root", project.root, "--format", "github")
    assert result.code == 1
    lines = result.out.splitlines()
    assert len(lines) == 3 and all(line.startswith("::error file=") for line in lines)
    assert lines[0] == (
        "::error file=corrections/other.yml,line=1,title=corrections::the page "
        "'articles/missing.md' does not exist in docs/ How to fix: Write the article's path "
        "relative to docs/, for example articles/some-article.md")
    line = line_of(text, "original: Sergei Lankov")
    assert lines[1].startswith(
        f"::error file={YAML_PATH},line={line},title=lavrov-surname::the original text "
        f"'Sergei Lankov' is not on the page {ARTICLE}; the closest text on the page is: "
        "...Russian Foreign Minister [Sergey Lankov] arrived in North Korea")
    assert lines[1].endswith(
        "... How to fix: Copy 'original' exactly as readers see it on the page (same spelling, "
        "capitals, punctuation and quote marks, whole words); text in code is never corrected")
    assert "occurs 8 times on the page:%0A      1. ...ations and indeed" in lines[2]


@pytest.mark.parametrize("form", ["text", "github"])
def test_a_flood_of_problems_is_listed_up_to_a_bound(cli, project, form: str) -> None:
    extra = "".join(entry(f"bad-{i}", "Lankov", "Lavrov", kind="nmae") for i in range(MAX_LISTED + 30))
    project.write(YAML_PATH, real_corrections() + extra)
    result = cli("check", "--root", project.root, "--format", form)
    assert result.code == 1
    lines = result.out.splitlines()
    listed = [line for line in lines if line.startswith(("::error file=", f"  {YAML_PATH}:"))]
    assert len(listed) == MAX_LISTED
    assert "and 30 more, not listed" in lines[-1]
    assert lines[-1].startswith("::error title=corrections::" if form == "github" else "  ... and 30 more")


def test_github_annotations_say_what_the_text_report_says(cli, project) -> None:
    project.write(YAML_PATH, real_corrections().replace("original: has be able", "original: has"))
    text = cli("check", "--root", project.root).out.splitlines()
    github = cli("check", "--root", project.root, "--format", "github").out
    where, message = text[1].strip().split(": correction 'has-been-able': ", 1)
    path, line = where.rsplit(":", 1)
    listing = "%0A".join(text[2:-1])
    fix = text[-1].removeprefix("    How to fix: ")
    assert github == (f"::error file={path},line={line},title=has-been-able::{message}%0A{listing} "
                      f"How to fix: {fix}\n")


def test_github_annotation_escapes_data_and_properties() -> None:
    problem = Problem(SourceRef(Path("corrections/a,b:c.yml"), 7), "100% wrong\r\nreally",
                      "fix it: now", "an-id")
    assert check_command.annotation(problem) == (
        "::error file=corrections/a%2Cb%3Ac.yml,line=7,title=an-id::100%25 wrong%0D%0Areally "
        "How to fix: Fix it: now")


class Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def test_progress_is_shown_on_a_terminal_for_long_runs(monkeypatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    stream = Terminal()
    with progress_module.Progress("Checking", stream) as progress:
        for done in range(1, 13):
            progress(done, 12, f"articles/{done}.md")
    shown = stream.getvalue()
    assert "\rChecking 1/12: articles/1.md" in shown and "Checking 12/12: articles/12.md" in shown
    assert shown.endswith("\r")  # the line is cleared for what is printed next


@pytest.mark.parametrize("ci, terminal, total", [("true", True, 12), ("", False, 12), ("", True, 3)])
def test_progress_is_silent_in_ci_in_pipes_and_on_short_runs(monkeypatch, ci: str, terminal: bool,
                                                             total: int) -> None:
    monkeypatch.setenv("CI", ci)
    stream = Terminal() if terminal else io.StringIO()
    with progress_module.Progress("Checking", stream) as progress:
        progress(1, total, "articles/a.md")
    assert stream.getvalue() == ""


def test_check_reports_progress_on_stderr_only(cli, project, monkeypatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(progress_module, "MIN_ARTICLES", 1)
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    result = cli("check", "--root", project.root)
    assert result.code == 0
    assert f"Checking 1/1: {ARTICLE}" in terminal.getvalue()
    assert "Checking" not in result.out
