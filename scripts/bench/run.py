"""Benchmark the corrections hook: the same generated archive built with and without it.

    python scripts/bench/run.py [--articles 1000] [--corrections 30,60] [--repeat 3] [--together]
                                [--workdir /tmp/corrigenda-bench] [--profile] [--engine SRC]
                                [--project DIR] [--keep] [--report RESULTS_JSON]

For each number of corrections per article: generate the archive (scripts/bench/generate.py),
write mkdocs-plain.yml beside its mkdocs.yml (the same config without the corrections hook;
other hooks stay), then build it `--repeat` times each way, every build a fresh
`python -m mkdocs build` process: alternating, or with --together both at the same time, one per
core, so that a shared machine's drifting speed falls on both builds of a pair alike. The
archives take turns within each repetition.
Hook builds set CORRIGENDA_PROFILE so that corrigenda.timing records, inside the build, the time
of each phase of the hook and the engine. Peak RSS is each build process's own ru_maxrss (from
wait4). `python -m corrigenda check` is timed too when that command exists; when it fails, the
tables say so, with its exit status and the end of what it wrote. 0 corrections per article (e.g.
--corrections 0,30) is a baseline: the same articles with no corrections files. Prints Markdown
tables and writes results.json into the workdir; `--report results.json` prints them again.

--profile also runs one hook build under cProfile per archive and prints the engine's and the
hook's functions by cumulative time. --engine runs the builds with another copy of the engine's
src/ folder first on PYTHONPATH, and --project copies mkdocs.yml and hooks/ from another checkout:
together they measure a fixed snapshot (e.g. `git archive HEAD`) or a proposed change, whatever
the working tree holds meanwhile.
"""

from __future__ import annotations

import argparse
import json
import os
import pstats
import shutil
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import REPO, generate  # noqa: E402

PLAIN_CONFIG = "mkdocs-plain.yml"
CORRECTIONS_HOOK = "hooks/corrections.py"
HOOK_PHASES = ("load + validate (on_config)", "front matter (on_page_markdown)", "page text",
               "locate", "apply", "notes section", "originals", "on_page_content", "on_files",
               "feeds + corrections.json (on_env)",
               "log, front page, head + JSON-LD (on_page_context)")
CHECK_TAIL = 20  # lines of a failed `corrigenda check`'s own words kept in the report


@dataclass
class Run:
    """One finished process: wall-clock and CPU seconds, peak RSS in MiB, and the hook's phases."""

    seconds: float
    cpu: float
    peak_mib: float
    returncode: int
    phases: dict[str, dict[str, float]] = field(default_factory=dict)

    def hook(self, measure: str) -> float:
        """The hook's own time: every phase added up ("seconds" wall-clock, or "cpu")."""
        return sum(entry[measure] for entry in self.phases.values())


# Argument types, shared by the scripts: a wrong argument is argparse's usage error (exit status 2,
# naming the option), not a traceback once the benchmark has started.

def number(least: int) -> Callable[[str], int]:
    """An argparse type: a whole number of `least` or more."""
    def parse(value: str) -> int:
        try:
            parsed = int(value)
        except ValueError:
            parsed = None
        if parsed is None or parsed < least:
            raise argparse.ArgumentTypeError(f"expected a whole number of {least} or more, not {value!r}")
        return parsed
    return parse


def numbers(least: int) -> Callable[[str], list[int]]:
    """An argparse type: comma-separated whole numbers of `least` or more (e.g. 30,60), each once."""
    def parse(value: str) -> list[int]:
        try:
            parsed = [number(least)(part) for part in value.split(",")]
        except argparse.ArgumentTypeError:
            raise argparse.ArgumentTypeError(f"expected whole numbers of {least} or more, comma-separated "
                                             f"(e.g. 30,60), not {value!r}") from None
        if len(set(parsed)) < len(parsed):  # one archive, and one row, per number
            raise argparse.ArgumentTypeError(f"expected each number once, not {value!r}")
        return parsed
    return parse


