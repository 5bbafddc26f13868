"""The editors' command line: check, add, list and diff corrections without building the site."""

from __future__ import annotations

import argparse
import os
import sys
from importlib import metadata

from . import add, check, diff, listing
from .common import UsageError, root_option
from .project import SiteError

COMMANDS = (check, add, listing, diff)


def parser() -> argparse.ArgumentParser:
    """The `corrigenda` parser with one subcommand per module in COMMANDS."""
    top = argparse.ArgumentParser(
        prog="corrigenda", description="File and check corrections to published articles. "
        "Run a command with --help for its options.")
    top.add_argument("--version", action="version", version=f"%(prog)s {metadata.version('corrigenda')}")
    commands = top.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS:
        command.register(commands, [root_option()])
    return top


def run(argv: list[str] | None = None) -> int:
    """Run one command; 0 when all is well, 1 when problems were found, 2 on bad usage."""
    try:
        args = parser().parse_args(argv)
    except SystemExit as stop:  # --help, --version and usage errors: return argparse's code, not exit
        return stop.code if isinstance(stop.code, int) else 0
    try:
        return int(args.handler(args))
    except (UsageError, SiteError) as error:
        print(f"corrigenda {args.command}: error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `corrigenda list | head`: the reader left; say nothing more.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OSError as error:  # e.g. `add` when corrections/ is a file, or a file it cannot replace
        where = f": {error.filename}" if error.filename else ""
        print(f"corrigenda {args.command}: error: {error.strerror or error}{where}", file=sys.stderr)
        return 2


def run_console() -> int:
    """The `corrigenda` console script."""
    return run(sys.argv[1:])
