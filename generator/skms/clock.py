"""What day it is: one place to ask, so tests and reproducible builds can fix it."""

from __future__ import annotations

import os
from datetime import date, datetime, timezone

ENV = "SKMS_TODAY"  # e.g. SKMS_TODAY=2026-03-04


def today(value: date | None = None) -> date:
    """`value` when given, else $SKMS_TODAY, else today's date in UTC."""
    if value is not None:
        return value
    fixed = os.environ.get(ENV, "").strip()
    if fixed:
        try:
            return date.fromisoformat(fixed)
        except ValueError:
            pass  # a malformed override must not break a build; fall back to the real date
    return datetime.now(timezone.utc).date()
