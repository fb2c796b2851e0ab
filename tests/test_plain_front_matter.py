"""Front matter in the usual shape is read without libyaml (`load/simpleyaml.py`): the data,
its types and every diagnostic must be what libyaml's path gives, and anything outside that
shape must go to libyaml."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from benchmarks.corpus import synthesize

from skms.diagnostics import Diagnostics
from skms.load import frontmatter
from skms.load.frontmatter import parse_yaml, split_front_matter


def _typed(value: Any) -> Any:
    """The value with the type of every part (`1 == True`, a date is not its text)."""
    if isinstance(value, dict):
        return ("dict", [(_typed(k), _typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [_typed(item) for item in value])
    return (type(value).__name__, repr(value))


def _parse(text: str) -> tuple[Any, ...]:
    diags = Diagnostics()
    repeated: set[str] = set()
    data, ok = parse_yaml(text, "reviews/INC-1.md", 2, diags, repeated)
    found = [(d.code, d.line, d.column, d.message, d.hint) for d in diags]
    return _typed(data), ok, found, repeated


def _both(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any, bool]:
    """(what parse_yaml gives, what libyaml's path alone gives, read without libyaml)."""
    plain = frontmatter._PLAIN.parse(text) is not None
    got = _parse(text)
    with monkeypatch.context() as m:
        m.setattr(frontmatter._PLAIN, "parse", lambda _text: None)
        expected = _parse(text)
    return got, expected, plain


# Read in the plain shape: what records hold.
READ = [
    "id: INC-1\ntitle: Checkout down\nservices: [checkout, payments]\n",
    "a: yes\nb: No\nc: ~\nd: ''\ne: 0x1F\nf: 017\ng: 1_000\nh: .inf\ni: 1:30\nk: null\nl: 1.5e3\n",
    'q: "a, b: c # d"\nt: ""\nv: \'"\'\nw: "it\'s"\n',
    "d: 2026-03-04\nt: 2026-03-04T10:15:00Z\n",
    "tags: [a b, 'c', \"d\", 1, yes, 2026-01-01]\nx: []\ny: [ ]\nz: [ a , b ]\n",
    "a: ['x\"', '\"y']\n",
    'plain: a:b a#b http://x/y?z#w [x] {y} it\'s "q"\n',
    "items:\n  - title: x\n    due: 2026-01-01\n  - title: y\n    owner: a\n    owner: b\n",
    "items:\n  - a:\n    b: 1\n  - c:\n      d: 2\n  - plain\n  - [x]\n",
    "m:\n  a: 1\n  b:\n    c: [1]\nn:\n",
    "x: 1\n\n   \ny: 2   \nz:   \n",
    "a: caf\u00e9 \u2713 \U0001f680\n",
    "a: b\na: c\nc:\n  d: 1\n  d: 2\n",
    "visibility: public\ntitle: x\nvisibility: internal\n",
    "a: " + "x" * 2000 + "\n",
]
# Refused: libyaml reads them (or reports them).
REFUSED = [
    "l: =\n",
    "m: <<\n",
    "r: 'it''s'\n",
    's: "a \\" b"\n',
    'u: "x" y\n',
    "u: 2026-02-30\n",
    "v: 2026-03-04 10:15:00\n",
    "w: 2026-03-04T10:15:00+02:00\n",
    "x: 2026-03-04T24:00:00Z\n",
    "a: [a,]\n",
    "b: [a, , b]\n",
    "a: [a: b]\n",
    'a: ["a, b"]\n',
    "a: [a,\n  b]\n",
    "a: [[a]]\n",
    "a: b: c\n",
    "a: b #c\n",
    "a: b:\n",
    "a: -b\nc: ?d\ne: @f\ng: %h\ni: `j`\n",
    "a: &x 1\nb: !!str 2\nc: |\n  x\nd: >-\n  y\n",
    "a: x\n  continued\n",
    "a:\n  b\n",
    "tags:\n- a\n- b\n",
    "tags:\n  - a\n  -\n  - b\n",
    "tags:\n  -   a\n",
    "tags:\n  - - a\n    - b\n",
    "items:\n  - title: x\n      due: 2026-01-01\n",
    "items:\n  - title: x\n   due: 2026-01-01\n",
    "items:\n  - a:\n    - x\n",
    "m:\n    a: 1\n  b: 2\n",
    "  a: 1\n  b: 2\n",
    "yes: no\n",
    "1: one\n",
    "<<: {a: 1}\n",
    "a b: c\n",
    "a: 1\n---x: 2\n",
    "owner : x\n",
    '"owner": x\n',
    "key:value\n",
    "# a comment\nid: INC-1\n",
    "id: INC-1 # a comment\n",
    "a: x\ta\n",
    "a: x\u00a0y\n",
    "a: x\u0085y\n",
    "a: x\u2028y\n",
    "a: x\u200by\n",
    "a: 5*3\n",
    "",
    "\n\n",
    "just text\n",
    "- a\n- b\n",
    "k" * 150 + ": v\n",
]


@pytest.mark.parametrize("text", READ + REFUSED)
def test_plain_reader_gives_what_libyaml_gives(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    got, expected, plain = _both(text, monkeypatch)
    assert got == expected
    assert plain == (text in READ)


def test_repeated_keys_and_top_level_lines() -> None:
    data, repeats, top = frontmatter._PLAIN.parse("a: b\na: c\nc:\n  d: 1\n  d: 2\n") or (
        {},
        [],
        set(),
    )
    assert data == {"a": "c", "c": {"d": 2}}
    assert repeats == [("a", 1), ("d", 4)] and top == {0, 1, 2}


def test_every_record_of_the_corpus_is_read_without_libyaml(tmp_path: Path) -> None:
    """The speed of `skms check` depends on it: libyaml reads the same front matter slower."""
    synthesize(60, tmp_path)
    texts = [
        split_front_matter(path.read_text(encoding="utf-8"))[0]
        for folder in ("reviews", "runbooks", "knowledge")
        for path in sorted((tmp_path / folder).rglob("*.md"))
    ]
    assert len(texts) >= 60
    assert all(text is not None and frontmatter._PLAIN.parse(text) is not None for text in texts)


_KEYS = ["id", "title", "tags", "owner", "a-b", "_x", "yes", "null", "1", "a b", "<<"]
_VALUES = [
    "x", "hello world", "a:b", "a: b", "a #b", "-1", "1", "1.5", "0x1F", "~", "null", "No",
    "2026-01-01", "2026-02-30", "2026-01-01T10:00:00Z", "2026-01-01 10:00", '"q"', "''",
    "'it''s'", '"a, b"', '"a\\"b"', "[a, b]", "[]", "[1, yes, 'c']", "[a: b]", "[a,]",
    "&x y", "!!str 1", "|", "x:", "é ✓", "=", "<<", "a'b",
]  # fmt: skip


def _random_front_matter(rng: random.Random, indent: int = 0, depth: int = 1) -> list[str]:
    lines = []
    for _ in range(rng.randint(1, 4)):
        key = rng.choice(_KEYS) if rng.random() < 0.1 else rng.choice(_KEYS[:6])
        roll = rng.random()
        pad = " " * indent
        if depth < 4 and roll < 0.15:
            lines.append(f"{pad}{key}:")
            lines += _random_front_matter(rng, indent + rng.choice([2, 2, 2, 4, 1, 0]), depth + 1)
        elif depth < 4 and roll < 0.3:
            lines.append(f"{pad}{key}:")
            inner = indent + rng.choice([2, 2, 2, 0, 3])
            for _item in range(rng.randint(1, 3)):
                dash = rng.choice(["- "] * 8 + ["-  ", "-"])
                if rng.random() < 0.5:
                    first, *rest = _random_front_matter(rng, 0, depth + 2)
                    lines.append(" " * inner + dash + first)
                    lines += [" " * (inner + len(dash)) + line for line in rest]
                else:
                    lines.append(" " * inner + dash + rng.choice(_VALUES))
        else:
            end = rng.choice(["", "", "", "", " ", "  # c"])
            lines.append(f"{pad}{key}: {rng.choice(_VALUES)}{end}")
        if rng.random() < 0.03:
            lines.append(rng.choice(["", "   ", "# c", pad + " more"]))
    return lines


def test_random_front_matter_reads_the_same_both_ways(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(2026)
    read = 0
    for _ in range(3000):
        text = "\n".join(_random_front_matter(rng)) + "\n"
        got, expected, plain = _both(text, monkeypatch)
        assert got == expected, text
        read += plain
    assert read > 300  # the comparison covers the plain reader, not only libyaml
