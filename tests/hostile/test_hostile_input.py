"""Hostile input in every field: a clear CorrectionsError (file and line), or safe escaped output.

Never a crash with a traceback, never a hang: every case runs under a time limit.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup
from lxml import etree

from corrigenda import CorrectionsError, CorrectionsExtension, load_catalog
from corrigenda.problems import MAX_LISTED
from tests.conftest import CORRECTIONS_FILE, REPO

LIMIT = 10  # seconds any single case may take
PAGE = "Sergey Lankov arrived in Pyongyang on Wednesday.\n"
YAML_NAME = "corrections/page.yml"
MARK = "PWNED"  # in every payload, so built pages can be searched for it
PAYLOADS = [
    f"<script>{MARK}()</script>",
    f"<img src=x onerror={MARK}()>",
    f"\"><svg onload={MARK}()>",
    f"'><iframe src=javascript:{MARK}()>",
    f"javascript:{MARK}()",
    f"[click](javascript:{MARK}())",
    f"[click](JaVaScRiPt:{MARK}())",
    f"[click](&#106;avascript:{MARK}())",
    f"<a href=\"javascript:{MARK}()\">click</a>",
    f"[click](data:text/html;base64,PHNjcmlwdD4=) {MARK}",
    f"<!-- {MARK} --><style>*{{}}</style>",
    f"{{{{ {MARK}.__class__ }}}} {{% if true %}}{MARK}{{% endif %}}",
    f"</script><script>{MARK}()</script>",
    f"<details open ontoggle={MARK}()>",
]
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data", "poster")
SAFE_SCHEMES = ("http:", "https:", "mailto:")
ATOM = "{http://www.w3.org/2005/Atom}"


@contextmanager
def time_limit(seconds: int = LIMIT):
    """Fail (rather than hang) when the block takes longer than `seconds`."""
    def expired(signum, frame):
        raise TimeoutError(f"took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def item(**fields: object) -> dict[str, object]:
    """A correction of PAGE, with any field replaced or removed (None)."""
    base = {"id": "c1", "date": "2023-10-19", "kind": "name", "original": "Sergey Lankov",
            "corrected": "Sergey Lavrov", "note": "He is Sergey Lavrov."}
    return {k: v for k, v in {**base, **fields}.items() if v is not None}


def as_yaml(*items: dict[str, object], page: str = "page.md") -> str:
    """A corrections file; every value JSON-quoted, which YAML reads as it is."""
    lines = [f"page: {json.dumps(page, ensure_ascii=False)}", "corrections:"]
    for entry in items:
        lines += [("  - " if i == 0 else "    ") + f"{k}: {json.dumps(v, ensure_ascii=False)}"
                  for i, (k, v) in enumerate(entry.items())]
    return "\n".join(lines) + "\n"


def write_site(root: Path, corrections: str | bytes, page: str = PAGE) -> tuple[Path, Path]:
    """docs/page.md and its corrections file under `root`; the docs and corrections folders."""
    docs, folder = root / "docs", root / "corrections"
    docs.mkdir(exist_ok=True)
    folder.mkdir(exist_ok=True)
    (docs / "page.md").write_text(page, encoding="utf-8")
    target = root / YAML_NAME
    target.write_bytes(corrections if isinstance(corrections, bytes) else corrections.encode("utf-8", "surrogatepass"))
    return docs, folder


def outcome(root: Path, corrections: str | bytes, page: str = PAGE) -> str | CorrectionsError:
    """The page as the engine renders it, or the error that stops the build; within LIMIT."""
    docs, folder = write_site(root, corrections, page)
    with time_limit():
        try:
            extension = CorrectionsExtension(load_catalog(folder, docs, root))
            extension.start_page("page.md")
            html = markdown.Markdown(extensions=[extension, "toc", "attr_list"]).convert(page)
            if extension.problems:
                raise CorrectionsError(extension.problems)
        except CorrectionsError as error:
            return error
    return html


def assert_clear(error: object, root: Path, field: str | None = None) -> None:
    """A CorrectionsError whose every problem names the file and a line in it."""
    assert isinstance(error, CorrectionsError), f"expected a CorrectionsError, got {error!r:.300}"
    lines = (root / YAML_NAME).read_bytes().count(b"\n") + 1
    for problem in error.problems:
        assert str(problem.path) == YAML_NAME
        assert 1 <= problem.line <= lines, problem
        assert problem.message and problem.fix
    if field is not None:
        text = (root / YAML_NAME).read_text(encoding="utf-8", errors="replace").splitlines()
        assert any(text[p.line - 1].lstrip(" -").startswith(f"{field}:") for p in error.problems), \
            [str(p) for p in error.problems]
    assert error.report().startswith(f"{len(error.problems)} problem")


def unsafe_parts(html: str) -> list[str]:
    """Script, event handlers, and links or sources to anything but http(s) and mailto."""
    soup = BeautifulSoup(html, "lxml")
    found = [str(tag)[:80] for tag in soup.find_all(["script", "iframe", "object", "embed", "svg", "style"])
             if tag.name != "script" or tag.get("type") != "application/ld+json"]
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            value = " ".join(value) if isinstance(value, list) else value
            if name.lower().startswith("on"):
                found.append(f"{tag.name} {name}={value!r}")
            if name.lower() in URL_ATTRIBUTES and ":" in value.split("/", 1)[0] \
                    and not value.lower().startswith(SAFE_SCHEMES):
                found.append(f"{tag.name} {name}={value!r}")
    return found


def assert_safe(html: object) -> None:
    assert isinstance(html, str), f"expected a page, got {html!r:.300}"
    assert unsafe_parts(html) == []
    html.encode("utf-8")  # what MkDocs does when it writes the page


def assert_clear_or_safe(result: object, root: Path) -> None:
    if isinstance(result, CorrectionsError):
        assert_clear(result, root)
    else:
        assert_safe(result)


def visible_text(html: str, selector: str) -> str:
    """Text readers see in an element (hidden originals of "show original" left out)."""
    soup = BeautifulSoup(html, "lxml")
    for hidden in soup.select(".corrigenda-then"):
        hidden.decompose()
    return soup.select_one(selector).get_text()


# --- payloads in every field -------------------------------------------------------------------

@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_in_note_is_refused_or_inert(tmp_path: Path, payload: str) -> None:
    result = outcome(tmp_path, as_yaml(item(note=f"Fixed. {payload}")))
    if "<" in payload and "</script>" not in payload.split("<script>")[0]:
        assert_clear(result, tmp_path, "note")  # HTML in a note is refused
    assert_clear_or_safe(result, tmp_path)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_in_corrected_is_text(tmp_path: Path, payload: str) -> None:
    result = outcome(tmp_path, as_yaml(item(corrected=payload)))
    assert_safe(result)
    if "&#" not in payload:
        assert visible_text(result, '[data-correction="c1"]') == payload


@pytest.mark.parametrize("corrected", ["R&amp;D", "&#106;avascript", "&lt;b&gt;"])
def test_entity_like_corrected_text_is_shown_as_written(tmp_path: Path, corrected: str) -> None:
    result = outcome(tmp_path, as_yaml(item(corrected=corrected)))
    assert_safe(result)
    assert visible_text(result, '[data-correction="c1"]') == corrected


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_in_original_is_matched_as_text_or_reported(tmp_path: Path, payload: str) -> None:
    # The page shows the payload as text (escaped as an author would write it).
    page = "Before " + payload.replace("&", "&amp;").replace("<", "&lt;") + " after.\n"
    result = outcome(tmp_path, as_yaml(item(original=payload, corrected="fixed")), page)
    assert_clear_or_safe(result, tmp_path)


# Markup that Python-Markdown leaves as text (a tag name cannot hold '@'), so it is on the page
# as readers see it and an original can match it; a browser would run it if it were not escaped.
MATCHABLE = [
    f"<svg/onload={MARK}()//@>",
    f"\"><img/src=x/onerror={MARK}()//@>",
    f"1 < 2 > 0 \"q\" & 's' javascript:{MARK}()",
    f"{{{{ {MARK}() }}}} {{% raw %}}",
]


@pytest.mark.parametrize("payload", MATCHABLE)
def test_payload_matched_in_original_is_shown_as_text(tmp_path: Path, payload: str) -> None:
    result = outcome(tmp_path, as_yaml(item(original=payload, corrected="fixed")), f"Before {payload} after.\n")
    assert_safe(result)
    originals = BeautifulSoup(result, "lxml").select(".corrigenda-original")
    assert [o.get_text() for o in originals] == [payload, payload]  # hidden in the text, and "Was:"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_in_id_is_reported_on_its_line(tmp_path: Path, payload: str) -> None:
    assert_clear(outcome(tmp_path, as_yaml(item(id=payload))), tmp_path, "id")


@pytest.mark.parametrize("payload", [*PAYLOADS, "/etc/passwd.md", "page.md\x00.md"])
def test_payload_in_page_is_reported(tmp_path: Path, payload: str) -> None:
    assert_clear(outcome(tmp_path, as_yaml(item(), page=payload)), tmp_path)


def test_page_outside_docs_is_reported(tmp_path: Path) -> None:
    (tmp_path / "outside.md").write_text(PAGE, encoding="utf-8")
    assert_clear(outcome(tmp_path, as_yaml(item(), page="../outside.md")), tmp_path)


# --- Unicode tricks ----------------------------------------------------------------------------

RLO, ZWSP, ZWJ = "\u202e", "\u200b", "\u200d"


@pytest.mark.parametrize("field", ["note", "corrected"])
@pytest.mark.parametrize("text", [f"Lav{ZWSP}rov", f"Lavrov{ZWJ}", "Lavrov 👩‍👩‍👧 🇰🇵",
                                  "Lavrove\u0301\u0301\u0301\u0301\u0301", "\u0645\u0631\u062d\u0628\u0627",
                                  "Lavrov met \u2068\u0645\u0631\u062d\u0628\u0627\u2069 today"])
def test_unicode_in_text_fields_is_kept_and_safe(tmp_path: Path, field: str, text: str) -> None:
    result = outcome(tmp_path, as_yaml(item(**{field: text})))
    assert_safe(result)
    assert text in result


@pytest.mark.parametrize("field", ["note", "corrected"])
@pytest.mark.parametrize("text, says", [
    (f"Lavrov {RLO}vorvaL", "U+202E RIGHT-TO-LEFT OVERRIDE) at character 8"),
    ("\u202aLavrov", "U+202A LEFT-TO-RIGHT EMBEDDING) at character 1"),
    ("Lavrov \u2067\u0645\u0631\u062d\u0628\u0627", "that U+2069 does not close"),
])
def test_direction_controls_that_spill_over_are_refused(tmp_path: Path, field: str, text: str,
                                                         says: str) -> None:
    result = outcome(tmp_path, as_yaml(item(**{field: text})))
    assert_clear(result, tmp_path, field)
    assert says in result.problems[0].message


@pytest.mark.parametrize("page, original, hint", [
    ("Caf\u00e9 Lankov arrived.\n", "Cafe\u0301 Lankov", "encoded differently"),  # NFC page, NFD file
    ("Cafe\u0301 Lankov arrived.\n", "Caf\u00e9 Lankov", "encoded differently"),  # NFD page, NFC file
    ("Sergey Lankov arrived.\n", f"Sergey{ZWSP} Lankov",
     "'original' has an invisible character, U+200B ZERO WIDTH SPACE, at character 7"),
    ("Sergey Lankov arrived.\n", f"{RLO}Sergey Lankov",
     "'original' has an invisible character, U+202E RIGHT-TO-LEFT OVERRIDE, at character 1"),
    (f"Sergey Lan{ZWJ}kov arrived.\n", "Sergey Lankov",
     "the page has an invisible character, U+200D ZERO WIDTH JOINER"),
    (f"The mini{ZWSP}ster arrived.\n", f"mini{ZWSP}{ZWSP}ster", "are not in the same places"),
])
def test_lookalike_original_is_reported_not_guessed(tmp_path: Path, page: str, original: str,
                                                    hint: str) -> None:
    result = outcome(tmp_path, as_yaml(item(original=original)), page)
    assert_clear(result, tmp_path, "original")
    assert "is not on the page" in result.problems[0].message
    assert hint in result.problems[0].message


@pytest.mark.parametrize("original", ["Caf\u00e9 👍🏽", "Cafe\u0301 👍🏽", f"{RLO}Lankov", "👩‍👩‍👧"])
def test_unicode_original_matches_exactly(tmp_path: Path, original: str) -> None:
    result = outcome(tmp_path, as_yaml(item(original=original, corrected="fixed")), f"Before {original} after.\n")
    assert_safe(result)
    assert visible_text(result, '[data-correction="c1"]') == "fixed"


@pytest.mark.parametrize("cid", [f"lav{ZWSP}rov", "lavröv", "Lavrov", "lavrov\u202e", "la\u0301vrov"])
def test_unicode_in_id_is_reported(tmp_path: Path, cid: str) -> None:
    assert_clear(outcome(tmp_path, as_yaml(item(id=cid))), tmp_path, "id")


def test_lone_surrogate_is_reported(tmp_path: Path) -> None:
    text = as_yaml(item()).replace('"Sergey Lavrov"', '"Sergey \\ud83d Lavrov"')
    assert_clear(outcome(tmp_path, text), tmp_path, "corrected")


@pytest.mark.parametrize("page, original", [
    ("Use \\* with care.\n", "42"),                 # \* is held as STX 42 ETX while corrections run
    ("Tom &amp; Jerry arrived.\n", "wzxhzdk"),      # entities are stashed as STX wzxhzdk:N ETX
    ("Hi <b>bold</b> there.\n", "wzxhzdk:1"),       # so is inline HTML: the </b> would be lost
])
def test_markdown_placeholders_are_never_matched(tmp_path: Path, page: str, original: str) -> None:
    result = outcome(tmp_path, as_yaml(item(original=original, corrected="X")), page)
    assert_clear(result, tmp_path, "original")


# --- very long fields --------------------------------------------------------------------------

@pytest.mark.parametrize("field, size", [("original", 2001), ("corrected", 2001), ("note", 5001),
                                         ("id", 81), ("prefix", 501), ("suffix", 501)])
def test_overlong_field_is_reported_on_its_line(tmp_path: Path, field: str, size: int) -> None:
    assert_clear(outcome(tmp_path, as_yaml(item(**{field: "a" * size}))), tmp_path, field)


def test_longest_allowed_fields_apply_quickly(tmp_path: Path) -> None:
    original = ("word " * 400)[:2000].strip()
    page = f"Start {original} end.\n"
    started = time.perf_counter()
    result = outcome(tmp_path, as_yaml(item(original=original, corrected="x" * 2000, note="n" * 5000)), page)
    assert_safe(result)
    assert time.perf_counter() - started < LIMIT


def test_all_on_a_very_frequent_word_finishes(tmp_path: Path) -> None:
    page = "\n\n".join(" ".join(["the word"] * 200) for _ in range(20)) + "\n"  # 4,000 occurrences
    result = outcome(tmp_path, as_yaml(item(original="word", corrected="term", kind="terminology", all=True)), page)
    assert_safe(result)
    assert result.count('data-correction="c1"') == 4000


# --- YAML bombs, huge files, tags, odd YAML ----------------------------------------------------

BILLION_LAUGHS = "\n".join([
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    *(f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]" for i in range(8)),
    "page: page.md", "corrections: []", ""])


@pytest.mark.parametrize("text, line", [
    (BILLION_LAUGHS, 2),
    ("page: page.md\nbase: &b {kind: name}\ncorrections:\n  - <<: *b\n    id: c1\n", 4),
    ("page: &p page.md\nother: *p\ncorrections: []\n", 2),
])
def test_yaml_aliases_are_refused_at_once(tmp_path: Path, text: str, line: int) -> None:
    started = time.perf_counter()
    result = outcome(tmp_path, text)
    assert time.perf_counter() - started < 2
    assert_clear(result, tmp_path)
    assert result.problems[0].line == line and "aliases" in result.problems[0].message


def test_huge_file_is_refused_unread(tmp_path: Path) -> None:
    text = as_yaml(*(item(id=f"c{i}", note="x" * 2000) for i in range(1100)))
    assert len(text.encode()) > 2_000_000
    started = time.perf_counter()
    result = outcome(tmp_path, text)
    assert time.perf_counter() - started < 2
    assert_clear(result, tmp_path)
    assert "larger than" in result.problems[0].message


@pytest.mark.parametrize("tagged", [
    "!!python/object/apply:os.system ['touch {flag}']",
    "!!python/object/new:subprocess.Popen [['touch', '{flag}']]",
    "!!python/name:os.system",
    "!!python/module:os",
    "!!binary aGVsbG8=",
    "!!set {{a, b}}",
    "!!omap [a: 1]",
    "!evil {flag}",
])
@pytest.mark.parametrize("where", ["note", "page", "item"])
def test_tags_construct_nothing_and_are_reported(tmp_path: Path, tagged: str, where: str) -> None:
    flag = tmp_path / "pwned"
    value = tagged.format(flag=flag)
    text = as_yaml(item())
    if where == "note":
        text = text.replace('note: "He is Sergey Lavrov."', f"note: {value}")
    elif where == "page":
        text = text.replace('page: "page.md"', f"page: {value}")
    else:
        text += f"  - {value}\n"
    result = outcome(tmp_path, text)
    assert_clear(result, tmp_path)
    assert not flag.exists()


def test_merge_keys_are_reported_on_their_line(tmp_path: Path) -> None:
    """`!!merge <<:` was merged (PyYAML's 1.1 behaviour), and the lines of the merged keys were lost."""
    text = as_yaml(item(kind=None, note=None)) + "    !!merge <<: {kind: name, note: n}\n"
    result = outcome(tmp_path, text)
    assert_clear(result, tmp_path)
    assert [(p.line, p.message) for p in result.problems] == [
        (text.count("\n"), "YAML merge keys (!!merge <<) are not allowed in corrections files")]


# PyYAML's own constructors fail on these with KeyError, IndexError, AttributeError or TypeError.
@pytest.mark.parametrize("tagged", ["!!bool maybe", "!!timestamp 2023/10/19", '!!int ""', "!!int _",
                                    "!!float _", "!!int 1:2", "!!null x", "!!binary _", "!!float .inf"])
@pytest.mark.parametrize("field", ["corrected", "date", "occurrence"])
def test_tagged_values_that_cannot_be_read_are_reported_on_their_line(tmp_path: Path, tagged: str,
                                                                      field: str) -> None:
    text = as_yaml(item(**{field: None})) + f"    {field}: {tagged}\n"
    assert_clear(outcome(tmp_path, text), tmp_path, field)


@pytest.mark.parametrize("text", [
    b"page: page.md\ncorrections: []\n\xff\xfe\x00",          # not UTF-8, with a NUL
    b"page: page.md\npage: other.md\ncorrections: []\n",      # duplicate key
    b"\tpage: page.md\n",                                     # tab indentation
    b"page: [unclosed\n",
    b"",
    b"- just\n- a list\n",
    b"page: page.md\ncorrections: " + b"[" * 60 + b"]" * 60 + b"\n",
])
def test_odd_yaml_is_reported(tmp_path: Path, text: bytes) -> None:
    assert_clear(outcome(tmp_path, text), tmp_path)


@pytest.mark.parametrize("text", ["corrections:\n  - 1: 2\n", "corrections:\n  - ~: null\n",
                                  "? [complex, key]\n: value\ncorrections: []\n"])
def test_field_name_that_is_not_text_is_reported(tmp_path: Path, text: str) -> None:
    assert_clear(outcome(tmp_path, "page: page.md\n" + text), tmp_path)


def test_deeply_nested_yaml_is_reported(tmp_path: Path) -> None:
    nested = "".join("  " * depth + "-\n" for depth in range(1, 500))
    assert_clear(outcome(tmp_path, "page: page.md\ncorrections:\n" + nested), tmp_path)


# --- what else a pull request can put in corrections/ ------------------------------------------

def catalog_problems(root: Path) -> CorrectionsError:
    """The error that loading root's corrections stops with (page.md and a valid page.yml given)."""
    docs, folder = write_site(root, as_yaml(item()))
    with time_limit(), pytest.raises(CorrectionsError) as caught:
        load_catalog(folder, docs, root)
    return caught.value


def test_link_to_a_file_outside_is_refused_unread(tmp_path: Path) -> None:
    secret = tmp_path / "runner-secrets.txt"
    secret.write_text("SECRET_TOKEN=abc123\n", encoding="utf-8")
    (tmp_path / "corrections").mkdir()
    (tmp_path / "corrections" / "leak.yml").symlink_to(secret)
    error = catalog_problems(tmp_path)
    assert [(str(p.path), p.line) for p in error.problems] == [("corrections/leak.yml", 1)]
    assert "link" in error.problems[0].message
    assert "abc123" not in error.report() and "runner-secrets" not in error.report()


@pytest.mark.parametrize("make", [
    lambda folder: (folder / "broken.yml").symlink_to(folder / "missing.yml"),
    lambda folder: (folder / "loop.yml").symlink_to(folder / "loop.yml"),
    lambda folder: (folder / "linked").symlink_to(folder.parent / "elsewhere", target_is_directory=True),
    lambda folder: os.mkfifo(folder / "pipe.yml"),  # reading it would wait for a writer forever
])
def test_links_and_pipes_are_refused_by_name(tmp_path: Path, make) -> None:
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "page.yml").write_text(as_yaml(item(id="c2")), encoding="utf-8")
    (tmp_path / "corrections").mkdir()
    make(tmp_path / "corrections")
    error = catalog_problems(tmp_path)
    assert len(error.problems) == 1
    assert error.problems[0].path.parent == Path("corrections") and error.problems[0].line == 1
    assert "link" in error.problems[0].message or "not a plain file" in error.problems[0].message


