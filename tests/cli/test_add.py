"""`corrigenda add`: a new correction in the right file, comments kept, nothing written when check would refuse."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.cli.conftest import YAML_PATH, real_corrections
from tests.conftest import ARTICLE

FRONT_PAGE_FILE = """\
# yaml-language-server: $schema=../src/corrigenda/corrections.schema.json
# Corrections to the front page.

page: index.md   # the home page
corrections:
  # The heading: "reporting" read as a gerund.
  - id: latest-reports
    date: 2023-10-19   # same day
    kind: typo
    original: Latest reporting
    corrected: "Latest reports"
    note: >-
      Corrected the heading of the front page, which an earlier version gave as
      "Latest reporting".

  # A comment after the last entry, and one more:
  # they stay where they are.
"""


def written(cid: str, date: str, kind: str, original: str, corrected: str, *note: str) -> str:
    """An entry as `add` writes it: a one-line note inline, a longer one folded over lines."""
    folded = "".join(f"      {line}\n" for line in note)
    return (f"  - id: {cid}\n    date: {date}\n    kind: {kind}\n    original: {original}\n"
            f"    corrected: {corrected}\n" + (f"    note: {note[0]}\n" if len(note) == 1 else
                                               f"    note: >-\n{folded}"))


def add(cli, root: Path, *options: str):
    """Run `corrigenda add` on the project at root."""
    return cli("add", "--root", root, *options)


def add_openly(cli, root: Path, note: str = "n"):
    """Add the front page's 'correct-it-openly' correction, dated 2023-10-25."""
    return add(cli, root, "--page", "index.md", "--kind", "typo", "--date", "2023-10-25",
               "--original", "wrong, we correct it", "--corrected", "wrong, we correct it openly",
               "--note", note, "--id", "correct-it-openly")


def openly(note: str = "n") -> str:
    """The lines `add_openly` writes."""
    return written("correct-it-openly", "2023-10-25", "typo", "wrong, we correct it",
                   "wrong, we correct it openly", note)


def test_appends_to_the_article_file_in_its_style(cli, project) -> None:
    before = real_corrections()
    result = add(cli, project.root, "--page", ARTICLE, "--kind", "fact", "--date", "2023-10-24",
                 "--original", "Russia against western interests",
                 "--corrected", "Russia against Western interests",
                 "--note", "An earlier version of this article did not capitalize Western in a "
                           "sentence about the struggle North Korea sees against Western interests.")
    assert result.code == 0, result.err
    assert result.out == f"Added correction 'russia-against-western-interests' to {YAML_PATH}.\n"
    assert (project.root / YAML_PATH).read_text(encoding="utf-8") == before + "\n" + written(
        "russia-against-western-interests", "2023-10-24", "fact", "Russia against western interests",
        "Russia against Western interests",
        "An earlier version of this article did not capitalize Western in a sentence about",
        "the struggle North Korea sees against Western interests.")
    assert cli("check", "--root", project.root).code == 0


def test_comments_before_and_after_are_kept_byte_for_byte(cli, project) -> None:
    project.write("corrections/index.yml", FRONT_PAGE_FILE)
    result = add_openly(cli, project.root, "Short: it fits on one line.")
    assert result.code == 0, result.err
    assert (project.root / "corrections/index.yml").read_text(encoding="utf-8") == FRONT_PAGE_FILE + (
        "\n" + openly("'Short: it fits on one line.'"))


def test_a_page_without_a_file_gets_one_with_the_schema_modeline(cli, project) -> None:
    result = add(cli, project.root, "--page", "index.md", "--kind", "clarification",
                 "--original", "Latest reporting", "--corrected", "Latest reports", "--note", "Clearer.")
    assert result.code == 0, result.err
    assert result.out == "Added correction 'latest-reports' to corrections/index.yml.\n"
    assert (project.root / "corrections/index.yml").read_text(encoding="utf-8") == (
        "# yaml-language-server: $schema=../src/corrigenda/corrections.schema.json\n"
        "page: index.md\n"
        "corrections:\n") + written("latest-reports", dt.date.today().isoformat(), "clarification",
                                    "Latest reporting", "Latest reports", "Clearer.")
    assert cli("check", "--root", project.root).code == 0


