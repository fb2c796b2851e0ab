"""Generated views: the home page, indexes, registers and dashboards built from the graph.

A view is a MkDocs page made with `File.generated`: its markdown is only its title, and the
plugin replaces its content with `templates/views/<name>.html`. Each view's data is gathered
once per build (O(records)); rendering it for its page only adds relative URLs.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from ..model import CHECKLIST_SECTIONS, Record
from .layout import tag_addresses, tag_slug
from .structure import Site

TIER_ORDER = {"gold": 0, "silver": 1, "bronze": 2}
PROBLEM_STATUS_ORDER = {"open": 0, "known-error": 1, "resolved": 2, "closed": 3}
READINESS_STATUS_ORDER = {
    "in-progress": 0,
    "ready": 1,
    "planned": 2,
    "released": 3,
    "hypercare": 4,
    "done": 5,
}
# The release readiness checklist's status key, as the dashboard shows it.
CHECKLIST_STATUS = {
    "done": ("Done", "☑"),
    "in-progress": ("In progress", "◐"),
    "not-started": ("Not started", "☐"),
    "n-a": ("Not applicable", "–"),
}
_DIGITS = re.compile(r"(\d+)")
HOME_OPEN_PROBLEMS = 15
HOME_RECENT_REVIEWS = 10
HOME_RUNBOOKS_PER_SERVICE = 8


@dataclass
class View:
    name: str
    path: str  # URL path without extension
    title: str
    template: str
    data: Callable[[Site], dict[str, Any]]
    nav: bool = True
    _cache: dict[str, Any] | None = field(default=None, repr=False)

    def context(self, site: Site) -> dict[str, Any]:
        if self._cache is None:
            self._cache = self.data(site)
        return self._cache

    def toc(self, site: Site) -> list[dict[str, Any]]:
        """Python-Markdown toc tokens for the view's sections (`sections`: [{id, title}]).

        The theme prints a token's name as HTML and its id inside an attribute, unescaped.
        """
        return [
            {
                "level": 2,
                "id": html.escape(s["id"]),
                "name": html.escape(s["title"]),
                "children": [],
            }
            for s in self.context(site).get("sections", ())
        ]


# --- sort keys ---------------------------------------------------------------------------


def _when(record: Record) -> datetime | None:
    meta = record.meta
    for name in ("started", "detected", "resolved", "opened"):
        value = getattr(meta, name, None)
        if isinstance(value, datetime):
            return value
    return None


def newest_first(records: list[Record]) -> list[Record]:
    """Dated records newest first (ties by id, newest id first), undated ones after them."""
    dated = sorted((r for r in records if _when(r)), key=lambda r: (_when(r), r.id), reverse=True)
    undated = sorted((r for r in records if not _when(r)), key=lambda r: r.id, reverse=True)
    return dated + undated


def _service_key(site: Site, service_id: str) -> tuple[int, str]:
    service = site.graph.get(service_id)
    tier = getattr(service.meta, "tier", None) if service else None
    return (TIER_ORDER.get(tier or "", 3), service.title.lower() if service else service_id)


def visible_services(site: Site, record: Record) -> list[Record]:
    ids = record.meta.services if record.kind != "runbook" else [record.meta.service]
    return [
        s for s in (site.graph.get(i) for i in ids if i) if s is not None and s.kind == "service"
    ]


def runbooks_by_service(site: Site) -> list[dict[str, Any]]:
    """[{service: Record|None, id, runbooks: [Record]}], services by tier then title."""
    groups: dict[str, list[Record]] = defaultdict(list)
    for runbook in site.graph.of_kind("runbook"):
        service = site.graph.get(runbook.meta.service or "")
        groups[service.id if service is not None and service.kind == "service" else ""].append(
            runbook
        )
    out = []
    for service_id in sorted(groups, key=lambda s: (s == "", _service_key(site, s))):
        out.append(
            {
                "id": f"service-{service_id}" if service_id else "other",
                "service": site.graph.get(service_id) if service_id else None,
                "runbooks": sorted(groups[service_id], key=lambda r: r.title.lower()),
            }
        )
    return out


# --- data of each view -------------------------------------------------------------------


def home_data(site: Site) -> dict[str, Any]:
    problems = [
        p for p in site.graph.of_kind("problem") if p.meta.status in ("open", "known-error")
    ]
    problems = newest_first(problems)
    reviews = newest_first(site.graph.of_kind("review"))
    groups = runbooks_by_service(site)
    return {
        "open_problems": problems[:HOME_OPEN_PROBLEMS],
        "open_problem_count": len(problems),
        "recent_reviews": reviews[:HOME_RECENT_REVIEWS],
        "review_count": len(reviews),
        "runbook_groups": groups,
        "runbooks_per_service": HOME_RUNBOOKS_PER_SERVICE,
        "counts": {
            kind: len(site.graph.of_kind(kind))
            for kind in ("review", "problem", "runbook", "service", "readiness", "article")
        },
        "alert_count": len(site.alerts),
        "known_error_count": len(known_errors_data(site)["problems"]),
    }


def problems_data(site: Site) -> dict[str, Any]:
    problems = by_status(site.graph.of_kind("problem"), PROBLEM_STATUS_ORDER)
    return {
        "problems": problems,
        "status_order": PROBLEM_STATUS_ORDER,
        "known_error_count": len(known_errors_data(site)["problems"]),
    }


def known_errors_data(site: Site) -> dict[str, Any]:
    problems = [
        p
        for p in site.graph.of_kind("problem")
        if p.meta.status == "known-error" or (p.meta.workaround and p.meta.status == "open")
    ]
    problems = by_status(problems, PROBLEM_STATUS_ORDER)
    return {
        "problems": problems,
        "sections": [{"id": _anchor(p.id), "title": p.title, "record": p} for p in problems],
    }


def runbooks_data(site: Site) -> dict[str, Any]:
    groups = runbooks_by_service(site)
    for group in groups:
        group["title"] = group["service"].title if group["service"] else "Other runbooks"
    stale = site.git.stale_runbooks() if site.git is not None else None
    return {"sections": groups, "stale": stale}


def alerts_data(site: Site) -> dict[str, Any]:
    rules = site.alert_rules()
    services = {
        name: "|".join(sorted({r.meta.service or "none" for r in runbooks}))
        for name, runbooks in site.alerts.items()
    }
    data: dict[str, Any] = {"alerts": site.alerts, "rules": None, "alert_services": services}
    if rules is not None:
        covered, total = rules.coverage()
        data["rules"] = {
            "by_name": rules.by_name,
            "covered": covered,
            "total": total,
            "without_runbook": [r for r in rules.rules if r.name not in site.alerts],
        }
    return data


def services_data(site: Site) -> dict[str, Any]:
    services = sorted(site.graph.of_kind("service"), key=lambda s: _service_key(site, s.id))
    return {"services": services}


def readiness_data(site: Site) -> dict[str, Any]:
    releases = by_status(site.graph.of_kind("readiness"), READINESS_STATUS_ORDER)
    return {
        "releases": releases,
        "status_order": READINESS_STATUS_ORDER,
        "release_year": _release_year,
        "sections_key": CHECKLIST_SECTIONS,
        "status_key": CHECKLIST_STATUS,
    }


def _release_year(record: Record) -> str:
    """The year of a release's first dated key date (go-live, usually), for the year filter."""
    for value in record.meta.key_dates.values():
        if isinstance(value, (date, datetime)):
            return f"{value.year:04d}"
    return "Undated"


