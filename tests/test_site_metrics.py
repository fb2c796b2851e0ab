"""The metrics page: durations, failure rate, repeats, overdue items, drawn without a CDN."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitekit import article, build, page, record, small_base
from skms.plugin.charts import horizontal_bars, stacked_columns


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    mp = pytest.MonkeyPatch()
    mp.setenv("SKMS_TODAY", "2026-04-01")
    records = small_base() + [
        record(
            "review",
            "## Summary\nAgain PRB-0001.\n",
            id="INC-0002",
            title="Checkout outage again",
            status="draft",
            severity="SEV2",
            services=["checkout"],
            problems=["PRB-0001"],
            started="2026-03-20T10:00:00Z",
            resolved="2026-03-20T13:00:00Z",
            action_items=[
                {"title": "Cap the <pool>", "owner": "team-checkout", "due": "2026-03-25"}
            ],
            visibility="public",
        )
    ]
    try:
        return build(tmp_path_factory.mktemp("metrics"), records)
    finally:
        mp.undo()


def test_metrics_page_shows_time_to_resolve_by_severity(site: Path) -> None:
    html = article(page(site, "metrics"))
    table = html.split('id="by-severity"')[1].split("</table>")[0]
    row = next(r for r in table.split("<tr>") if "SEV2" in r and "<td>" in r)
    assert "<td>2</td>" in row  # two incidents
    # INC-0001 took 1 h, INC-0002 3 h: the median is 2 h, the mean too.
    assert '<td>2 h 00 min <span class="skms-note">(mean 2 h 00 min, n=2)</span></td>' in row


def test_a_problem_behind_two_incidents_is_listed_as_a_repeat(site: Path) -> None:
    section = article(page(site, "metrics")).split('id="repeat-problems"')[1]
    assert "PRB-0001" in section.split("</table>")[0]
    assert "INC-0001" in section and "INC-0002" in section


def test_overdue_action_items_name_their_owner_escaped(site: Path) -> None:
    section = article(page(site, "metrics")).split('id="action-items"')[1]
    assert "Cap the &lt;pool&gt;" in section and "<pool>" not in section
    assert "team-checkout" in section and "7 days" in section


def test_charts_are_inline_svg_with_escaped_labels() -> None:
    svg = horizontal_bars([("<b>x</b>", 2.0, "2 h"), ("y", 1.0, "1 h")], title="T & t")
    assert svg.startswith("<svg") and "<b>" not in svg and "&lt;b&gt;" in svg
    assert "T &amp; t" in svg
    columns = stacked_columns(
        [("2026-03", {"SEV2": 2}), ("2026-04", {})], ["SEV1", "SEV2"], title="m"
    )
    assert columns.count("<rect") == 1 + 2  # one bar, two legend keys


def test_metrics_page_requests_nothing_from_outside(site: Path) -> None:
    html = page(site, "metrics")
    assert "<svg" in html
    assert "cdn" not in html.lower() and "https://" not in article(html)
