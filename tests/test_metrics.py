"""Continual-improvement metrics: durations by severity and service, failure rate, repeats."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from skms.config import MetricsWindow, load_config
from skms.metrics import compute
from skms.pipeline import load_knowledge_base
from skms.plugin.charts import stacked_columns

TODAY = date(2026, 11, 25)


def review(kb: Path, num: int, severity: str, started: str, minutes: int, **extra: str) -> None:
    lines = [
        "---",
        f"id: INC-{num:04d}",
        f"title: Incident {num}",
        "status: draft",
        f"severity: {severity}",
        "services: [checkout]",
        f"started: {started}",
    ]
    if minutes:
        h, m = divmod(minutes, 60)
        lines.append(f"resolved: {started[:11]}{10 + h:02d}:{m:02d}:00Z")
    lines += [f"{k}: {v}" for k, v in extra.items()]
    (kb / "reviews" / f"INC-{num:04d}.md").write_text("\n".join(lines) + "\n---\nbody\n")


def metrics(kb: Path, audience: str = "all"):
    base = load_knowledge_base(load_config(kb / "mkdocs.yml"), audience=audience, git=False)
    return compute(base.graph, base.config.severities, today=TODAY)


def test_time_to_resolve_is_grouped_by_severity(kb: Path) -> None:
    review(kb, 2, "SEV3", "2026-05-01T10:00:00Z", 30)
    review(kb, 3, "SEV3", "2026-05-02T10:00:00Z", 90)
    m = metrics(kb)
    sev3 = next(g for g in m.by_severity if g.group == "SEV3")
    assert sev3.incidents == 2
    assert sev3.spans["time_to_resolve"].mean == timedelta(minutes=60)
    assert sev3.spans["time_to_resolve"].median == timedelta(minutes=60)
    sev2 = next(g for g in m.by_severity if g.group == "SEV2")
    assert sev2.spans["time_to_resolve"].mean == timedelta(hours=1)  # the fixture's INC-0001
    assert [g.group for g in m.by_severity] == ["SEV2", "SEV3"]


def test_an_incident_without_both_timestamps_does_not_count_towards_a_duration(kb: Path) -> None:
    review(kb, 2, "SEV3", "2026-05-01T10:00:00Z", 0)
    sev3 = next(g for g in metrics(kb).by_severity if g.group == "SEV3")
    assert sev3.incidents == 1
    assert sev3.spans["time_to_resolve"].count == 0
    assert sev3.spans["time_to_resolve"].mean is None


def test_a_release_that_caused_an_incident_counts_as_failed(kb: Path) -> None:
    m = metrics(kb)
    assert m.releases == 1
    assert m.failed_releases == ("RDY-0001",)
    assert m.change_failure_rate == 1.0


def test_a_problem_behind_two_incidents_is_a_repeat(kb: Path) -> None:
    assert metrics(kb).repeat_problems == []
    review(kb, 2, "SEV3", "2026-05-01T10:00:00Z", 30, problems="[PRB-0001]")
    [repeat] = metrics(kb).repeat_problems
    assert repeat.problem_id == "PRB-0001"
    assert repeat.incidents == ("INC-0001", "INC-0002")


def test_overdue_action_items_are_listed_with_owner_and_days(kb: Path) -> None:
    path = kb / "reviews" / "INC-0001-outage.md"
    path.write_text(path.read_text().replace("status: done", "status: open"))
    [item] = metrics(kb).overdue
    assert (item.review_id, item.owner, item.due) == ("INC-0001", "payments-team", date(2026, 4, 1))
    assert item.days == (TODAY - date(2026, 4, 1)).days


def test_incidents_over_time_span_the_bases_own_data_not_the_clock(kb: Path) -> None:
    review(kb, 2, "SEV3", "2026-11-01T10:00:00Z", 30)
    review(kb, 3, "SEV3", "2024-01-01T10:00:00Z", 30)
    series = metrics(kb).over_time
    # 2024-01 to 2026-11 is 35 months: one column per month, empty months kept.
    assert series.unit == "month"
    assert [k for k, _ in series.columns][:2] == ["2024-01", "2024-02"]
    assert series.columns[0] == ("2024-01", {"SEV3": 1})
    assert series.columns[-1] == ("2026-11", {"SEV3": 1})
    assert dict(series.columns)["2026-03"] == {"SEV2": 1}
    assert len(series.columns) == 35
    # The same base on another day draws the same chart.
    base = load_knowledge_base(load_config(kb / "mkdocs.yml"), audience="all", git=False)
    later = compute(base.graph, base.config.severities, today=date(2040, 1, 1)).over_time
    assert later == series


def test_a_long_span_is_drawn_by_year(kb: Path) -> None:
    review(kb, 2, "SEV1", "1985-06-01T10:00:00Z", 30)
    series = metrics(kb).over_time
    assert series.unit == "year"
    assert series.columns[0] == ("1985", {"SEV1": 1})
    assert series.columns[-1][0] == "2026" and len(series.columns) == 2026 - 1985 + 1


def test_a_span_of_a_few_years_is_drawn_by_quarter(kb: Path) -> None:
    review(kb, 2, "SEV1", "2020-02-01T10:00:00Z", 30)
    series = metrics(kb).over_time
    assert series.unit == "quarter"
    assert series.columns[0] == ("2020 Q1", {"SEV1": 1})
    assert series.columns[-1][0] == "2026 Q1"


def test_the_configured_window_limits_the_chart(kb: Path) -> None:
    review(kb, 2, "SEV3", "2026-11-01T10:00:00Z", 30)
    review(kb, 3, "SEV3", "2020-01-01T10:00:00Z", 30)
    base = load_knowledge_base(load_config(kb / "mkdocs.yml"), audience="all", git=False)
    window = MetricsWindow.model_validate({"from": "2026-01-01", "to": "2026-06-30"})
    series = compute(base.graph, base.config.severities, today=TODAY, window=window).over_time
    assert [k for k, _ in series.columns] == [f"2026-{m:02d}" for m in range(1, 7)]
    assert sum(sum(c.values()) for _, c in series.columns) == 1  # only INC-0001, in March
    last = MetricsWindow(months=3)
    series = compute(base.graph, base.config.severities, today=TODAY, window=last).over_time
    assert [k for k, _ in series.columns] == ["2026-09", "2026-10", "2026-11"]


def test_incidents_without_a_valid_severity_are_drawn_as_unknown(kb: Path) -> None:
    review(kb, 2, "", "2026-03-10T10:00:00Z", 30)
    review(kb, 3, "SEV9", "2026-03-11T10:00:00Z", 30)  # not in the configured scale
    series = metrics(kb).over_time
    assert series.series[-1] == "unknown"
    assert dict(series.columns)["2026-03"] == {"SEV2": 1, "unknown": 2}
    svg = stacked_columns(series.columns, series.series, title="t")
    assert "2026-03 unknown: 2</title>" in svg  # a bar is drawn for them, and a legend key
    assert ">unknown</text>" in svg


def test_metrics_of_an_audience_count_only_what_it_may_see(kb: Path) -> None:
    m = metrics(kb, audience="public")
    assert m.incidents == 0
    assert m.releases == 0
