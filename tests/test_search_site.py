"""Which search a site gets: Pagefind by default, Material's lunr search when asked for."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest

from sitekit import build, page, pagefind_text, small_base, write_base
from skms.plugin.build import build_site


def test_default_build_switches_off_a_listed_search_plugin_and_indexes_with_pagefind(
    tmp_path: Path,
) -> None:
    site = build(tmp_path, small_base(), docs={"index.md": "# Home\n"}, plugins_before="search")
    assert (site / "pagefind/pagefind.js").is_file()
    assert not (site / "search/search_index.json").exists()
    html = page(site, "runbooks/checkout-errors")
    assert "assets/skms/search.js" in html and "md-search__input" not in html
    assert 'rel="search" type="application/opensearchdescription+xml"' in html


def test_search_material_keeps_materials_search_and_writes_no_pagefind_index(
    tmp_path: Path,
) -> None:
    site = build(
        tmp_path, small_base(), options=":\n      search: material", plugins_before="search"
    )
    assert (site / "search/search_index.json").is_file()
    assert not (site / "pagefind").exists()
    html = page(site, "runbooks/checkout-errors")
    assert "md-search__input" in html and "assets/skms/search.js" not in html


def test_the_index_reads_each_page_once_and_leaves_no_staging_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    config = write_base(
        tmp_path / "kb", small_base(), docs={"guide.md": "# Guide\n\nOn-call basics.\n"}
    )
    result = build_site(config, site_dir=tmp_path / "kb/site")
    site = result.site_dir
    assert list(scratch.iterdir()) == []  # the pages Pagefind read are gone with the build
    assert result.search_index is not None and result.search_index.pages == 5
    fragments = [
        json.loads(text[text.index("{") :])  # after Pagefind's own short prefix
        for text in map(pagefind_text, sorted((site / "pagefind/fragment").iterdir()))
    ]
    by_id = {f["meta"].get("id", f["url"]): f for f in fragments}
    # Every record page and the hand-written page, each once; no generated view.
    assert sorted(by_id) == ["/guide/", "INC-0001", "PRB-0001", "checkout", "checkout-errors"]
    assert len(fragments) == len(by_id)
    for fragment in fragments:  # at the site's own addresses
        assert (site / fragment["url"].strip("/") / "index.html").is_file()
    assert by_id["/guide/"]["meta"]["title"] == "Guide"
    assert "On-call basics" in by_id["/guide/"]["content"]
    # The page's text, not the theme's navigation or the record header around it.
    assert "Roll back." in by_id["checkout-errors"]["content"]
    assert "Test base" not in by_id["checkout-errors"]["content"]


def test_a_base_with_nothing_to_index_builds_and_writes_no_search_bundle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    site = build(tmp_path / "kb", [], docs={})
    assert (site / "index.html").is_file()
    assert not (site / "pagefind").exists()
    assert not list(tmp_path.glob("skms-pagefind-*"))


def test_a_dirty_rebuild_keeps_every_page_in_the_index(tmp_path: Path) -> None:
    """`mkdocs build --dirty` writes only changed pages; the index must still hold them all."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    config_file = write_base(tmp_path / "kb", small_base())

    def build(dirty: bool) -> list[str]:
        config = load_config(config_file=str(config_file), site_dir=str(tmp_path / "kb/site"))
        config.plugins.on_startup(command="build", dirty=dirty)
        try:
            mkdocs_build(config, dirty=dirty)
        finally:
            config.plugins.on_shutdown()
        fragments = (tmp_path / "kb/site/pagefind/fragment").iterdir()
        texts = [pagefind_text(path) for path in fragments]
        return sorted(json.loads(text[text.index("{") :])["url"] for text in texts)

    full = build(dirty=False)
    assert len(full) == 5
    assert build(dirty=True) == full