def folder(*holding: str) -> Callable[[str], Path]:
    """An argparse type: an existing folder that holds each of `holding`, made absolute.

    Absolute because the builds run inside the archive: a relative --engine would be looked for there.
    """
    def parse(value: str) -> Path:
        path = Path(value).resolve()
        if not path.is_dir():
            raise argparse.ArgumentTypeError(f"no such folder: {value}")
        for name in holding:
            if not (path / name).exists():
                raise argparse.ArgumentTypeError(f"{value} has no {name}")
        return path
    return parse


ENGINE = folder("corrigenda/__init__.py")  # a src/ folder
PROJECT = folder("mkdocs.yml", "docs/index.md")  # what generate.copy_layout cannot do without


def existing_file(value: str) -> Path:
    """An argparse type: a file that exists."""
    if not Path(value).is_file():
        raise argparse.ArgumentTypeError(f"no such file: {value}")
    return Path(value)


def workdir(value: str) -> Path:
    """The --workdir argument, made absolute: builds run inside the archives and write beside them."""
    path = Path(value).resolve()
    if path.exists() and not path.is_dir():
        raise argparse.ArgumentTypeError(f"{value} is a file, not a folder")
    return path


def archive_options(parser: argparse.ArgumentParser, articles: int, default_workdir: str, keep: str,
                    articles_help: str | None = None) -> None:
    """The options the scripts share: the archive to generate (but its corrections), where, which engine."""
    parser.add_argument("--articles", type=number(1), default=articles, help=articles_help)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=workdir, default=Path(default_workdir))
    parser.add_argument("--engine", type=ENGINE, help="a src/ folder to import corrigenda from")
    parser.add_argument("--project", type=PROJECT, default=REPO,
                        help="copy mkdocs.yml, hooks/ and overrides/ from this project folder")
    parser.add_argument("--keep", action="store_true", help=keep)


def plain_config(archive: Path) -> None:
    """mkdocs-plain.yml: mkdocs.yml with every hook but the corrections hook."""
    lines = (archive / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    start = lines.index("hooks:")
    hooks = []
    for line in lines[start + 1:]:
        if not line.startswith("  - "):
            break
        hooks.append(line.removeprefix("  - ").split("#")[0].strip())
    if CORRECTIONS_HOOK not in hooks:
        raise SystemExit(f"mkdocs.yml does not list {CORRECTIONS_HOOK} under hooks:")
    kept = [h for h in hooks if h != CORRECTIONS_HOOK]
    (archive / PLAIN_CONFIG).write_text(f"INHERIT: mkdocs.yml\nhooks: {json.dumps(kept)}\n", encoding="utf-8")


class Process:
    """A command running in a fresh process; its own CPU time and peak RSS come from wait4's rusage."""

    def __init__(self, command: list[str], cwd: Path, env: dict[str, str], log: Path,
                 output: Path | None = None, errors: Path | None = None) -> None:
        self.log = log
        self.output = output  # a folder the command writes, deleted by discard_output()
        self._out = log.open("w")
        self._err = errors.open("w") if errors else None  # stderr apart, or into the log too
        self._start = time.perf_counter()
        self._process = subprocess.Popen(command, cwd=cwd, env=env, stdout=self._out,
                                         stderr=self._err or subprocess.STDOUT)
        self._result: Run | None = None

    def poll(self, block: bool = False) -> Run | None:
        """The finished run, or None while it runs (and `block` is false)."""
        if self._result is not None:  # reaped already: its pid may be another process's now
            return self._result
        pid, status, usage = os.wait4(self._process.pid, 0 if block else os.WNOHANG)
        if pid == 0:
            return None
        seconds = time.perf_counter() - self._start
        self._out.close()
        if self._err:
            self._err.close()
        self._process.returncode = os.waitstatus_to_exitcode(status)
        self._result = Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
                           self._process.returncode)
        return self._result

    def wait(self) -> Run:
        """Block until the process ends."""
        result = self.poll(block=True)
        assert result is not None
        return result

    def discard_output(self) -> None:
        """Delete what the command wrote (a built site), if anything."""
        if self.output is not None:
            shutil.rmtree(self.output, ignore_errors=True)

    def stop(self) -> None:
        """End it early (a filler build no longer needed, or a partner of a failed build)."""
        # os.kill, not Popen.kill: Popen would reap an ended process first, and wait4 then fail.
        os.kill(self._process.pid, signal.SIGKILL)
        self.wait()

    def end(self) -> None:
        """Stop it if it still runs and delete what it wrote: nothing of it outlives its caller."""
        if self.poll() is None:
            self.stop()
        self.discard_output()


