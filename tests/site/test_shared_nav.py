"""The log's older months share one rendering of Material's navigation (overrides/partials/nav.html)."""

from __future__ import annotations

import importlib.util
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType, SimpleNamespace

import material
import pytest

from tests.conftest import REPO

OVERRIDE = REPO / "overrides" / "partials" / "nav.html"


@pytest.fixture
def hook() -> Iterator[ModuleType]:
    """A fresh copy of the hook module, loaded from its file as MkDocs loads it."""
    name = "corrections_hook_under_test"
    spec = importlib.util.spec_from_file_location(name, REPO / "hooks" / "corrections.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # its dataclasses look their module up there
    try:
        spec.loader.exec_module(module)
        module._build = module._Build(Path("corrections"))
        yield module
    finally:
        del sys.modules[name]


def _item(url: str | None = None, children: list[SimpleNamespace] | None = None) -> SimpleNamespace:
    """A page or link (a URL) or a section (children) as MkDocs' navigation has them."""
    return SimpleNamespace(url=url, children=children)


def test_the_override_is_materials_partial_unchanged() -> None:
    installed = Path(material.__file__).parent / "templates" / "partials" / "nav.html"
    original = re.sub(r"\A\{#-.*?-#\}\n", "", installed.read_text(encoding="utf-8"), flags=re.S)
    body = re.search(r"\{%- macro material_nav\(\) -%\}\n(.*?)\{%- endmacro -%\}",
                     OVERRIDE.read_text(encoding="utf-8"), flags=re.S)
    assert body is not None
    assert body.group(1) == original  # after a Material upgrade: copy its partial again


def test_the_navigation_is_rendered_once_per_folder(hook: ModuleType) -> None:
    rendered: list[str] = []

    def render() -> str:
        rendered.append("nav")
        return f"<nav>{len(rendered)}</nav>"

    assert [hook._shared_nav("corrections", render) for _ in range(3)] == ["<nav>1</nav>"] * 3
    assert hook._shared_nav("elsewhere", render) == "<nav>2</nav>"
    assert len(rendered) == 2


@pytest.mark.parametrize(("nav", "outside"), [
    ([_item(""), _item("articles/a/"), _item("corrections/")], True),
    ([_item("corrections/2023-10/")], False),  # the month is in the navigation: its link is marked there
    ([_item(children=[_item("corrections/2023-10/")])], False),  # in a section
    ([_item("corrections/2023-10/#russia")], False),  # a link to a place on the page
    ([_item("corrections/2023-10/extra/")], False),  # a page below it: links to it differ by month
    ([_item("corrections/2023-1/"), _item("corrections/2023-100/")], True),  # other months
    ([_item("https://example.org/corrections/2023-10/")], True),  # the same from every page
])
def test_which_months_share_the_navigation(hook: ModuleType, nav: list[SimpleNamespace], outside: bool) -> None:
    page = SimpleNamespace(url="corrections/2023-10/")
    assert hook._outside(page, SimpleNamespace(items=nav)) is outside