def checklist_progress(record: Record) -> tuple[int, int]:
    """(sections done or not applicable, sections): the release readiness checklist's progress."""
    checklist = record.meta.checklist
    states = [getattr(checklist, name).status for name in CHECKLIST_SECTIONS]
    return sum(1 for s in states if s in ("done", "n-a")), len(states)


def articles_data(site: Site) -> dict[str, Any]:
    return {"articles": sorted(site.graph.of_kind("article"), key=lambda a: a.title.lower())}


@dataclass
class Tag:
    name: str  # as the first record (by kind, then id) writes it
    slug: str  # the last segment of its page's URL
    records: list[Record]
    page: bool = True  # has a page of its own (see the `tag_pages` option)
    names: set[str] = field(default_factory=set)  # every spelling records use ("API", "api")


def collect_tags(site: Site) -> list[Tag]:
    """Every tag of the visible records, each at its own address (`layout.tag_addresses`)."""
    records = sorted(site.graph.records.values(), key=lambda r: (r.kind, r.id))
    addresses = tag_addresses(name for record in records for name in record.meta.tags)
    by_slug: dict[str, Tag] = {}
    for record in records:
        for slug in dict.fromkeys(addresses[name] for name in record.meta.tags):
            tag = by_slug.get(slug)
            if tag is None:
                name = next(n for n in record.meta.tags if addresses[n] == slug)
                tag = by_slug[slug] = Tag(name, slug, [])
            tag.records.append(record)
        for name in record.meta.tags:
            by_slug[addresses[name]].names.add(name)
    # A page listing one record only repeats that record's link: by default, tags on two or
    # more records get a page, the others stay plain labels.
    mode = site.kb.config.tag_pages
    for tag in by_slug.values():
        tag.page = mode == "all" or (mode == "shared" and len(tag.records) >= 2)
    return sorted(by_slug.values(), key=lambda t: t.slug)