def environment(engine: Path | None, profile: Path | None = None) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "CORRIGENDA_PROFILE"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    if profile is not None:
        env["CORRIGENDA_PROFILE"] = str(profile)
    if engine is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(engine), env.get("PYTHONPATH")]))
    return env


def start_build(archive: Path, config: str, env: dict[str, str], name: str,
                prefix: list[str] | None = None, wrapper: list[str] | None = None) -> Process:
    """Start one `mkdocs build` of the archive into a fresh site folder (under `wrapper`, if given)."""
    site = archive.parent / f"site-{archive.name}-{name}"
    shutil.rmtree(site, ignore_errors=True)
    command = [*(wrapper or []), sys.executable, *(prefix or ["-m"]), "mkdocs", "build", "-f", config,
               "--site-dir", str(site)]
    return Process(command, archive, env, archive.parent / f"{archive.name}-{name}.log", site)


def built(process: Process, result: Run) -> Run:
    """A finished build's run, once its site folder is deleted and its log says it succeeded."""
    process.discard_output()
    # cProfile swallows SystemExit (exit status 0), so a build is judged by its own last words too.
    if result.returncode != 0 or "Documentation built in" not in process.log.read_text(encoding="utf-8"):
        raise SystemExit(f"build failed, see {process.log}")
    return result


def build(archive: Path, config: str, env: dict[str, str], name: str,
          prefix: list[str] | None = None) -> Run:
    """One `mkdocs build` of the archive, alone on the machine."""
    process = start_build(archive, config, env, name, prefix)
    return built(process, process.wait())


Lanes = dict[str, tuple[str, dict[str, str]]]  # "hook"/"plain": the config and the environment


def build_together(archive: Path, lanes: Lanes, i: int) -> dict[str, Run]:
    """A hook build and a plain build of the archive at the same time, one on each core.

    Both then run at whatever speed the machine has at that moment, so their ratio does not drift.
    The one that ends first is followed by filler plain builds (not measured) until the other
    ends: it never runs alone, on a machine quieter than its partner had.
    """
    processes = {kind: start_build(archive, config, env, f"{kind}-{i}")
                 for kind, (config, env) in lanes.items()}
    done: dict[str, Run] = {}
    fillers: dict[str, Process] = {}
    try:
        while len(done) < 2:
            for kind, process in processes.items():
                if kind not in done and (result := process.poll()) is not None:
                    done[kind] = built(process, result)
            for kind in done:
                filler = fillers.get(kind)
                if len(done) < 2 and (filler is None or filler.poll() is not None):
                    fillers[kind] = start_build(archive, *lanes["plain"], f"filler-{kind}")
            time.sleep(0.05)
    finally:
        # The fillers, and the partner of a build that failed: none may outlive the pair.
        unfinished = [p for kind, p in processes.items() if kind not in done] + list(fillers.values())
        for process in unfinished:
            process.end()
    return {kind: done[kind] for kind in lanes}  # in the lanes' order, whichever ended first


