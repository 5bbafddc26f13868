"""The benchmark's phase timing: free when CORRIGENDA_PROFILE is unset, a JSON file when set."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPT = """
from corrigenda import timing
def work(): return sum(range(1000))
timed = timing.timed("work")(work)
print(timed is work, timing.stopwatch() is timing.stopwatch())
lap = timing.stopwatch()
timed(); timed()
lap("first"); lap("second")
"""


def run(env: dict[str, str]) -> str:
    result = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_timing_is_off_without_the_variable() -> None:
    env = {k: v for k, v in os.environ.items() if k != "CORRIGENDA_PROFILE"}
    assert run(env) == "True True"  # the function itself and one shared no-op stopwatch


def test_timing_writes_every_phase_at_exit(tmp_path: Path) -> None:
    target = tmp_path / "phases.json"
    assert run({**os.environ, "CORRIGENDA_PROFILE": str(target)}) == "False False"
    phases = json.loads(target.read_text(encoding="utf-8"))
    assert set(phases) == {"work", "first", "second"}
    assert phases["work"]["calls"] == 2 and phases["first"]["calls"] == 1
    assert all(p["seconds"] >= p["max"] >= 0 and p["cpu"] >= 0 for p in phases.values())


@pytest.fixture
def bench(monkeypatch: pytest.MonkeyPatch) -> None:
    """The benchmark scripts importable, as they import each other, for one test."""
    monkeypatch.syspath_prepend(str(REPO / "scripts" / "bench"))


def test_benchmark_ratios_pair_each_hook_build_with_its_plain_build(bench) -> None:
    from run import Run, summary

    # The machine slowed down by half between the first pair and the second: each pair says 1.5.
    hook = [Run(15.0, 15.0, 1.0, 0, {"load": {"seconds": 1.0, "cpu": 1.0}}),
            Run(30.0, 30.0, 1.0, 0, {"load": {"seconds": 2.0, "cpu": 2.0}})]
    plain = [Run(10.0, 10.0, 1.0, 0), Run(20.0, 20.0, 1.0, 0)]
    result = summary(hook, plain, "cpu")
    assert result["ratio"] == 1.5 and result["share"] == 0.1
    # Slowing down is all drift does: the fastest of each kind are compared too.
    assert result["fastest_plain"] == 10.0 and result["fastest_hook"] == 15.0
    assert result["fastest_ratio"] == 1.5
    # Pairs are builds made back to back: the first hook build goes with the first plain build.
    swapped = summary(hook, plain[::-1], "cpu")
    assert swapped["ratio"] == (15 / 20 + 30 / 10) / 2


def test_benchmark_floor_gives_feedgen_what_the_site_gives_it(tmp_path: Path, bench) -> None:
    import yaml

    from floor import archive_site, corrections_texts, feed_inputs, parse_events
    from generate import generate

    from corrigenda.outputs.feeds import write_atom
    from corrigenda.site import CORRECTIONS_JSON

    archive = tmp_path / "archive"
    generate(archive, 3, 4, 1)
    texts = corrections_texts(archive)
    assert len(texts) == 3
    assert parse_events(texts) == sum(len(list(yaml.parse(t, Loader=yaml.CSafeLoader))) for t in texts)
    site = archive_site(archive)
    inputs = feed_inputs(site)
    # The site's feed (all 12 entries: fewer than its limit) and one feed per article.
    assert [len(entries) for _, _, entries in inputs] == [12, 4, 4, 4]
    made = {path: content for path, content in site.files().items() if path != CORRECTIONS_JSON}
    assert [write_atom(*feed) for feed in inputs] == list(made.values())


def test_benchmark_floor_reports_shares_of_the_plain_build(bench) -> None:
    from floor import report

    measured = {"plain_cpu": 50.0, "events": 1000, "feeds": 3, "entries": 40, "rounds": 7,
                "times": {"libyaml events": 0.5, "feedgen": 1.5}}
    lines = report(measured, Path("archive-10x4")).splitlines()
    assert lines[0].startswith("archive-10x4: 1,000 YAML events, 3 feeds with 40 entries; plain build 50.0 s")
    assert lines[-3:] == ["| libyaml events | 0.50 s | 1.0 % |", "| feedgen | 1.50 s | 3.0 % |",
                          "| both | 2.00 s | 4.0 % |"]


# Stands in for valgrind: checks what the benchmark fixed, waits until the other build has started
# too (both must run at once), writes a count and runs the build, or fails at once as told.
FAKE_VALGRIND = """#!{python}
import os, sys, time
args = sys.argv[1:]
out = next(a for a in args if a.startswith("--callgrind-out-file=")).split("=", 1)[1]
command = args[next(i for i, a in enumerate(args) if not a.startswith("-")):]
kind = "plain" if "mkdocs-plain.yml" in command else "hook"
if kind in os.environ.get("FAKE_FAILS", ""):
    sys.exit(1)
