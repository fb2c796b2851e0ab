"""What day it is: one place to ask, so tests and reproducible builds can fix it."""

from __future__ import annotations

import os
from datetime import date, datetime, timezone

ENV = "SKMS_TODAY"  # e.g. SKMS_TODAY=2026-03-04


class ClockError(ValueError):
    """$SKMS_TODAY is set but is not a date."""


def fixed_today() -> date | None:
    """The day $SKMS_TODAY fixes, or None when it is unset or empty."""
    fixed = os.environ.get(ENV, "").strip()
    if not fixed:
        return None
    try:
        return date.fromisoformat(fixed)
    except ValueError:
        # Silently using the real date would make a "reproducible" build differ run to run.
        raise ClockError(
            f"{ENV}={fixed!r} is not a date; write it as YYYY-MM-DD (e.g. 2026-03-04) or unset it"
        ) from None


def today(value: date | None = None) -> date:
    """`value` when given, else $SKMS_TODAY, else today's date in UTC."""
    if value is not None:
        return value
    return fixed_today() or datetime.now(timezone.utc).date()