def test_corrections_folder_that_is_a_link_is_refused(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "page.yml").write_text(as_yaml(item()), encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "page.md").write_text(PAGE, encoding="utf-8")
    (tmp_path / "corrections").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    with pytest.raises(CorrectionsError) as caught:
        load_catalog(tmp_path / "corrections", tmp_path / "docs", tmp_path)
    assert [(str(p.path), p.line) for p in caught.value.problems] == [("corrections", 1)]


def test_folder_named_like_a_corrections_file_is_a_folder(tmp_path: Path) -> None:
    (tmp_path / "corrections" / "more.yml").mkdir(parents=True)
    (tmp_path / "corrections" / "more.yml" / "other.yml").write_text(
        as_yaml(item(id="c2"), page="other.md"), encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "other.md").write_text(PAGE, encoding="utf-8")
    assert outcome(tmp_path, as_yaml(item())).count('data-correction="c1"') >= 1
    catalog = load_catalog(tmp_path / "corrections", tmp_path / "docs", tmp_path)
    assert sorted(catalog.pages) == ["other.md", "page.md"]


def test_a_capitalised_extension_is_read(tmp_path: Path) -> None:
    """`page.YML`, as some systems save it, was skipped: the article published uncorrected."""
    write_site(tmp_path, as_yaml(item()))
    (tmp_path / YAML_NAME).rename(tmp_path / "corrections" / "page.YML")
    catalog = load_catalog(tmp_path / "corrections", tmp_path / "docs", tmp_path)
    assert [c.id for c in catalog.pages["page.md"].corrections] == ["c1"]