if os.environ.get("FAKE_SLOW") == kind:
    time.sleep(60)
assert os.environ["PYTHONHASHSEED"] == "0" and os.environ["SOURCE_DATE_EPOCH"] == "1700000000"
open(out + ".started", "w").close()
other = os.path.join(os.path.dirname(out), os.path.basename(out).replace(
    kind, "plain" if kind == "hook" else "hook") + ".started")
for _ in range(300):
    if os.path.exists(other):
        break
    time.sleep(0.1)
else:
    sys.exit("the other build never started")
with open(out, "w") as f:
    f.write("events: Ir\\nsummary: %d\\ntotals: 1\\n" % (2 * 10**9 if kind == "plain" else 25 * 10**8))
os.execv(command[0], command)
"""


@pytest.fixture
def fake_valgrind(tmp_path: Path, bench: None, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A generated 2-article archive, and the stand-in first on PATH; the environment unfixed."""
    from generate import generate
    from run import plain_config

    tools = tmp_path / "bin"
    tools.mkdir()
    (tools / "valgrind").write_text(FAKE_VALGRIND.format(python=sys.executable))
    (tools / "valgrind").chmod(0o755)
    monkeypatch.setenv("PATH", f"{tools}{os.pathsep}{os.environ['PATH']}")
    for name in ("PYTHONHASHSEED", "SOURCE_DATE_EPOCH", "FAKE_FAILS", "FAKE_SLOW"):
        monkeypatch.delenv(name, raising=False)
    archive = tmp_path / "work" / "archive-2x2"
    generate(archive, 2, 2, 1)
    plain_config(archive)
    return archive


def test_benchmark_counts_instructions_of_both_builds(fake_valgrind: Path) -> None:
    from instructions import measure, report

    counts = measure(fake_valgrind, None)
    # Each build ran to its end under the stand-in (a failed build raises), and left no site.
    assert counts == {"hook": 25 * 10**8, "plain": 2 * 10**9}
    assert not list(fake_valgrind.parent.glob("site-*"))
    assert report(counts, fake_valgrind).splitlines()[-1] == \
        "| 2.0 G | 2.5 G | 1.250x | 0.5 G (25.0 % of the plain build) |"


@pytest.mark.parametrize("fails, slow", [("plain", "hook"), ("hook", "plain")])
def test_benchmark_stops_the_other_build_when_one_fails(fake_valgrind: Path, monkeypatch: pytest.MonkeyPatch,
                                                        fails: str, slow: str) -> None:
    from instructions import measure

    monkeypatch.setenv("FAKE_FAILS", fails)
    monkeypatch.setenv("FAKE_SLOW", slow)
    started = time.perf_counter()
    with pytest.raises(SystemExit, match=f"build failed, see .*{fails}.log"):
        measure(fake_valgrind, None)
    # Not after the other build's minute: it was stopped, and nothing of it is left running.
    assert time.perf_counter() - started < 30
    running = [p for p in Path("/proc").glob("[0-9]*/cmdline")
               if str(fake_valgrind.parent).encode() in _read(p)]
    assert not running


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:  # the process ended meanwhile
        return b""


def test_benchmark_refuses_an_unfinished_count(tmp_path: Path, bench: None) -> None:
    from instructions import instructions

    (tmp_path / "cut.callgrind").write_text("events: Ir\n")
    with pytest.raises(SystemExit, match="no 'summary:' line"):
        instructions(tmp_path / "cut.callgrind")
    with pytest.raises(SystemExit, match="no 'summary:' line"):
        instructions(tmp_path / "never-written.callgrind")


