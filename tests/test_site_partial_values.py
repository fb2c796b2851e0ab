"""A bad value deep in the front matter costs only that value: its siblings reach the site."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sitekit import article, build_site, page, record, small_base, write_base

CHECKLIST = {
    "communications": {"status": "done", "notes": "Status page post drafted"},
    "security_compliance": {"status": "finished", "notes": "Pen test booked"},
    "incident_management": {"status": "in-progress"},
    "service_supplier": {"status": "n-a"},
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, object]]]:
    readiness = record(
        "readiness",
        "## High Level Description\nThe new checkout.\n",
        id="RDY-0001",
        title="Checkout v2",
        release_tier="gold",
        status="in-progress",
        services=["checkout"],
        checklist=CHECKLIST,
        visibility="public",
    )
    review = record(
        "review",
        "## Summary\nSlow pages.\n",
        id="INC-0002",
        title="Slow checkout",
        status="draft",
        severity="SEV3",
        action_items=[
            {"title": "Brief support", "owner": "ana", "due": "2026-03-20"},
            {"title": "Load test the pool", "owner": "ben", "due": "next week"},
        ],
        visibility="public",
    )
    root = tmp_path_factory.mktemp("partial")
    config = write_base(root, [*small_base(), readiness, review])
    result = build_site(config, site_dir=root / "site")
    diagnostics = [
        {"path": d.path, "line": d.line, "code": d.code, "message": d.message}
        for d in result.diagnostics
    ]
    return result.site_dir, diagnostics


def _statuses(html: str) -> dict[str, str]:
    """Checklist section label -> the status shown, from a readiness page's table."""
    rows = re.findall(r"<tr><td>([^<]+)</td><td><span [^>]*title=\"([^\"]+)\"", html)
    return dict(rows)


def test_a_bad_checklist_status_resets_only_its_own_section(
    built: tuple[Path, list[dict[str, object]]],
) -> None:
    site, _ = built
    statuses = _statuses(article(page(site, "readiness/RDY-0001")))
    assert statuses == {
        "1.0 Communications": "Done",
        "2.0 Information Security, Data Protection and Compliance": "Not started",
        "3.0 Incident Management": "In progress",
        "4.0 Service and Supplier Management": "Not applicable",
        "5.0 Stakeholder Awareness": "Not started",
    }


def test_the_notes_beside_a_bad_checklist_status_are_kept(
    built: tuple[Path, list[dict[str, object]]],
) -> None:
    site, _ = built
    html = article(page(site, "readiness/RDY-0001"))
    assert "Status page post drafted" in html
    assert "Pen test booked" in html


def test_the_bad_checklist_status_is_reported_once_at_its_line(
    built: tuple[Path, list[dict[str, object]]],
) -> None:
    _, diagnostics = built
    mine = [d for d in diagnostics if str(d["path"]).endswith("RDY-0001.md")]
    [bad] = [d for d in mine if "checklist" in str(d["message"])]
    assert bad["code"] == "SKMS203"
    assert "checklist.security_compliance.status" in str(bad["message"])
    assert "'finished'" in str(bad["message"])
    text = (Path(site_root(built)) / "knowledge/readiness/RDY-0001.md").read_text()
    assert text.splitlines()[int(bad["line"]) - 1].strip() == "status: finished"


def test_a_bad_date_in_one_action_item_keeps_the_other_items(
    built: tuple[Path, list[dict[str, object]]],
) -> None:
    site, diagnostics = built
    html = article(page(site, "reviews/INC-0002"))
    assert "Brief support" in html
    assert "Load test the pool" in html  # its title and owner stay; only the date goes
    [bad] = [d for d in diagnostics if "action_items[1].due" in str(d["message"])]
    assert bad["code"] == "SKMS204"


def site_root(built: tuple[Path, list[dict[str, object]]]) -> Path:
    return built[0].parent