@pytest.mark.parametrize("name", ["page.txt", "page.yml.txt", "page.json", "page", "page.ylm"])
def test_corrections_saved_under_another_name_are_reported(tmp_path: Path, name: str) -> None:
    """Renamed, the file was not read: the article was published with its errors, unreported."""
    write_site(tmp_path, as_yaml(item()))
    (tmp_path / YAML_NAME).rename(tmp_path / "corrections" / name)
    error = catalog_problems(tmp_path)
    assert [(str(p.path), p.line) for p in error.problems] == [(f"corrections/{name}", 1)]
    assert "has 'page:' and 'corrections:' lines but is not read: corrections files end in .yml or " \
           ".yaml" in error.problems[0].message


def test_notes_and_editors_working_copies_may_sit_beside_the_corrections(tmp_path: Path) -> None:
    write_site(tmp_path, as_yaml(item()))
    for name in ("README", "notes.txt"):
        (tmp_path / "corrections" / name).write_text("The page: field names the article.\n", encoding="utf-8")
    (tmp_path / "corrections" / "README.md").write_text(f"An example:\n\n```yaml\n{as_yaml(item())}```\n",
                                                         encoding="utf-8")
    # Copies an editor or a tool keeps while saving: `mkdocs serve` must not stop for them.
    for name in (".gitkeep", ".page.yml.swp", "page.yml~", "#page.yml#", "page.yml.orig", "page.yml.bak",
                 "page.yml.save", "page.yml___jb_tmp___", "page.yml___jb_old___"):
        (tmp_path / "corrections" / name).write_text(as_yaml(item(id="c2")), encoding="utf-8")
    catalog = load_catalog(tmp_path / "corrections", tmp_path / "docs", tmp_path)
    assert [c.id for c in catalog.pages["page.md"].corrections] == ["c1"]


