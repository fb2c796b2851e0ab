"""The parts of a record page around its body: banners, the metadata header, the backlinks.

Rendered from `templates/record/<kind>.html` into HTML that the plugin places after the page's
title (`<h1>`) and at its end. Every value is autoescaped by the templates.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import jinja2

from ..durations import durations
from ..graph import CHANGE_FIELDS, LINK_TYPES
from ..kinds import KINDS
from ..model import Record
from .structure import Site

# Backlinks a service page shows as its own tables rather than as a plain list.
SERVICE_SECTIONS = ("Runbooks", "Incidents", "Problems", "Releases")
_TAG = re.compile(r"<[^>]+>")
# Kinds whose template has a `summary` block (front-matter text worth indexing).
SUMMARY_KINDS = frozenset({"review", "problem", "readiness"})


@dataclass(frozen=True)
class FieldRef:
    """One id named in a front-matter field, as the page shows it."""

    id: str
    record: Record | None  # None when the id is unknown; hidden targets are left out entirely


def field_refs(site: Site, record: Record) -> dict[str, list[FieldRef]]:
    """The ids of each link field (`services`, `problems`...), minus those the audience may not see."""
    out: dict[str, list[FieldRef]] = {}
    for ltype in LINK_TYPES[record.kind]:
        value = getattr(record.meta, ltype.field, None)
        ids = [value] if isinstance(value, str) else list(value or ())
        refs = []
        for target in ids:
            shown = site.graph.get(target)
            if shown is not None:
                refs.append(FieldRef(target, shown))
            elif target not in site.all_ids:
                refs.append(FieldRef(target, None))
        out[ltype.field] = refs
    return out


def change_refs(site: Site, record: Record) -> dict[str, list[Any]]:
    """`caused_by` / `fixed_by` as parsed change refs (readiness ids the audience may see only)."""
    parsed = site.graph.changes(record.id)
    return {
        ltype.field: list(parsed.get(ltype.field, ()))
        for ltype in CHANGE_FIELDS.get(record.kind, ())
    }


def _alert_rules(site: Site, record: Record) -> dict[str, list[Any]]:
    """A runbook's alerts -> the rules that define them (what fired)."""
    rules = site.alert_rules() if record.kind == "runbook" else None
    if rules is None:
        return {}
    return {n: rules.by_name[n] for n in record.meta.alerts if n in rules.by_name}


class Groups(dict):
    """Backlink groups; a label nothing links with reads as an empty list in templates."""

    def __missing__(self, key: str) -> list[Any]:
        return []


class RecordPageRenderer:
    """Renders the parts of every record page from templates compiled once.

    `summary` (text a search should find) goes in before the search plugin indexes the page;
    `header` (banners, badges, facts) and `footer` (backlinks) after it.
    """

    def __init__(self, env: jinja2.Environment, site: Site) -> None:
        self.site = site
        self.headers = {kind: env.get_template(f"record/{kind}.html") for kind in KINDS}
        self.footer = env.get_template("record/backlinks.html")
        self.related = env.get_template("record/related.html")

    def context(self, record: Record, toc: Any) -> dict[str, Any]:
        site = self.site
        primary = site.is_primary(record)
        return {
            "record": record,
            "meta": record.meta,
            "kind": record.kind,
            "refs": field_refs(site, record),
            "changes": change_refs(site, record),
            "durations": durations(record.meta),
            "problems": site.problems_of(record),
            "duplicate_of": None if primary else site.graph.get(record.id),
            "backlinks": Groups(site.backlinks(record.id) if primary else {}),
            "service_sections": SERVICE_SECTIONS,
            "anchors": Anchors(toc),
            "git": site.git.for_record(record) if site.git is not None else None,
            "tracker_url": site.kb.config.tracker_url(record.id),
            "alert_rules": _alert_rules(site, record),
            "related": [site.graph.get(i) for i in site.related.get(record.id, ())]
            if primary
            else [],
        }

    def summary(self, record: Record) -> str:
        if record.kind not in SUMMARY_KINDS:
            return ""  # nothing to index beyond the body; skip a template call per page
        # The summary blocks read the front matter only: not the links, backlinks and git
        # facts that `context` gathers for the header (it would be made twice per page).
        context = {"part": "summary", "record": record, "meta": record.meta, "kind": record.kind}
        return self.headers[record.kind].render(context)

    def header(self, context: dict[str, Any]) -> str:
        return self.headers[context["kind"]].render(context, part="header")

    def footer_html(self, context: dict[str, Any]) -> str:
        related = self.related.render(context) if context["related"] else ""
        git = context["git"]
        if not context["backlinks"] and not (
            git is not None and (getattr(git, "changes", None) or getattr(git, "commits", None))
        ):
            return related
        return self.footer.render(context) + related


class Anchors(Mapping[str, str]):
    """`_anchors(toc)` made on first use: only runbook pages read it (their jump bar), and
    every record page's context would otherwise walk its table of contents, twice."""

    def __init__(self, toc: Any) -> None:
        self._toc = toc
        self._map: dict[str, str] | None = None

    def _anchors(self) -> dict[str, str]:
        if self._map is None:
            self._map = _anchors(self._toc)
        return self._map

    def __getitem__(self, key: str) -> str:
        return self._anchors()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._anchors())

    def __len__(self) -> int:
        return len(self._anchors())


def _anchors(toc: Any) -> dict[str, str]:
    """Lower-cased heading title -> anchor, for the sections a runbook jump bar points at."""
    out: dict[str, str] = {}

    def walk(items: Any) -> None:
        for item in items:
            out.setdefault(_plain(item.title).lower(), item.url)
            walk(item.children)

    if toc is not None:
        walk(toc)
    return out


def _plain(title: str) -> str:
    return _TAG.sub("", title).strip()
