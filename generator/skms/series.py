"""Incidents over time: the knowledge base's own span, never the clock's.

The axis runs from the first to the last incident the base holds (or the configured window),
one column per month; by quarter when that is more than `MAX_COLUMNS` months, by year when it
is more than `MAX_COLUMNS` quarters. Empty periods are kept so the axis is even. An incident
without a severity, or with one the configuration does not list, counts as "unknown" and is
drawn as its own series.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from .config import MetricsWindow

MAX_COLUMNS = 36
UNKNOWN = "unknown"


@dataclass(frozen=True)
class IncidentSeries:
    unit: str  # "month", "quarter" or "year"
    columns: list[tuple[str, dict[str, int]]] = field(default_factory=list)  # (label, sev -> n)
    series: list[str] = field(default_factory=list)  # stacking order: severities, then unknown
    start: date | None = None
    end: date | None = None


def _month_index(d: date) -> int:
    return d.year * 12 + d.month - 1


def _label(unit: str, index: int) -> str:
    """`index` counts months, quarters or years from year 0."""
    if unit == "month":
        return f"{index // 12:04d}-{index % 12 + 1:02d}"
    if unit == "quarter":
        return f"{index // 4:04d} Q{index % 4 + 1}"
    return f"{index:04d}"


def _bucket(unit: str, month: int) -> int:
    if unit == "month":
        return month
    if unit == "quarter":
        return month // 3
    return month // 12


def _window(window: MetricsWindow | None, starts: list[date]) -> tuple[date | None, date | None]:
    """(first, last) day counted: the configured window, else the data's own span."""
    first = min(starts, default=None)
    last = max(starts, default=None)
    if window is None:
        return first, last
    if window.to is not None:
        last = window.to
    if window.from_ is not None:
        first = window.from_
    elif window.months is not None and last is not None:
        # The last N months of the base (or of `to`): the month of `last` and N - 1 before it.
        m = _month_index(last) - (window.months - 1)
        first = date(m // 12, m % 12 + 1, 1)
    return first, last


def incident_series(
    started: Iterable[tuple[datetime | None, str | None]],
    severities: list[str],
    window: MetricsWindow | None = None,
) -> IncidentSeries:
    """Incidents per period by severity, from (started, severity) pairs."""
    dated = [(s.date(), sev) for s, sev in started if s is not None]
    first, last = _window(window, [d for d, _ in dated])
    if first is None or last is None or first > last:
        return IncidentSeries("month")
    span = _month_index(last) - _month_index(first) + 1
    unit = "month" if span <= MAX_COLUMNS else "quarter" if span <= 3 * MAX_COLUMNS else "year"
    lo, hi = _bucket(unit, _month_index(first)), _bucket(unit, _month_index(last))
    counts: dict[int, Counter[str]] = {i: Counter() for i in range(lo, hi + 1)}
    known = set(severities)
    for day, sev in dated:
        if first <= day <= last:
            counts[_bucket(unit, _month_index(day))][sev if sev in known else UNKNOWN] += 1
    present = {name for c in counts.values() for name in c}
    # Every configured severity keeps its place (and so its colour), present or not.
    series = list(severities)
    if UNKNOWN in present:
        series.append(UNKNOWN)
    columns = [(_label(unit, i), dict(counts[i])) for i in range(lo, hi + 1)]
    return IncidentSeries(unit, columns, series, first, last)
