"""Everything a record says is text on the page: titles and fields cannot inject markup."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitekit import build, output_files, pagefind_text, record, small_base

SCRIPT = '<script>alert("x")</script>'


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    hostile = record(
        "review",
        f"## Summary\nSee [[PRB-0001|{SCRIPT}]].\n",
        id="INC-0066",
        title=f"Outage {SCRIPT}",
        status="draft",
        severity="SEV3",
        owner=SCRIPT,
        impact=f"Impact {SCRIPT}",
        authors=[SCRIPT],
        tags=[SCRIPT],
        services=["checkout"],
        started="2026-03-05T10:00:00Z",
        action_items=[{"title": SCRIPT, "owner": SCRIPT, "link": 'javascript:alert("x")'}],
        visibility="public",
    )
    service = record(
        "service", "", id="evil", title=SCRIPT, tier="bronze", team=SCRIPT, visibility="public"
    )
    return build(tmp_path_factory.mktemp("security"), [*small_base(), hostile, service])


def test_script_in_titles_and_fields_never_reaches_a_page_as_markup(site: Path) -> None:
    for path in output_files(site):
        if path.suffix in (".html", ".xml"):
            assert "<script>alert" not in path.read_text(encoding="utf-8"), path


def test_script_in_a_title_is_shown_as_text(site: Path) -> None:
    html = (site / "reviews/INC-0066/index.html").read_text(encoding="utf-8")
    assert "Outage &lt;script&gt;alert(" in html


def test_search_index_holds_titles_as_data_and_pages_mark_them_escaped(site: Path) -> None:
    # Pagefind keeps text as JSON strings (the search script shows them with textContent);
    # the attributes it read them from are escaped like any other text of the page.
    html = (site / "reviews/INC-0066/index.html").read_text(encoding="utf-8")
    assert 'data-v="Outage &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;"' in html
    fragments = sorted((site / "pagefind/fragment").glob("*.pf_fragment"))
    metas = [json.loads(pagefind_text(p).removeprefix("pagefind_dcd"))["meta"] for p in fragments]
    assert {"id": "INC-0066", "title": f"Outage {SCRIPT}"}.items() <= next(
        m for m in metas if m.get("id") == "INC-0066"
    ).items()


def test_records_json_keeps_the_title_as_data(site: Path) -> None:
    data = json.loads((site / "records.json").read_text(encoding="utf-8"))
    titles = {r["id"]: r["title"] for r in data["records"]}
    assert titles["INC-0066"] == f"Outage {SCRIPT}"


def test_links_given_in_fields_are_dropped_unless_http_or_mailto(site: Path) -> None:
    html = (site / "reviews/INC-0066/index.html").read_text(encoding="utf-8")
    assert 'href="javascript:' not in html
