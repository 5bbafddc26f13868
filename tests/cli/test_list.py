"""`corrigenda list`: a table for people, JSON for scripts, with filters."""

from __future__ import annotations

import json

import pytest

from tests.cli.conftest import YAML_PATH, real_corrections
from tests.conftest import ARTICLE


def test_table_lists_every_correction_newest_first(cli, project) -> None:
    result = cli("list", "--root", project.root)
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0].split() == ["DATE", "ID", "KIND", "PAGE", "ORIGINAL", "->", "CORRECTED"]
    assert len(lines) == 32
    assert lines[1].startswith("2023-10-23  russian-economy ")
    assert lines[-1].startswith("2023-10-19  ")
    row = next(line for line in lines if " lavrov-surname " in line)
    assert row.split("  ")[0] == "2023-10-19"
    assert row.endswith(f"{ARTICLE}  Sergey Lankov -> Sergey Lavrov")
    removal = next(line for line in lines if " stray-video-line " in line)
    assert removal.endswith("Lavrov visit north Korea TikTok VDO. -> (removed)")


def test_json_is_an_array_of_corrections(cli, project) -> None:
    result = cli("list", "--root", project.root, "--format", "json")
    assert result.code == 0
    listed = json.loads(result.out)
    assert len(listed) == 31
    assert {"id": "lavrov-surname", "page": ARTICLE, "date": "2023-10-19", "kind": "name",
            "original": "Sergey Lankov", "corrected": "Sergey Lavrov",
            "note": "An earlier version of this article misspelled the surname of Russia's foreign "
                    "minister. He is Sergey Lavrov, not Lankov."} in listed
    assert [entry["date"] for entry in listed] == sorted((e["date"] for e in listed), reverse=True)


@pytest.mark.parametrize("options, count", [
    (["--kind", "typo"], 14),
    (["--kind", "typo", "--kind", "removal"], 16),
    (["--since", "2023-10-21"], 7),
    (["--until", "2023-10-19"], 17),
    (["--since", "2023-10-20", "--until", "2023-10-20"], 7),
    (["--page", "articles/*"], 31),
    (["--page", "index.md"], 0),
])
def test_filters(cli, project, options: list[str], count: int) -> None:
    result = cli("list", "--root", project.root, "--format", "json", *options)
    assert result.code == 0
    assert len(json.loads(result.out)) == count


def test_nothing_to_list_is_said(cli, project) -> None:
    result = cli("list", "--root", project.root, "--kind", "date", "--since", "2024-01-01")
    assert (result.code, result.out) == (0, "No corrections.\n")


def test_problems_are_pointed_out_and_fail(cli, project) -> None:
    project.write(YAML_PATH, real_corrections().replace("kind: name", "kind: nam", 1))
    result = cli("list", "--root", project.root, "--format", "json")
    assert result.code == 1
    assert len(json.loads(result.out)) == 30
    assert "1 problem in the corrections files" in result.err and "corrigenda check" in result.err


@pytest.mark.parametrize("options", [["--since", "2023-13-01"], ["--kind", "typos"], ["--format", "csv"]])
def test_bad_filters_are_bad_usage(cli, project, options: list[str]) -> None:
    assert cli("list", "--root", project.root, *options).code == 2
