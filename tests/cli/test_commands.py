"""The command line as a whole: help, exit codes, `python -m corrigenda` and the console script."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

COMMANDS = ("check", "add", "list", "diff")


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(cli, command: str) -> None:
    result = cli(command, "--help")
    assert result.code == 0
    assert f"usage: corrigenda {command}" in result.out
    assert "--root DIR" in result.out and "examples:" in result.out


def test_no_command_is_bad_usage(cli) -> None:
    result = cli()
    assert result.code == 2
    assert "the following arguments are required: COMMAND" in result.err


def test_unknown_option_is_bad_usage(cli) -> None:
    assert cli("check", "--colour").code == 2


@pytest.mark.parametrize("command", COMMANDS)
def test_a_folder_without_mkdocs_yml_is_bad_usage(cli, tmp_path: Path, command: str) -> None:
    extra = ["--page", "a.md", "--original", "a", "--kind", "typo", "--note", "n"] if command == "add" else []
    result = cli(command, "--root", tmp_path, *extra)
    assert result.code == 2
    assert f"corrigenda {command}: error: there is no mkdocs.yml in {tmp_path.resolve()}" in result.err


def test_python_dash_m_runs_the_command_line() -> None:
    result = subprocess.run([sys.executable, "-m", "corrigenda", "--help"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert result.stdout.startswith("usage: corrigenda")
    for command in COMMANDS:
        assert command in result.stdout


def test_console_script_checks_the_real_site() -> None:
    script = Path(sys.executable).parent / "corrigenda"
    assert script.exists(), "reinstall the project: pip install -e '.[test]'"
    result = subprocess.run([str(script), "check"], cwd=REPO, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("No problems: ")
