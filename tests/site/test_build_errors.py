"""A correction that cannot be applied stops every build, with all problems listed, and writes no pages."""

from __future__ import annotations

import pytest

from tests.cli.conftest import cli  # noqa: F401  (a fixture: check, run in-process)
from tests.conftest import CORRECTIONS_FILE

YAML_PATH = "corrections/russian-foreign-minister-visits-north-korea.yml"


def line_of(text: str, needle: str) -> int:
    return text[:text.index(needle)].count("\n") + 1


@pytest.mark.parametrize("strict", [True, False])
def test_original_not_found_stops_the_build(project, strict: bool) -> None:
    text = CORRECTIONS_FILE.read_text(encoding="utf-8").replace(
        "original: Sergey Lankov", "original: Sergei Lankov")
    project.write(YAML_PATH, text)
    result = project.build(*(["--strict"] if strict else []))
    assert result.returncode != 0
    line = line_of(text, "original: Sergei Lankov")
    assert (f"{YAML_PATH}:{line}: correction 'lavrov-surname': the original text 'Sergei Lankov' "
            "is not on the page") in result.stderr
    assert "the closest text on the page is: ...Russian Foreign Minister [Sergey Lankov]" in result.stderr
    assert "How to fix: Copy 'original' exactly as readers see it" in result.stderr
    assert not (project.site / "index.html").exists()
    assert not list(project.site.rglob("*.html")) if project.site.exists() else True


def test_every_problem_of_the_build_is_listed_at_once(project) -> None:
    text = (CORRECTIONS_FILE.read_text(encoding="utf-8")
            .replace("original: short thrift", "original: short thrifty")
            .replace("original: has be able", "original: has")
            .replace("kind: typo\n    original: The United Sates", "kind: typos\n    original: The United Sates"))
    project.write(YAML_PATH, text)
    project.write("corrections/other.yml", "page: articles/missing.md\ncorrections: []\n")
    result = project.build()
    assert result.returncode != 0
    assert "problems in the corrections; nothing was published" in result.stderr
    assert "4 problems in the corrections; nothing was published:" in result.stderr
    assert "correction 'short-shrift': the original text 'short thrifty' is not on the page" in result.stderr
    assert "correction 'has-been-able': the original text 'has' occurs" in result.stderr
    assert f"{YAML_PATH}:{line_of(text, 'kind: typos')}: correction 'united-states-spelling': 'typos' is not a known kind" in result.stderr
    assert "corrections/other.yml:1: the page 'articles/missing.md' does not exist in docs/" in result.stderr


def test_overlap_stops_the_build_naming_both(project) -> None:
    text = CORRECTIONS_FILE.read_text(encoding="utf-8") + (
        "  - id: overlapping\n    date: 2023-10-24\n    kind: name\n"
        "    original: Lankov arrived\n    corrected: Lavrov came\n    note: Overlap.\n")
    project.write(YAML_PATH, text)
    result = project.build()
    assert result.returncode != 0
    assert "overlaps correction 'lavrov-surname'" in result.stderr or \
           "overlaps correction 'overlapping'" in result.stderr


def test_unknown_field_is_reported_with_its_line(project) -> None:
    text = CORRECTIONS_FILE.read_text(encoding="utf-8").replace(
        "    corrected: Sergey Lavrov\n", "    corected: Sergey Lavrov\n", 1)
    project.write(YAML_PATH, text)
    result = project.build()
    assert result.returncode != 0
    line = line_of(text, "corected:")
    assert f"{YAML_PATH}:{line}: correction 'lavrov-surname': unknown field 'corected'" in result.stderr
    assert "Did you mean 'corrected'?" in result.stderr


def test_a_correction_chosen_by_occurrence_that_the_description_holds_stops_the_build(project, cli) -> None:
    """The lede's "Wednesday" was corrected on the page, and the description kept the error."""
    text = CORRECTIONS_FILE.read_text(encoding="utf-8") + (
        "  - id: arrival-day\n    date: 2023-10-24\n    kind: date\n    original: Wednesday\n"
        "    corrected: Tuesday\n    note: The day.\n    occurrence: 1\n")
    project.write(YAML_PATH, text)
    expected = (f"{YAML_PATH}:{line_of(text, 'occurrence: 1')}: correction 'arrival-day': 'Wednesday' also "
                "appears in the page's description (its front matter), where 'occurrence' cannot say "
                "whether it is meant")
    checked = cli("check", "--root", project.root)
    assert checked.code == 1 and expected in checked.out + checked.err
    result = project.build()
    assert result.returncode != 0
    assert expected in result.stderr
    assert "How to fix: Choose the text with 'prefix'/'suffix' instead" in result.stderr
    assert not list(project.site.rglob("*.html")) if project.site.exists() else True