@pytest.mark.parametrize("script, argv, error", [
    ("run", ["--corrections", "abc"],
     "argument --corrections: expected whole numbers of 0 or more, comma-separated (e.g. 30,60), not 'abc'"),
    ("run", ["--corrections", "30,30"], "argument --corrections: expected each number once, not '30,30'"),
    ("run", ["--repeat", "0"], "argument --repeat: expected a whole number of 1 or more, not '0'"),
    ("run", ["--report", "{tmp}/missing.json"], "argument --report: no such file: {tmp}/missing.json"),
    ("run", ["--project", "{tmp}/missing"], "argument --project: no such folder: {tmp}/missing"),
    ("run", ["--project", "{tmp}"], "argument --project: {tmp} has no mkdocs.yml"),
    ("run", ["--engine", str(REPO)], f"argument --engine: {REPO} has no corrigenda/__init__.py"),
    ("run", ["--workdir", __file__], f"argument --workdir: {__file__} is a file, not a folder"),
    ("floor", ["--engine", "{tmp}/missing"], "argument --engine: no such folder: {tmp}/missing"),
    ("floor", ["--corrections", "-1"], "argument --corrections: expected a whole number of 0 or more, not '-1'"),
    ("instructions", ["--articles", "0"], "argument --articles: expected a whole number of 1 or more, not '0'"),
    ("generate", ["{tmp}/out", "--corrections", "1.5"],
     "argument --corrections: expected a whole number of 0 or more, not '1.5'"),
    ("generate", ["{tmp}/out", "--project", "{tmp}/missing"], "argument --project: no such folder: {tmp}/missing"),
])
def test_benchmark_refuses_a_bad_argument_with_a_usage_error(
        script: str, argv: list[str], error: str, tmp_path: Path, bench: None,
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    import generate
    import run

    def accepted(*args: object) -> None:
        raise AssertionError("the argument was accepted")

    # Every script generates first: an argument taken for good must not start a benchmark.
    monkeypatch.setattr(run, "generate", accepted)
    monkeypatch.setattr(generate, "generate", accepted)
    main = importlib.import_module(script).main
    with pytest.raises(SystemExit) as stop:
        main([arg.format(tmp=tmp_path) for arg in argv])
    assert stop.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1].endswith(f": error: {error.format(tmp=tmp_path)}")


def _digest(archive: Path) -> str:
    """The generated articles and corrections files: what the published figures were measured on."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(p for folder in ("docs/articles", "corrections") for p in (archive / folder).rglob("*")
                       if p.is_file()):
        digest.update(path.relative_to(archive).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def test_benchmark_archives_stay_as_measured_and_as_described(tmp_path: Path, bench: None) -> None:
    import generate
    import yaml

    generate.generate(tmp_path / "a", 3, 30, 1)
    generate.generate(tmp_path / "b", 2, 3, 1)
    # The archives of the published figures: a change to the generator makes them incomparable.
    assert _digest(tmp_path / "a") == "fb735291e1d1a99ab117d37a84825e127b48841e927a34bae3618cee496aa351"
    assert _digest(tmp_path / "b") == "b59d40199ec1792979ea194403b73936e77393beecf927b24418ab68c4f4ca14"
    for path in sorted((tmp_path / "a" / "corrections").glob("*.yml")):
        corrections = yaml.safe_load(path.read_text(encoding="utf-8"))["corrections"]
        assert not [c for c in corrections if "prefix" in c and "suffix" in c]
        made = {(c["kind"], next((s for s in ("prefix", "suffix", "occurrence", "all") if s in c), "plain"))
                for c in corrections}
        # Every kind and every selector, but 30 of the 35 pairs: the docstring names the other five.
        assert {k for k, _ in made} == set(generate.KINDS) and {s for _, s in made} == set(generate.SELECTORS)
        missing = [(k, s) for k in generate.KINDS for s in generate.SELECTORS if (k, s) not in made]
        assert len(missing) == 5
        assert all(f"{k} with {s}" in " ".join(generate.__doc__.split()) for k, s in missing)


def test_benchmark_builds_a_baseline_without_corrections(tmp_path: Path, bench: None) -> None:
    from generate import generate, verify
    from run import build, check_command, environment, plain_config

    archive = tmp_path / "archive-2x0"
    pages = generate(archive, 2, 0, 1)
    assert len(pages) == 2 and not list((archive / "corrections").iterdir())
    verify(archive, pages)
    plain_config(archive)
    phases = tmp_path / "phases.json"
    assert build(archive, "mkdocs.yml", environment(None, phases), "hook").returncode == 0
    assert "load + validate (on_config)" in json.loads(phases.read_text(encoding="utf-8"))
    checked = check_command(archive, environment(None))
    assert checked["check"] is not None and checked["check_failed"] is None


def _result(corrections: int, **check: object) -> dict[str, object]:
    """One size's results, as measure() gives them, from a pair of made-up builds."""
    from run import Run, summary

    hook = [Run(2.0, 2.0, 50.0, 0, {"load": {"seconds": 0.1 + corrections / 100, "cpu": 0.1 + corrections / 100}})]
    plain = [Run(1.0, 1.0, 40.0, 0)]
    return {"articles": 10, "corrections": corrections, "wall": summary(hook, plain, "seconds"),
            "cpu": summary(hook, plain, "cpu"), "hook_rss": 50.0, "plain_rss": 40.0,
            "check": 0.5, "check_rss": 30.0, "check_failed": None, **check}


