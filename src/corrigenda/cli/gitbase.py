"""The corrections as they were at a git revision, to show only what a change adds."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any, NamedTuple

from ..catalog import corrections_files, is_corrections_file
from ..load import parse_yaml
from .common import UsageError
from .project import Site


def _git(root: Path, *args: str) -> bytes:
    """Run git in the project folder; its complaint becomes a usage error."""
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=True)
    except FileNotFoundError as error:
        raise UsageError("--base needs git, which is not installed") from error
    except subprocess.CalledProcessError as error:
        complaint = error.stderr.decode(errors="replace").strip()
        raise UsageError(f"git {' '.join(args)}: {complaint}") from error
    return done.stdout


class Since(NamedTuple):
    """What a change does to the corrections: ids added or changed, and ids taken out (their page)."""

    changed: set[str]
    removed: dict[str, str]


def _by_id(texts: list[bytes]) -> dict[str, tuple[Any, Any]]:
    """Every correction mapping in these files with its file's page, by id; files that do not
    parse count as empty."""
    found: dict[str, tuple[Any, Any]] = {}
    for text in texts:
        doc, _ = parse_yaml(text, Path("?"))  # an old, broken file has no corrections to compare
        data = doc.data if doc is not None else None
        items = data.get("corrections") if isinstance(data, dict) else None
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                found[item["id"]] = (data.get("page"), item)
    return found


def changed_since(site: Site, revision: str) -> Since:
    """The corrections added, changed in any field or moved to another page since `revision`, and
    those taken out (a file moved with nothing in it changed changes nothing readers see)."""
    folder = site.corrections_dir.relative_to(site.root).as_posix()
    # ls-tree names paths relative to -C's folder, which `git show REV:./path` reads the same way.
    # --end-of-options: a revision that starts with '-' is a revision, never an option of git's.
    listed = _git(site.root, "ls-tree", "-r", "-z", "--name-only", "--end-of-options", revision,
                  "--", folder).decode("utf-8", errors="replace")
    names = [name for name in listed.split("\0") if is_corrections_file(name)]
    then = _by_id([_git(site.root, "show", "--end-of-options", f"{revision}:./{name}") for name in names])
    now = _by_id([path.read_bytes() for path in corrections_files(site.corrections_dir)])
    return Since({key for key, entry in now.items() if then.get(key) != entry},
                 {key: str(page) for key, (page, _) in then.items() if key not in now})
