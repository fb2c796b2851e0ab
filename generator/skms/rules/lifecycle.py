"""Review lifecycle rules: what a review must hold once it leaves draft, and overdue actions.

A review may be incomplete while it is written (`draft`, `in-review`). Marking it `reviewed`
or `closed` is the team saying "we learned what we could": from then on it must say what
happened (impact, timestamps), why (contributing factors) and what changes (action items,
each owned and dated). Open action items past their due date are reported whatever the
review's status, naming the owner, because nobody else will chase them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from pydantic import ValidationError

from .. import clock
from ..diagnostics import Diagnostics
from ..model import ActionItem, Record, Review
from .sections import (
    ACTION_ITEMS_SYNONYMS,
    CONTRIBUTING_FACTORS,
    CONTRIBUTING_FACTORS_SYNONYMS,
    Section,
    find_sections,
)

COMPLETE_STATUSES = ("reviewed", "closed")
# What each required timestamp records, for the message that asks for it.
REQUIRED_TIMESTAMPS = {
    "started": "when the incident began",
    "detected": "when someone or something noticed it",
    "mitigated": "when the impact ended",
    "resolved": "when the cause was dealt with",
}
EXAMPLE_TIME = "2026-03-04T10:15:00Z"


def check_lifecycle(
    records: Iterable[Record], diags: Diagnostics, today: date | None = None
) -> None:
    """Add SKMS301 (incomplete reviewed review) and SKMS302 (overdue action item) diagnostics."""
    today = clock.today(today)
    for record in records:
        if record.kind != "review" or not isinstance(record.meta, Review):
            continue
        if record.meta.status in COMPLETE_STATUSES:
            _check_complete(record, diags)
        _check_overdue(record, diags, today)


def contributing_factors(body: str) -> list[str]:
    """The bullets under the contributing-factors heading(s), however they are worded."""
    return [b for s in find_sections(body, CONTRIBUTING_FACTORS_SYNONYMS) for b in s.bullets]


def _check_complete(record: Record, diags: Diagnostics) -> None:
    meta = record.meta
    assert isinstance(meta, Review)
    because = f"a {meta.status} review"

    def missing(message: str, hint: str, line: int | None = None) -> None:
        # Lines are looked up only for what is reported: most reviews are complete.
        line = line or record.line_of("status")
        diags.add("SKMS301", record.path, message, line=line, hint=hint)

    def body_line(section: Section) -> int:
        return record.body_line + section.line - 1

    if not (meta.impact or "").strip():
        missing(
            f"{because} needs `impact` in its front matter",
            "say who was affected, how, and for how long, e.g. "
            "`impact: 12% of checkouts failed for 40 minutes`",
        )
    for name, what in REQUIRED_TIMESTAMPS.items():
        if getattr(meta, name) is None:
            missing(
                f"{because} needs `{name}` in its front matter ({what})",
                f"an ISO 8601 timestamp with its timezone, e.g. `{name}: {EXAMPLE_TIME}`",
            )
    factors = find_sections(record.body, CONTRIBUTING_FACTORS_SYNONYMS)
    if not any(s.bullets for s in factors):
        if factors:
            section = factors[0]
            missing(
                f"{because} needs at least one contributing factor: `## {section.heading}` "
                "has no bullet list",
                "write each factor on its own line starting with `- `: specific conditions, "
                "not people",
                body_line(section),
            )
        else:
            missing(
                f"{because} needs at least one contributing factor: a `- ` bullet under a "
                f"`## {CONTRIBUTING_FACTORS}` heading",
                "the heading may also read Root cause, Root causes, Causes or Causal factors, "
                "in any case, with words in parentheses after it; name specific conditions, "
                "not people",
            )
    items = _raw_action_items(record)
    if not items:
        listed = [s for s in find_sections(record.body, ACTION_ITEMS_SYNONYMS) if s.bullets]
        if listed:
            section = listed[0]
            count = sum(len(s.bullets) for s in listed)
            missing(
                f"{because} needs its action items in the front-matter list `action_items`: "
                f"the {count} bullet{'s' if count != 1 else ''} under `## {section.heading}` "
                "are not tracked",
                "move each into `action_items:` as `- title: ...` with `owner` and `due` "
                "(e.g. `due: 2026-04-15`), so overdue items are reported and counted; the body "
                "list may stay as prose",
                body_line(section),
            )
        else:
            missing(
                f"{because} needs at least one action item in the front-matter list `action_items`",
                "`action_items:` then `- title: ...` with `owner` and `due` "
                "(e.g. `due: 2026-04-15`): what will change, who sees it through, by when",
            )
    for index, item in items:
        title = _item_title(item, index)
        for name, hint in (
            ("owner", "a team or a person who will see it through, e.g. `owner: team-payments`"),
            ("due", "a date, e.g. `due: 2026-04-15`"),
        ):
            if item.get(name) in (None, ""):
                missing(
                    f"action item {title} has no `{name}`",
                    hint,
                    record.line_of("action_items", index),
                )


def _check_overdue(record: Record, diags: Diagnostics, today: date) -> None:
    for index, raw in _raw_action_items(record):
        try:
            item = ActionItem.model_validate(raw)
        except ValidationError:
            continue  # the loader has reported what is wrong with it
        if item.status != "open" or item.due is None or item.due >= today:
            continue
        days = (today - item.due).days
        owner = f"owned by {item.owner}" if item.owner else "with no owner"
        diags.add(
            "SKMS302",
            record.path,
            f"action item {_item_title(raw, index)} {owner} was due {item.due.isoformat()} "
            f"({days} day{'s' if days != 1 else ''} ago) and is still open",
            line=record.line_of("action_items", index),
            hint="finish it (status: done), agree a new due date, or close it with status: wontfix",
        )


def _raw_action_items(record: Record) -> list[tuple[int, dict[str, Any]]]:
    """(index in the file, item) for each action item as written.

    The raw front matter is used rather than the validated model because the loader drops an
    item that fails validation, which would shift every later item off its own line.
    """
    raw = record.front_matter.get("action_items") if isinstance(record.front_matter, dict) else None
    if not isinstance(raw, list):
        return []
    return [(i, item) for i, item in enumerate(raw) if isinstance(item, dict)]


def _item_title(item: dict[str, Any], index: int) -> str:
    title = item.get("title")
    if isinstance(title, str) and title.strip():
        return f"{title.strip()!r}"
    return f"#{index + 1}"
