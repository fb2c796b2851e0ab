"""The metrics page's data: the core's numbers, the records they name, and their charts."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from ..durations import REVIEW_SPANS, format_duration
from ..metrics import compute
from ..model import Record
from .charts import horizontal_bars, stacked_columns
from .structure import Site


def _hours(td: timedelta) -> float:
    return td.total_seconds() / 3600


def _title(record: Record | None, fallback: str) -> str:
    return record.title if record is not None else fallback


def metrics_data(site: Site) -> dict[str, Any]:
    config = site.kb.config
    m = compute(site.graph, config.severities, window=config.metrics_window)
    get = site.graph.get
    resolve = [(g.group, g.spans["time_to_resolve"]) for g in m.by_severity]
    services = {g.group: get(g.group) for g in m.by_service}
    service_resolve = [
        (_title(services[g.group], g.group), g.spans["time_to_resolve"]) for g in m.by_service
    ]
    stale = []
    if site.git is not None:
        stale = [(s, get(s.id)) for s in site.git.stale_runbooks() if get(s.id) is not None]
    return {
        "metrics": m,
        "spans": REVIEW_SPANS,
        "services": services,
        "failed_releases": [get(i) for i in m.failed_releases if get(i) is not None],
        "repeat_problems": [
            (get(p.problem_id), [get(i) for i in p.incidents if get(i) is not None])
            for p in m.repeat_problems
        ],
        "overdue": [(o, get(o.review_id)) for o in m.overdue if get(o.review_id) is not None],
        "stale": stale,
        "over_time": m.over_time,
        "over_time_chart": stacked_columns(
            m.over_time.columns,
            m.over_time.series,
            title=f"Incidents per {m.over_time.unit} by severity",
        ),
        "severity_chart": horizontal_bars(
            [
                (sev, _hours(st.median), format_duration(st.median))
                for sev, st in resolve
                if st.median is not None
            ],
            title="Median time to resolve by severity",
        ),
        "service_chart": horizontal_bars(
            [
                (name, _hours(st.median), format_duration(st.median))
                for name, st in service_resolve
                if st.median is not None
            ],
            title="Median time to resolve by service",
        ),
        "sections": [
            {"id": "incidents-over-time", "title": "Incidents over time"},
            {"id": "by-severity", "title": "By severity"},
            {"id": "by-service", "title": "By service"},
            {"id": "changes", "title": "Releases and changes"},
            {"id": "repeat-problems", "title": "Repeat problems"},
            {"id": "action-items", "title": "Action items"},
            {"id": "stale-runbooks", "title": "Stale runbooks"},
        ],
    }
