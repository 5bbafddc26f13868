"""Hostile input that aims at the build's log and its time rather than at readers' browsers.

A value with a line break must not start a line of the report (GitHub Actions runs log lines that
start with '::'), no input within the limits may make a problem slow to explain, and values the
schema reads one way must not crash the build when the engine reads them another.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from corrigenda import CorrectionsError
from corrigenda import validate as validate_module
from corrigenda.cli.check import annotation
from corrigenda.cli.diff import escape
from corrigenda.problems import MAX_PLACES
from tests.conftest import CORRECTIONS_FILE, REPO
from tests.hostile.test_hostile_input import LIMIT, as_yaml, assert_clear, item, outcome

INJECTED = "x\n::error file=README.md,line=1::INJECTED\n::add-mask::Lavrov\n##[error]old\u2028::warning::y"
COMMAND_STARTS = ("::", "##[")


def assert_no_command_line(text: str) -> None:
    """No line of `text`, however a log splits it, reads as a workflow command."""
    for line in text.splitlines():
        assert not line.lstrip().startswith(COMMAND_STARTS), line


@pytest.mark.parametrize("field", ["prefix", "suffix", "kind", "id", "date", "occurrence"])
def test_line_breaks_in_values_cannot_start_a_line_of_the_report(tmp_path: Path, field: str) -> None:
    result = outcome(tmp_path, as_yaml(item(**{field: INJECTED})))
    assert_clear(result, tmp_path, field)
    assert "INJECTED" in result.report()  # the value is quoted, on the problem's own line
    assert_no_command_line(result.report())


def test_line_breaks_in_a_field_name_cannot_start_a_line_of_the_report(tmp_path: Path) -> None:
    text = as_yaml(item()) + f"    {json.dumps(INJECTED)}: 1\n"
    result = outcome(tmp_path, text)
    assert_clear(result, tmp_path)
    assert any("unknown field" in p.message for p in result.problems)
    assert_no_command_line(result.report())


def test_line_breaks_in_a_file_name_cannot_start_a_line_of_the_report(tmp_path: Path) -> None:
    (tmp_path / "corrections").mkdir()
    (tmp_path / "corrections" / "evil\n::error::INJECTED.yml").write_text(
        as_yaml(item(id="c2", original="nowhere")), encoding="utf-8")
    result = outcome(tmp_path, as_yaml(item()))
    assert isinstance(result, CorrectionsError), result
    assert "evil\\n::error::INJECTED.yml" in result.report()
    assert_no_command_line(result.report())


def test_annotations_keep_the_listing_inside_one_command(tmp_path: Path) -> None:
    page = "One form. Two form. Three form.\n"
    prefix = "No\n::error file=README.md::INJECTED "
    result = outcome(tmp_path, as_yaml(item(original="form", corrected="from", prefix=prefix)), page)
    assert_clear(result, tmp_path, "prefix")
    (line,) = [annotation(problem) for problem in result.problems]
    assert "\n" not in line and "\r" not in line
    assert "%0A      1. ...One [form]" in line


def test_an_original_on_thousands_of_places_lists_a_few(tmp_path: Path) -> None:
    page = " ".join(["form"] * 3000) + "\n"
    result = outcome(tmp_path, as_yaml(item(original="form", corrected="from")), page)
    assert_clear(result, tmp_path, "original")
    (problem,) = result.problems
    assert "occurs 3000 times" in problem.message
    assert len(problem.listing) == MAX_PLACES + 1
    assert problem.listing[-1] == f"... and {3000 - MAX_PLACES:,} more"
    assert len(result.report()) < 3000


# --- costs: explaining a problem never takes long --------------------------------------------

def test_notes_that_are_slow_to_parse_are_explained_in_time(tmp_path: Path) -> None:
    """Python-Markdown took 24 s for one such note (nested '[' are quadratic for it)."""
    notes = [f"<b>x{i}</b> " + "[" * 4990 for i in range(5)]
    started = time.perf_counter()
    result = outcome(tmp_path, as_yaml(*(item(id=f"c{i}", note=note) for i, note in enumerate(notes))))
    assert time.perf_counter() - started < LIMIT
    assert_clear(result, tmp_path, "note")
    assert sorted(p.correction_id for p in result.problems) == [f"c{i}" for i in range(5)]
    assert all("it contains HTML ('<b>', '</b>')" in p.message for p in result.problems)


def test_long_originals_not_on_the_page_are_explained_in_time(tmp_path: Path) -> None:
    """difflib took over a second to find the closest text for each of these 200-word originals."""
    source = (REPO / "docs/articles/russian-foreign-minister-visits-north-korea.md").read_text(encoding="utf-8")
    page = "\n\n".join(part for part in source.split("\n\n") if part[:1].isalpha()) + "\n"
    words = page.split()
    originals = [" ".join(words[i * 10:i * 10 + 200]) + f" missing{i}" for i in range(10)]
    started = time.perf_counter()
    result = outcome(tmp_path, as_yaml(*(item(id=f"c{i}", original=o) for i, o in enumerate(originals))), page)
    assert time.perf_counter() - started < LIMIT
    assert_clear(result, tmp_path, "original")
    assert len(result.problems) == 10
    assert all("the closest text on the page is" in p.message for p in result.problems)


# --- values the schema and the engine could read differently -----------------------------------

@pytest.mark.parametrize("field, value", [
    ("date", "2023-10-19\n"), ("id", "c1\n"), ("date", "2023-10-19\r\n"),
])
def test_a_final_line_break_is_not_the_expected_form(tmp_path: Path, field: str, value: str) -> None:
    result = outcome(tmp_path, as_yaml(item(**{field: value})))
    assert_clear(result, tmp_path, field)
    assert any("is not in the expected form" in p.message for p in result.problems)


def test_a_page_with_a_final_line_break_is_reported(tmp_path: Path) -> None:
    result = outcome(tmp_path, as_yaml(item(), page="page.md\n"))
    assert_clear(result, tmp_path, "page")


def test_a_date_written_as_a_block_is_reported(tmp_path: Path) -> None:
    text = as_yaml(item(date=None)) + "    date: |\n      2023-10-19\n"
    assert_clear(outcome(tmp_path, text), tmp_path, "date")


def test_an_occurrence_written_as_a_float_counts(tmp_path: Path) -> None:
    page = "One form. Two form.\n"
    text = as_yaml(item(original="form", corrected="from")) + "    occurrence: !!float 2\n"
    result = outcome(tmp_path, text, page)
    assert isinstance(result, str), result
    assert result.count('data-correction="c1"') == 1
    assert "Two <span" in result


def test_what_the_fast_validator_refuses_is_never_let_through(tmp_path: Path, monkeypatch) -> None:
    """Should the explaining validator find nothing wrong, the file is still refused, on its line."""
    class Lenient:
        def iter_errors(self, data: object) -> list:
            return []

    monkeypatch.setattr(validate_module, "_validator", lambda: Lenient())
    result = outcome(tmp_path, as_yaml(item(kind="nmae")))
    assert_clear(result, tmp_path, "kind")
    (problem,) = result.problems
    assert problem.message == "kind 'nmae' is not allowed here (enum)"
    assert problem.correction_id == "c1"


# --- a match never splits what readers see as one character ------------------------------------

@pytest.mark.parametrize("page, original", [
    ("Jose\u0301 Lankov arrived.\n", "Jose"),               # NFD: e and a combining accent
    ("The family \U0001F468\u200d\U0001F469\u200d\U0001F467 arrived.\n", "\U0001F468"),
    ("Flag \U0001F1F0\U0001F1F5 here.\n", "\U0001F1F5"),     # the second half of a flag
    ("Thumbs \U0001F44D\U0001F3FD up.\n", "\U0001F44D"),     # without its skin tone
])
def test_a_match_never_splits_a_character(tmp_path: Path, page: str, original: str) -> None:
    result = outcome(tmp_path, as_yaml(item(original=original, corrected="X")), page)
    assert_clear(result, tmp_path, "original")
    assert "is not on the page" in result.problems[0].message


def test_whole_characters_still_match(tmp_path: Path) -> None:
    page = "Jose\u0301 and \U0001F468\u200d\U0001F469\u200d\U0001F467 arrived.\n"
    result = outcome(tmp_path, as_yaml(item(original="Jose\u0301", corrected="José Lavrov")), page)
    assert isinstance(result, str), result
    assert "José Lavrov" in result


# --- the pull request's summary --------------------------------------------------------------

def test_summary_text_cannot_make_markdown_structure() -> None:
    shown = escape("Lavrov\n===\r\n    code\n- item")
    assert shown == "Lavrov \\=\\=\\=     code \\- item"
    assert escape("a\u00a0b\u2009c") == "a\u00a0b\u2009c"  # a change of space is still shown


def test_listing_shows_each_correction_on_one_line(project) -> None:
    text = CORRECTIONS_FILE.read_text(encoding="utf-8").replace(
        "corrected: Sergey Lavrov", f"corrected: {json.dumps('Sergey Lavrov' + INJECTED)}", 1)
    project.write("corrections/russian-foreign-minister-visits-north-korea.yml", text)
    result = subprocess.run([sys.executable, "-m", "corrigenda", "list", "--root", str(project.root)],
                            cwd=project.root, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Sergey Lavrovx\\n::error" in result.stdout
    assert_no_command_line(result.stdout)


# --- non-Latin text is located as fast as Latin ------------------------------------------------

@pytest.mark.parametrize("sentence", ["북한의 외무상은 평양에서, 회담을 가졌다. ",
                                      "وصل وزير الخارجية إلى بيونغ يانغ، في زيارة رسمية. "])
def test_frequent_text_on_a_non_latin_page_is_located_in_time(tmp_path: Path, sentence: str) -> None:
    """Each place a punctuation mark occurs at is checked for splitting a character: cheaply."""
    page = "\n\n".join(sentence * 40 for _ in range(50)) + "\n"  # some 2,000 places per mark
    mark = "," if "," in sentence else "،"
    items = [item(id=f"c{i}", original=mark, corrected=";", occurrence=9999) for i in range(50)]
    started = time.perf_counter()
    result = outcome(tmp_path, as_yaml(*items), page)
    assert time.perf_counter() - started < LIMIT / 2
    assert_clear(result, tmp_path, "occurrence")
    assert len(result.problems) == 50
