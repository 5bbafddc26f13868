"""The whole build's cost in instructions: a hook build and a plain build of one archive, counted by callgrind.

    python scripts/bench/instructions.py [--articles 100] [--corrections 30] [--seed 1]
                                         [--workdir /tmp/corrigenda-instructions]
                                         [--engine SRC] [--project DIR] [--keep]

Seconds drift on a shared machine: the same plain build took 6-8 % longer on one core than on the
other while both ran at once, and which core was slower changed within minutes. Instructions do
not drift. Valgrind's callgrind counts every instruction a process executes, and with Python's
hash seed and the build date fixed a build executes nearly the same ones however busy the
machine is (two counts of one build differed by 0.03 %), so one pair of builds gives a ratio of
work that does not drift.

Instructions are not seconds. Memory stalls do not count (the hook build holds a larger heap),
and neither does the kernel's work (its page faults, the writing of the files it adds); run.py's
CPU times stay the measure of time. Both builds run at once, one per core, 50 to 100 times slower
than natively: minutes at 100 x 30, hours at 1000 x 30 (Material's navigation grows with the
square of the articles). Needs valgrind (`apt-get install valgrind`) and 2 cores.
"""

from __future__ import annotations

import argparse
import os
import shutil
import time
from pathlib import Path

from run import PLAIN_CONFIG, Process, archive_options, built, environment, number, prepared, start_build

CALLGRIND = ("valgrind", "--tool=callgrind", "--dump-instr=no", "--collect-jumps=no")
# Fixed for both builds: hashing orders sets (so what runs), and MkDocs dates the sitemap.
FIXED = {"PYTHONHASHSEED": "0", "SOURCE_DATE_EPOCH": "1700000000"}


def counted(archive: Path, config: str, engine: Path | None, name: str) -> tuple[Process, Path]:
    """Start one build under callgrind; the file its count will be written to."""
    out = archive.parent / f"{archive.name}-{name}.callgrind"
    out.unlink(missing_ok=True)  # a count left by an earlier run must not pass for this one's
    env = environment(engine) | FIXED
    return start_build(archive, config, env, name, wrapper=[*CALLGRIND, f"--callgrind-out-file={out}"]), out


def instructions(out: Path) -> int:
    """The instructions callgrind counted in the whole process (its output's 'summary:' line)."""
    if out.exists():
        with out.open(encoding="utf-8", errors="replace") as lines:
            for line in lines:
                if line.startswith("summary:"):
                    return int(line.split()[1])
    raise SystemExit(f"{out} has no 'summary:' line: did callgrind finish?")


def measure(archive: Path, engine: Path | None) -> dict[str, int]:
    """The instructions of a hook build and of a plain build of the archive, run at once."""
    builds: dict[str, tuple[Process, Path]] = {}
    try:
        for kind, config in (("hook", "mkdocs.yml"), ("plain", PLAIN_CONFIG)):
            builds[kind] = counted(archive, config, engine, kind)
        running = dict(builds)
        while running:  # judged as each ends: a failed build stops the other at once, not an hour later
            for kind, (process, _) in list(running.items()):
                if (result := process.poll()) is not None:
                    built(process, result)
                    del running[kind]
            time.sleep(0.2)
    finally:
        for process, _ in builds.values():  # one failed or was interrupted: none may outlive it
            process.end()
    return {kind: instructions(out) for kind, (_, out) in builds.items()}


def report(counts: dict[str, int], archive: Path) -> str:
    """The table: each build's instructions, their ratio and what the hook build adds."""
    hook, plain = counts["hook"], counts["plain"]
    return "\n".join([
        f"{archive.name}, instructions counted by callgrind (hash seed and build date fixed):", "",
        "| plain build | with hook | ratio | added by the hook build |", "| ---: | ---: | ---: | ---: |",
        f"| {plain / 1e9:.1f} G | {hook / 1e9:.1f} G | {hook / plain:.3f}x | "
        f"{(hook - plain) / 1e9:.1f} G ({100 * (hook - plain) / plain:.1f} % of the plain build) |"])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    archive_options(parser, 100, "/tmp/corrigenda-instructions", "keep the archive and callgrind's files",
                    "1000 takes hours under callgrind")
    parser.add_argument("--corrections", type=number(0), default=30, help="corrections per article")
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        parser.error("needs valgrind (apt-get install valgrind)")
    if (os.cpu_count() or 1) < 2:
        parser.error("the two builds need a core each")
    args.workdir.mkdir(parents=True, exist_ok=True)
    with prepared(args, args.corrections) as archive:
        try:
            print(report(measure(archive, args.engine), archive))
        finally:
            if not args.keep:  # the archive goes with the with block
                for out in archive.parent.glob(f"{archive.name}-*.callgrind"):
                    out.unlink()


if __name__ == "__main__":
    main()
