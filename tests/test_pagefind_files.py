"""Pagefind's filter files put in order after the indexer (see also test_site_determinism)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import cbor2

from skms.plugin.pagefind_files import SIGNATURE, settle


def _write(path: Path, value: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(SIGNATURE + cbor2.dumps(value)))


def _read(path: Path) -> object:
    return cbor2.loads(gzip.decompress(path.read_bytes())[len(SIGNATURE) :])


def bundle(root: Path, kinds: list[list[object]]) -> Path:
    """A bundle as Pagefind writes it: entry file -> metadata file -> one filter file."""
    entry = {"version": "1.5.2", "languages": {"en": {"hash": "en_0123456789", "page_count": 2}}}
    (root / "pagefind-entry.json").parent.mkdir(parents=True, exist_ok=True)
    (root / "pagefind-entry.json").write_text(json.dumps(entry), encoding="utf-8")
    meta = ["1.5.2", [["p0", 10], ["p1", 20]], [], [["kind", "en_abcdef0"]], [], ["title"]]
    _write(root / "pagefind.en_0123456789.pf_meta", meta)
    _write(root / "filter/en_abcdef0.pf_filter", ["kind", kinds])
    return root


def test_values_in_either_order_give_the_same_files(tmp_path: Path) -> None:
    one = bundle(tmp_path / "one", [["runbook", [1]], ["article", [0]]])
    two = bundle(tmp_path / "two", [["article", [0]], ["runbook", [1]]])
    assert settle(one) and settle(two)
    files = {p.relative_to(one).as_posix(): p.read_bytes() for p in one.rglob("*") if p.is_file()}
    assert files == {
        p.relative_to(two).as_posix(): p.read_bytes() for p in two.rglob("*") if p.is_file()
    }
    entry = json.loads((one / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta_hash = entry["languages"]["en"]["hash"]
    [(name, filter_hash)] = _read(one / f"pagefind.{meta_hash}.pf_meta")[3]  # type: ignore[index]
    assert name == "kind"
    assert _read(one / f"filter/{filter_hash}.pf_filter") == [
        "kind",
        [["article", [0]], ["runbook", [1]]],
    ]
    assert sorted(files) == sorted(
        ["pagefind-entry.json", f"pagefind.{meta_hash}.pf_meta", f"filter/{filter_hash}.pf_filter"]
    )


def test_a_bundle_of_another_shape_is_left_as_it_was(tmp_path: Path) -> None:
    root = bundle(tmp_path, [["runbook", [1]], ["article", [0]]])
    _write(root / "filter/en_abcdef0.pf_filter", {"kind": "a mapping, not a list"})
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    assert settle(root) is False
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before
