"""The runbook catalog and the alerts index, in pages that stay small at any size.

Up to `paging.PAGE_ROWS` rows, each is one page as before. Beyond that, `/runbooks/` lists the
services with their runbook counts and `/alerts/` the initials of the alerts, and the rows go
to pages cut between initials (`/runbooks/by-service/a-c/`, `/alerts/by-name/k/`). Those
addresses cannot be taken by a runbook or an alert: theirs are one segment deep.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import paging
from .paging import Part, by_initial
from .structure import Site
from .views import View, alerts_data, runbooks_data


def _rows() -> int:
    return paging.PAGE_ROWS  # read at call time: a test may lower it


def _part_data(base: dict[str, Any], parts: list[Part], i: int, name: str) -> dict[str, Any]:
    return {
        **base,
        "part": parts[i],
        "parts": parts,
        "prev_part": parts[i - 1] if i > 0 else None,
        "next_part": parts[i + 1] if i + 1 < len(parts) else None,
        "parts_view": name,
    }


def runbook_views(site: Site) -> list[View]:
    base = {**runbooks_data(site), "parts": None, "part": None}
    groups = base["sections"]
    total = sum(len(g["runbooks"]) + 1 for g in groups)
    if total <= _rows():
        return [
            View("runbooks", "runbooks/index", "Runbooks", "views/runbooks.html", lambda s: base)
        ]
    ordered = sorted(groups, key=lambda g: (g["service"] is None, g["title"].lower()))
    parts = by_initial(ordered, lambda g: g["title"], lambda g: len(g["runbooks"]) + 1, _rows())
    part_of = {g["id"]: p for p in parts for g in p.items}
    index = {**base, "sections": [], "parts": parts, "part_of": part_of, "groups": ordered}
    views = [View("runbooks", "runbooks/index", "Runbooks", "views/runbooks.html", lambda s: index)]
    for i, part in enumerate(parts):
        data = _part_data({**base, "sections": part.items, "stale": None}, parts, i, "runbooks")
        views.append(
            View(
                f"runbooks:{part.key}",
                f"runbooks/by-service/{part.key}",
                f"Runbooks: services {part.title}",
                "views/runbooks.html",
                _fixed(data),
                nav=False,
            )
        )
    return views


def alert_views(site: Site) -> list[View]:
    base = {**alerts_data(site), "parts": None, "part": None}
    alerts = base["alerts"]
    if len(alerts) <= _rows():
        return [View("alerts", "alerts/index", "Alerts", "views/alerts.html", lambda s: base)]
    parts = by_initial(list(alerts.items()), lambda item: item[0], rows=_rows())
    index = {**base, "alerts": {}, "parts": parts}
    views = [View("alerts", "alerts/index", "Alerts", "views/alerts.html", lambda s: index)]
    for i, part in enumerate(parts):
        data = _part_data({**base, "alerts": dict(part.items)}, parts, i, "alerts")
        data["rules"] = None if base["rules"] is None else {**base["rules"], "without_runbook": []}
        views.append(
            View(
                f"alerts:{part.key}",
                f"alerts/by-name/{part.key}",
                f"Alerts: {part.title}",
                "views/alerts.html",
                _fixed(data),
                nav=False,
            )
        )
    return views


def _fixed(data: dict[str, Any]) -> Callable[[Site], dict[str, Any]]:
    """A view's data made in advance (one part of a split register)."""
    return lambda site: data
