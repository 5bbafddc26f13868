"""Editors' mistakes in corrections files: each one is reported with file, line, id, what and how."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from corrigenda import CorrectionsError, Kind, load_catalog
from tests.conftest import corrections_yaml

VALID = """\
- id: lavrov-surname
  date: 2023-10-19
  kind: name
  original: Sergey Lankov
  corrected: Sergey Lavrov
  note: He is Sergey Lavrov.
"""


def load(tmp_path: Path, *files: tuple[str, str]):
    """Load corrections files (name, text) against a docs folder holding page.md."""
    docs, corrections = tmp_path / "docs", tmp_path / "corrections"
    docs.mkdir(exist_ok=True)
    corrections.mkdir(exist_ok=True)
    (docs / "page.md").write_text("Sergey Lankov arrived.\n")
    for name, text in files:
        (corrections / name).write_text(text, encoding="utf-8")
    return load_catalog(corrections, docs, root=tmp_path)


def problems(tmp_path: Path, text: str, name: str = "page.yml") -> list:
    with pytest.raises(CorrectionsError) as raised:
        load(tmp_path, (name, text))
    return raised.value.problems


def only(tmp_path: Path, text: str):
    found = problems(tmp_path, text)
    assert len(found) == 1, [str(p) for p in found]
    return found[0]


def test_valid_file_loads_with_lines(tmp_path: Path) -> None:
    catalog = load(tmp_path, ("page.yml", corrections_yaml(VALID)))
    (correction,) = catalog.all()
    assert correction.kind is Kind.NAME
    assert correction.date.isoformat() == "2023-10-19"
    assert str(correction.source) == "corrections/page.yml:3"
    assert correction.where("original").line == 6
    assert catalog.notes["lavrov-surname"].text == "He is Sergey Lavrov."


def test_invalid_yaml_names_line(tmp_path: Path) -> None:
    problem = only(tmp_path, "page: page.md\ncorrections:\n  - id: x\n    note: [unclosed\n")
    assert problem.line >= 4
    assert "not valid YAML" in problem.message
    assert str(problem.path) == "corrections/page.yml"


def test_misspelt_field_suggests_the_right_one(tmp_path: Path) -> None:
    problem = only(tmp_path, corrections_yaml(VALID.replace("original:", "orignal:")))
    assert problem.message == "unknown field 'orignal'"
    assert "Did you mean 'original'?" in problem.fix
    assert problem.line == 6
    assert problem.correction_id == "lavrov-surname"


def test_missing_required_field(tmp_path: Path) -> None:
    problem = only(tmp_path, corrections_yaml(VALID.replace("  note: He is Sergey Lavrov.\n", "")))
    assert "'note' is missing" in problem.message
    assert problem.line == 3
    assert "newsroom style" in problem.fix


@pytest.mark.parametrize("bad_id", ["Lavrov", "-lavrov", "lavrov_surname", "lavrov surname"])
def test_bad_id(tmp_path: Path, bad_id: str) -> None:
    problem = only(tmp_path, corrections_yaml(VALID.replace("id: lavrov-surname", f"id: '{bad_id}'")))
    assert f"id '{bad_id}' is not in the expected form" in problem.message
    assert "lowercase letters, digits and hyphens" in problem.fix
    assert problem.line == 3


def test_duplicate_id_across_files(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "other.md").write_text("Sergey Lankov again.\n")
    with pytest.raises(CorrectionsError) as raised:
        load(tmp_path, ("page.yml", corrections_yaml(VALID)),
             ("other.yml", corrections_yaml(VALID, page="other.md")))
    (problem,) = raised.value.problems
    assert problem.message == "the id 'lavrov-surname' is already used at corrections/other.yml:3"
    assert str(problem.path) == "corrections/page.yml"


@pytest.mark.parametrize("date, message", [
    ("2023-02-30", "the date 2023-02-30 does not exist"),
    ("19/10/2023", "date '19/10/2023' is not in the expected form"),
    ("2023-13-01", "the date 2023-13-01 does not exist"),
])
def test_bad_or_impossible_date(tmp_path: Path, date: str, message: str) -> None:
    problem = only(tmp_path, corrections_yaml(VALID.replace("2023-10-19", date)))
    assert message in problem.message
    assert problem.line == 4


def test_unknown_kind_suggests(tmp_path: Path) -> None:
    problem = only(tmp_path, corrections_yaml(VALID.replace("kind: name", "kind: typos")))
    assert problem.message == "'typos' is not a known kind"
    assert "Did you mean 'typo'?" in problem.fix


def test_corrected_missing_for_non_removal(tmp_path: Path) -> None:
    problem = only(tmp_path, corrections_yaml(VALID.replace("  corrected: Sergey Lavrov\n", "")))
    assert "'corrected' is missing or empty for a correction of kind 'name'" in problem.message
    assert "kind: removal" in problem.fix


def test_removal_with_corrected_text(tmp_path: Path) -> None:
    problem = only(tmp_path, corrections_yaml(VALID.replace("kind: name", "kind: removal")))
    assert "a removal deletes the original text" in problem.message


def test_page_that_does_not_exist(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    problem = only(tmp_path, corrections_yaml(VALID, page="articles/missing.md"))
    assert problem.message == "the page 'articles/missing.md' does not exist in docs/"
    assert problem.line == 1


def test_two_files_for_one_page(tmp_path: Path) -> None:
    other = VALID.replace("lavrov-surname", "another-id")
    with pytest.raises(CorrectionsError) as raised:
        load(tmp_path, ("a.yml", corrections_yaml(VALID)), ("b.yml", corrections_yaml(other)))
    (problem,) = raised.value.problems
    assert problem.message == "'page.md' already has a corrections file: corrections/a.yml"


@pytest.mark.parametrize("selectors", [
    "occurrence: 2\n  all: true", "prefix: 'x'\n  occurrence: 1", "suffix: 'x'\n  all: true",
])
def test_more_than_one_selector(tmp_path: Path, selectors: str) -> None:
    problem = only(tmp_path, corrections_yaml(VALID + f"  {selectors}\n"))
    assert "only one way of choosing occurrences may be used" in problem.message


def test_note_with_html_or_script_is_refused(tmp_path: Path) -> None:
    text = corrections_yaml(VALID.replace("He is Sergey Lavrov.", "'<script>alert(1)</script> x'"))
    problem = only(tmp_path, text)
    assert problem.message.startswith("the note is not allowed: it contains HTML")
    assert problem.line == 8


def test_note_with_javascript_link_is_refused(tmp_path: Path) -> None:
    text = corrections_yaml(VALID.replace("He is Sergey Lavrov.", "'[see](javascript:alert(1))'"))
    assert "not http, https or mailto" in only(tmp_path, text).message


def test_aliases_are_refused(tmp_path: Path) -> None:
    text = "page: page.md\nx: &a [1, 2]\ncorrections: *a\n"
    problem = only(tmp_path, text)
    assert "aliases" in problem.message
    assert problem.line == 3


def test_python_object_tags_construct_nothing(tmp_path: Path) -> None:
    text = corrections_yaml(VALID.replace("He is Sergey Lavrov.", "!!python/object/apply:os.system ['true']"))
    found = problems(tmp_path, text)
    assert found and all(p.path.name == "page.yml" for p in found)


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    text = corrections_yaml(VALID.replace("original:", "orignal:").replace("kind: name", "kind: nam")
                            + VALID.replace("lavrov-surname", "Bad_Id").replace("2023-10-19", "2023-02-31"))
    with pytest.raises(CorrectionsError) as raised:
        load(tmp_path, ("page.yml", text))
    messages = [p.message for p in raised.value.problems]
    assert len(messages) == 4, messages
    report = raised.value.report()
    assert report.startswith("4 problems in the corrections; nothing was published:")
    assert "corrections/page.yml:6: correction 'lavrov-surname': unknown field 'orignal'" in report
    assert "How to fix:" in report


def test_empty_file(tmp_path: Path) -> None:
    problem = only(tmp_path, "# nothing yet\n")
    assert "must be a set of 'field: value' lines" in problem.message


def test_wrong_type(tmp_path: Path) -> None:
    problem = only(tmp_path, corrections_yaml(VALID + "  occurrence: second\n"))
    assert problem.message == "'occurrence' must be a whole number, not 'second'"
    assert problem.line == 9


def test_schema_file_is_valid_json_schema() -> None:
    from jsonschema import Draft202012Validator

    from corrigenda.validate import schema

    Draft202012Validator.check_schema(schema())
    assert textwrap.dedent  # the schema above is what editors' IDEs load through the modeline
    modeline = (Path(__file__).parents[2] / "corrections").glob("*.yml")
    for path in modeline:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../src/corrigenda/corrections.schema.json"


def test_a_field_written_twice_is_reported(tmp_path: Path) -> None:
    problem = only(tmp_path, corrections_yaml(VALID + "  kind: fact\n"))
    assert problem.message == "'kind' is written twice in one mapping (first on line 5)"
    assert problem.line == 9


@pytest.mark.parametrize("page", ["./page.md", "sub/../page.md", "sub//page.md"])
def test_a_page_must_be_written_plainly(tmp_path: Path, page: str) -> None:
    (tmp_path / "docs" / "sub").mkdir(parents=True)
    problem = only(tmp_path, corrections_yaml(VALID, page=page))
    assert problem.message == f"the page '{page}' is not written in its plain form"
    assert problem.line == 1


@pytest.mark.parametrize("value", ["NO", "on", "1:30", "yes", "1.5"])
def test_yaml_12_keeps_words_and_times_as_text(tmp_path: Path, value: str) -> None:
    catalog = load(tmp_path, ("page.yml", corrections_yaml(VALID.replace("Sergey Lavrov", value))))
    assert catalog.all()[0].corrected == value


@pytest.mark.parametrize("note, says", [("'See ![x](https://e.org/a.png)'", "it contains an image"),
                                        ("'See [the policy](../policy/)'", "which is not a full address")])
def test_notes_without_images_or_relative_links(tmp_path: Path, note: str, says: str) -> None:
    assert says in only(tmp_path, corrections_yaml(VALID.replace("He is Sergey Lavrov.", note))).message
