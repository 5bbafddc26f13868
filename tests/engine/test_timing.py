"""The benchmark's phase timing: free when CORRIGENDA_PROFILE is unset, a JSON file when set."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

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