@pytest.mark.parametrize("page", ["a" * 297 + ".md", "é" * 200 + ".md", "a/" * 140 + "x.md"])
def test_page_too_long_for_a_file_name_is_reported(tmp_path: Path, page: str) -> None:
    assert_clear(outcome(tmp_path, as_yaml(item(), page=page)), tmp_path, "page")


def test_thousands_of_bad_items_are_one_problem(tmp_path: Path) -> None:
    text = "page: page.md\ncorrections:\n" + "  - 1\n" * 300_000  # 1.8 MB, under the size limit
    started = time.perf_counter()
    result = outcome(tmp_path, text)
    assert time.perf_counter() - started < LIMIT
    assert_clear(result, tmp_path, "corrections")
    assert len(result.problems) == 1 and "300,000 corrections" in result.problems[0].message


def test_report_lists_a_bounded_number_of_problems(tmp_path: Path) -> None:
    result = outcome(tmp_path, as_yaml(*(item(id=f"c{i}", kind="nmae") for i in range(MAX_LISTED + 50))))
    assert_clear(result, tmp_path, "kind")
    report = result.report().splitlines()
    assert report[0] == f"{MAX_LISTED + 50} problems in the corrections; nothing was published:"
    assert sum(line.startswith("  corrections/") for line in report) == MAX_LISTED
    assert report[-1].startswith("  ... and 50 more, not listed")


