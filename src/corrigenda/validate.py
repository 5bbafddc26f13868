"""Check one parsed corrections file against the schema and the editorial rules; build Corrections."""

from __future__ import annotations

import datetime as dt
import difflib
import json
import posixpath
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import Any

import fastjsonschema
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from .load import YamlDocument
from .model import Correction, Kind, PageCorrections, Selector, SourceRef
from .problems import Problem, quoted

SELECTOR_FIELDS = ("prefix", "suffix", "occurrence", "all")
TEXT_FIELDS = ("id", "original", "corrected", "note", "prefix", "suffix")
# C0/C1 controls (but tab and newline), lone UTF-16 surrogates and noncharacters: never meant,
# never printable, and not allowed in the XML of the feeds.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
# Embeddings and overrides make text display in an order other than the one written, up to the
# end of the paragraph: a correction could reverse the article's text after it. Isolates
# (U+2066-U+2069) are the way to set right-to-left text apart, and only spill over when unclosed.
_BIDI_EMBEDDING = re.compile("[\u202a-\u202e]")
_ISOLATE_OPENERS = ("\u2066", "\u2067", "\u2068")
_ISOLATE_CLOSER = "\u2069"
PUBLISHED_FIELDS = ("corrected", "note")
_KINDS = frozenset(kind.value for kind in Kind)
_JSON_TYPES = {"string": "text", "integer": "a whole number", "boolean": "true or false",
               "array": "a list (items starting with '- ')", "object": "a set of 'field: value' lines"}


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema of a corrections file (shipped with the package, also used by editors' IDEs)."""
    return json.loads(resources.files(__package__).joinpath("corrections.schema.json").read_text())


@cache
def _validator() -> Draft202012Validator:
    """The validator that explains every error with its path (slow: only for invalid files)."""
    return Draft202012Validator(schema())


@cache
def _is_valid() -> Callable[[Any], Any]:
    """The same schema compiled to Python code: some 20 times faster on the valid files of a build."""
    return fastjsonschema.compile(schema())


@cache
def _date_pattern() -> re.Pattern[str]:
    """The schema's pattern for a date, compiled once."""
    return re.compile(_subschema(("corrections", 0, "date"))["pattern"])


def _subschema(path: tuple[str | int, ...]) -> dict[str, Any]:
    """The schema that describes the value at `path` in a corrections file."""
    node = schema()
    for step in path:
        if isinstance(step, int):
            node = node.get("items", {})
        else:
            node = node.get("properties", {}).get(step, {})
        if "$ref" in node:
            node = schema()["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def _correction_id(doc: YamlDocument, path: tuple[str | int, ...]) -> str | None:
    """The id of the correction a path points into, when it has a usable one."""
    if len(path) >= 2 and path[0] == "corrections" and isinstance(path[1], int):
        try:
            value = doc.data["corrections"][path[1]].get("id")
        except (AttributeError, IndexError, KeyError, TypeError):
            return None
        return value if isinstance(value, str) and value else None
    return None


def _schema_problems(doc: YamlDocument) -> dict[int | None, list[Problem]]:
    """Every schema violation in editors' words, by correction index (None: about the whole file)."""
    found: dict[int | None, list[Problem]] = defaultdict(list)

    def add(path: tuple[str | int, ...], location: tuple, message: str, fix: str) -> None:
        index = path[1] if len(path) >= 2 and path[0] == "corrections" else None
        found[index if isinstance(index, int) else None].append(
            Problem(SourceRef(doc.path, doc.line_of(location)), message, fix, _correction_id(doc, path)))

    try:
        _is_valid()(doc.data)
        return found
    except fastjsonschema.JsonSchemaException as error:
        refused = error  # find and explain every error, with its path, below
    for error in _validator().iter_errors(doc.data):
        path = tuple(error.absolute_path)
        for location, message, fix in _explain(error, path):
            add(path, location, message, fix)
    if not found:
        # The two validators read a regular expression or a number differently: what the fast one
        # refuses is never let through, or it would fail later, as a crash rather than a problem.
        path = tuple(int(step) if step.isdigit() else step for step in refused.path[1:])
        add(path, path, f"{_name(path)} {quoted(refused.value)} is not allowed here ({refused.rule})",
            _subschema(path).get("description", "") or "see corrections.schema.json")
    return found


def _name(path: tuple[str | int, ...]) -> str:
    """The field a path ends in (or is inside of), as editors wrote it."""
    return next((str(step) for step in reversed(path) if isinstance(step, str)), "file")


def _explain(error: ValidationError, path: tuple[str | int, ...]) -> list[tuple[tuple, str, str]]:
    """(location, what is wrong, how to fix) for one schema error."""
    name = _name(path)
    described = _subschema(path).get("description", "")
    allowed = sorted(error.schema.get("properties", {}))
    if error.validator == "additionalProperties":
        unknown = sorted((key for key in error.instance if key not in allowed), key=str)
        return [((*path, key), f"unknown field '{key}'", _did_you_mean(str(key), allowed)
                 + f"Allowed fields are: {', '.join(allowed)}.") for key in unknown]
    if error.validator == "required":
        missing = error.message.split("'")[1]
        known = set(_subschema(path).get("properties", {}))
        if any(_did_you_mean(str(key), [missing]) for key in error.instance if key not in known):
            return []  # One misspelling, one message: the unknown field already says "did you mean".
        what = _subschema((*path, missing)).get("description", "")
        return [(path, f"the required field '{missing}' is missing", f"Add '{missing}:'. {what}")]
    if error.validator == "enum":
        options = [str(o) for o in error.validator_value]
        return [(path, f"'{error.instance}' is not a known {name}",
                 _did_you_mean(str(error.instance), options) + f"Use one of: {', '.join(options)}.")]
    if error.validator == "type":
        wanted = _JSON_TYPES.get(str(error.validator_value), str(error.validator_value))
        in_quotes = f"put the value in quotes, as in {name}: \"{error.instance}\"" if wanted == "text" else ""
        return [(path, f"'{name}' must be {wanted}, not {quoted(error.instance)}",
                 in_quotes or f"write {name} as {wanted}")]
    if error.validator == "minLength":
        return [(path, f"'{name}' is empty", described)]
    if error.validator == "maxLength":
        return [(path, f"'{name}' is {len(error.instance):,} characters long, more than the "
                       f"{error.validator_value:,} allowed", "shorten it")]
    if error.validator == "pattern":
        return [(path, f"{name} {quoted(error.instance)} is not in the expected form", described)]
    return [(path, f"'{name}': {error.message}", described or "see corrections.schema.json")]


def _did_you_mean(word: str, options: list[str]) -> str:
    """'did you mean X? ' when an option is close to what was written."""
    close = difflib.get_close_matches(word.lower(), options, n=1, cutoff=0.6)
    return f"Did you mean '{close[0]}'? " if close else ""


def _check_rules(doc: YamlDocument, index: int, item: dict[str, Any]) -> list[Problem]:
    """The editorial rules a schema cannot say well: real dates, removals, selectors."""
    cid = item.get("id") if isinstance(item.get("id"), str) else None

    def problem(field: str, message: str, fix: str) -> Problem:
        line = doc.line_of(("corrections", index, field))
        return Problem(SourceRef(doc.path, line), message, fix, cid)

    texts = [(field, item[field]) for field in TEXT_FIELDS if isinstance(item.get(field), str)]
    problems = []
    # One search over all the text first: an item with a control character is rare.
    if _CONTROL.search("\n".join(text for _, text in texts)):
        problems += [problem(field, f"'{field}' contains an invisible control character "
                             f"(U+{ord(bad.group()):04X}) at character {bad.start() + 1}",
                             "delete it: retype the text rather than pasting it")
                     for field, text in texts for bad in [_CONTROL.search(text)] if bad]
    problems += [_bidi_problem(problem, field, text) for field, text in texts
                 if field in PUBLISHED_FIELDS and _has_bidi_trouble(text)]
    date = item.get("date")
    if isinstance(date, str) and _date_pattern().fullmatch(date):
        try:
            dt.date.fromisoformat(date)
        except ValueError:
            problems.append(problem("date", f"the date {date} does not exist",
                                    "write the day the correction was made as YYYY-MM-DD, "
                                    "for example 2023-10-19"))
    kind, corrected, original = item.get("kind"), item.get("corrected"), item.get("original")
    if kind == Kind.REMOVAL.value:
        if corrected:
            problems.append(problem("corrected", "a removal deletes the original text, "
                                    "but 'corrected' is not empty",
                                    "delete the 'corrected' line, or change 'kind' if the text "
                                    "is replaced rather than removed"))
    elif kind in _KINDS and not corrected:
        problems.append(problem("corrected" if "corrected" in item else "kind",
                                f"'corrected' is missing or empty for a correction of kind '{kind}'",
                                "add 'corrected:' with the text readers should see, or use "
                                "'kind: removal' to delete the text"))
    if isinstance(corrected, str) and corrected == original:
        problems.append(problem("corrected", "'corrected' is the same as 'original', so nothing "
                                "would change", "write the corrected text in 'corrected'"))
    used = [f for f in SELECTOR_FIELDS if item.get(f) not in (None, False, "")]
    groups = {"prefix/suffix" if f in ("prefix", "suffix") else f for f in used}
    if len(groups) > 1:
        problems.append(problem(used[-1], f"{' and '.join(sorted(groups))} are used together, "
                                "but only one way of choosing occurrences may be used",
                                "keep either prefix/suffix (text around the original), "
                                "'occurrence: N', or 'all: true'"))
    return problems


def _has_bidi_trouble(text: str) -> bool:
    """Whether published text has an embedding or override, or an isolate left open."""
    if text.isascii():
        return False
    if _BIDI_EMBEDDING.search(text):
        return True
    open_isolates = 0
    for char in text:
        if char in _ISOLATE_OPENERS:
            open_isolates += 1
        elif char == _ISOLATE_CLOSER:
            open_isolates = max(0, open_isolates - 1)  # a closer with nothing open does nothing
    return open_isolates > 0


def _bidi_problem(problem: Callable[[str, str, str], Problem], field: str, text: str) -> Problem:
    """What is wrong with the direction controls in published text, and the safe way to write it."""
    bad = _BIDI_EMBEDDING.search(text)
    fix = ("delete it: retype the text rather than pasting it. To set right-to-left text apart, "
           "put it between U+2068 (first strong isolate) and U+2069 (pop directional isolate)")
    if bad:
        char = bad.group()
        return problem(field, f"'{field}' contains a bidirectional control character (U+{ord(char):04X} "
                       f"{unicodedata.name(char)}) at character {bad.start() + 1}: it makes the text, "
                       "and the article's text after it, display in another order than written", fix)
    return problem(field, f"'{field}' opens a directional isolate (U+2066, U+2067 or U+2068) that "
                   "U+2069 does not close, so the article's text after it would display isolated",
                   "close every isolate with U+2069 (pop directional isolate), or delete them")


def _to_correction(doc: YamlDocument, index: int, item: dict[str, Any], page: str) -> Correction:
    """A Correction from an item that passed every check."""
    item_line = doc.line_of(("corrections", index))
    lines = {key: doc.lines.get(("corrections", index, key), item_line) for key in map(str, item)}
    occurrence = item.get("occurrence")  # JSON Schema counts 1.0 (`!!float 1`) as an integer
    selector = Selector(prefix=str(item.get("prefix", "")), suffix=str(item.get("suffix", "")),
                        occurrence=None if occurrence is None else int(occurrence),
                        every=bool(item.get("all", False)))
    return Correction(
        id=str(item["id"]), date=dt.date.fromisoformat(str(item["date"])), kind=Kind(item["kind"]),
        original=str(item["original"]), corrected=str(item.get("corrected") or ""),
        note=str(item["note"]), page=page, selector=selector,
        source=SourceRef(doc.path, item_line), field_lines=lines,
    )


def validate_document(doc: YamlDocument) -> tuple[PageCorrections | None, list[Problem]]:
    """The file's valid corrections (None when the file itself is wrong) and every problem in it.

    The valid corrections of a file with problems are still returned so that they are located
    too and one report lists every problem of the build; any problem still stops the build.
    """
    data = doc.data if isinstance(doc.data, dict) else {}
    items = data.get("corrections") if isinstance(data.get("corrections"), list) else []
    limit = schema()["properties"]["corrections"]["maxItems"]
    if len(items) > limit:
        # Before each item is checked: a 2 MB file of 300,000 items gave as many problems, and
        # took the better part of a minute to explain them all.
        return None, [Problem(SourceRef(doc.path, doc.line_of(("corrections",))),
                              f"the file lists {len(items):,} corrections, more than the {limit:,} "
                              "one article's file may hold", "check that the list is what was "
                              "meant: no article needs that many corrections")]
    found = _schema_problems(doc)
    page = data.get("page")
    if isinstance(page, str) and not found.get(None) and posixpath.normpath(page) != page:
        # The page is how corrections find their article: one spelling per article, or none apply.
        found[None].append(Problem(SourceRef(doc.path, doc.line_of(("page",))),
                                   f"the page '{page}' is not written in its plain form",
                                   f"write it as '{posixpath.normpath(page).lstrip('/')}': relative to "
                                   "docs/, without './', '..' or '//'"))
    for index, item in enumerate(items):
        if isinstance(item, dict):
            found[index] += _check_rules(doc, index, item)
    problems = [problem for group in found.values() for problem in group]
    if found.get(None):
        return None, problems
    page = str(data["page"])
    corrections = tuple(_to_correction(doc, i, item, page) for i, item in enumerate(items)
                        if not found.get(i))
    return PageCorrections(page, doc.path, corrections, doc.line_of(("page",))), problems
