"""Stale runbooks: a runbook is due for review `review_every` days after its last review.

Without `last_reviewed`, its file's last change in git counts as the last review.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from ..diagnostics import Diagnostics
from ..model import Record


@dataclass(frozen=True)
class StaleRunbook:
    """A runbook's review date; it is stale when `days_overdue` > 0."""

    id: str
    due: date  # when the review falls or fell due
    days_overdue: int  # negative while the review is not yet due
    review_every: int  # days
    last_reviewed: date | None
    basis: Literal["last_reviewed", "last change"]  # what `due` counts from


def review_dates(
    runbooks: Iterable[Record],
    last_changed: Callable[[Record], date | None],
    review_every: int,
    today: date,
) -> dict[str, StaleRunbook]:
    """Every runbook's review due date (stale or not), by id; runbooks with no date are left out."""
    out: dict[str, StaleRunbook] = {}
    for record in runbooks:
        every = getattr(record.meta, "review_every", None) or review_every
        last = getattr(record.meta, "last_reviewed", None)
        basis: Literal["last_reviewed", "last change"] = "last_reviewed"
        if last is None:
            last = last_changed(record)
            if last is None:
                continue
            basis = "last change"
        due = last + timedelta(days=every)
        out[record.id] = StaleRunbook(record.id, due, (today - due).days, every, last, basis)
    return out


def check_stale_runbooks(
    stale: Iterable[StaleRunbook],
    record_of: Callable[[str], Record],
    today: date,
    diags: Diagnostics,
) -> None:
    """SKMS406 for every runbook past its review date."""
    for item in stale:
        record = record_of(item.id)
        since = (
            f"last reviewed {item.last_reviewed}"
            if item.basis == "last_reviewed"
            else f"no last_reviewed; last changed {item.last_reviewed}"
        )
        diags.add(
            "SKMS406",
            record.path,
            f"runbook {item.id} was due for review on {item.due} ({since}, review every {item.review_every} days)",
            line=record.line_of("last_reviewed") or record.line_of("id"),
            hint=f"review it and set `last_reviewed: {today}`",
        )
