"""The event-built YAML data equals what PyYAML's safe constructor builds, lines included."""

from __future__ import annotations

import os
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from corrigenda import load

SETTINGS = settings(max_examples=int(os.environ.get("CORRIGENDA_EXAMPLES", "200")), deadline=None,
                    database=None)
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6),
                    st.text(max_size=12), st.sampled_from(["NO", "yes", "1:30", "010", "~", "null",
                                                           "True", "0x1F", "1e3", "- x", "a: b"]))
DATA = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=25)


def composed(text: str) -> tuple[object, dict]:
    """The reference: libyaml's node tree, PyYAML's safe constructor and the node marks."""
    loader = load._Loader(text)
    try:
        node = loader.get_single_node()
        lines: dict = {}
        if node is None:
            return None, lines
        assert load._index_lines(node, (), lines, Path("x")) is None
        return loader.construct_document(node), lines
    finally:
        loader.dispose()


@SETTINGS
@given(data=DATA, flow=st.sampled_from([False, None, True]))
def test_events_build_what_the_constructor_builds(data: object, flow: bool | None) -> None:
    text = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=True)
    assert load._from_events(text, Path("x")) == composed(text)


def test_explicit_tags_go_through_the_constructor() -> None:
    assert load._from_events("a: !!float 1.5\n", Path("x")) is None
    doc, problems = load.parse_yaml(b"a: !!float 1.5\n", Path("x"))
    assert problems == [] and doc is not None and doc.data == {"a": 1.5}