TOP_TAGS = 20


def tags_data(tags: list[Tag]) -> dict[str, Any]:
    """The tags index: the most used first, then every tag under its first letter."""
    groups: dict[str, list[Tag]] = defaultdict(list)
    for tag in sorted(tags, key=lambda t: (t.name.lower(), t.slug)):
        first = tag.name[:1].upper()
        groups[first if first.isalpha() else "#"].append(tag)
    letters = sorted(groups, key=lambda g: (g == "#", g))
    top = sorted((t for t in tags if len(t.records) >= 2), key=lambda t: (-len(t.records), t.slug))
    by_letter = [
        {"id": f"tags-{'other' if g == '#' else g.lower()}", "title": g, "tags": groups[g]}
        for g in letters
    ]
    return {
        "tags": tags,
        "top": top[:TOP_TAGS],
        "letters": by_letter,
        "sections": ([{"id": "most-used", "title": "Most used"}] if top else []) + by_letter,
        "one_off": sum(1 for t in tags if not t.page),
    }


def natural_key(record_id: str) -> tuple[Any, ...]:
    """`PRB-10000` after `PRB-9999`: digit runs compare as numbers."""
    return tuple(int(part) if part.isdigit() else part for part in _DIGITS.split(record_id))


def by_status(records: list[Record], order: dict[str, int]) -> list[Record]:
    """Records by status (in `order`), newest id first within a status."""
    newest = sorted(records, key=lambda r: natural_key(r.id), reverse=True)
    return sorted(newest, key=lambda r: order.get(r.meta.status, len(order)))


def _anchor(text: str) -> str:
    return tag_slug(text)


def change_views(site: Site) -> list[View]:
    """`/changes/`: the months with their counts and the newest month's commits; one page per
    month (`/changes/2026-01/`), so no page grows with the whole history."""
    assert site.git is not None
    months: dict[str, list[Any]] = {}
    for change in site.git.changes():
        when = change.committed or change.date
        key = when.strftime("%Y-%m") if when else "undated"
        months.setdefault(key, []).append(change)
    index = [(key, len(changes)) for key, changes in months.items()]
    first = next(iter(months), None)
    first_pages = _pages(months[first]) if first else []

    def index_data(s: Site) -> dict[str, Any]:
        return {
            "months": index,
            "month": first,
            "changes": first_pages[0] if first_pages else [],
            "page": 1,
            "pages": len(first_pages),
            "single": False,
        }

    views = [View("changes", "changes/index", "Changes", "views/changes.html", index_data)]
    for key, changes in months.items():
        pages = _pages(changes)
        for n, chunk in enumerate(pages, start=1):
            suffix = "" if n == 1 else f"/{n}"
            views.append(
                View(
                    f"changes:{key}{suffix}",
                    f"changes/{key}{suffix}",
                    f"Changes: {_month_title(key)}" + (f" ({n} of {len(pages)})" if n > 1 else ""),
                    "views/changes.html",
                    _month_data(key, chunk, index, n, len(pages)),
                    nav=False,
                )
            )
    return views


CHANGES_PER_PAGE = 400  # commits per page of a month at most
PAGE_BUDGET = 300_000  # estimated bytes of commit lines per page, well under 500 KB with the theme


def _pages(changes: list[Any]) -> list[list[Any]]:
    """A month's commits cut into pages by count and by an estimate of their HTML's size."""
    pages: list[list[Any]] = [[]]
    size = 0
    for change in changes:
        cost = 400 + 2 * len(change.subject) + 120 * len(change.records)
        if pages[-1] and (len(pages[-1]) >= CHANGES_PER_PAGE or size + cost > PAGE_BUDGET):
            pages.append([])
            size = 0
        pages[-1].append(change)
        size += cost
    return pages if pages[0] else []


def _month_data(key: str, changes: list[Any], index: list[tuple[str, int]], n: int, pages: int):
    def data(site: Site) -> dict[str, Any]:
        return {
            "months": index,
            "month": key,
            "changes": changes,
            "single": True,
            "page": n,
            "pages": pages,
        }

    return data


def _month_title(key: str) -> str:
    if key == "undated":
        return "undated"
    try:
        return datetime.strptime(key, "%Y-%m").strftime("%B %Y")
    except ValueError:
        return key


def tag_data(tag: Tag) -> Callable[[Site], dict[str, Any]]:
    def data(site: Site) -> dict[str, Any]:
        by_kind: dict[str, list[Record]] = defaultdict(list)
        for record in tag.records:
            by_kind[record.kind].append(record)
        return {"tag": tag, "by_kind": dict(by_kind)}

    return data
