"""Problems an editor must fix, worded for editors: file, line, correction id, what, how to fix."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .model import SourceRef

# Control characters, and the separators some terminals and log viewers break lines at, as the
# escapes Python writes for them: an editor's value with a line break in it could otherwise start
# a line of the build log, and GitHub Actions runs a log line that starts with '::' as a command.
_ESCAPED = {code: ascii(chr(code))[1:-1] for code in
            [*range(0x20), *range(0x7f, 0xa0), 0x2028, 0x2029]}
# Places an original occurs at, listed under a problem: enough to choose one.
MAX_PLACES = 10


def one_line(text: str) -> str:
    """Text from a corrections file, fit for one line of a report: no character can break it."""
    return text.translate(_ESCAPED)


def quoted(value: Any) -> str:
    """A short, quoted rendering of an editor's value for a message."""
    text = repr(value) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) <= 60 else text[:57] + "...'"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the corrections, located in a corrections file."""

    where: SourceRef
    message: str
    fix: str
    correction_id: str | None = None
    # Lines shown under the message, such as the places an original occurs at.
    listing: tuple[str, ...] = ()

    @property
    def path(self) -> Path:
        """The corrections file the problem is in."""
        return self.where.path

    @property
    def line(self) -> int:
        """The 1-based line the problem is on."""
        return self.where.line

    @property
    def fix_sentence(self) -> str:
        """The fix as a sentence, capitalised."""
        return self.fix[:1].upper() + self.fix[1:]

    def described(self, line: Callable[[str], str] = str) -> str:
        """The message with the listing under it, each line passed through `line` first."""
        return "\n      ".join(map(line, (self.message, *self.listing)))

    def __str__(self) -> str:
        subject = f" correction '{self.correction_id}':" if self.correction_id else ""
        head = one_line(f"{self.where}:{subject} ")
        return f"{head}{self.described(one_line)}\n    How to fix: {one_line(self.fix_sentence)}"


class CorrectionsError(Exception):
    """Raised when any correction is invalid or cannot be applied; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (str(p.path), p.line, p.message))
        super().__init__(self.report())

    def report(self, consequence: str = "nothing was published") -> str:
        """The problems, one block each (the first MAX_LISTED of them), for a terminal or build log."""
        count = len(self.problems)
        heading = f"{count:,} problem{'s' if count != 1 else ''} in the corrections; {consequence}:"
        lines = [heading, *(f"  {p}" for p in self.problems[:MAX_LISTED])]
        return "\n".join(lines + ([unlisted(count)] if count > MAX_LISTED else []))


# Enough for any real pull request; a hostile or broken file can cause hundreds of thousands,
# which would flood the build log (and GitHub's) without helping anyone.
MAX_LISTED = 200


def unlisted(count: int) -> str:
    """The line that stands for the problems not listed."""
    return (f"  ... and {count - MAX_LISTED:,} more, not listed: fix the problems above "
            "(the same mistake repeated, most likely) and check again")