def check_command(archive: Path, env: dict[str, str]) -> dict[str, object]:
    """`python -m corrigenda check` on the archive: its time and peak RSS, or how it failed.

    All None when the command does not exist (an engine from before it). A failure has no time:
    "check_failed" holds its exit status and the end of its stderr, or of its stdout when stderr
    is empty (the command lists the problems it finds on stdout).
    """
    measured: dict[str, object] = {"check": None, "check_rss": None, "check_failed": None}
    probe = subprocess.run([sys.executable, "-m", "corrigenda", "check", "--help"], cwd=archive,
                           env=env, capture_output=True, text=True)
    if probe.returncode != 0:
        return measured
    log, errors = (archive.parent / f"{archive.name}-check.{end}" for end in ("log", "err"))
    result = Process([sys.executable, "-m", "corrigenda", "check"], archive, env, log, errors=errors).wait()
    if result.returncode == 0:
        return measured | {"check": result.seconds, "check_rss": result.peak_mib}
    said = {stream: path.read_text(encoding="utf-8", errors="replace").strip()
            for stream, path in (("stderr", errors), ("stdout", log))}
    stream = "stderr" if said["stderr"] else "stdout"
    return measured | {"check_failed": {"status": result.returncode, "stream": stream,
                                        "tail": "\n".join(said[stream].splitlines()[-CHECK_TAIL:])}}


def check_failure(r: dict) -> str | None:
    """How `corrigenda check` failed on a result's archive, in a paragraph; None if it did not."""
    failed = r.get("check_failed")  # absent from the results of an older run.py
    if not failed:
        return None
    said = f"the end of its {failed['stream']}:\n\n```\n{failed['tail']}\n```" if failed["tail"] \
        else "it wrote nothing."
    return (f"`corrigenda check` failed on {r['articles']} x {r['corrections']}: exit status "
            f"{failed['status']}; {said}")


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def phase_medians(runs: list[Run], measure: str) -> dict[str, float]:
    names = list(dict.fromkeys([*HOOK_PHASES, *(n for r in runs for n in r.phases)]))
    return {n: median([r.phases.get(n, {}).get(measure, 0.0) for r in runs]) for n in names}


def summary(hook_runs: list[Run], plain_runs: list[Run], measure: str) -> dict[str, object]:
    """Medians of one measure ("seconds" wall-clock or "cpu") over the builds.

    The ratios are medians of each repetition's own ratio, its hook build against the plain build
    run right before or after it: on a machine whose speed drifts (a shared VM), that compares
    builds made at the same speed, where a ratio of medians can mix a fast run with a slow one.
    """
    pairs = list(zip(hook_runs, plain_runs))
    fastest_hook = min(getattr(r, measure) for r in hook_runs)
    fastest_plain = min(getattr(r, measure) for r in plain_runs)
    return {"hook_build": median([getattr(r, measure) for r in hook_runs]),
            "plain_build": median([getattr(r, measure) for r in plain_runs]),
            "hook_own": median([r.hook(measure) for r in hook_runs]),
            "ratio": median([getattr(h, measure) / getattr(p, measure) for h, p in pairs]),
            # Drift only ever slows a build down: each kind's fastest build is its least disturbed.
            "fastest_hook": fastest_hook, "fastest_plain": fastest_plain,
            "fastest_ratio": fastest_hook / fastest_plain,
            "share": median([h.hook(measure) / getattr(p, measure) for h, p in pairs]),
            "phases": phase_medians(hook_runs, measure)}


def profile(archive: Path, env: dict[str, str], top: int) -> str:
    """One hook build under cProfile: the engine's and the hook's functions, by cumulative time."""
    output = archive.parent / f"{archive.name}.prof"
    build(archive, "mkdocs.yml", env, "profile", ["-m", "cProfile", "-o", str(output), "-m"])
    stats = pstats.Stats(str(output))
    rows = [(cumulative, calls, f"{Path(file).name}:{line}({function})")
            for (file, line, function), (_, calls, _, cumulative, _) in stats.stats.items()  # type: ignore[attr-defined]
            if "corrigenda" in file or file.endswith("hooks/corrections.py")]
    rows.sort(reverse=True)
    lines = ["| cumulative s (under cProfile) | calls | function |", "| ---: | ---: | --- |"]
    lines += [f"| {c:.2f} | {n} | `{f}` |" for c, n, f in rows[:top]]
    return "\n".join(lines)


