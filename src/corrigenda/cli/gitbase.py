"""The corrections as they were at a git revision, to show only what a change adds."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from ..catalog import PATTERNS, corrections_files
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


def _by_id(texts: list[bytes]) -> dict[str, Any]:
    """Every correction mapping in these files, by id; files that do not parse count as empty."""
    found: dict[str, Any] = {}
    for text in texts:
        doc, _ = parse_yaml(text, Path("?"))  # an old, broken file has no corrections to compare
        data = doc.data if doc is not None else None
        items = data.get("corrections") if isinstance(data, dict) else None
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                found[item["id"]] = item
    return found


def changed_since(site: Site, revision: str) -> set[str]:
    """Ids of the corrections added, or changed in any field, since `revision`."""
    folder = site.corrections_dir.relative_to(site.root).as_posix()
    # ls-tree names paths relative to -C's folder, which `git show REV:./path` reads the same way.
    listed = _git(site.root, "ls-tree", "-r", "-z", "--name-only", revision, "--", folder).decode(
        "utf-8", errors="replace")
    names = [name for name in listed.split("\0") if any(Path(name).match(p) for p in PATTERNS)]
    then = _by_id([_git(site.root, "show", f"{revision}:./{name}") for name in names])
    now = _by_id([path.read_bytes() for path in corrections_files(site.corrections_dir)])
    return {key for key, item in now.items() if then.get(key) != item}
