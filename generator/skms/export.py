"""`records.json`: every record an audience may see, with its links and backlinks.

Shape (schema_version 2):

    {"schema_version": 2, "generator": "skms 0.1.0", "audience": "internal",
     "records": [{"id", "kind", "title", "path", "visibility", "fields": {...},
                  "extra": {...unknown front-matter keys...},
                  "links": [{"field", "label", "target"}],
                  "backlinks": {"<reverse label>": [ids]},
                  "changes": {"caused_by"|"fixed_by": [{"type", "value", "repo", "number", "url"}]},
                  "tracker_url": "<the ticket in the team's tracker>" | null,
                  "commits": [{"sha", "repository", "subject", "author", "date", "relation",
                               "merge", "pull_request": {"number", "url"} | null, "url",
                               "reverts", "reverted_by"}]}]}

Version 2 added `tracker_url` and `commits` (every commit found in git that names the record;
relation is fix, work, mention or revert; fixes first). A build without git history has
`"commits": []`.

Records are sorted by kind, then id, so the same input gives the same bytes.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from . import __version__
from .graph import Graph
from .model import Record

if TYPE_CHECKING:
    from .config import SkmsConfig
    from .git.link import Change, GitInfo

SCHEMA_VERSION = 2
_IDENTITY = {"id", "title", "kind", "visibility"}


def commit_json(change: Change) -> dict[str, Any]:
    pull = change.pull_request
    return {
        "sha": change.sha,
        "repository": change.repo,
        "subject": change.subject,
        "author": change.author,
        "date": change.date.isoformat() if change.date else None,
        "relation": change.relation,
        "merge": change.merge,
        "pull_request": {"number": pull.number, "url": pull.url} if pull else None,
        "url": change.url,
        "reverts": change.reverts,
        "reverted_by": change.reverted_by,
    }


def record_json(
    record: Record,
    graph: Graph,
    git: GitInfo | None = None,
    config: SkmsConfig | None = None,
) -> dict[str, Any]:
    dumped = record.meta.model_dump(mode="json")
    extra = set(record.meta.model_extra or ())
    return {
        "id": record.id,
        "kind": record.kind,
        "title": record.title,
        "path": record.path,
        "visibility": record.visibility,
        "broken": record.broken,
        "fields": {k: v for k, v in dumped.items() if k not in _IDENTITY and k not in extra},
        "extra": {k: v for k, v in dumped.items() if k in extra},
        "links": [
            {"field": link.type.field, "label": link.type.label, "target": link.target}
            for link in graph.outgoing(record.id)
        ],
        "backlinks": {label: list(ids) for label, ids in graph.backlinks(record.id).items()},
        "changes": {
            name: [asdict(ref) for ref in refs]
            for name, refs in sorted(graph.changes(record.id).items())
        },
        "tracker_url": config.tracker_url(record.id) if config is not None else None,
        "commits": [commit_json(c) for c in git.commits_for(record.id)] if git else [],
    }


def export_records(
    graph: Graph, git: GitInfo | None = None, config: SkmsConfig | None = None
) -> dict[str, Any]:
    """Every record of the graph's audience; `git` (seen by the same audience) adds commits."""
    records = sorted(graph.records.values(), key=lambda r: (r.kind, r.id))
    return {
        "schema_version": SCHEMA_VERSION,
        "generator": f"skms {__version__}",
        "audience": graph.audience,
        "records": [record_json(r, graph, git, config) for r in records],
    }


def dumps(
    graph: Graph,
    *,
    compact: bool = False,
    git: GitInfo | None = None,
    config: SkmsConfig | None = None,
) -> str:
    """The export as JSON text. `compact` (the site's records.json) leaves out indentation and
    the spaces after separators: a much smaller file, written faster."""
    if compact:
        text = json.dumps(
            export_records(graph, git, config), ensure_ascii=False, separators=(",", ":")
        )
    else:
        text = json.dumps(export_records(graph, git, config), indent=2, ensure_ascii=False)
    # The fields are redacted already; this catches any other place a hidden id could ride
    # along (a change ref's URL, an unknown key's nested value, a commit subject).
    return graph.redactor.sub(text) + "\n"
