"""The site as the plugin sees it: the graph of one audience, and the file of every page.

Built once per build in `on_files`; read by every page and view afterwards.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import unquote

from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from ..alertrules import AlertRules
from ..diagnostics import Diagnostic
from ..git.link import GitInfo
from ..graph import Graph
from ..model import Record
from ..pipeline import KnowledgeBase
from ..redaction import redact_diagnostics
from .layout import SAFE_ALERT


def relative_url(url: str, page_url: str) -> str:
    """`url` relative to the page at `page_url`, never read as a scheme (`./foo%3Abar/`).

    MkDocs percent-encodes `:` in URLs, but link checkers and feed readers decode before
    they resolve: `foo%3Abar/` would become the URL `foo:bar/` of scheme `foo`.
    """
    rel = get_relative_url(url, page_url)
    head = unquote(rel.split("/", 1)[0])
    return "./" + rel if ":" in head else rel


@dataclass
class Site:
    kb: KnowledgeBase
    graph: Graph  # what this build's audience may see
    git: GitInfo | None = None
    all_ids: frozenset[str] = frozenset()  # every id of the base, seen or not
    record_files: dict[str, File] = field(default_factory=dict)  # record.path -> its page
    records_by_src: dict[str, Record] = field(default_factory=dict)  # src_uri -> record
    view_files: dict[str, File] = field(default_factory=dict)  # view name -> its page
    alerts: dict[str, list[Record]] = field(default_factory=dict)  # alert name -> runbooks
    alert_files: dict[str, File] = field(default_factory=dict)
    unsafe_alerts: list[tuple[Record, str]] = field(default_factory=list)
    related: dict[str, tuple[str, ...]] = field(default_factory=dict)  # id -> related ids
    # What this build may print: diagnostics about published files, hidden ids replaced.
    diagnostics: list[Diagnostic] = field(default_factory=list)
    withheld: list[Diagnostic] = field(default_factory=list)  # about files it does not publish
    _problems: dict[str, list[Diagnostic]] = field(default_factory=dict)

    @classmethod
    def build(cls, kb: KnowledgeBase, git: GitInfo | None) -> Site:
        shown, withheld = redact_diagnostics(
            kb.diagnostics, kb.records, kb.graph.all_records, kb.graph.redactor
        )
        problems: dict[str, list[Diagnostic]] = defaultdict(list)
        for diag in shown:
            problems[diag.path].append(diag)
        site = cls(
            kb,
            kb.graph,
            git,
            frozenset(r.id for r in kb.records),
            diagnostics=shown,
            withheld=withheld,
            _problems=dict(problems),
        )
        alerts: dict[str, list[Record]] = defaultdict(list)
        for runbook in site.graph.of_kind("runbook"):
            for name in runbook.meta.alerts:
                if SAFE_ALERT.match(name):
                    alerts[name].append(runbook)
                else:
                    site.unsafe_alerts.append((runbook, name))
        site.alerts = dict(sorted(alerts.items(), key=lambda item: item[0].lower()))
        return site

    def alert_rules(self) -> AlertRules | None:
        """The alert rules, for builds that show internal records; a public site shows none
        (rule expressions name internal systems, and rules carry no visibility)."""
        if self.graph.audience == "public":
            return None
        return self.kb.alert_rules

    # --- records -------------------------------------------------------------------------

    def records(self) -> tuple[Record, ...]:
        """Every record this build publishes (duplicates of an id included: each has a page)."""
        return self.graph.all_records

    def is_primary(self, record: Record) -> bool:
        """False for the second file claiming an id: it gets a page, links go to the first."""
        return self.graph.get(record.id) is record

    def file_of(self, record_id: str) -> File | None:
        record = self.graph.get(record_id)
        return None if record is None else self.record_files.get(record.path)

    def link_target(self, record_id: str) -> tuple[File, str] | None:
        """(page file, title) of the page an id links to, or None when not published here."""
        record = self.graph.get(record_id)
        file = None if record is None else self.record_files.get(record.path)
        return None if file is None or record is None else (file, record.title)

    def backlinks(self, record_id: str) -> dict[str, list[Record]]:
        out = {}
        for label, ids in self.graph.backlinks(record_id).items():
            records = [r for r in (self.graph.get(i) for i in ids) if r is not None]
            if records:
                out[label] = records
        return out

    def problems_of(self, record: Record) -> list[Diagnostic]:
        return self._problems.get(record.path, [])


class Linker:
    """Relative URLs from one page: `href("PRB-0001")`, `href(file)`, `href.view("reviews")`.

    The plugin keeps one Linker as the template global `href` and points it at each page
    before rendering that page's parts (builds render one page at a time).
    """

    def __init__(self, site: Site, page_url: str) -> None:
        self.site = site
        self.page_url = page_url

    def __call__(self, target: str | File | Record | None) -> str | None:
        if target is None:
            return None
        if isinstance(target, Record):
            file = self.site.record_files.get(target.path)
        elif isinstance(target, File):
            file = target
        else:
            file = self.site.file_of(target)
        return None if file is None else relative_url(file.url, self.page_url)

    def view(self, name: str, anchor: str = "") -> str | None:
        file = self.site.view_files.get(name)
        if file is None:
            return None
        return relative_url(file.url, self.page_url) + (f"#{anchor}" if anchor else "")

    def alert(self, name: str) -> str | None:
        file = self.site.alert_files.get(name)
        return None if file is None else relative_url(file.url, self.page_url)

    def url(self, url: str) -> str:
        return relative_url(url, self.page_url)
