"""Visibility fails closed: a record whose visibility cannot be read with certainty is restricted.

A `public` build publishes what a record says about itself, so a typo must never widen an
audience: `visibility: Restricted`, `[restricted]`, `'restricted '`, an empty value, the key
written twice, a misspelled key (`Visibility:`, `visibilty:`) or front matter that cannot be
read all make the record `restricted` for every build, with an error (SKMS211) that says why.
"""

from __future__ import annotations

import difflib
import functools
from typing import Any

from ..diagnostics import Diagnostics
from ..model import Record

VALUES = ("public", "internal", "restricted")
KEY = "visibility"
FAIL_CLOSED = "restricted"
CODE = "SKMS211"


@functools.lru_cache(maxsize=4096)
def _lookalike(key: str) -> bool:
    """A key that a person may have meant as `visibility` (case, spaces, one or two typos).

    Cached: a base repeats the same few dozen keys in every record, and the comparison is
    the costliest step of loading a record when it is made for every key.
    """
    folded = key.strip().lower()
    if folded == KEY:
        return True
    matcher = difflib.SequenceMatcher(None, folded, KEY)
    return (
        matcher.real_quick_ratio() >= 0.8
        and matcher.quick_ratio() >= 0.8
        and matcher.ratio() >= 0.8
    )


def settle_visibility(
    record: Record,
    data: dict[Any, Any],
    diags: Diagnostics,
    *,
    readable: bool,
    repeated: set[str],
) -> None:
    """Set `data["visibility"]` to restricted when it cannot be established, and report why.

    `readable` is False when the front matter is missing or could not be parsed into a
    mapping; `repeated` holds the top-level keys written twice. A record without any
    visibility key is left alone: it gets the configured default.
    """
    reason, line = _problem(record, data, readable=readable, repeated=repeated)
    if reason is None:
        return
    diags.add(
        CODE,
        record.path,
        f"{reason}; the record is treated as restricted in every build",
        line=line,
        hint="write exactly one line `visibility: public`, `internal` or `restricted`",
    )
    data[KEY] = FAIL_CLOSED


def _problem(
    record: Record, data: dict[Any, Any], *, readable: bool, repeated: set[str]
) -> tuple[str | None, int | None]:
    if not readable:
        return "the front matter cannot be read, so its visibility is unknown", 1
    if KEY in repeated:
        return "`visibility` is written twice", record.line_of(KEY)
    lookalikes = sorted(k for k in data if isinstance(k, str) and k != KEY and _lookalike(k))
    if lookalikes:
        return (
            f"key {lookalikes[0]!r} looks like a misspelled `visibility`",
            record.line_of(lookalikes[0]),
        )
    if KEY not in data:
        return None, None
    value = data[KEY]
    if not isinstance(value, str) or value not in VALUES:
        shown = "empty" if value is None else repr(value)
        return f"visibility {shown} is not one of {', '.join(VALUES)}", record.line_of(KEY)
    return None, None


def unestablished(diags: Diagnostics) -> list[str]:
    """Paths of the records whose visibility could not be established, sorted."""
    return sorted({d.path for d in diags if d.code == CODE})


def public_refusal(diags: Diagnostics) -> str | None:
    """Why a public build or export must stop, or None: a record's visibility is unknown.

    Such records are left out already (restricted); publishing still stops, so that nobody
    publishes a base whose audience a typo may have changed.
    """
    unknown = unestablished(diags)
    if not unknown:
        return None
    shown = ", ".join(unknown[:5]) + (f" and {len(unknown) - 5} more" if len(unknown) > 5 else "")
    return (
        f"a public site or export needs every record's visibility; it cannot be established for "
        f"{shown} (SKMS211)"
    )
