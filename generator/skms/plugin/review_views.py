"""The reviews index: drafts first, then every review by year, in pages that stay small.

Up to `paging.PAGE_ROWS` reviews, one page (`/reviews/`) holds them all: the drafts, then one
table per year. Beyond that, `/reviews/` holds the drafts and a list of periods, and each
period (a year, or a quarter or month of a busy year) has its own page, `/reviews/2025-q3/`.
Every table carries its rows' severity, status, services and year as data- attributes, which
skms.js turns into filters and sortable columns in the browser.
"""

from __future__ import annotations

from typing import Any

from ..durations import duration_of
from ..model import Record
from . import paging
from .paging import Period, periods
from .structure import Site
from .views import View, _when, newest_first

STATUS_ORDER = {"draft": 0, "in-review": 1, "reviewed": 2, "closed": 3}
FACETS = "severity status service year"


def _year(record: Record) -> str:
    when = _when(record)
    return f"{when.year:04d}" if when else "Undated"


def _helpers(site: Site) -> dict[str, Any]:
    order = {s: i for i, s in enumerate(site.kb.config.severities)}

    def ttr(record: Record) -> Any:
        return duration_of(record.meta, "time_to_resolve")

    return {
        "time_to_resolve": ttr,
        "ttr_key": lambda r: "" if ttr(r) is None else str(int(ttr(r).total_seconds())),
        "severity_key": lambda r: str(order.get(r.meta.severity or "", len(order))),
        "status_key": lambda r: str(STATUS_ORDER.get(r.meta.status, len(STATUS_ORDER))),
        "year_of": _year,
        "service_ids": lambda r: "|".join(r.meta.services),
        "facets": FACETS,
    }


def review_views(site: Site, rows: int | None = None) -> list[View]:
    """The reviews index and, for a long list, one page per period."""
    rows = rows or paging.PAGE_ROWS  # read at call time: a test may lower it
    reviews = newest_first(site.graph.of_kind("review"))
    drafts = [r for r in reviews if r.meta.status == "draft"][:rows]
    shown = {id(r) for r in drafts}
    rest = [r for r in reviews if id(r) not in shown]
    helpers = _helpers(site)
    if len(reviews) <= rows:
        # One page: a table per year, all filtered together.
        years: dict[str, list[Record]] = {}
        for review in rest:
            years.setdefault(_year(review), []).append(review)
        sections = [
            {"id": f"year-{y}" if y != "Undated" else "undated", "title": y, "reviews": rs}
            for y, rs in years.items()
        ]
        return [_index(helpers, drafts, sections, [], len(reviews))]
    parts = periods(rest, _when, rows)
    pages = [
        View(
            f"reviews:{p.key}",
            f"reviews/{p.key}",
            f"Reviews: {p.title}",
            "views/reviews_period.html",
            _period_data(helpers, parts, i),
            nav=False,
        )
        for i, p in enumerate(parts)
    ]
    return [_index(helpers, drafts, [], parts, len(reviews)), *pages]


def _index(
    helpers: dict[str, Any],
    drafts: list[Record],
    sections: list[dict[str, Any]],
    parts: list[Period],
    total: int,
) -> View:
    toc = [{"id": "drafts", "title": "Drafts"}] if drafts else []
    toc += [{"id": s["id"], "title": s["title"]} for s in sections]
    if parts:
        toc.append({"id": "by-period", "title": "By period"})
    years: dict[str, list[Period]] = {}
    for p in parts:
        years.setdefault(p.year, []).append(p)

    def data(site: Site) -> dict[str, Any]:
        return {
            **helpers,
            "drafts": drafts,
            "year_sections": sections,
            "years": years,
            "total": total,
            "sections": toc,
        }

    return View("reviews", "reviews/index", "Reviews", "views/reviews.html", data)


def _period_data(helpers: dict[str, Any], parts: list[Period], i: int) -> Any:
    def data(site: Site) -> dict[str, Any]:
        return {
            **helpers,
            "period": parts[i],
            "newer": parts[i - 1] if i > 0 else None,
            "older": parts[i + 1] if i + 1 < len(parts) else None,
        }

    return data
