"""Wall-clock time spent in each phase of the engine and its adapter, for the benchmark.

Off unless the environment variable CORRIGENDA_PROFILE names a JSON file: then every phase's
total wall-clock seconds, CPU seconds of the process (which other programs on the machine do not
inflate), number of calls and slowest call are written there when the process exits.
When it is off, `timed` returns the function unchanged and `stopwatch` a shared no-op, so
production builds pay nothing (one call to a function that does nothing, per page).

    @timed("on_config")              # a whole function is one phase
    def on_config(config): ...

    lap = stopwatch()                # consecutive steps of one function are phases
    ...; lap("locate")               # time since stopwatch() (or the previous lap)
    ...; lap("apply")
"""

from __future__ import annotations

import atexit
import functools
import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

ENV = "CORRIGENDA_PROFILE"
F = TypeVar("F", bound=Callable[..., Any])

_target = os.environ.get(ENV) or None
_phases: dict[str, dict[str, float]] = {}


def enabled() -> bool:
    """True when this process records phases."""
    return _target is not None


def _now() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def record(name: str, start: tuple[float, float], end: tuple[float, float]) -> None:
    """Add one timed call, from `start` to `end` (both from `_now()`), to a phase."""
    entry = _phases.setdefault(name, {"seconds": 0.0, "cpu": 0.0, "calls": 0, "max": 0.0})
    entry["seconds"] += end[0] - start[0]
    entry["cpu"] += end[1] - start[1]
    entry["calls"] += 1
    entry["max"] = max(entry["max"], end[0] - start[0])


def timed(name: str) -> Callable[[F], F]:
    """Decorate a function so every call of it counts towards phase `name` (no-op when off)."""

    def decorate(function: F) -> F:
        if not enabled():
            return function

        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = _now()
            try:
                return function(*args, **kwargs)
            finally:
                record(name, start, _now())

        return wrapper  # type: ignore[return-value]

    return decorate


def _no_lap(name: str) -> None:
    """The stopwatch when timing is off."""


def stopwatch() -> Callable[[str], None]:
    """A lap timer: each call `lap(name)` records the time since the previous lap as `name`."""
    if not enabled():
        return _no_lap
    last = _now()

    def lap(name: str) -> None:
        nonlocal last
        now = _now()
        record(name, last, now)
        last = now

    return lap


def snapshot() -> dict[str, dict[str, float]]:
    """The phases recorded so far (a copy)."""
    return {name: dict(entry) for name, entry in _phases.items()}


def _write() -> None:
    if _target is not None:
        Path(_target).write_text(json.dumps(snapshot(), indent=2, sort_keys=True), encoding="utf-8")


atexit.register(_write)
