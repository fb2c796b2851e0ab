"""Durations computed from a record's timestamps: how long an incident took to detect, fix...

Shared by record pages, the reviews index and (later) the metrics, so that "time to resolve"
means the same thing everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .kinds import SPECS
from .model import Common


@dataclass(frozen=True)
class Span:
    """A named interval between two timestamp fields of a record."""

    name: str  # stable key, e.g. time_to_resolve
    label: str  # what a reader sees
    start: str  # field names
    end: str


# Measured from when the incident started, except acknowledgement, which is about the on-call
# response once an alert or report exists.
REVIEW_SPANS = (
    Span("time_to_detect", "Time to detect", "started", "detected"),
    Span("time_to_acknowledge", "Time to acknowledge", "detected", "acknowledged"),
    Span("time_to_mitigate", "Time to mitigate", "started", "mitigated"),
    Span("time_to_resolve", "Time to resolve", "started", "resolved"),
)
PROBLEM_SPANS = (Span("time_open", "Open for", "opened", "resolved"),)
SPANS: dict[str, tuple[Span, ...]] = {"review": REVIEW_SPANS, "problem": PROBLEM_SPANS}


@dataclass(frozen=True)
class Duration:
    span: Span
    value: timedelta


def durations(meta: Common) -> list[Duration]:
    """The spans of a record whose two timestamps are present and in order."""
    out = []
    for span in SPANS.get(meta.kind, ()):
        start, end = getattr(meta, span.start, None), getattr(meta, span.end, None)
        if not isinstance(start, datetime) or not isinstance(end, datetime):
            continue
        try:
            value = end - start
        except TypeError:  # one naive, one aware: the loader reports it; show nothing
            continue
        if value >= timedelta(0):
            out.append(Duration(span, value))
    return out


def duration_of(meta: Common, name: str) -> timedelta | None:
    for item in durations(meta):
        if item.span.name == name:
            return item.value
    return None


def format_duration(value: timedelta) -> str:
    """`2 d 3 h`, `1 h 05 min`, `12 min`, `40 s`: two units at most, for people scanning a table."""
    seconds = int(value.total_seconds())
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h" if hours else f"{days} d"
    if hours:
        return f"{hours} h {minutes:02d} min"
    if minutes:
        return f"{minutes} min"
    return f"{secs} s"


def latest_date(meta: Common) -> date | None:
    """The most recent of a record's "it happened" dates, or None.

    Used as the page's last-modified date until git history provides the real one.
    """
    found = []
    for name in SPECS[meta.kind].dated:
        value = getattr(meta, name, None)
        if isinstance(value, datetime):
            found.append(value.date())
        elif isinstance(value, date):
            found.append(value)
    return max(found) if found else None
