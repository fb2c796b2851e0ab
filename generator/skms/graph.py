"""The knowledge graph: records by id, typed links, and backlinks computed once, then frozen."""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any

from .config import SkmsConfig
from .diagnostics import Diagnostics
from .kinds import MENTION, SPECS, LinkType
from .model import ChangeRef, Record, parse_change_ref
from .redaction import Redactor
from .references import BodyRef

AUDIENCE_VISIBILITY = {
    "public": frozenset({"public"}),
    "internal": frozenset({"public", "internal"}),
    "all": frozenset({"public", "internal", "restricted"}),
}


LINK_TYPES: dict[str, tuple[LinkType, ...]] = {name: spec.links for name, spec in SPECS.items()}
# Change-ref fields: a readiness id among them is a link to that release.
CHANGE_FIELDS: dict[str, tuple[LinkType, ...]] = {
    name: (spec.change_field,) for name, spec in SPECS.items() if spec.change_field
}


@dataclass(frozen=True)
class Link:
    source: str
    target: str
    type: LinkType


class Graph:
    """Resolved records and links. Built once by `build_graph`; read-only afterwards."""

    def __init__(
        self,
        records: dict[str, Record],
        all_records: list[Record],
        links: list[Link],
        changes: dict[str, dict[str, tuple[ChangeRef, ...]]],
        audience: str,
        redactor: Redactor | None = None,
    ) -> None:
        self.records = MappingProxyType(records)
        # Removes the ids of the records this audience may not see from any text.
        self.redactor = redactor if redactor is not None else Redactor(())
        self.all_records = tuple(all_records)
        self.links = tuple(links)
        self.audience = audience
        self._changes = MappingProxyType(changes)
        outgoing: dict[str, list[Link]] = defaultdict(list)
        incoming: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for link in self.links:
            outgoing[link.source].append(link)
            incoming[link.target][link.type.reverse].append(link.source)
        self._outgoing = {k: tuple(v) for k, v in outgoing.items()}
        self._backlinks = {
            target: {
                label: tuple(sorted(set(ids), key=self._sort_key))
                for label, ids in sorted(groups.items())
            }
            for target, groups in incoming.items()
        }

    def _sort_key(self, record_id: str) -> tuple[str, str]:
        record = self.records.get(record_id)
        return (record.kind if record else "", record_id)

    def get(self, record_id: str) -> Record | None:
        return self.records.get(record_id)

    def outgoing(self, record_id: str) -> tuple[Link, ...]:
        return self._outgoing.get(record_id, ())

    def backlinks(self, record_id: str) -> dict[str, tuple[str, ...]]:
        """Ids linking to a record, grouped by the reverse label of the link type."""
        return self._backlinks.get(record_id, {})

    def changes(self, record_id: str) -> dict[str, tuple[ChangeRef, ...]]:
        """The change refs of a record's `caused_by` / `fixed_by`, parsed."""
        return self._changes.get(record_id, {})

    def of_kind(self, kind: str) -> list[Record]:
        return sorted((r for r in self.records.values() if r.kind == kind), key=lambda r: r.id)

    def __len__(self) -> int:
        return len(self.records)


def visible(records: Iterable[Record], audience: str) -> list[Record]:
    allowed = AUDIENCE_VISIBILITY[audience]
    return [r for r in records if r.visibility in allowed]