# --- a real build with hostile but valid text --------------------------------------------------

HOSTILE_NOTE = (f"Says `<script>{MARK}()</script>` and `<img src=x onerror={MARK}()>`, "
                f"&lt;svg onload={MARK}()&gt;, javascript:{MARK}(), {{{{ {MARK} }}}} "
                f"[ref](https://example.org/?q=\"><script>{MARK}()</script> \"t\\\" on{MARK}=x\").")


def assert_no_live_payload(html: str, where: object) -> None:
    """No payload in a script, an event handler or a javascript: link; JSON-LD still parses."""
    soup = BeautifulSoup(html, "lxml")
    for script in soup.find_all("script"):
        if script.get("type") == "application/ld+json":
            json.loads(script.string)  # still one intact JSON document
        else:
            assert MARK not in script.get_text() and MARK not in script.get("src", ""), where
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            assert not (name.startswith("on") and MARK in str(value)), (where, tag.name, name)
            assert not (name == "href" and str(value).lower().startswith("javascript:")), (where, tag)


def test_built_site_shows_matched_payloads_as_text_everywhere(project) -> None:
    """Markup in originals that are on the page: text in the article, the log, feeds and JSON."""
    body = "\n\n".join(f"Before {payload} after." for payload in MATCHABLE)
    project.write("docs/articles/hostile.md", f"---\ndate: 2023-10-20\n---\n\n# Hostile\n\n{body}\n")
    project.write("corrections/hostile.yml", as_yaml(
        *(item(id=f"hostile-{i}", original=payload, corrected="fixed") for i, payload in enumerate(MATCHABLE)),
        page="articles/hostile.md"))
    result = project.build("--strict")
    assert result.returncode == 0, result.stderr
    for page in ("articles/hostile/", "corrections/"):
        html = (project.site / page / "index.html").read_text(encoding="utf-8")
        assert_no_live_payload(html, page)
        shown = [tag.get_text() for tag in BeautifulSoup(html, "lxml").select(".corrigenda-original")]
        assert all(shown.count(payload) >= 1 for payload in MATCHABLE), (page, shown)
    entries = etree.fromstring((project.site / "articles/hostile/feed.xml").read_bytes()).findall(f"{ATOM}entry")
    assert len(entries) == len(MATCHABLE)
    for entry in entries:
        content = entry.find(f"{ATOM}content").text  # HTML, as a feed reader renders it
        assert unsafe_parts(content) == [], content
        shown = BeautifulSoup(content, "lxml").find("del").get_text()
        assert shown in MATCHABLE
    published = json.loads((project.site / "corrections.json").read_text(encoding="utf-8"))
    originals = {c["original"] for c in published["corrections"] if c["id"].startswith("hostile-")}
    assert originals == set(MATCHABLE)