@contextmanager
def prepared(args: argparse.Namespace, corrections: int) -> Iterator[Path]:
    """One generated archive with its plain config, deleted when the block ends (however) unless --keep."""
    archive = args.workdir / f"archive-{args.articles}x{corrections}"
    try:
        started = time.perf_counter()
        generate(archive, args.articles, corrections, args.seed, args.project)
        plain_config(archive)
        print(f"generated {archive} in {time.perf_counter() - started:.1f} s", flush=True)
        yield archive
    finally:
        if not args.keep:
            shutil.rmtree(archive, ignore_errors=True)


def measure(args: argparse.Namespace, archives: dict[int, Path]) -> list[dict[str, object]]:
    """Each archive's builds (keyed by corrections per article), taking turns within each repetition.

    Taking turns puts each size's builds at the same stretch of the machine's drift, so that the
    sizes compare with each other (the scaling target) as well as each hook build with its plain one.
    """
    sizes = list(archives)
    hook_runs: dict[int, list[Run]] = {n: [] for n in sizes}
    plain_runs: dict[int, list[Run]] = {n: [] for n in sizes}
    for i in range(args.repeat):
        for corrections, archive in archives.items():
            phases = args.workdir / f"phases-{corrections}-{i}.json"
            lanes = {"hook": ("mkdocs.yml", environment(args.engine, phases)),
                     "plain": (PLAIN_CONFIG, environment(args.engine))}
            if args.together:
                pair = build_together(archive, lanes, i)
            else:
                # Alternate which goes first, so drift (heat, caches) falls on both alike.
                order = ("hook", "plain") if i % 2 == 0 else ("plain", "hook")
                pair = {kind: build(archive, *lanes[kind], f"{kind}-{i}") for kind in order}
            pair["hook"].phases = json.loads(phases.read_text(encoding="utf-8"))
            hook_runs[corrections].append(pair["hook"])
            plain_runs[corrections].append(pair["plain"])
            for kind, done in pair.items():
                with (args.workdir / "runs.jsonl").open("a") as runs:  # kept if the benchmark is stopped
                    runs.write(json.dumps({"corrections": corrections, "kind": kind, **asdict(done)}) + "\n")
                print(f"  {corrections} corrections, {kind} build {i + 1}: {done.seconds:.1f} s wall, "
                      f"{done.cpu:.1f} s CPU", flush=True)
    results = []
    for corrections, archive in archives.items():
        hooks, plains = hook_runs[corrections], plain_runs[corrections]
        measured: dict[str, object] = {
            "articles": args.articles, "corrections": corrections,
            "hook": [asdict(r) for r in hooks], "plain": [asdict(r) for r in plains],
            "wall": summary(hooks, plains, "seconds"), "cpu": summary(hooks, plains, "cpu"),
            "hook_rss": max(r.peak_mib for r in hooks), "plain_rss": max(r.peak_mib for r in plains),
            **check_command(archive, environment(args.engine)),
        }
        if failure := check_failure(measured):
            print(failure, flush=True)
        if args.profile:
            measured["profile"] = profile(archive, environment(args.engine), args.top)
        results.append(measured)
    return results


def recomputed(results: list[dict]) -> list[dict]:
    """An earlier run's results with their summaries computed again from the builds' records."""
    for r in results:
        hook_runs, plain_runs = [Run(**run) for run in r["hook"]], [Run(**run) for run in r["plain"]]
        r["wall"], r["cpu"] = (summary(hook_runs, plain_runs, m) for m in ("seconds", "cpu"))
    return results