def build_graph(
    records: list[Record],
    config: SkmsConfig,
    diags: Diagnostics | None = None,
    audience: str = "all",
) -> Graph:
    """Index, resolve and back-link the records an audience may see.

    References are resolved against every record, so a link from a visible record to a
    hidden one is dropped quietly rather than reported as unknown. Diagnostics are only
    meaningful for the full ("all") build; pass `diags=None` for audience views.
    """
    diags = diags if diags is not None else Diagnostics()
    all_ids = {r.id for r in records}
    shown = visible(records, audience)
    redactor = Redactor(())
    if len(shown) < len(records):
        redactor = Redactor.for_audience(records, shown, config.prefixed_kinds())
        shown = [_redacted(r, redactor) for r in shown]
    index: dict[str, Record] = {}
    for record in shown:
        first = index.get(record.id)
        if first is None:
            index[record.id] = record
        else:
            diags.add(
                "SKMS103",
                record.path,
                f"duplicate id {record.id!r}, first defined in {first.path}:{first.line_of('id') or 1}",
                line=record.line_of("id"),
                hint="give each record its own id",
            )
    readiness_re = config.id_regex("readiness")
    links: list[Link] = []
    changes: dict[str, dict[str, tuple[ChangeRef, ...]]] = {}

    def resolve(
        source: Record,
        target: str,
        ltype: LinkType,
        where: tuple[Any, ...],
        column: int | None = None,
    ) -> None:
        # `where` locates the reference (a front-matter path, or the BodyRef); its line is
        # looked up only when there is something to report.
        found = index.get(target)
        if found is None:
            tracker = config.tracker_of(target) if target not in all_ids else None
            if tracker is not None:
                # A ticket of the team's tracker that has no record: a link to the tracker.
                if tracker[1].missing == "warning":
                    diags.add(
                        "SKMS105",
                        source.path,
                        f"{target} is a ticket of the tracker but no record has this id",
                        line=_line(source, where),
                        column=column,
                        hint="add a record for it, or set the tracker's `missing: link`",
                    )
                return
            if target not in all_ids:
                diags.add(
                    "SKMS101",
                    source.path,
                    f"unknown reference {target}"
                    + ("" if ltype is MENTION else f" in {ltype.field}"),
                    line=_line(source, where),
                    column=column,
                    hint=_suggest(target, index),
                )
            return
        if found.kind not in ltype.targets:
            diags.add(
                "SKMS102",
                source.path,
                f"{ltype.field}: {target} is a {found.kind}, expected a {' or '.join(ltype.targets)}",
                line=_line(source, where),
                column=column,
            )
            return
        if found is not source:
            links.append(Link(source.id, target, ltype))

    for record in shown:
        if index.get(record.id) is not record:
            continue  # a duplicate: reported above, still listed in all_records for its page
        meta = record.meta
        for ltype in LINK_TYPES[record.kind]:
            value = getattr(meta, ltype.field)
            if isinstance(value, str):
                resolve(record, value, ltype, (ltype.field,))
                continue
            for i, target in enumerate(value or ()):
                resolve(record, target, ltype, (ltype.field, i))
        for ltype in CHANGE_FIELDS.get(record.kind, ()):
            parsed: list[ChangeRef] = []
            for i, text in enumerate(getattr(meta, ltype.field)):
                where = (ltype.field, i)
                ref = parse_change_ref(text, readiness_re)
                if ref is None:
                    diags.add(
                        "SKMS104",
                        record.path,
                        f"{ltype.field}: {text!r} is not a change reference",
                        line=_line(record, where),
                        hint="a commit sha (7-40 hex), a pull-request URL, owner/repo#123 or a readiness id",
                    )
                    continue
                if ref.type == "readiness":
                    if ref.value not in all_ids or ref.value in index:
                        resolve(record, ref.value, ltype, where)
                    if ref.value not in index:
                        continue
                parsed.append(ref)
            if parsed:
                changes.setdefault(record.id, {})[ltype.field] = tuple(parsed)
        for mention in record.refs:
            resolve(record, mention.target, MENTION, (mention,), mention.column)
    return Graph(index, shown, links, changes, audience, redactor)


def _redacted(record: Record, redactor: Redactor) -> Record:
    """The record as an audience sees it: no id of a record it may not see, in any field.

    Reference fields lose their hidden targets; free text (an action item's title, an
    impact statement, a mapping key such as a `key_dates` name) has hidden ids replaced, in
    any case and next to any punctuation, so they reach no page, feed or export.
    """
    dumped = record.meta.model_dump()
    references = {ltype.field for ltype in LINK_TYPES[record.kind]}
    cleaned = {}
    for key, value in dumped.items():
        if key in ("id", "kind"):
            cleaned[key] = value
        elif key in references and isinstance(value, str) and redactor.is_hidden_id(value):
            cleaned[key] = None  # a runbook's `service`: the link is dropped, not reworded
        else:
            cleaned[key] = redactor.clean(value)
    if cleaned == dumped:
        return record
    meta = type(record.meta).model_validate(cleaned)
    return replace(record, meta=meta)


def _line(record: Record, where: tuple[Any, ...]) -> int | None:
    if where and isinstance(where[0], BodyRef):
        return record.body_line_of(where[0])
    return record.line_of(*where) or record.line_of(where[0])


def _suggest(target: str, index: dict[str, Record]) -> str:
    close = difflib.get_close_matches(target, list(index), n=1, cutoff=0.75)
    return f"did you mean {close[0]}?" if close else "create the record or correct the id"