def test_built_site_runs_no_payload(project) -> None:
    corrections = CORRECTIONS_FILE.read_text(encoding="utf-8")
    payloads = iter(PAYLOADS * 4)
    lines = []
    for line in corrections.splitlines():
        if line.startswith("    corrected: "):
            line = f"    corrected: {json.dumps(next(payloads))}"
        lines.append(line)
    text = "\n".join(lines)
    # The first note becomes hostile; its folded text is replaced as a whole.
    start = text.index("    note: >-", text.index("id: lavrov-surname"))
    end = text.index("\n\n", start)
    text = text[:start] + f"    note: {json.dumps(HOSTILE_NOTE)}" + text[end:]
    project.write("corrections/russian-foreign-minister-visits-north-korea.yml", text)
    result = project.build("--strict")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    pages = list(project.site.rglob("*.html"))
    assert len(pages) >= 3
    for page in pages:
        assert_no_live_payload(page.read_text(encoding="utf-8"), page)
    article = project.page("articles/russian-foreign-minister-visits-north-korea/")
    shown = article.select('[data-correction] ins, [data-correction]')
    assert any(PAYLOADS[0] in tag.get_text() for tag in shown)  # shown as text, escaped


def test_cli_check_reports_hostile_yaml_without_traceback(project) -> None:
    """`python -m corrigenda check` gives a clear report for a YAML bomb, in time."""
    project.write("corrections/bomb.yml", BILLION_LAUGHS)
    result = subprocess.run([sys.executable, "-m", "corrigenda", "check", "--root", str(project.root)],
                            cwd=project.root, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "corrections/bomb.yml:2" in result.stdout + result.stderr


def test_corrected_headline_is_text_in_the_title(project) -> None:
    """The H1 is the page's title, which Material prints through `striptags`: that unescapes it."""
    payload = f"</title><script>{MARK}()</script><!--"
    project.write("docs/articles/hostile.md", "---\ndate: 2023-10-20\n---\n\n# Hostile headline\n\nText.\n")
    project.write("corrections/hostile.yml", as_yaml(item(id="hostile-headline", original="headline",
                                                          corrected=payload), page="articles/hostile.md"))
    result = project.build("--strict")
    assert result.returncode == 0, result.stderr
    html = (project.site / "articles/hostile/index.html").read_text(encoding="utf-8")
    assert_no_live_payload(html, "articles/hostile/")
    assert BeautifulSoup(html, "lxml").title.get_text().startswith(f"Hostile {payload} - ")
    assert payload in visible_text(html, "h1")


def test_suggest_a_correction_link_stays_in_the_repository(project) -> None:
    """A file's path comes from a pull request: '%2e%2e' in a folder's name would read as '..'."""
    source = project.root / "corrections/russian-foreign-minister-visits-north-korea.yml"
    nested = project.root / "corrections/%2e%2e/%2e%2e/%2e%2e/%2e%2e/attacker/phish#x?y.yml"
    nested.parent.mkdir(parents=True)
    source.rename(nested)
    result = project.build("--strict")
    assert result.returncode == 0, result.stderr
    article = project.page("articles/russian-foreign-minister-visits-north-korea/")
    (edit,) = [a["href"] for a in article.select(".corrigenda-report a") if "/edit/" in a["href"]]
    assert edit.startswith("https://github.com/example/corrigenda/edit/main/corrections/%252e%252e/")
    assert edit.endswith("/attacker/phish%23x%3Fy.yml")
