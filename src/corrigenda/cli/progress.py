"""A one-line progress count on stderr, for a person waiting at a terminal on a long run."""

from __future__ import annotations

import os
import shutil
import sys
from types import TracebackType
from typing import TextIO

MIN_ARTICLES = 10  # Below this a run is quick enough that a counter would only flicker.


class Progress:
    """'Checking 12/240: articles/x.md', rewritten in place; silent in CI, in pipes and on short runs."""

    def __init__(self, verb: str, stream: TextIO | None = None) -> None:
        self.verb = verb
        self.stream = stream or sys.stderr
        self.shown = 0

    def enabled(self, total: int) -> bool:
        """Only on a terminal, outside CI (whose logs keep every \\r), for many articles."""
        return total >= MIN_ARTICLES and self.stream.isatty() and not os.environ.get("CI")

    def __call__(self, done: int, total: int, page: str) -> None:
        """Show that article `done` of `total` is being worked on."""
        if not self.enabled(total):
            return
        line = f"{self.verb} {done}/{total}: {page}"[:shutil.get_terminal_size().columns - 1]
        self.stream.write("\r" + line.ljust(self.shown))
        self.stream.flush()
        self.shown = len(line)

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        """Leave the terminal line empty for what is printed next."""
        if self.shown:
            self.stream.write("\r" + " " * self.shown + "\r")
            self.stream.flush()
            self.shown = 0