def test_ids_are_made_unique(cli, project) -> None:
    for expected in ("latest-reports", "latest-reports-2"):
        original = "Latest reporting" if expected == "latest-reports" else "News from the Korean"
        result = add(cli, project.root, "--page", "index.md", "--kind", "typo", "--note", "n",
                     "--original", original, "--corrected", "Latest reports")
        assert result.code == 0, result.err
        assert f"'{expected}'" in result.out


def test_selectors_and_removals_are_written(cli, project) -> None:
    result = add(cli, project.root, "--page", ARTICLE, "--kind", "removal", "--original", " of course",
                 "--note", "Removed an aside.", "--date", "2023-10-24")
    assert result.code == 0, result.err
    result = add(cli, project.root, "--page", ARTICLE, "--kind", "terminology", "--all",
                 "--original", "Pyongyang", "--corrected", "Pyongyang, the capital,", "--note", "n")
    assert result.code == 1  # one 'Pyongyang' is inside the 'pyongyang-capital' correction
    assert "correction 'pyongyang-the-capital': it overlaps correction 'pyongyang-capital'" in result.err
    result = add(cli, project.root, "--page", ARTICLE, "--kind", "typo", "--occurrence", "2",
                 "--original", "Russian Federation", "--corrected", "Russian Federation’s",
                 "--note", "n", "--id", "second-federation")
    assert result.code == 0, result.err
    result = add(cli, project.root, "--page", ARTICLE, "--kind", "name", "--all", "--original", "Choe ",
                 "--corrected", "Choe Son Hui ", "--note", "n", "--id", "choe-everywhere")
    assert result.code == 0, result.err
    text = (project.root / YAML_PATH).read_text(encoding="utf-8")
    assert "    original: 'Choe '\n    corrected: 'Choe Son Hui '\n    note: n\n    all: true\n" in text
    assert "  - id: of-course\n    date: 2023-10-24\n    kind: removal\n    original: ' of course'\n" \
           "    note: Removed an aside.\n" in text
    assert "    corrected: Russian Federation’s\n    note: n\n    occurrence: 2\n" in text

    assert cli("check", "--root", project.root).code == 0


@pytest.mark.parametrize("options, says", [
    (["--original", "Sergey Lankova", "--corrected", "x"], "is not on the page"),
    (["--original", "has", "--corrected", "had"], "occurs 8 times on the page"),
    (["--original", "Lankov arrived", "--corrected", "Lavrov came"], "overlaps correction"),
    (["--original", "Lavrov", "--corrected", "Lavrov's", "--prefix", "Mr. "], "has prefix 'Mr. ' around it"),
    (["--original", "Choe"], "'corrected' is missing or empty"),
    (["--original", "Choe", "--corrected", "Ms. Choe", "--id", "lavrov-surname"], "is already used"),
    (["--original", "Choe", "--corrected", "Ms. Choe", "--id", "Bad Id"], "is not in the expected form"),
    (["--original", "Choe", "--corrected", "Ms. Choe", "--note", "<b>bold</b>"], "it contains HTML"),
])
def test_what_check_would_refuse_is_not_written(cli, project, options: list[str], says: str) -> None:
    before = (project.root / YAML_PATH).read_bytes()
    result = add(cli, project.root, "--page", ARTICLE, "--kind", "name", "--note", "A note.", *options)
    assert result.code == 1
    assert result.err.startswith(f"Not added; {YAML_PATH} is unchanged.\n")
    assert says in result.err
    assert (project.root / YAML_PATH).read_bytes() == before
    assert sorted(p.name for p in (project.root / "corrections").iterdir()) == [Path(YAML_PATH).name]


def test_a_missing_page_creates_no_file(cli, project) -> None:
    result = add(cli, project.root, "--page", "articles/nowhere.md", "--kind", "typo",
                 "--original", "a", "--corrected", "b", "--note", "n")
    assert result.code == 1
    assert "the page 'articles/nowhere.md' does not exist in docs/" in result.err
    assert not (project.root / "corrections/nowhere.yml").exists()


