"""The same input gives byte-identical sites, with dates from the records, never the clock."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest

from sitekit import output_files, small_base, write_base
from skms.plugin.build import build_site


@pytest.fixture(autouse=True)
def no_source_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def _cbor(data: bytes, at: int = 0) -> tuple[object, int]:
    """Decode the CBOR subset of Pagefind's filter files: unsigned ints, text, arrays."""
    major, info = data[at] >> 5, data[at] & 31
    at += 1
    if info < 24:
        n = info
    else:
        size = 1 << (info - 24)
        n, at = int.from_bytes(data[at : at + size], "big"), at + size
    if major == 0:
        return n, at
    if major == 3:
        return data[at : at + n].decode("utf-8"), at + n
    assert major == 4, f"unexpected CBOR major type {major}"
    items = []
    for _ in range(n):
        item, at = _cbor(data, at)
        items.append(item)
    return items, at


def filters(files: dict[str, bytes]) -> dict[str, dict[str, list[int]]]:
    """filter -> value -> pages, from the Pagefind filter files of a snapshot."""
    out = {}
    for name, data in files.items():
        if name.endswith(".pf_filter"):
            (key, values), _ = _cbor(gzip.decompress(data)[len(b"pagefind_dcd") :])
            out[key] = {value: pages for value, pages in values}
    return out


@pytest.mark.slow
def test_building_the_example_twice_gives_identical_files(tmp_path: Path, example: Path) -> None:
    config = example
    first = snapshot(build_site(config, site_dir=tmp_path / "one").site_dir)
    second = snapshot(build_site(config, site_dir=tmp_path / "two").site_dir)
    # The search index too: Pagefind writes each filter's values in an order of its own,
    # which skms settles (its filter files, and the files naming them, are the same).
    assert any(name.endswith(".pf_filter") for name in first)
    assert sorted(first) == sorted(second)
    assert [name for name in sorted(first) if first[name] != second[name]] == []
    # Each filter's values in order, with the pages Pagefind gave them.
    for values in filters(first).values():
        assert list(values) == sorted(values)
    assert filters(first)["kind"]["runbook"]


def test_sitemap_dates_come_from_the_records(tmp_path: Path) -> None:
    config = write_base(tmp_path, small_base(), site_url="https://kb.example.com/")
    site = build_site(config, site_dir=tmp_path / "site").site_dir
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    entries = dict(re.findall(r"<loc>([^<]*)</loc>\s*<lastmod>([^<]*)</lastmod>", sitemap))
    assert entries, "sitemap has no dated entries"
    # Every record of the small base happened on 2026-03-04; no page may carry today's date.
    assert set(entries.values()) == {"2026-03-04"}


def test_no_output_file_contains_the_build_date(tmp_path: Path) -> None:
    from datetime import date

    config = write_base(tmp_path, small_base())
    site = build_site(config, site_dir=tmp_path / "site").site_dir
    today = date.today().isoformat()
    for path in output_files(site):
        if path.suffix in (".html", ".xml", ".json"):
            assert today not in path.read_text(encoding="utf-8"), path
