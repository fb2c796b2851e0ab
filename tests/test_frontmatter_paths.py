"""Front matter is read in one walk when it is ordinary, in the full path otherwise: the
data, its types and every diagnostic must be the same either way."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from skms.diagnostics import Diagnostics
from skms.load import frontmatter
from skms.load.frontmatter import MAX_YAML_DEPTH, parse_yaml


def _typed(value: Any) -> Any:
    """The value with the type of every part, so that `1 == True` or a date that became
    text does not pass for equal."""
    if isinstance(value, dict):
        return ("dict", [(_typed(k), _typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [_typed(item) for item in value])
    return (type(value).__name__, repr(value))


def _parse(text: str) -> tuple[Any, bool, list[tuple[Any, ...]], set[str]]:
    diags = Diagnostics()
    repeated: set[str] = set()
    data, ok = parse_yaml(text, "reviews/INC-1.md", 2, diags, repeated)
    found = [(d.code, d.line, d.column, d.message, d.hint) for d in diags]
    return _typed(data), ok, found, repeated


def _nested(levels: int) -> str:
    """A top-level key holding lists nested `levels` deep, in block style."""
    return "title: deep\nvalue:\n" + "".join(
        "  " * (i + 1) + "- " + ("x\n" if i == levels - 1 else "\n") for i in range(levels)
    )


ORDINARY = [
    "id: INC-1\ntitle: Checkout down\nservices: [checkout, payments]\n",
    # every kind of plain scalar the resolver tells apart
    "a: yes\nb: No\nc: ~\nd: ''\ne: 0x1F\nf: 017\ng: 1_000\nh: .inf\ni: -.5\nj: 1:30\nk: null\n",
    "empty:\nlist: []\nmap: {}\nquoted: '12'\nfolded: >\n  two\n  lines\n",
    # timestamps: the two usual forms, other forms, and dates that do not exist
    "d: 2026-03-04\nt: 2026-03-04T10:15:00Z\n",
    "a: 2026-03-04T10:15:00.25Z\nb: 2026-03-04 10:15:00\nc: 2026-03-04t10:15:00Z\n"
    "d: 2026-03-04T10:15:00+02:00\ne: 2026-3-4T1:15:00Z\nf: 2026-03-04T1:15:00 Z\n",
    "a: 2026-02-30\nb: 2026-02-30T10:00:00Z\nc: 2026-03-04T24:00:00Z\nd: 2026-03-04T10:00:60Z\n",
    "explicit: !!timestamp 2026-03-04\nnot_a_date: !!str 2026-03-04\n",
    # keys written twice: top level, nested, in a flow mapping on a top-level key's line
    "visibility: public\ntitle: x\nvisibility: internal\n",
    "action_items:\n  - title: a\n    owner: x\n    owner: y\n",
    "x: {visibility: a, visibility: b}\ny: [{k: 1, k: 2}, {j: 1, j: 2}]\n",
    "dup: 1\ndup: 2\nlist:\n  - {a: 1, a: 1}\n",
    # a repeated key before a value that cannot be built: both are reported
    "dup: 1\ndup: 2\nbad: !!binary '%%%'\n",
    "dup: 1\ndup: 2\nbad: !!python/name:os.system\n",
    "dup: 1\ndup: 2\nvalue: =\n",
    # anchors without aliases, and a `*` that is only text
    "a: &x one\nb: &y [1, 2]\ntitle: 'a * b'\n",
    # nesting around the limit, in lists and mappings
    _nested(MAX_YAML_DEPTH - 2),
    _nested(MAX_YAML_DEPTH - 1),
    _nested(MAX_YAML_DEPTH),
    _nested(MAX_YAML_DEPTH + 3),
    "a: " + "{b: " * (MAX_YAML_DEPTH - 1) + "c" + "}" * (MAX_YAML_DEPTH - 1) + "\n",
    "a: " + "{b: " * MAX_YAML_DEPTH + "c" + "}" * MAX_YAML_DEPTH + "\n",
    "a: " + "[" * (MAX_YAML_DEPTH - 1) + "]" * (MAX_YAML_DEPTH - 1) + "\n",
    "a: " + "[" * (MAX_YAML_DEPTH + 1) + "]" * (MAX_YAML_DEPTH + 1) + "\n",
    # what the one-walk path leaves to the full one
    "1: int key\nnested: {2: x, y: [1, {z: ~}]}\n",
    "base: &b {x: 1}\nmerged:\n  <<: *b\n  y: 2\n",
    "merge:\n  <<: {x: 1}\n  y: 2\n",
    "set: !!set {b, c, a}\nomap: !!omap [{a: 1}, {b: 2}]\n",
    "? [complex, key]\n: value\nok: 1\n",
    "tagged: !!str 123\nbinary: !!binary aGk=\nmap: !!map {a: 1}\nseq: !!seq [1]\n",
    "just text\n",
    "- a\n- a\n- {k: 1, k: 2}\n",
    "",
    # invalid YAML
    "a: [1, 2\n",
    "a: b: c\n",
    "a:\n\t- b\n",
]


@pytest.mark.parametrize("text", ORDINARY)
def test_one_walk_gives_what_the_full_path_gives(text: str, monkeypatch) -> None:
    fast = _parse(text)

    def unusual(*_args: Any) -> Any:
        raise frontmatter._Unusual

    monkeypatch.setattr(frontmatter, "_build", unusual)
    assert fast == _parse(text)


def test_ordinary_front_matter_takes_the_one_walk_path(monkeypatch) -> None:
    """The corpus's front matter never falls back: the speed depends on it."""
    calls: list[str] = []
    full = frontmatter.duplicate_keys

    def counted(node: Any) -> Any:
        calls.append("full")
        return full(node)

    monkeypatch.setattr(frontmatter, "duplicate_keys", counted)
    for text in ORDINARY[:4]:
        _parse(text)
    assert calls == []
    _parse("1: int key\n")
    assert calls == ["full"]


@pytest.mark.parametrize(
    "text",
    [
        "a: yes\nb: No\nc: ~\nd: ''\ne: 0x1F\nf: 017\ng: 1_000\nh: .inf\ni: -.5\nj: 1:30\n",
        "k: 0b101\nl: +12\nm: -0\nn: 1e3\no: 1.5e+3\np: On\nq: OFF\nr: Null\ns: '~'\nt: ' '\n",
        "d: 2026-03-04\nt: 2026-03-04T10:15:00Z\nu: 2026-03-04T10:15:00.5-03:30\n",
        "list: [yes, 1, 1.0, ~, 2026-03-04, '', x]\n",
    ],
)
def test_scalars_resolve_to_the_types_yaml_gives(text: str) -> None:
    data, ok, found, _repeated = _parse(text)
    assert ok and not found
    assert data == _typed(yaml.load(text, Loader=yaml.SafeLoader))


def test_keys_written_twice_are_reported_on_their_lines() -> None:
    _data, ok, found, repeated = _parse(
        "id: INC-1\nvisibility: public\naction_items:\n  - owner: a\n    owner: b\n"
        "visibility: internal\n"
    )
    assert ok
    assert [(code, line) for code, line, *_rest in found] == [("SKMS210", 6), ("SKMS210", 7)]
    assert repeated == {"visibility"}


def test_a_value_nested_too_deeply_is_dropped_with_its_line() -> None:
    data, ok, found, _repeated = _parse("id: INC-1\n" + _nested(MAX_YAML_DEPTH + 3))
    assert ok
    assert data == _typed({"id": "INC-1", "title": "deep"})
    assert [(code, line) for code, line, *_rest in found] == [("SKMS005", 4)]
