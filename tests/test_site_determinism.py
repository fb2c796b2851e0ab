"""The same input gives byte-identical sites, with dates from the records, never the clock."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sitekit import REPO_ROOT, output_files, small_base, write_base
from skms.plugin.build import build_site


@pytest.fixture(autouse=True)
def no_source_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_building_the_example_twice_gives_identical_files(tmp_path: Path) -> None:
    config = REPO_ROOT / "mkdocs.yml"
    first = snapshot(build_site(config, site_dir=tmp_path / "one").site_dir)
    second = snapshot(build_site(config, site_dir=tmp_path / "two").site_dir)
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


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
