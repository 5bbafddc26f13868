"""Read corrections files as YAML, keeping the line of every mapping key and list item."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent

from .model import SourceRef
from .problems import Problem

MAX_FILE_BYTES = 2_000_000
MAX_DEPTH = 12


class _TextDateConstructor(RoundTripConstructor):
    """Keep YYYY-MM-DD as text so impossible dates become editor-facing problems, not crashes."""


_TextDateConstructor.add_constructor(
    "tag:yaml.org,2002:timestamp", RoundTripConstructor.construct_yaml_str
)


@dataclass(frozen=True)
class YamlDocument:
    """One parsed corrections file: its data and a way to find the line of any part of it."""

    path: Path
    data: Any

    def line_of(self, location: tuple[str | int, ...]) -> int:
        """The 1-based line of the key or item at `location` (the nearest known ancestor if absent)."""
        node, line = self.data, 1
        for step in location:
            position = _position_of(node, step)
            if position is None:
                break
            line = position + 1
            try:
                node = node[step]
            except (KeyError, IndexError, TypeError):
                break
        return line


def _position_of(node: Any, step: str | int) -> int | None:
    """The 0-based line where `step` sits inside a ruamel mapping or sequence."""
    lc = getattr(node, "lc", None)
    if lc is None:
        return None
    try:
        return lc.key(step)[0] if isinstance(step, str) else lc.item(step)[0]
    except (KeyError, IndexError, TypeError):
        return None


def _yaml() -> YAML:
    """A round-trip loader that constructs no Python objects and keeps dates as text."""
    yaml = YAML(typ="rt")
    yaml.Constructor = _TextDateConstructor
    yaml.allow_duplicate_keys = False
    return yaml


def read_yaml(path: Path, shown_as: Path | None = None) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse one corrections file; a file that cannot be parsed yields problems and no document."""
    shown = shown_as or path
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        return None, [Problem(SourceRef(shown, 1), f"the file is {size:,} bytes, larger than the "
                              f"{MAX_FILE_BYTES:,} bytes a corrections file may be",
                              "split the corrections or remove what is not a correction")]
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[:error.start].count(b"\n") + 1
        return None, [Problem(SourceRef(shown, line), "the file is not UTF-8 text",
                              "save the file as UTF-8 (every editor offers it)")]
    yaml = _yaml()
    try:
        found = _unwanted_structure(yaml, text, shown)
        if found:
            return None, [found]
        data = yaml.load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        what = " ".join(str(part) for part in (error.context, error.problem) if part)
        return None, [Problem(SourceRef(shown, line), f"this is not valid YAML: {what}",
                              "check indentation, colons and quoting on this line and the one above; "
                              "quote text that contains ': ' or starts with a special character")]
    except YAMLError as error:
        return None, [Problem(SourceRef(shown, 1), f"this is not valid YAML: {error}",
                              "check the file's indentation and quoting")]
    return YamlDocument(shown, data), []


def _unwanted_structure(yaml: YAML, text: str, shown: Path) -> Problem | None:
    """Aliases or deep nesting, found in one pass over the parse events before anything is built."""
    depth = 0
    for event in yaml.parse(io.StringIO(text)):
        # Anchors and aliases have no use here and are how "billion laughs" bombs are built.
        if isinstance(event, AliasEvent):
            return Problem(SourceRef(shown, event.start_mark.line + 1),
                           "YAML aliases (*name) are not allowed in corrections files",
                           "write each value out in full instead of referring to an anchor (&name)")
        depth += isinstance(event, CollectionStartEvent) - isinstance(event, CollectionEndEvent)
        # A corrections file is 3 levels deep; hundreds of levels are only ever an attack.
        if depth > MAX_DEPTH:
            return Problem(SourceRef(shown, event.start_mark.line + 1),
                           f"the YAML is nested more than {MAX_DEPTH} levels deep",
                           "a corrections file is a 'page:' and a list of 'corrections:' with "
                           "'field: value' lines; remove the extra nesting")
    return None
