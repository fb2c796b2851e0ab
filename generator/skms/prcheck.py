"""`skms check --changed-since REF`: what to report on a pull request."""

from __future__ import annotations

from collections import defaultdict

from .alertrules import report_duplicate_alert, runbooks_by_alert
from .diagnostics import Diagnostics
from .load.files import rel_path
from .model import Record
from .pipeline import KnowledgeBase
from .rules.tuning import apply_rules


def focused_diagnostics(kb: KnowledgeBase, focus: set[str]) -> Diagnostics:
    """What to report on a pull request: the diagnostics about the files it touched.

    A duplicate id, or an alert named by two runbooks, is reported on the file that comes
    second; when that is an untouched file, the pull request that introduced the duplicate
    would pass. So a touched file that shares its id, or a touched runbook that shares an
    alert, is always reported too (at the level the team's `rules` give). Findings about a
    content folder itself (one skms cannot read) are about every file in it, so they are
    always reported.
    """
    folders = {rel_path(path, kb.config.root) for path, _kind in kb.config.content_paths()}
    out = kb.diagnostics.for_paths(focus | folders)
    reported = {d.path for d in out if d.code == "SKMS103"}
    extra = Diagnostics()
    by_id: dict[str, list[Record]] = defaultdict(list)
    for record in kb.records:
        by_id[record.id].append(record)
    for record in kb.records:
        if record.path not in focus or record.path in reported:
            continue
        other = next((r for r in by_id[record.id] if r is not record), None)
        if other is not None:
            extra.add(
                "SKMS103",
                record.path,
                f"duplicate id {record.id!r}, also defined in {other.path}:{other.line_of('id') or 1}",
                line=record.line_of("id"),
                hint="give each record its own id",
            )
    for name, runbooks in runbooks_by_alert(kb.records).items():
        # The check reports every runbook but the first; a touched first one is added here.
        if len(runbooks) > 1 and runbooks[0].path in focus:
            report_duplicate_alert(extra, name, runbooks[0], runbooks[1])
    out.extend(apply_rules(extra, kb.config.rules, kb.records))
    return out