def test_benchmark_scales_from_the_first_size_with_corrections(bench: None) -> None:
    from run import tables

    report = tables([_result(0), _result(30), _result(60)])
    assert "60 vs 30 corrections per article (x2.00): hook's own CPU time x1.75" in report
    assert "vs 0 corrections" not in report


CHECK = """import sys
if "--help" in sys.argv:
    sys.exit(0)
for n in range(30):
    print(f"line {{n}}", file=sys.{stream})
sys.exit(3)
"""


@pytest.mark.parametrize("stream", ["stderr", "stdout"])
def test_benchmark_reports_a_failed_check(stream: str, tmp_path: Path, bench: None) -> None:
    from run import check_command, environment, tables

    engine = tmp_path / "engine" / "corrigenda"  # a stand-in whose `check` fails
    engine.mkdir(parents=True)
    (engine / "__init__.py").write_text("")
    (engine / "__main__.py").write_text(CHECK.format(stream=stream))
    (tmp_path / "archive").mkdir()
    checked = check_command(tmp_path / "archive", environment(engine.parent))
    # The end of its stderr, or of its stdout when stderr is empty (the command lists problems there).
    tail = "\n".join(f"line {n}" for n in range(10, 30))
    assert checked == {"check": None, "check_rss": None,
                       "check_failed": {"status": 3, "stream": stream, "tail": tail}}
    report = tables([_result(10, **checked)])
    assert report.count("| 40 MiB | 50 MiB | failed, exit status 3 |") == 2  # no time for it
    assert f"`corrigenda check` failed on 10 x 10: exit status 3; the end of its {stream}:\n\n```\n{tail}\n```" \
        in report


def test_benchmark_floor_deletes_its_archive_however_it_ends(tmp_path: Path, bench: None,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import floor

    def interrupted(archive: Path, engine: Path | None) -> dict[str, object]:
        assert archive.is_dir()
        raise KeyboardInterrupt

    monkeypatch.setattr(floor, "measure", interrupted)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    argv = ["--articles", "1", "--corrections", "1", "--workdir", str(tmp_path)]
    with pytest.raises(KeyboardInterrupt):
        floor.main(argv)
    assert not list(tmp_path.glob("archive-*"))
    with pytest.raises(KeyboardInterrupt):
        floor.main([*argv, "--keep"])
    assert [p.name for p in tmp_path.glob("archive-*")] == ["archive-1x1"]


FLOOR = """import sys
sys.path.insert(0, {bench!r})
import floor

def measure(archive, engine):
    import corrigenda.site
    print(corrigenda.site.__file__, engine, floor.archive_site(archive).__class__.__module__)
    return {{"plain_cpu": 1.0, "events": 0, "feeds": 0, "entries": 0, "rounds": 1, "times": {{}}}}

floor.measure = measure
floor.main(sys.argv[1:])
"""


def test_benchmark_floor_imports_the_engine_it_is_given(tmp_path: Path) -> None:
    import shutil

    engine = tmp_path / "engine"
    shutil.copytree(REPO / "src" / "corrigenda", engine / "corrigenda",
                    ignore=shutil.ignore_patterns("__pycache__"))
    script = FLOOR.format(bench=str(REPO / "scripts" / "bench"))
    result = subprocess.run([sys.executable, "-c", script, "--articles", "1", "--corrections", "1",
                             "--workdir", str(tmp_path / "work"), "--engine", str(engine)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert f"{engine}/corrigenda/site.py {engine} corrigenda.site" in result.stdout
    assert not list((tmp_path / "work").glob("archive-*"))


def test_benchmark_floor_refuses_an_engine_imported_too_late(tmp_path: Path, bench: None,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from floor import import_engine

    import corrigenda

    (tmp_path / "corrigenda").mkdir()
    monkeypatch.setattr(sys, "path", list(sys.path))
    with pytest.raises(SystemExit, match=f"imported from {Path(corrigenda.__file__).parent} already"):
        import_engine(tmp_path)
