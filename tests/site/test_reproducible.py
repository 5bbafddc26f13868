"""Two clean builds of one commit are byte-identical, wherever they are written.

The only input from the clock is MkDocs' build date: each page's <lastmod> in sitemap.xml and the
mtime in sitemap.xml.gz's header are the day of the build, unless SOURCE_DATE_EPOCH is set
(https://reproducible-builds.org/specs/source-date-epoch/). Builds on different days therefore
differ in those two files only; setting SOURCE_DATE_EPOCH (for example to the commit time,
`git log -1 --format=%ct`) makes them identical on any day. The builds here set it.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import Project

EPOCH = 1_700_000_000  # 2023-11-14T22:13:20Z


def build_into(project: Project, site: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": str(EPOCH)}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                            cwd=project.root, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr


def digests(site: Path) -> dict[str, str]:
    return {str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_two_clean_builds_are_byte_identical(project: Project, tmp_path: Path) -> None:
    first, second = tmp_path / "first-site", tmp_path / "elsewhere" / "second"
    build_into(project, first)
    build_into(project, second)
    one, two = digests(first), digests(second)
    assert len(one) > 10
    assert one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name]] == []
    # The clock's only way in is SOURCE_DATE_EPOCH: the sitemap's dates and the gzip header.
    day = dt.datetime.fromtimestamp(EPOCH, dt.timezone.utc).date().isoformat()
    sitemap = (first / "sitemap.xml").read_text(encoding="utf-8")
    assert set(re.findall(r"<lastmod>(.*?)</lastmod>", sitemap)) == {day}
    packed = (first / "sitemap.xml.gz").read_bytes()
    mtime = int.from_bytes(packed[4:8], "little")
    assert dt.datetime.fromtimestamp(mtime, dt.timezone.utc).date().isoformat() == day
    assert gzip.decompress(packed).decode("utf-8") == sitemap
