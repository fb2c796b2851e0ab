"""Review lifecycle rules: SKMS301 (a reviewed review is incomplete) and SKMS302 (overdue action)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from conftest import run_check
from skms.config import load_config
from skms.diagnostics import Diagnostics
from skms.load import load
from skms.rules.lifecycle import check_lifecycle, contributing_factors

COMPLETE_FRONT = """\
id: INC-0002
title: Payment errors
status: {status}
severity: SEV2
services: [checkout]
started: 2026-03-04T10:00:00Z
detected: 2026-03-04T10:05:00Z
mitigated: 2026-03-04T10:40:00Z
resolved: 2026-03-04T11:00:00Z
impact: 3% of card payments failed for 40 minutes.
action_items:
  - title: Alert on the payment error ratio
    type: detect
    owner: team-payments
    due: 2026-04-01
    status: done
"""

COMPLETE_BODY = """\
## Summary
Card payments failed.

## Contributing factors
- The provider's timeout was longer than ours.
"""

STATUS_LINE = 4  # line of `status:` in COMPLETE_FRONT (the file's line 1 is `---`)
PATH = "reviews/INC-0002-payment-errors.md"


def write_review(kb: Path, front: str, body: str = COMPLETE_BODY) -> str:
    (kb / PATH).write_text(f"---\n{front}---\n{body}", encoding="utf-8")
    return PATH


def lifecycle_findings(kb: Path, *args: str) -> list[dict]:
    run = run_check(kb, *args)
    return [d for d in run.diagnostics if d["code"] in ("SKMS301", "SKMS302")]


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SKMS_TODAY", "2026-04-04")


@pytest.mark.parametrize("status", ["reviewed", "closed"])
def test_a_complete_review_has_no_lifecycle_findings(kb: Path, status: str) -> None:
    write_review(kb, COMPLETE_FRONT.format(status=status))
    assert lifecycle_findings(kb) == []


@pytest.mark.parametrize("status", ["draft", "in-review"])
def test_a_review_being_written_may_be_incomplete(kb: Path, status: str) -> None:
    write_review(
        kb, f"id: INC-0002\ntitle: Payment errors\nstatus: {status}\nseverity: SEV3\n", body=""
    )
    assert lifecycle_findings(kb) == []


@pytest.mark.parametrize("status", ["reviewed", "closed"])
def test_missing_impact_is_reported_on_the_status_line(kb: Path, status: str) -> None:
    front = COMPLETE_FRONT.format(status=status).replace(
        "impact: 3% of card payments failed for 40 minutes.\n", ""
    )
    write_review(kb, front)
    [finding] = lifecycle_findings(kb)
    assert finding["code"] == "SKMS301"
    assert finding["severity"] == "error"
    assert finding["path"] == PATH
    assert finding["line"] == STATUS_LINE
    assert finding["message"] == f"a {status} review needs `impact` in its front matter"


def test_each_missing_timestamp_is_its_own_finding(kb: Path) -> None:
    front = "\n".join(
        line
        for line in COMPLETE_FRONT.format(status="reviewed").split("\n")
        if not line.startswith(("started", "detected", "mitigated", "resolved"))
    )
    write_review(kb, front)
    messages = [d["message"] for d in lifecycle_findings(kb)]
    assert messages == [
        "a reviewed review needs `detected` in its front matter (when someone or something noticed it)",
        "a reviewed review needs `mitigated` in its front matter (when the impact ended)",
        "a reviewed review needs `resolved` in its front matter (when the cause was dealt with)",
        "a reviewed review needs `started` in its front matter (when the incident began)",
    ]


def test_a_reviewed_review_without_contributing_factors_is_reported(kb: Path) -> None:
    write_review(kb, COMPLETE_FRONT.format(status="reviewed"), body="## Summary\nIt broke.\n")
    [finding] = lifecycle_findings(kb)
    assert finding["message"] == (
        "a reviewed review needs at least one contributing factor: a `- ` bullet under a "
        "`## Contributing factors` heading"
    )
    assert "Root causes" in finding["hint"]
    assert finding["line"] == STATUS_LINE


def test_bullets_inside_a_template_comment_are_not_contributing_factors(kb: Path) -> None:
    body = "## Contributing factors\n<!--\n- e.g. the retry budget was unbounded\n-->\n"
    write_review(kb, COMPLETE_FRONT.format(status="reviewed"), body=body)
    [finding] = lifecycle_findings(kb)
    assert finding["message"] == (
        "a reviewed review needs at least one contributing factor: `## Contributing factors` "
        "has no bullet list"
    )
    # On the heading's own line: the body starts on line 19, after the closing `---`.
    assert finding["line"] == 19


def test_contributing_factors_are_the_bullets_of_their_section_only() -> None:
    body = (
        "## Summary\n- not a factor\n\n## Contributing factors\n<!-- a comment -->\n"
        "- Pool unbounded\n  - a nested detail\n* Retries without jitter\n\n## Lessons\n- later\n"
    )
    assert contributing_factors(body) == ["Pool unbounded", "Retries without jitter"]


def test_a_reviewed_review_without_action_items_is_reported(kb: Path) -> None:
    front = COMPLETE_FRONT.format(status="reviewed").split("action_items:")[0]
    write_review(kb, front)
    [finding] = lifecycle_findings(kb)
    assert finding["message"] == (
        "a reviewed review needs at least one action item in the front-matter list `action_items`"
    )
    assert finding["line"] == STATUS_LINE


def test_an_action_item_without_owner_or_due_is_reported_on_its_own_line(kb: Path) -> None:
    front = COMPLETE_FRONT.format(status="reviewed") + (
        "  - title: Add jitter to retries\n"  # line 18
        "    type: prevent\n"
    )
    write_review(kb, front)
    findings = lifecycle_findings(kb)
    assert [(d["line"], d["message"]) for d in findings] == [
        (18, "action item 'Add jitter to retries' has no `due`"),
        (18, "action item 'Add jitter to retries' has no `owner`"),
    ]


def test_an_invalid_action_item_does_not_shift_later_items_off_their_lines(kb: Path) -> None:
    # The first item has no title, so the loader drops it from the model; the second item
    # must still be reported on its own line, not on the first one's.
    front = COMPLETE_FRONT.format(status="reviewed").split("action_items:")[0] + (
        "action_items:\n"
        "  - owner: team-payments\n"  # line 13
        "    due: 2026-05-01\n"
        "  - title: Add jitter to retries\n"  # line 15
        "    due: 2026-05-01\n"
    )
    write_review(kb, front)
    assert [(d["line"], d["message"]) for d in lifecycle_findings(kb)] == [
        (15, "action item 'Add jitter to retries' has no `owner`")
    ]


def test_an_open_action_item_past_its_due_date_is_a_warning_naming_the_owner(kb: Path) -> None:
    front = COMPLETE_FRONT.format(status="reviewed").replace("status: done", "status: open")
    write_review(kb, front)
    [finding] = lifecycle_findings(kb)
    assert finding["code"] == "SKMS302"
    assert finding["severity"] == "warning"
    assert finding["line"] == 13  # the item's `- title:` line
    assert finding["message"] == (
        "action item 'Alert on the payment error ratio' owned by team-payments was due "
        "2026-04-01 (3 days ago) and is still open"
    )


def test_overdue_actions_are_reported_in_drafts_too(kb: Path) -> None:
    front = COMPLETE_FRONT.format(status="draft").replace("status: done", "status: open")
    write_review(kb, front)
    assert [d["code"] for d in lifecycle_findings(kb)] == ["SKMS302"]


@pytest.mark.parametrize(
    ("status", "due"),
    [
        ("open", "2026-04-04"),
        ("open", "2026-04-10"),
        ("done", "2026-01-01"),
        ("wontfix", "2026-01-01"),
    ],
)
def test_an_action_item_due_today_later_or_finished_is_not_overdue(
    kb: Path, monkeypatch: pytest.MonkeyPatch, status: str, due: str
) -> None:
    monkeypatch.setenv("SKMS_TODAY", "2026-04-04")
    front = (
        COMPLETE_FRONT.format(status="reviewed")
        .replace("status: done", f"status: {status}")
        .replace("due: 2026-04-01", f"due: {due}")
    )
    write_review(kb, front)
    assert lifecycle_findings(kb) == []


def test_an_overdue_warning_fails_the_check_only_under_strict(kb: Path) -> None:
    front = COMPLETE_FRONT.format(status="reviewed").replace("status: done", "status: open")
    write_review(kb, front)
    assert run_check(kb).exit_code == 0
    assert run_check(kb, "--strict").exit_code == 1


def test_today_can_be_passed_to_the_rules_directly(kb: Path) -> None:
    front = COMPLETE_FRONT.format(status="reviewed").replace("status: done", "status: open")
    write_review(kb, front)
    records = load(load_config(kb / "mkdocs.yml")).records

    def overdue(today: date) -> list[str]:
        diags = Diagnostics()
        check_lifecycle(records, diags, today=today)
        return [d.message for d in diags if d.code == "SKMS302"]

    assert overdue(date(2026, 4, 1)) == []
    assert overdue(date(2026, 4, 2)) == [
        "action item 'Alert on the payment error ratio' owned by team-payments was due "
        "2026-04-01 (1 day ago) and is still open"
    ]