def test_a_file_with_problems_already_is_refused(cli, project) -> None:
    project.write("corrections/index.yml", "page: index.md\ncorrections:\n  - id: x\n    dat: 1\n")
    result = add(cli, project.root, "--page", "index.md", "--kind", "typo",
                 "--original", "Latest reporting", "--corrected", "Latest reports", "--note", "n")
    assert result.code == 1
    assert "unknown field 'dat'" in result.err


def test_an_unreadable_file_stops_every_addition(cli, project) -> None:
    project.write("corrections/broken.yml", "page: [unclosed\n")
    result = add(cli, project.root, "--page", "index.md", "--kind", "typo",
                 "--original", "Latest reporting", "--corrected", "Latest reports", "--note", "n")
    assert result.code == 1
    assert result.err.startswith("Not added; no file was changed.")
    assert "corrections/broken.yml" in result.err and "not valid YAML" in result.err
    assert not (project.root / "corrections/index.yml").exists()


@pytest.mark.parametrize("options", [
    ["--date", "2023-02-30"], ["--date", "19/10/2023"], ["--kind", "typos"], ["--occurrence", "two"],
])
def test_bad_options_are_bad_usage(cli, project, options: list[str]) -> None:
    before = (project.root / YAML_PATH).read_bytes()
    arguments = {"--page": ARTICLE, "--kind": "typo", "--original": "has be able",
                 "--corrected": "has been able", "--note": "n"}
    arguments.update(dict(zip(options[::2], options[1::2])))
    result = add(cli, project.root, *(item for pair in arguments.items() for item in pair))
    assert result.code == 2
    assert (project.root / YAML_PATH).read_bytes() == before


def test_required_options_are_required(cli, project) -> None:
    result = add(cli, project.root, "--page", ARTICLE, "--kind", "typo")
    assert result.code == 2
    assert "the following arguments are required: --original, --note" in result.err


def test_windows_line_endings_are_kept(cli, project) -> None:
    project.write("corrections/index.yml", "")
    (project.root / "corrections/index.yml").write_bytes(FRONT_PAGE_FILE.replace("\n", "\r\n").encode())
    result = add_openly(cli, project.root)
    assert result.code == 0, result.err
    written = (project.root / "corrections/index.yml").read_bytes()
    assert written.startswith(FRONT_PAGE_FILE.replace("\n", "\r\n").encode())
    assert b"\n" not in written.replace(b"\r\n", b"")


def test_another_articles_file_of_the_same_name_is_never_overwritten(cli, project) -> None:
    """index.md's first correction would go to corrections/index.yml, which another article has."""
    other = "page: articles/index.md\ncorrections:\n" + written(
        "fox-other", "2023-10-20", "typo", "quick brown fox", "quick red fox", "Colour.")
    project.write("docs/articles/index.md", "# Other\n\nThe quick brown fox jumps.\n")
    project.write("corrections/index.yml", other)
    result = add(cli, project.root, "--page", "index.md", "--kind", "clarification",
                 "--original", "Latest reporting", "--corrected", "Latest reports", "--note", "Clearer.")
    assert result.code == 0, result.err
    assert (project.root / "corrections/index.yml").read_text(encoding="utf-8") == other
    assert "page: index.md\n" in (project.root / "corrections/index-2.yml").read_text(encoding="utf-8")
    listed = cli("list", "--root", project.root).out
    assert "fox-other" in listed and "latest-reports" in listed


def test_a_corrections_folder_that_is_a_file_is_a_clear_error(cli, project) -> None:
    for path in (project.root / "corrections").iterdir():
        path.unlink()
    (project.root / "corrections").rmdir()
    (project.root / "corrections").write_text("not a folder\n", encoding="utf-8")
    result = add(cli, project.root, "--page", "index.md", "--kind", "clarification",
                 "--original", "Latest reporting", "--corrected", "Latest reports", "--note", "Clearer.")
    assert result.code == 2
    assert result.err.startswith("corrigenda add: error: ") and "Traceback" not in result.err


ODD_BUT_VALID = """\
corrections:
- id: latest-reports   # items at the key's column, fields by 4
  date: 2023-10-19
  kind: typo
  original: Latest reporting
  corrected: 01e3
  note: "Values that a YAML writer would normalise: 01e3, -.Inf, 'single' quotes."
  # a comment after the last item, before the next key
page: index.md
"""


