"""The whole core pipeline in one call: config -> load -> graph -> rules -> git."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .alertrules import AlertRules, check_alert_rules, check_duplicate_alerts, load_alert_rules
from .config import SkmsConfig
from .diagnostics import Diagnostics
from .git.link import GitInfo, scan_history
from .graph import Graph, build_graph
from .load import load
from .model import Record
from .rules.git import check_git
from .rules.lifecycle import check_lifecycle
from .rules.links import check_links
from .rules.setup import check_setup
from .rules.tuning import apply_rules


@dataclass
class KnowledgeBase:
    """Everything the renderers need, for one audience."""

    config: SkmsConfig
    records: list[Record]  # every record loaded, whatever its visibility
    graph: Graph  # what the audience may see
    diagnostics: Diagnostics  # about the full base, at the levels the team's `rules` set
    git: GitInfo | None = None  # history of the repositories, seen by the audience; None if skipped
    alert_rules: AlertRules | None = None  # the `alert_rules` files; None when none configured


def load_knowledge_base(
    config: SkmsConfig,
    audience: str | None = None,
    focus: set[str] | None = None,
    git: bool = True,
    today: date | None = None,
    use_cache: bool = True,
) -> KnowledgeBase:
    """Load, validate and link every record; the graph holds what `audience` may see.

    With `focus` (paths relative to the config folder, for `check --changed-since`) only those
    files are validated in full; the others are read as far as their ids, so diagnostics are
    complete for the focused files only and the graph is not fit to render.
    With `git` the repositories' history is scanned (from the cache in the config's
    `cache_dir` unless `use_cache` is off); with `focus` too, so that a pull request's check
    reports what git says about the files it touched. `today` fixes the day for rules that
    depend on it (overdue action items, stale runbooks); by default the clock's.
    """
    # Alerts are checked across runbooks (one alert in two runbooks, the alert rules), so a
    # focused load reads every runbook whole.
    result = load(config, focus, whole_kinds=("runbook",))
    diags = result.diagnostics
    full = build_graph(result.records, config, diags, audience="all")
    check_lifecycle(result.records, diags, today=today)
    check_duplicate_alerts(result.records, diags)
    rules = None
    if config.alert_rules:
        rules = load_alert_rules(config, diags)
        check_alert_rules(config, rules, result.records, diags)
    audience = audience or config.audience
    graph = (
        full if audience == "all" else build_graph(result.records, config, None, audience=audience)
    )
    info = None
    if git:
        info = scan_history(config, result.records, full, diags, today=today, use_cache=use_cache)
        check_git(info, diags)
        info = info.for_graph(graph)
    check_links(config, result.records, diags)
    check_setup(config, diags)
    diags = apply_rules(diags, config.rules, result.records)
    return KnowledgeBase(config, result.records, graph, diags, info, rules)
