"""Long lists split into pages by period, so no generated page grows with the base.

A list of at most `PAGE_ROWS` records stays on one page. A longer one is cut by year; a year
with more rows by quarter, a quarter by month, and a month still too long into numbered parts.
Records without a date go last, in parts of `PAGE_ROWS`. The same records always give the
same pages, so addresses are stable between builds of the same base.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..model import Record

PAGE_ROWS = 400  # about 180 KB of table rows: well under 500 KB with the theme around them
MONTHS = (
    "January February March April May June July August September October November December"
).split()


@dataclass(frozen=True)
class Period:
    key: str  # the last segment of its address: "2025", "2025-q3", "2025-07", "2025-07-2"
    title: str  # "2025", "2025 Q3", "July 2025", "July 2025 (2)"
    year: str  # "2025", or "Undated"
    records: list[Record]


def _chunks(key: str, title: str, year: str, records: list[Record], rows: int) -> list[Period]:
    if len(records) <= rows:
        return [Period(key, title, year, records)]
    return [
        Period(
            key if i == 0 else f"{key}-{i // rows + 1}",
            title if i == 0 else f"{title} ({i // rows + 1})",
            year,
            records[i : i + rows],
        )
        for i in range(0, len(records), rows)
    ]


def _by(
    records: list[Record],
    when: Callable[[Record], datetime | None],
    part: Callable[[datetime], int],
) -> list[tuple[int, list[Record]]]:
    """Records grouped by `part(date)`, in the order they come (newest first)."""
    groups: dict[int, list[Record]] = {}
    for record in records:
        moment = when(record)
        assert moment is not None
        groups.setdefault(part(moment), []).append(record)
    return list(groups.items())


def periods(
    records: list[Record], when: Callable[[Record], datetime | None], rows: int | None = None
) -> list[Period]:
    """`records` (newest first, undated last) cut into pages of at most `rows` each."""
    rows = rows or PAGE_ROWS
    dated = [r for r in records if when(r) is not None]
    undated = [r for r in records if when(r) is None]
    out: list[Period] = []
    for year, in_year in _by(dated, when, lambda d: d.year):
        y = f"{year:04d}"
        if len(in_year) <= rows:
            out.append(Period(y, y, y, in_year))
            continue
        for quarter, in_quarter in _by(in_year, when, lambda d: (d.month - 1) // 3 + 1):
            if len(in_quarter) <= rows:
                out.append(Period(f"{y}-q{quarter}", f"{y} Q{quarter}", y, in_quarter))
                continue
            for month, in_month in _by(in_quarter, when, lambda d: d.month):
                out += _chunks(f"{y}-{month:02d}", f"{MONTHS[month - 1]} {y}", y, in_month, rows)
    if undated:
        out += _chunks("undated", "Undated", "Undated", undated, rows)
    return out


@dataclass(frozen=True)
class Part:
    key: str  # "a-c", "p", "p-2": the last segment of its address
    title: str  # "A–C", "P", "P (2)"
    items: list[Any]


def _initial(name: str) -> str:
    first = name[:1].upper()
    return first if first.isalpha() else "#"


def by_initial(
    items: list[Any],
    name: Callable[[Any], str],
    weight: Callable[[Any], int] = lambda _: 1,
    rows: int | None = None,
) -> list[Part]:
    """`items` (sorted by name) in parts of at most `rows` weight, cut between initials:
    consecutive small initials share a part ("A–C"), a large one is cut into numbered parts."""
    rows = rows or PAGE_ROWS
    groups: dict[str, list[Any]] = {}
    for item in items:
        groups.setdefault(_initial(name(item)), []).append(item)
    out: list[Part] = []
    run: list[str] = []
    held: list[Any] = []

    def flush() -> None:
        if run:
            first, last = run[0], run[-1]
            key = _slug(first) if first == last else f"{_slug(first)}-{_slug(last)}"
            out.append(Part(key, first if first == last else f"{first}–{last}", list(held)))
            run.clear()
            held.clear()

    for initial, members in groups.items():
        size = sum(weight(m) for m in members)
        if size > rows:
            flush()
            chunk: list[Any] = []
            total, n = 0, 1
            for member in members:
                if chunk and total + weight(member) > rows:
                    out.append(_part(initial, n, chunk))
                    chunk, total, n = [], 0, n + 1
                chunk.append(member)
                total += weight(member)
            out.append(_part(initial, n, chunk))
            continue
        if held and sum(weight(m) for m in held) + size > rows:
            flush()
        run.append(initial)
        held.extend(members)
    flush()
    return out


def _slug(initial: str) -> str:
    return "0" if initial == "#" else initial.lower()


def _part(initial: str, n: int, items: list[Any]) -> Part:
    key = _slug(initial) if n == 1 else f"{_slug(initial)}-{n}"
    return Part(key, initial if n == 1 else f"{initial} ({n})", list(items))
