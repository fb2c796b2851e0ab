"""Which search a site gets: Pagefind by default, Material's lunr search when asked for."""

from __future__ import annotations

from pathlib import Path

from sitekit import build, page, small_base


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
