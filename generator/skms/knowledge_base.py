"""The whole core pipeline in one call: config -> load -> graph (-> git, metrics)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .config import SkmsConfig
from .diagnostics import Diagnostics
from .graph import Graph, build_graph
from .lifecycle import check_lifecycle
from .loader import Record, gc_paused, load

if TYPE_CHECKING:
    from .changes import GitInfo


@dataclass
class KnowledgeBase:
    config: SkmsConfig
    records: list[Record]  # every record loaded, whatever its visibility
    graph: Graph  # what the audience may see
    diagnostics: Diagnostics  # about the full base
    git: GitInfo | None = None  # history of the repositories, seen by the audience; None if skipped


def load_knowledge_base(
    config: SkmsConfig,
    audience: str | None = None,
    focus: set[str] | None = None,
    git: bool = True,
) -> KnowledgeBase:
    """Load, validate and link every record; the graph holds what `audience` may see.

    With `focus` (paths relative to the config folder, for `check --changed-since`) only those
    files are validated in full; the others are read as far as their ids, so diagnostics are
    complete for the focused files only and the graph is not fit to render.
    With `git` the repositories' history is scanned into `.git`; with `focus` too, so that a
    pull request's check reports what git says about the files it touched (a `fixed_by`
    commit no repository has). Findings about the other records are filtered by the caller.
    """
    with gc_paused():
        return _analyse(config, audience, focus, git)


def _analyse(
    config: SkmsConfig, audience: str | None, focus: set[str] | None, git: bool = False
) -> KnowledgeBase:
    if focus is None:
        result = load(config)
    else:
        from .changed import load_focused

        result = load_focused(config, focus)
    diags = result.diagnostics
    full = build_graph(result.records, config, diags, audience="all")
    check_lifecycle(result.records, diags)
    audience = audience or config.audience
    graph = (
        full if audience == "all" else build_graph(result.records, config, None, audience=audience)
    )
    info = None
    if git:
        from .changes import scan_history

        info = scan_history(config, result.records, full, diags).for_graph(graph)
    return KnowledgeBase(config, result.records, graph, diags, info)