def test_other_corrections_keep_every_byte(cli, project) -> None:
    """ruamel.yaml rewrote the whole file: `corrected: 01e3` became 10e2 on the published page."""
    project.write("corrections/index.yml", ODD_BUT_VALID)
    result = add_openly(cli, project.root)
    assert result.code == 0, result.err
    new = openly().replace("\n  ", "\n").removeprefix("  ")
    head, tail = ODD_BUT_VALID.split("page: index.md\n")
    assert (project.root / "corrections/index.yml").read_text(encoding="utf-8") == (
        head + "\n" + new + "page: index.md\n" + tail)
    assert cli("check", "--root", project.root).code == 0


def test_a_file_without_a_final_line_break_gets_the_entry_on_its_own_lines(cli, project) -> None:
    project.write("corrections/index.yml", FRONT_PAGE_FILE.rstrip("\n"))
    result = add_openly(cli, project.root)
    assert result.code == 0, result.err
    assert (project.root / "corrections/index.yml").read_text(encoding="utf-8") == (
        FRONT_PAGE_FILE + "\n" + openly())


def test_an_empty_list_is_filled(cli, project) -> None:
    project.write("corrections/index.yml", "\ufeffpage: index.md  # nothing corrected yet\ncorrections: []\n")
    result = add(cli, project.root, "--page", "index.md", "--kind", "typo", "--date", "2023-10-25",
                 "--original", "Latest reporting", "--corrected", "Latest reports", "--note", "n")
    assert result.code == 0, result.err
    assert cli("list", "--root", project.root).out.count("latest-reports") == 1
    written = (project.root / "corrections/index.yml").read_text(encoding="utf-8")
    assert written.startswith("\ufeffpage: index.md  # nothing corrected yet\n")  # byte order mark kept


def test_a_rewrite_that_would_change_other_corrections_is_refused(cli, project) -> None:
    flow = ("page: index.md\ncorrections: [{id: latest-reports, date: 2023-10-19, kind: typo, "
            "original: Latest reporting, corrected: 01e3, note: n}]\n")
    project.write("corrections/index.yml", flow)
    result = add_openly(cli, project.root)
    assert result.code == 1
    assert ("corrections/index.yml:1: the correction cannot be added without changing other lines "
            "of the file") in result.err
    assert (project.root / "corrections/index.yml").read_text(encoding="utf-8") == flow


REST = "    date: 2023-10-19\n    kind: typo\n    original: Latest reporting\n"
LAST = "  - id: latest-reports\n" + REST


@pytest.mark.parametrize("before", [
    # the last item's '- ' on a line of its own, or followed by a comment
    f"page: index.md\ncorrections:\n  -\n    id: latest-reports\n{REST}    corrected: news\n    note: n\n@@",
    f"page: index.md\ncorrections:\n  - # the headline\n    id: latest-reports\n{REST}    corrected: news\n"
    "    note: n\n@@",
    # a last note kept with its final line break (|+): a blank line after it would be its own
    f"page: index.md\ncorrections:\n{LAST}    corrected: news\n    note: |+\n      n\n@@",
    # ... and with blank lines before a key, which are the note's own
    f"corrections:\n{LAST}    corrected: news\n    note: |+\n      n\n\n\n@@page: index.md\n",
    # a key after the list, with a comment about it, at its column
    f"corrections:\n{LAST}    corrected: news\n    note: n\n@@\n# the home page\npage: index.md\n",
    # mixed line breaks: each line keeps its own
    f"page: index.md\r\ncorrections:\n{LAST}    corrected: news\n    note: n\n@@",
    # old Mac line breaks, with a key after the list
    f"corrections:\n{LAST}    corrected: news\n    note: n\n@@page: index.md\n".replace("\n", "\r"),
])
def test_the_new_lines_go_in_and_no_other_byte_changes(cli, project, before: str) -> None:
    project.write("corrections/index.yml", "")
    (project.root / "corrections/index.yml").write_bytes(before.replace("@@", "").encode())
    result = add_openly(cli, project.root)
    assert result.code == 0, result.err
    blank = "" if "|+" in before else "\n"
    breaks = "\r" if "\n" not in before else "\n"
    assert (project.root / "corrections/index.yml").read_bytes() == before.replace(
        "@@", (blank + openly()).replace("\n", breaks)).encode()
