"""Continual-improvement metrics over the graph an audience sees.

MTTD/MTTA/MTTM/MTTR by severity and by service, the release failure rate (the share of
releases that caused an incident: DORA's change failure rate for the changes this knowledge
base knows about), repeat problems, action items and overdue ones, stale runbooks, and
incidents over time (series.py). (Stale runbooks come from `GitInfo.stale_runbooks`.) One pass over the records; no per-record work grows with N.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from . import clock
from .config import MetricsWindow
from .durations import REVIEW_SPANS, durations
from .graph import Graph
from .model import Readiness, Review
from .series import IncidentSeries, incident_series

RELEASED = ("released", "hypercare", "done")


@dataclass(frozen=True)
class SpanStats:
    """One duration (e.g. time to resolve) over a group of incidents."""

    name: str
    label: str
    count: int
    mean: timedelta | None
    median: timedelta | None


@dataclass(frozen=True)
class GroupStats:
    group: str  # a severity or a service id
    incidents: int
    spans: dict[str, SpanStats]


@dataclass(frozen=True)
class OverdueItem:
    review_id: str
    title: str
    owner: str | None
    due: date
    days: int


@dataclass(frozen=True)
class RepeatProblem:
    problem_id: str
    incidents: tuple[str, ...]


@dataclass
class Metrics:
    today: date
    incidents: int = 0
    by_severity: list[GroupStats] = field(default_factory=list)
    by_service: list[GroupStats] = field(default_factory=list)
    overall: GroupStats | None = None
    releases: int = 0
    failed_releases: tuple[str, ...] = ()
    incidents_caused_by_changes: int = 0
    repeat_problems: list[RepeatProblem] = field(default_factory=list)
    action_items: dict[str, int] = field(default_factory=dict)
    overdue: list[OverdueItem] = field(default_factory=list)
    # Incidents per month, quarter or year over the base's own span (see series.py).
    over_time: IncidentSeries = field(default_factory=lambda: IncidentSeries("month"))
    severities: list[str] = field(default_factory=list)

    @property
    def change_failure_rate(self) -> float | None:
        return len(self.failed_releases) / self.releases if self.releases else None


def _group(name: str, reviews: list[Review]) -> GroupStats:
    values: dict[str, list[timedelta]] = defaultdict(list)
    for meta in reviews:
        for d in durations(meta):
            values[d.span.name].append(d.value)
    spans = {}
    for span in REVIEW_SPANS:
        got = values.get(span.name, [])
        spans[span.name] = SpanStats(
            span.name,
            span.label,
            len(got),
            sum(got, timedelta(0)) / len(got) if got else None,
            # median only adds and halves, which timedeltas do; the stubs want numbers
            statistics.median(got) if got else None,  # type: ignore[type-var]
        )
    return GroupStats(name, len(reviews), spans)


def compute(
    graph: Graph,
    severities: list[str],
    today: date | None = None,
    window: MetricsWindow | None = None,
) -> Metrics:
    """Every metric of the records the graph holds (so an audience's metrics are its own).

    Stale runbooks are not here: `GitInfo.stale_runbooks()` knows them, falling back on a
    runbook's last change when it has no `last_reviewed`.
    """
    today = clock.today(today)
    m = Metrics(today=today, severities=list(severities))
    reviews = [r.meta for r in graph.records.values() if isinstance(r.meta, Review)]
    m.incidents = len(reviews)
    m.overall = _group("all", reviews)

    by_sev: dict[str, list[Review]] = defaultdict(list)
    by_service: dict[str, list[Review]] = defaultdict(list)
    for meta in reviews:
        if meta.severity:
            by_sev[meta.severity].append(meta)
        for service in meta.services:
            if service in graph.records:
                by_service[service].append(meta)
    order = {s: i for i, s in enumerate(severities)}
    m.by_severity = [_group(s, by_sev[s]) for s in sorted(by_sev, key=lambda s: order.get(s, 99))]
    m.by_service = [_group(s, by_service[s]) for s in sorted(by_service)]

    releases = [
        r
        for r in graph.records.values()
        if isinstance(r.meta, Readiness) and r.meta.status in RELEASED
    ]
    m.releases = len(releases)
    m.failed_releases = tuple(
        sorted(r.id for r in releases if graph.backlinks(r.id).get("Caused incidents"))
    )
    m.incidents_caused_by_changes = sum(1 for meta in reviews if meta.caused_by)

    for problem in graph.of_kind("problem"):
        incidents = graph.backlinks(problem.id).get("Incidents", ())
        if len(incidents) >= 2:
            m.repeat_problems.append(RepeatProblem(problem.id, tuple(incidents)))
    m.repeat_problems.sort(key=lambda p: (-len(p.incidents), p.problem_id))

    statuses: Counter[str] = Counter()
    for meta in reviews:
        for item in meta.action_items:
            statuses[item.status] += 1
            if item.status == "open" and item.due is not None and item.due < today:
                m.overdue.append(
                    OverdueItem(meta.id, item.title, item.owner, item.due, (today - item.due).days)
                )
    m.action_items = {s: statuses.get(s, 0) for s in ("open", "done", "wontfix")}
    m.overdue.sort(key=lambda o: (-o.days, o.review_id, o.title))

    m.over_time = incident_series(((r.started, r.severity) for r in reviews), severities, window)
    return m
