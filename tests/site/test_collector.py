"""The hook keeps the catalog out of the cycle collector's way, and leaves the collector as it found it."""

from __future__ import annotations

import gc

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from tests.conftest import Project


def _build(project: Project) -> None:
    build(load_config(str(project.root / "mkdocs.yml"), site_dir=str(project.site)))


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_left_as_it_was(project: Project, enabled: bool) -> None:
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        _build(project)
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
        gc.unfreeze()


def test_rebuilds_do_not_pile_up(project: Project) -> None:
    # `mkdocs serve` rebuilds in one process: each build unfreezes and collects what the last one
    # left before freezing its own, or every rebuild would keep the last one's garbage for good.
    gc.unfreeze()
    try:
        counts = []
        for _ in range(3):
            _build(project)
            counts.append(gc.get_freeze_count())
        assert counts[0] > 0  # the catalog and the rendered pages are kept aside
        assert abs(counts[2] - counts[1]) < 0.01 * counts[1], counts
    finally:
        gc.unfreeze()