def tables(results: list[dict]) -> str:
    """The Markdown report: wall-clock and CPU medians, RSS, the phases and the scaling."""
    lines = ["Medians over the builds; ratio and hook / plain are medians of each repetition's "
             "pair. Fastest: each kind's fastest build, and their ratio.", "",
             "| articles x corrections | time | plain build | with hook | ratio | fastest plain | "
             "fastest hook | ratio of fastest | hook's own | hook / plain | peak RSS plain | "
             "peak RSS hook | `corrigenda check` |",
             "| --- | --- |" + " ---: |" * 11]
    for r in results:
        for measure in ("wall", "cpu"):
            m = r[measure]
            check = (f"{r['check']:.1f} s wall" if r["check"] is not None
                     else f"failed, exit status {r['check_failed']['status']}" if r.get("check_failed")
                     else "n/a")
            lines.append(
                f"| {r['articles']} x {r['corrections']} | {measure} | {m['plain_build']:.1f} s | "
                f"{m['hook_build']:.1f} s | {m['ratio']:.2f}x | {m['fastest_plain']:.1f} s | "
                f"{m['fastest_hook']:.1f} s | {m['fastest_ratio']:.2f}x | "
                f"{m['hook_own']:.2f} s | {100 * m['share']:.1f}% | "
                f"{r['plain_rss']:.0f} MiB | {r['hook_rss']:.0f} MiB | {check} |")
    lines += [f"\n{failure}" for failure in map(check_failure, results) if failure]
    lines += ["", "Hook's own time by phase (median CPU seconds over the hook builds):", "",
              "| phase | " + " | ".join(f"{r['articles']} x {r['corrections']}" for r in results) + " |",
              "| --- |" + " ---: |" * len(results)]
    for name in dict.fromkeys(n for r in results for n in r["cpu"]["phases"]):
        lines.append(f"| {name} | " + " | ".join(f"{r['cpu']['phases'].get(name, 0.0):.3f}"
                                                 for r in results) + " |")
    base, *others = [r for r in results if r["corrections"]] or [None]  # a baseline of 0 scales nothing
    for r in others:
        # The same articles' plain builds do the same work at either size, so hook / plain is the
        # hook's time in units of the machine's speed at that moment: the drift divides out.
        lines += ["", f"{r['corrections']} vs {base['corrections']} corrections per article "
                  f"(x{r['corrections'] / base['corrections']:.2f}): hook's own CPU time "
                  f"x{r['cpu']['hook_own'] / base['cpu']['hook_own']:.2f}; as a share of the plain "
                  f"build next to it, x{r['cpu']['share'] / base['cpu']['share']:.2f}."]
    for r in results:
        if "profile" in r:
            lines += ["", f"cProfile, {r['articles']} x {r['corrections']} (engine and hook functions):",
                      "", r["profile"]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    archive_options(parser, 1000, "/tmp/corrigenda-bench", "keep the generated archives")
    parser.add_argument("--corrections", type=numbers(0), default=[30],
                        help="corrections per article; several, comma-separated, e.g. 30,60 "
                             "(0: the articles without corrections files, a baseline)")
    parser.add_argument("--repeat", type=number(1), default=3)
    parser.add_argument("--profile", action="store_true", help="also one cProfile'd hook build each")
    parser.add_argument("--top", type=number(1), default=25, help="rows of the profile")
    parser.add_argument("--together", action="store_true",
                        help="run each hook build and its plain build at the same time, one per core "
                             "(for a machine whose speed drifts; needs 2 cores)")
    parser.add_argument("--report", type=existing_file, metavar="RESULTS_JSON",
                        help="only print the tables of an earlier run, from its results.json")
    args = parser.parse_args(argv)
    if args.together and (os.cpu_count() or 1) < 2:
        parser.error("--together needs two cores")
    if args.report:
        print(tables(recomputed(json.loads(args.report.read_text(encoding="utf-8")))))
        return
    args.workdir.mkdir(parents=True, exist_ok=True)
    with ExitStack() as generated:  # all generated first, so that they can take turns
        results = measure(args, {n: generated.enter_context(prepared(args, n)) for n in args.corrections})
    (args.workdir / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    print()
    print(tables(results))


if __name__ == "__main__":
    main()
