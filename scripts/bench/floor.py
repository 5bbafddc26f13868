"""The floor under the hook's own time: what two libraries it must use cost by themselves.

    python scripts/bench/floor.py [--articles 1000] [--corrections 30] [--seed 1]
                                  [--workdir /tmp/corrigenda-floor] [--engine SRC] [--project DIR]
                                  [--keep]

Generates the archive as run.py does, and makes beforehand everything the two libraries will be
given. Then, while a plain build of the archive (no corrections hook) runs on one core, it
repeats on the other, until that build ends:

- libyaml: every corrections file parsed into events by PyYAML's C parser, as corrigenda.load
  reads them, and nothing built from them: what reading the files costs before any of our code.
- feedgen: the site's Atom feed and every article's, from their entries' finished strings: the
  calls `outputs/feeds.py` makes (issue 4 asks for a feed library).

It prints each one's median CPU time as a share of that plain build's CPU time, which is the
unit of the issue's budget for the hook's own time (3 %). Both ran at the same moments of the
machine's drift, so the share holds on a machine whose speed changes. Needs 2 cores.

--engine imports corrigenda (whose code gives the libraries their input) from another copy of
the engine's src/ folder, and runs the plain build with it first on PYTHONPATH, as run.py does.
The archive is deleted at the end, however the script ends, unless --keep.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from run import PLAIN_CONFIG, archive_options, built, environment, number, prepared, start_build

# corrigenda is imported where it is used, not here: --engine says where from, once parsed.
if TYPE_CHECKING:
    from corrigenda.outputs import feeds
    from corrigenda.site import CorrectedSite

    Feed = tuple[feeds.FeedInfo, dt.datetime, list[feeds.AtomEntry]]


def import_engine(engine: Path | None) -> None:
    """Import corrigenda from `engine` (a src/ folder) rather than as installed; None: as installed."""
    if engine is None:
        return
    sys.path.insert(0, str(engine))
    import corrigenda

    if Path(corrigenda.__file__).parent != engine / "corrigenda":  # imported before this was called
        raise SystemExit(f"corrigenda was imported from {Path(corrigenda.__file__).parent} already, "
                         f"not from --engine {engine}")


def corrections_texts(archive: Path) -> list[str]:
    """Every corrections file of the archive, read into memory."""
    return [path.read_text(encoding="utf-8") for path in sorted((archive / "corrections").rglob("*.yml"))]


def parse_events(texts: list[str]) -> int:
    """libyaml's events for every file (the C parser's, as corrigenda.load reads them); their count."""
    count = 0
    for text in texts:
        loader = yaml.CSafeLoader(text)
        try:
            while loader.get_event() is not None:
                count += 1
        finally:
            loader.dispose()
    return count


def archive_site(archive: Path) -> CorrectedSite:
    """The archive's site as the hook would have it after rendering every page.

    Every correction counts as applied once, and each article's title is made from its file
    name: the feeds then have a real build's number of entries, their fields and about their length.
    """
    from corrigenda import read_catalog
    from corrigenda.model import PageResult, Placement
    from corrigenda.site import CorrectedSite, SitePage

    catalog, problems = read_catalog(archive / "corrections", archive / "docs", archive)
    if problems:
        raise SystemExit(f"the archive's corrections have {len(problems)} problems")
    results = {page: PageResult(page, [Placement(c, f"corrected-{c.id}") for c in pc.corrections])
               for page, pc in catalog.pages.items()}
    site = CorrectedSite(catalog, results, "https://news.example/", "Newsroom")
    site.add_pages([SitePage(page, page.removesuffix(".md") + "/", Path(page).stem.replace("-", " "),
                             dt.date(2023, 1, 2), "", page.removesuffix(".md") + "/feed.xml")
                    for page in results])
    return site


def feed_inputs(site: CorrectedSite) -> list[Feed]:
    """What the site gives feedgen for each of its feeds, in order, captured from its own code."""
    from corrigenda.outputs import feeds

    captured: list[Feed] = []
    write_atom = feeds.write_atom
    feeds.write_atom = lambda *feed: captured.append(feed) or b""  # type: ignore[assignment]
    try:
        site.files()
    finally:
        feeds.write_atom = write_atom
    return captured


def write_feeds(inputs: list[Feed]) -> int:
    """Every feed made by feedgen; their total size in bytes."""
    from corrigenda.outputs import feeds

    return sum(len(feeds.write_atom(*feed)) for feed in inputs)


def cpu_time(work: Callable[[], object]) -> float:
    started = time.process_time()
    work()
    return time.process_time() - started


def measure(archive: Path, engine: Path | None) -> dict[str, object]:
    """Each library's CPU times, repeated beside one plain build, and that build's CPU time."""
    texts, inputs = corrections_texts(archive), feed_inputs(archive_site(archive))
    work = {"libyaml events": lambda: parse_events(texts), "feedgen": lambda: write_feeds(inputs)}
    times: dict[str, list[float]] = {name: [] for name in work}
    plain = start_build(archive, PLAIN_CONFIG, environment(engine), "floor-plain")
    try:
        while True:  # at least one round, however short the build
            for name, run in work.items():
                times[name].append(cpu_time(run))
            if (result := plain.poll()) is not None:
                break
    finally:
        plain.end()  # and if a workload failed or was interrupted, the build ends with it
    result = built(plain, result)
    return {"plain_cpu": result.cpu, "events": parse_events(texts), "feeds": len(inputs),
            "entries": sum(len(entries) for _, _, entries in inputs),
            "times": {name: statistics.median(values) for name, values in times.items()},
            "rounds": min(len(values) for values in times.values())}


def report(measured: dict[str, object], archive: Path) -> str:
    """The table: each library's median CPU time and its share of the plain build beside it."""
    plain = float(measured["plain_cpu"])  # type: ignore[arg-type]
    times: dict[str, float] = measured["times"]  # type: ignore[assignment]
    lines = [f"{archive.name}: {measured['events']:,} YAML events, {measured['feeds']:,} feeds with "
             f"{measured['entries']:,} entries; plain build {plain:.1f} s CPU, beside "
             f"{measured['rounds']} rounds of each.", "",
             "| library, by itself | median CPU | share of the plain build |", "| --- | ---: | ---: |"]
    lines += [f"| {name} | {seconds:.2f} s | {100 * seconds / plain:.1f} % |" for name, seconds in times.items()]
    total = sum(times.values())
    lines.append(f"| both | {total:.2f} s | {100 * total / plain:.1f} % |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    archive_options(parser, 1000, "/tmp/corrigenda-floor", "keep the generated archive")
    parser.add_argument("--corrections", type=number(0), default=30, help="corrections per article")
    args = parser.parse_args(argv)
    if (os.cpu_count() or 1) < 2:
        parser.error("the libraries and the plain build need a core each")
    import_engine(args.engine)
    args.workdir.mkdir(parents=True, exist_ok=True)
    with prepared(args, args.corrections) as archive:
        print(report(measure(archive, args.engine), archive))


if __name__ == "__main__":
    main()
