"""Read corrections files as YAML, keeping the line of every mapping key and list item.

PyYAML with libyaml (C) parses. A corrections file only needs text, whole numbers, true/false
and null, mappings and lists, so the data is built straight from libyaml's events, whose marks
give the lines, in one pass that also refuses aliases and deep nesting before anything is built;
a file with explicit tags (`!!float`, `!!python/object`) goes through PyYAML's safe constructor
instead. Scalars are resolved as YAML 1.2. A round-trip parser (ruamel.yaml) is kept for writing
files that must keep their comments (`corrigenda add`): reading with it is some 100 times slower.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .model import SourceRef
from .problems import Problem, quoted

MAX_FILE_BYTES = 2_000_000
MAX_DEPTH = 12
MERGE_TAG = "tag:yaml.org,2002:merge"
Location = tuple[str | int, ...]


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe types only, resolved as YAML 1.2 (what editors' IDEs check) rather than PyYAML's 1.1.

    So `original: NO` is text, not false, `1:30` is text, not 90, and YYYY-MM-DD stays text so an
    impossible date is a problem, not a crash. Only true/false, integers and null are typed.
    """

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag == "tag:yaml.org,2002:null"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                              list("tTfF"))
_Loader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))


@dataclass(frozen=True)
class YamlDocument:
    """One parsed corrections file: its data and the line of each key and item in it."""

    path: Path
    data: Any
    lines: dict[Location, int] = field(default_factory=dict, compare=False)

    def line_of(self, location: Location) -> int:
        """The 1-based line of the key or item at `location` (the nearest known ancestor if absent)."""
        for end in range(len(location), 0, -1):
            line = self.lines.get(tuple(location[:end]))
            if line is not None:
                return line
        return 1


