"""The GitHub side of the project: workflows, templates and the pre-commit hook.

Schemas: check-jsonschema's vendored copies of GitHub's schemas (SchemaStore), so the
checks run offline. Structure: the files parsed with PyYAML and held to what the
project promises (least privilege, the steps CI runs, what editors and readers see).
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from corrigenda.model import Kind

REPO = Path(__file__).resolve().parents[2]
GITHUB = REPO / ".github"
PR_WORKFLOW = GITHUB / "workflows" / "pull-request.yml"
DEPLOY_WORKFLOW = GITHUB / "workflows" / "deploy.yml"
WORKFLOWS = (PR_WORKFLOW, DEPLOY_WORKFLOW)
ISSUE_FORM = GITHUB / "ISSUE_TEMPLATE" / "report-an-error.yml"
ISSUE_CONFIG = GITHUB / "ISSUE_TEMPLATE" / "config.yml"
PR_TEMPLATE = GITHUB / "PULL_REQUEST_TEMPLATE.md"
PRE_COMMIT = REPO / ".pre-commit-config.yaml"

CORRECTIONS_LOG = "https://example.github.io/corrigenda/corrections/"


# --- helpers -----------------------------------------------------------------------------


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def triggers(workflow: dict[str, Any]) -> dict[str, Any]:
    """The `on:` mapping. YAML 1.1 (PyYAML) reads the bare key `on` as True."""
    on = workflow["on"] if "on" in workflow else workflow[True]
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    return on


def steps(workflow: dict[str, Any], job: str) -> list[dict[str, Any]]:
    return workflow["jobs"][job]["steps"]


def all_steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def step_using(workflow: dict[str, Any], job: str, action: str) -> dict[str, Any]:
    """The one step of `job` that uses `action` ("owner/name@ref")."""
    found = [step for step in steps(workflow, job) if step.get("uses") == action]
    assert len(found) == 1, f"job {job!r} should use {action} exactly once, found {len(found)}"
    return found[0]


def run_index(workflow: dict[str, Any], job: str, pattern: str) -> int:
    """Index of the one step of `job` whose `run:` matches the regex `pattern`."""
    found = [i for i, step in enumerate(steps(workflow, job)) if re.search(pattern, step.get("run", ""))]
    assert len(found) == 1, f"job {job!r} should have exactly one step running /{pattern}/, found {len(found)}"
    return found[0]


def check_jsonschema(*args: str) -> subprocess.CompletedProcess[str]:
    """Run check-jsonschema from this interpreter, with any network access made to fail."""
    if importlib.util.find_spec("check_jsonschema") is None:
        pytest.fail(
            "check-jsonschema is not installed: it belongs in the `test` extra of pyproject.toml"
            " (check-jsonschema==0.39.0); run `make setup` again"
        )
    dead = "http://127.0.0.1:9"
    env = {**os.environ, "http_proxy": dead, "https_proxy": dead, "HTTP_PROXY": dead, "HTTPS_PROXY": dead}
    env.pop("NO_PROXY", None)
    env.pop("no_proxy", None)
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", *args],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120,
    )


@pytest.fixture(scope="module")
def pr() -> dict[str, Any]:
    return load(PR_WORKFLOW)


@pytest.fixture(scope="module")
def deploy() -> dict[str, Any]:
    return load(DEPLOY_WORKFLOW)


# --- schemas (offline) ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("schema", "files"),
    [
        ("vendor.github-workflows", WORKFLOWS),
        ("custom.github-workflows-require-timeout", WORKFLOWS),
        ("vendor.github-issue-forms", (ISSUE_FORM,)),
        ("vendor.github-issue-config", (ISSUE_CONFIG,)),
    ],
)
def test_files_are_valid_against_githubs_schemas(schema: str, files: tuple[Path, ...]) -> None:
    result = check_jsonschema("--builtin-schema", schema, *map(str, files))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok -- validation done" in result.stdout


@pytest.mark.parametrize(
    ("schema", "text", "error"),
    [
        (
            "vendor.github-workflows",
            "on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    permissions:\n      contents: reed\n"
            "    steps:\n      - run: make test\n",
            "'reed' is not one of",
        ),
        (
            "vendor.github-issue-forms",
            "name: x\ndescription: y\nbody:\n  - type: input\n    id: url\n",
            "'attributes' is a required property",
        ),
        ("vendor.github-issue-config", "blank_issues_enabled: nope\n", "is not of type 'boolean'"),
    ],
)
def test_the_schema_check_rejects_broken_files(tmp_path: Path, schema: str, text: str, error: str) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(text, encoding="utf-8")
    result = check_jsonschema("--builtin-schema", schema, "--verbose", str(broken))
    assert result.returncode == 1, result.stdout + result.stderr
    assert error in result.stdout


# --- both workflows ------------------------------------------------------------------------


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_workflow_runs_on_the_privileged_pull_request_trigger(path: Path) -> None:
    assert "pull_request_target" not in path.read_text(encoding="utf-8")
    assert "pull_request_target" not in triggers(load(path))


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_top_level_permissions_are_read_only(path: Path) -> None:
    assert load(path)["permissions"] == {"contents": "read"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_official_and_pinned_to_a_major_version(path: Path) -> None:
    uses = [step["uses"] for step in all_steps(load(path)) if "uses" in step]
    assert uses
    for action in uses:
        assert re.fullmatch(r"actions/[a-z-]+@v\d+", action), action


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_python_is_311_with_a_pip_cache(path: Path) -> None:
    workflow = load(path)
    setups = [step for step in all_steps(workflow) if step.get("uses") == "actions/setup-python@v5"]
    assert setups
    for step in setups:
        assert step["with"]["python-version"] == "3.11"
        assert step["with"]["cache"] == "pip"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflows_call_only_make_targets_that_exist(path: Path) -> None:
    targets = set(re.findall(r"^([a-z][a-z-]*):", (REPO / "Makefile").read_text(encoding="utf-8"), re.M))
    called = {target for step in all_steps(load(path)) for target in re.findall(r"\bmake (\w+)", step.get("run", ""))}
    assert called
    assert called <= targets, called - targets


# --- the pull-request workflow -------------------------------------------------------------


def test_pr_workflow_runs_on_pull_request_only(pr: dict[str, Any]) -> None:
    assert set(triggers(pr)) == {"pull_request"}


def test_pr_workflow_never_grants_write(pr: dict[str, Any]) -> None:
    for name, job in pr["jobs"].items():
        assert set(job.get("permissions", {}).values()) <= {"read", "none"}, name


def test_pr_runs_are_grouped_per_pull_request_and_superseded(pr: dict[str, Any]) -> None:
    assert "github.event.pull_request.number" in pr["concurrency"]["group"]
    assert pr["concurrency"]["cancel-in-progress"] is True


def test_pr_workflow_steps_in_order(pr: dict[str, Any]) -> None:
    job = "check"
    checkout = steps(pr, job).index(step_using(pr, job, "actions/checkout@v4"))
    python = steps(pr, job).index(step_using(pr, job, "actions/setup-python@v5"))
    chromium = run_index(pr, job, r"sudo apt-get update\n.*sudo apt-get install -y [^\n]*\bchromium\b")
    test = run_index(pr, job, r"^make test$")
    check = run_index(pr, job, r"^\.venv/bin/python -m corrigenda check --format github$")
    build = run_index(pr, job, r"^make build$")
    summary = run_index(pr, job, r'^\.venv/bin/python -m corrigenda diff --base "origin/\$BASE_REF" >> "\$GITHUB_STEP_SUMMARY"$')
    upload = steps(pr, job).index(step_using(pr, job, "actions/upload-artifact@v4"))
    assert checkout < python < chromium < test < check < build < summary < upload


def test_pr_workflow_exports_the_browser_path(pr: dict[str, Any]) -> None:
    script = steps(pr, "check")[run_index(pr, "check", r"apt-get install")]["run"]
    assert 'echo "CHROMIUM_PATH=$browser" >> "$GITHUB_ENV"' in script
    # Falls back to the Google Chrome that GitHub's Ubuntu images ship.
    assert "google-chrome" in script
    # tests/browser/chromium.py looks the browser up as `chromium` on PATH.
    assert "/usr/local/bin/chromium" in script


def test_pr_preview_is_built_as_the_deploy_builds(pr: dict[str, Any], deploy: dict[str, Any]) -> None:
    preview = steps(pr, "check")[run_index(pr, "check", r"^make build$")]
    published = steps(deploy, "build")[run_index(deploy, "build", r"^make build$")]
    assert preview["run"] == published["run"]  # strict, and dated by the last commit (Makefile)
    assert preview["env"]["NO_MKDOCS_2_WARNING"] == "1"


def test_editors_get_annotations_and_a_summary_even_when_a_test_fails(pr: dict[str, Any]) -> None:
    for pattern in (r"corrigenda check", r"corrigenda diff"):
        condition = steps(pr, "check")[run_index(pr, "check", pattern)].get("if", "")
        assert "!cancelled()" in condition, pattern


def test_pr_uploads_the_built_site_as_a_preview(pr: dict[str, Any]) -> None:
    upload = step_using(pr, "check", "actions/upload-artifact@v4")
    assert upload["with"]["path"].rstrip("/") == "site"
    assert "github.event.pull_request.number" in upload["with"]["name"]
    assert upload["with"]["if-no-files-found"] == "error"


# --- the deploy workflow -------------------------------------------------------------------


def test_deploy_runs_on_main_and_by_hand(deploy: dict[str, Any]) -> None:
    on = triggers(deploy)
    assert set(on) == {"push", "workflow_dispatch"}
    assert on["push"] == {"branches": ["main"]}
    # By hand, from any branch: the build (and so the deploy, which needs it) runs for main only.
    assert deploy["jobs"]["build"]["if"] == "github.ref == 'refs/heads/main'"
    assert deploy["jobs"]["deploy"]["needs"] == "build"


def test_deployments_queue_and_are_never_cancelled(deploy: dict[str, Any]) -> None:
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": False}


def test_deploy_builds_with_make_build_and_uploads_site(deploy: dict[str, Any]) -> None:
    build = run_index(deploy, "build", r"^make build$")
    upload = steps(deploy, "build").index(step_using(deploy, "build", "actions/upload-pages-artifact@v3"))
    assert build < upload
    assert steps(deploy, "build")[upload]["with"]["path"] == "site"


def test_deploy_job_publishes_with_the_official_pages_actions(deploy: dict[str, Any]) -> None:
    job = deploy["jobs"]["deploy"]
    assert job["needs"] == "build"
    assert job["permissions"] == {"pages": "write", "id-token": "write"}
    assert job["environment"] == {"name": "github-pages", "url": "${{ steps.deployment.outputs.page_url }}"}
    configure = steps(deploy, "deploy").index(step_using(deploy, "deploy", "actions/configure-pages@v5"))
    publish = step_using(deploy, "deploy", "actions/deploy-pages@v4")
    assert publish["id"] == "deployment"
    assert configure < steps(deploy, "deploy").index(publish)
    uses = {step.get("uses", "").split("@")[0] for step in all_steps(deploy)}
    assert {"actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"} <= uses


def test_only_the_deploy_job_can_write_or_mint_tokens(deploy: dict[str, Any]) -> None:
    for name, job in deploy["jobs"].items():
        if name != "deploy":
            assert set(job.get("permissions", {}).values()) <= {"read", "none"}, name
    # The job holding the write token runs no project code: no checkout, no `run:`.
    assert all("uses" in step and "run" not in step for step in steps(deploy, "deploy"))


# --- issue form, issue config, PR template, pre-commit ------------------------------------


def test_issue_form_asks_readers_for_what_editors_need() -> None:
    form = load(ISSUE_FORM)
    assert form["title"] == "Error report: "
    assert form["labels"] == ["correction-report"]
    fields = {item["id"]: item for item in form["body"] if "id" in item}
    expected_types = {
        "url": "input", "article": "input", "phrase": "textarea", "correction": "textarea", "source": "textarea",
    }
    assert {name: fields[name]["type"] for name in expected_types} == expected_types
    assert fields["url"]["validations"]["required"] is True
    assert fields["phrase"]["validations"]["required"] is True
    assert fields["phrase"]["attributes"]["label"] == "The phrase in question, exactly as it appears"


def test_issue_config_points_readers_to_the_corrections_log() -> None:
    config = load(ISSUE_CONFIG)
    assert config["blank_issues_enabled"] is False
    assert [link["url"] for link in config["contact_links"]] == [CORRECTIONS_LOG]
    # The same site as mkdocs.yml publishes; the log is generated at /corrections/.
    site_url = load(REPO / "mkdocs.yml")["site_url"]
    assert CORRECTIONS_LOG == site_url.rstrip("/") + "/corrections/"


def test_pr_template_guides_an_editor_through_a_correction() -> None:
    text = PR_TEMPLATE.read_text(encoding="utf-8")
    for kind in Kind:  # every kind the engine accepts, and no stale one
        assert re.search(rf"^- \[ \] `{kind.value}`: \S", text, re.M), kind.value
    assert len(re.findall(r"^- \[ \] `[a-z]+`:", text, re.M)) == len(Kind)
    for phrase in (
        "An earlier version of this article misspelled",
        "He is Sergey Lavrov, not Lankov.",
        "This article has been updated to",
        "Repeat the error only as far as needed",
        "`make test`",
        "`python -m corrigenda check`",
        "`make serve`",
        "the day the correction is made",
        "unique across the site",
    ):
        assert phrase in text, phrase


def test_pre_commit_runs_the_corrections_check() -> None:
    config = load(PRE_COMMIT)
    [repo] = config["repos"]
    assert repo["repo"] == "local"
    [hook] = repo["hooks"]
    assert hook["id"] == "corrigenda-check"
    assert hook["entry"] == "python -m corrigenda check"
    assert hook["language"] == "system"
    assert hook["pass_filenames"] is False
    files = re.compile(hook["files"])
    assert files.search("corrections/russian-foreign-minister-visits-north-korea.yml")
    assert files.search("docs/articles/russian-foreign-minister-visits-north-korea.md")
    assert not files.search("src/corrigenda/apply.py")
    assert not files.search("tests/corrections/x.yml")
