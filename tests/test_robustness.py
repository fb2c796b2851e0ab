"""Random front matter and bodies never raise out of the loader and the graph."""

from __future__ import annotations

import shutil
import tempfile
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES
from skms.config import load_config
from skms.export import dumps
from skms.graph import build_graph
from skms.load import load_file
from skms.model import Record
from skms.pipeline import load_knowledge_base

KEYS = [
    "id",
    "title",
    "kind",
    "status",
    "severity",
    "services",
    "problems",
    "runbooks",
    "caused_by",
    "fixed_by",
    "started",
    "detected",
    "resolved",
    "action_items",
    "tags",
    "visibility",
    "tier",
    "checklist",
    "hypercare",
    "repos",
    "slos",
    "alerts",
    "last_reviewed",
    "owner",
    "weird key",
]
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.sampled_from(
        ["INC-0001", "PRB-0001", "checkout", "SEV2", "draft", "gold", "RDY-0001", "abc1234"]
    ),
    st.datetimes(timezones=st.just(timezone.utc)),
    st.dates(),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(KEYS), inner, max_size=4)
    ),
    max_leaves=12,
)
front_matter = st.dictionaries(st.sampled_from(KEYS), values, max_size=10)
bodies = st.lists(
    st.one_of(
        st.text(max_size=40),
        st.sampled_from(
            [
                "PRB-0001",
                "[[checkout]]",
                "[[INC-0001|x]]",
                "[[",
                "```",
                "`PRB-0002`",
                "## Contributing factors",
                "- a",
                "\n",
            ]
        ),
    ),
    max_size=12,
).map("".join)


def _default(value):
    if isinstance(value, (date, datetime)):
        return value
    return str(value)


@pytest.mark.slow
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=front_matter,
    body=bodies,
    folder=st.sampled_from(["reviews", "runbooks", "knowledge/problems"]),
)
def test_random_records_never_raise_out_of_loader_and_graph(data, body, folder) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "kb"
        shutil.copytree(FIXTURES / "base", root)
        text = "---\n" + yaml.safe_dump(data, allow_unicode=True) + "---\n" + body
        path = root / folder / "random.md"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        kb = load_knowledge_base(load_config(root / "mkdocs.yml"), audience="all")
        assert any(r.path == f"{folder}/random.md" for r in kb.records)
        dumps(kb.graph)  # the export must serialise whatever was loaded


@settings(max_examples=200, deadline=None)
@given(raw=st.binary(max_size=300))
def test_random_bytes_never_raise_out_of_the_loader(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "mkdocs.yml").write_text("site_name: x\n")
        path = root / "f.md"
        path.write_bytes(b"---\n" + raw)
        from skms.diagnostics import Diagnostics

        config = load_config(root / "mkdocs.yml")
        diags = Diagnostics()
        record = load_file(path, "review", config, diags)
        assert isinstance(record, Record)
        build_graph([record], config, diags)


@settings(max_examples=300, deadline=None)
@given(data=front_matter)
def test_front_matter_parses_exactly_as_yaml_load_does(data) -> None:
    from skms.diagnostics import Diagnostics
    from skms.load.frontmatter import parse_yaml

    text = yaml.safe_dump(data, allow_unicode=True)
    parsed, ok = parse_yaml(text, "x.md", 2, Diagnostics())
    assert ok
    assert parsed == yaml.safe_load(text)


def test_unusual_yaml_parses_exactly_as_yaml_load_does() -> None:
    from skms.diagnostics import Diagnostics
    from skms.load.frontmatter import parse_yaml

    for text in [
        "a: 1\nb: 1.5\nc: true\nd: null\ne: 2026-03-04\nf: 2026-03-04T10:15:00Z\ng: '007'\n",
        "1: int key\nnested: {2: x, y: [1, {z: ~}]}\n",
        "base: &b {x: 1}\nmerged:\n  <<: *b\n  y: 2\n",
        "tagged: !!str 123\nbinary: !!binary aGk=\n",
        "dup: 1\ndup: 2\n",
    ]:
        parsed, ok = parse_yaml(text, "x.md", 2, Diagnostics())
        assert ok
        assert parsed == yaml.safe_load(text), text
    # A set iterates in an order that depends on the hash seed: it becomes a sorted list.
    parsed, ok = parse_yaml("set: !!set {b, c, a}\n", "x.md", 2, Diagnostics())
    assert ok and parsed == {"set": ["a", "b", "c"]}