def read_yaml(path: Path, shown_as: Path | None = None) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse one corrections file; a file that cannot be parsed yields problems and no document."""
    try:
        with path.open("rb") as file:  # never more than the limit into memory
            raw = file.read(MAX_FILE_BYTES + 1)
    except OSError as error:  # no permission; removed or replaced by a folder meanwhile
        return None, [Problem(SourceRef(shown_as or path, 1), f"the file cannot be read: "
                              f"{error.strerror or error}", "check that it is a plain file the "
                              "build's user may read")]
    return parse_yaml(raw, shown_as or path)


def parse_yaml(raw: bytes, shown: Path) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse the bytes of a corrections file (from disk or from git) with every safeguard."""
    if len(raw) > MAX_FILE_BYTES:
        return None, [Problem(SourceRef(shown, 1), f"the file is larger than the "
                              f"{MAX_FILE_BYTES:,} bytes a corrections file may be",
                              "split the corrections or remove what is not a correction")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[:error.start].count(b"\n") + 1
        return None, [Problem(SourceRef(shown, line), "the file is not UTF-8 text",
                              "save the file as UTF-8 (every editor offers it)")]
    try:
        built = _from_events(text, shown)
        if isinstance(built, Problem):
            return None, [built]
        if built is not None:
            return YamlDocument(shown, *built), []
        found = _unwanted_structure(text, shown)
        if found:
            return None, [found]
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        except _CONSTRUCTOR_ERRORS:  # e.g. `!!bool maybe`, `!!int _`, `!!timestamp 2023/10/19`
            return None, [_unreadable(node, shown)]
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        what = " ".join(str(part) for part in (error.context, error.problem) if part)
        return None, [Problem(SourceRef(shown, line), f"this is not valid YAML: {what}",
                              "check indentation, colons and quoting on this line and the one above; "
                              "quote text that contains ': ' or starts with a special character")]
    except yaml.YAMLError as error:
        return None, [Problem(SourceRef(shown, 1), f"this is not valid YAML: {error}",
                              "check the file's indentation and quoting")]
    lines: dict[Location, int] = {}
    duplicate = _index_lines(node, (), lines, shown) if node is not None else None
    if duplicate:
        return None, [duplicate]
    return YamlDocument(shown, data, lines), []


class _Collection:
    """A mapping or list being filled from events: where it is, and the key awaiting its value."""

    __slots__ = ("value", "is_list", "location", "key", "name", "seen")

    def __init__(self, value: dict | list, location: Location) -> None:
        self.value = value
        self.is_list = isinstance(value, list)
        self.location = location
        self.key: Any = _NO_KEY
        self.name = ""  # the key as written, which names it in locations and messages
        self.seen: dict[str, int] = {}


_NO_KEY = object()
_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?[0-9]+")


def _plain_scalar(value: str) -> Any:
    """An unquoted scalar's value as YAML 1.2's core schema reads it (what editors' IDEs check)."""
    if value in _NULL:
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _INT.fullmatch(value):
        try:
            return int(value)
        except ValueError:  # thousands of digits: no use here; the schema says it is not a number
            return value
    return value


def _from_events(text: str, shown: Path) -> tuple[Any, dict[Location, int]] | Problem | None:
    """The document's data and lines, a problem (alias, nesting, twice-written key), or None
    when the file uses explicit tags or complex keys and needs PyYAML's constructor."""
    lines: dict[Location, int] = {}
    stack: list[_Collection] = []
    data: Any = None
    documents = 0
    # Locals rather than module attributes: the loop below runs once per event.
    scalar, mapping, sequence = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
    ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    untagged = (None, "!")
    # get_event() directly: yaml.parse() adds a generator step and a check_event() call to
    # each of the half a million events of a large archive.
    loader = _Loader(text)
    try:
        while (event := loader.get_event()) is not None:
            kind = type(event)
            if kind is scalar:
                if event.tag not in untagged:
                    return None
                value: Any = event.value
                if event.implicit[0]:  # plain scalars are resolved; quoted or block text stays text
                    value = _plain_scalar(value)
            elif kind is mapping or kind is sequence:
                if event.tag not in untagged:
                    return None
                # A corrections file is 3 levels deep; hundreds of levels are only ever an attack.
                if len(stack) >= MAX_DEPTH:
                    return _too_deep(event, shown)
                value = {} if kind is mapping else []
            elif kind in ends:
                stack.pop()
                continue
            elif kind is yaml.AliasEvent:
                return _alias(event, shown)
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise yaml.composer.ComposerError("expected a single document in the stream", None,
                                                      "but found another document", event.start_mark)
                continue
            else:
                continue
            if not stack:
                data, location = value, ()
            elif (top := stack[-1]).is_list:
                parent = top.value
                location = (*top.location, len(parent))
                lines[location] = event.start_mark.line + 1
                parent.append(value)
            elif top.key is _NO_KEY:
                if kind is not scalar:
                    return None  # a mapping or list used as a key
                name, line = event.value, event.start_mark.line + 1
                if name in top.seen:
                    return _written_twice(shown, name, line, top.seen[name])
                top.seen[name] = lines[(*top.location, name)] = line
                top.key, top.name = value, name
                continue
            else:
                top.value[top.key] = value
                top.key = _NO_KEY
                if kind is scalar:
                    continue
                location = (*top.location, top.name)
            if kind is not scalar:
                stack.append(_Collection(value, location))
    finally:
        loader.dispose()
    return data, lines


# What PyYAML's constructors raise for a tagged value they cannot read, besides its own errors:
# `!!bool maybe` is a KeyError, `!!int _` an IndexError, `!!timestamp 2023/10/19` an AttributeError.
_CONSTRUCTOR_ERRORS = (ValueError, KeyError, IndexError, AttributeError, TypeError, OverflowError)


def _unreadable(node: yaml.Node, shown: Path) -> Problem:
    """The problem with the first tagged value in `node` that PyYAML cannot construct."""
    culprit = next((n for n in _scalars(node) if not _constructs(n)), node)
    tag = culprit.tag.replace("tag:yaml.org,2002:", "!!")
    return Problem(SourceRef(shown, culprit.start_mark.line + 1),
                   f"the value {quoted(culprit.value)} cannot be read as {tag}",
                   f"delete the tag {tag}: a corrections file needs only text, whole numbers and "
                   "true/false, written plainly")


def _scalars(node: yaml.Node) -> Iterator[yaml.ScalarNode]:
    """Every scalar under `node`, in the order written (keys before their values)."""
    if isinstance(node, yaml.ScalarNode):
        yield node
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _scalars(item)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _scalars(key)
            yield from _scalars(value)


def _constructs(node: yaml.ScalarNode) -> bool:
    """Whether PyYAML's safe constructor can make a value of this scalar."""
    loader = _Loader("")
    try:
        loader.construct_object(node)
        return True
    except (yaml.YAMLError, *_CONSTRUCTOR_ERRORS):
        return False
    finally:
        loader.dispose()


def _alias(event: yaml.Event, shown: Path) -> Problem:
    """Anchors and aliases have no use here and are how "billion laughs" bombs are built."""
    return Problem(SourceRef(shown, event.start_mark.line + 1),
                   "YAML aliases (*name) are not allowed in corrections files",
                   "write each value out in full instead of referring to an anchor (&name)")


def _written_twice(shown: Path, name: str, line: int, first: int) -> Problem:
    """The problem with a key written twice in one mapping (PyYAML would keep the last silently)."""
    return Problem(SourceRef(shown, line), f"'{name}' is written twice in one mapping (first on "
                   f"line {first})", "keep one of the two lines; a second correction starts with '- id:'")


def _too_deep(event: yaml.Event, shown: Path) -> Problem:
    """The problem with a file nested deeper than any corrections file is."""
    return Problem(SourceRef(shown, event.start_mark.line + 1),
                   f"the YAML is nested more than {MAX_DEPTH} levels deep",
                   "a corrections file is a 'page:' and a list of 'corrections:' with "
                   "'field: value' lines; remove the extra nesting")


def _unwanted_structure(text: str, shown: Path) -> Problem | None:
    """Aliases or deep nesting, found in one pass over the parse events before anything is built."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        # Anchors and aliases have no use here and are how "billion laughs" bombs are built.
        if isinstance(event, yaml.AliasEvent):
            return _alias(event, shown)
        if isinstance(event, yaml.ScalarEvent) and event.tag == MERGE_TAG:
            # PyYAML merges the mappings and forgets where each key was written.
            return Problem(SourceRef(shown, event.start_mark.line + 1),
                           "YAML merge keys (!!merge <<) are not allowed in corrections files",
                           "write each field of each correction out in full")
        depth += isinstance(event, yaml.CollectionStartEvent) - isinstance(event, yaml.CollectionEndEvent)
        if depth > MAX_DEPTH:
            return _too_deep(event, shown)
    return None


def _index_lines(node: yaml.Node, location: Location, lines: dict[Location, int],
                 shown: Path) -> Problem | None:
    """Record the line of every key and item under `node`; report a key written twice."""
    if isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[(*location, index)] = item.start_mark.line + 1
            found = _index_lines(item, (*location, index), lines, shown)
            if found:
                return found
    elif isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else repr(key.value)
            line = key.start_mark.line + 1
            if name in seen:
                return _written_twice(shown, name, line, seen[name])
            seen[name] = lines[(*location, name)] = line
            found = _index_lines(value, (*location, name), lines, shown)
            if found:
                return found
    return None
