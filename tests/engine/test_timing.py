"""The benchmark's phase timing: free when CORRIGENDA_PROFILE is unset, a JSON file when set."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

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
    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[2] / "scripts" / "bench"))


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
