"""A failed correction never leaves a deployable site, even where an older build already was.

What MkDocs 1.6 does (mkdocs/commands/build.py): on_config and on_pre_build run, then the site
folder is emptied (`utils.clean_directory`, which keeps entries whose names start with a dot),
then every page is rendered, then on_env runs, and only after on_env is anything written. The
corrections hook raises in on_env, so a failed build writes nothing. A normal build has already
emptied the folder by then: the older build is gone too, except dot-files. With --dirty nothing
is emptied; the hook still renders every page (a corrections file can change any of them), so a
broken correction is found and the older build is left exactly as it was.
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import CORRECTIONS_FILE, Project

YAML_PATH = "corrections/russian-foreign-minister-visits-north-korea.yml"
OLD_BUILD = {
    "index.html": "<p>old front page</p>",
    "articles/russian-foreign-minister-visits-north-korea/index.html": "<p>old article</p>",
    "corrections/index.html": "<p>old log</p>",
    "sitemap.xml": "<urlset/>",
    "assets/old.css": "p{}",
    ".nojekyll": "",
}


def break_a_correction(project: Project) -> None:
    text = CORRECTIONS_FILE.read_text(encoding="utf-8")
    project.write(YAML_PATH, text.replace("original: Sergey Lankov", "original: Sergei Lankov"))


def write_old_build(site: Path) -> None:
    for name, text in OLD_BUILD.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text, encoding="utf-8")


def contents(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def failed_build_over_an_older_one(project: Project, *args: str) -> dict[str, bytes]:
    """Break a correction, build over an older build, and return what the site folder holds."""
    break_a_correction(project)
    write_old_build(project.site)
    result = project.build(*args)
    assert result.returncode != 0
    assert "nothing was published" in result.stderr
    return contents(project.site)


def test_failed_build_over_an_older_build_leaves_no_page(project: Project) -> None:
    # The older build was removed before rendering; nothing new was written; dot-files stay.
    assert failed_build_over_an_older_one(project, "--strict") == {".nojekyll": b""}


def test_failed_dirty_build_leaves_the_older_build_untouched(project: Project) -> None:
    old = {name: text.encode() for name, text in OLD_BUILD.items()}
    assert failed_build_over_an_older_one(project, "--dirty") == old
