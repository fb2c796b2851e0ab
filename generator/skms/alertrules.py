"""Prometheus alert rules, read from the files the `alert_rules` option names, and checked
against the runbooks: every rule should have a runbook, every runbook alert a rule, and
every rule's `runbook_url` should lead to its runbook.

Both shapes are read: a plain rules file (`groups:` at the top) and a Kubernetes
`PrometheusRule` manifest (`spec.groups`), several documents per file allowed. Recording
rules (`record:`) are skipped. Lines come from the YAML nodes, so each finding points at
the rule's `alert:` line (or its `runbook_url:` line) in the file a person would open.
"""

from __future__ import annotations

import glob
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .config import SkmsConfig
from .diagnostics import Diagnostics
from .kinds import SPECS
from .model import Record

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml parses far faster


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Composes nodes only; every scalar is a string, as rule files need (`for: 5m`,
    `severity: page`). Skipping the implicit resolvers (int, float, bool, timestamp regexes
    tried on every scalar) makes reading rule files much faster (see benchmarks/README.md)."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode:
            return "tag:yaml.org,2002:str"
        if kind is yaml.SequenceNode:
            return "tag:yaml.org,2002:seq"
        return "tag:yaml.org,2002:map"


# `{{ $labels.alertname }}` in a runbook_url stands for the rule's own alert name.
_ALERTNAME_TEMPLATE = re.compile(r"\{\{\s*\$labels\.alertname\s*\}\}")


@dataclass(frozen=True)
class AlertRule:
    """One alerting rule as its file writes it."""

    name: str
    expr: str
    for_: str | None  # `for:` (how long the condition must hold)
    severity: str | None  # the `severity` label
    group: str
    file: str  # relative to the config folder
    line: int  # of the `alert:` key
    runbook_url: str | None
    runbook_url_line: int | None


@dataclass
class AlertRules:
    """Every alerting rule found, in file order, and by alert name."""

    rules: list[AlertRule] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    by_name: dict[str, list[AlertRule]] = field(default_factory=dict)
    covered: int = 0  # rules whose alert has a runbook

    def coverage(self) -> tuple[int, int]:
        """(rules with a runbook, all rules)."""
        return self.covered, len(self.rules)


def load_alert_rules(config: SkmsConfig, diags: Diagnostics) -> AlertRules:
    """Read the rule files the `alert_rules` globs match (relative to the config folder)."""
    out = AlertRules()
    root = config.root
    seen: set[Path] = set()
    for pattern in config.alert_rules:
        matches = sorted(glob.glob(str(root / pattern), recursive=True))
        files = [Path(m) for m in matches if Path(m).is_file()]
        if not files:
            diags.add(
                "SKMS606",
                "mkdocs.yml",
                f"alert_rules: {pattern!r} matches no file",
                hint="globs are relative to the folder of mkdocs.yml, e.g. `prometheus/rules/*.yml`",
            )
        for path in files:
            resolved = path.resolve()
            if resolved in seen:
                continue
            seen.add(resolved)
            rel = _rel(path, root)
            out.files.append(rel)
            out.rules.extend(_read_file(path, rel, diags))
    by_name: dict[str, list[AlertRule]] = defaultdict(list)
    for rule in out.rules:
        by_name[rule.name].append(rule)
    out.by_name = dict(by_name)
    return out


def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _read_file(path: Path, rel: str, diags: Diagnostics) -> list[AlertRule]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        diags.add("SKMS605", rel, f"alert rule file cannot be read: {exc}")
        return []
    try:
        docs = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        diags.add(
            "SKMS605",
            rel,
            f"invalid YAML: {problem}",
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
            hint="a Helm template must be rendered first (helm template) before skms reads it",
        )
        return []
    rules: list[AlertRule] = []
    found_groups = False
    for doc in docs:
        if doc is None:
            continue
        groups = _groups(doc)
        if groups is None:
            continue
        found_groups = True
        for group in groups.value if isinstance(groups, yaml.SequenceNode) else []:
            rules.extend(_group_rules(group, rel, diags))
    if not found_groups:
        diags.add(
            "SKMS605",
            rel,
            "not a Prometheus rules file: no `groups:` and no PrometheusRule `spec.groups`",
            line=1,
        )
    return rules


def _get(node: yaml.Node, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                found: yaml.Node = v
                return found
    return None


def _key_line(node: yaml.Node, key: str) -> int | None:
    if isinstance(node, yaml.MappingNode):
        for k, _v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return k.start_mark.line + 1
    return None


def _scalar(node: yaml.Node | None) -> str | None:
    return node.value if isinstance(node, yaml.ScalarNode) else None


def _groups(doc: yaml.Node) -> yaml.Node | None:
    groups = _get(doc, "groups")
    if groups is not None:
        return groups
    if _scalar(_get(doc, "kind")) == "PrometheusRule":
        return _get(_get(doc, "spec") or yaml.MappingNode("", []), "groups")
    return None


def _group_rules(group: yaml.Node, rel: str, diags: Diagnostics) -> list[AlertRule]:
    name = _scalar(_get(group, "name")) or ""
    rules_node = _get(group, "rules")
    out = []
    for rule in rules_node.value if isinstance(rules_node, yaml.SequenceNode) else []:
        alert = _scalar(_get(rule, "alert"))
        if alert is None:
            continue  # a recording rule
        labels = _get(rule, "labels")
        annotations = _get(rule, "annotations")
        url_node = _get(annotations, "runbook_url") if annotations is not None else None
        out.append(
            AlertRule(
                name=alert,
                expr=(_scalar(_get(rule, "expr")) or "").strip(),
                for_=_scalar(_get(rule, "for")),
                severity=_scalar(_get(labels, "severity")) if labels is not None else None,
                group=name,
                file=rel,
                line=_key_line(rule, "alert") or rule.start_mark.line + 1,
                runbook_url=_scalar(url_node),
                runbook_url_line=url_node.start_mark.line + 1 if url_node is not None else None,
            )
        )
    return out


# --- checks ------------------------------------------------------------------------------


def runbook_page_path(config: SkmsConfig, record: Record) -> str:
    """The runbook page's URL path (`runbooks/kafka-consumer-lag/`), as the site builds it."""
    path = record.path
    for folder in sorted(config.content, key=len, reverse=True):
        prefix = folder.strip("/") + "/"
        if path.startswith(prefix):
            path = path[len(prefix) :]
            break
    path = re.sub(r"\.(md|markdown)$", "", path)
    return f"{SPECS[record.kind].section}/{path}/"


def url_leads_to(
    url: str, name: str, runbook_paths: list[str], site_url: str | None = None
) -> bool:
    """True when a runbook_url ends at `/alerts/<name>/` or at one of the runbook pages (on
    the site's own host and path when `site_url` is known)."""
    url = _ALERTNAME_TEMPLATE.sub(name, url.strip())
    if site_url and re.match(r"[a-z][a-z0-9+.-]*://", url):
        if not url.startswith(site_url.rstrip("/") + "/"):
            return False
    path = re.sub(r"[?#].*$", "", url)
    path = re.sub(r"(/index\.html|\.html)$", "/", path)
    if not path.endswith("/"):
        path += "/"
    targets = [f"alerts/{name}/"] + runbook_paths
    return any(path.endswith("/" + t) or path == t for t in targets)


def suggested_url(name: str, site_url: str | None) -> str:
    base = (site_url or "").rstrip("/")
    return f"{base}/alerts/{name}/" if base else f"<site_url>/alerts/{name}/"


def runbooks_by_alert(records: list[Record]) -> dict[str, list[Record]]:
    out: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        if record.kind == "runbook":
            for name in getattr(record.meta, "alerts", ()):
                out[name].append(record)
    return dict(out)


def check_duplicate_alerts(records: list[Record], diags: Diagnostics) -> None:
    """SKMS604: one alert named by two runbooks; the on-call engineer lands on a choice."""
    for name, runbooks in runbooks_by_alert(records).items():
        if len(runbooks) < 2:
            continue
        for other in runbooks[1:]:
            report_duplicate_alert(diags, name, other, runbooks[0])


def report_duplicate_alert(diags: Diagnostics, name: str, runbook: Record, other: Record) -> None:
    """SKMS604 on `runbook`: it names the alert `other` names too."""
    diags.add(
        "SKMS604",
        runbook.path,
        f"alert {name!r} is also named by the runbook {other.id} ({other.path})",
        line=runbook.line_of("alerts"),
        hint="name each alert in one runbook; link the other runbook from it",
    )


def check_alert_rules(
    config: SkmsConfig,
    rules: AlertRules,
    records: list[Record],
    diags: Diagnostics,
) -> None:
    """SKMS601 rule without runbook, SKMS602 runbook alert without rule, SKMS603 wrong
    runbook_url."""
    site_url = config.site_url
    runbooks = runbooks_by_alert(records)
    pages: dict[str, str] = {}  # runbook path -> its page's URL path, once per runbook
    covered = 0
    for rule in rules.rules:
        books = runbooks.get(rule.name)
        if not books:
            diags.add(
                "SKMS601",
                rule.file,
                f"alert rule {rule.name!r} (group {rule.group!r}) has no runbook",
                line=rule.line,
                hint=f"add `alerts: [{rule.name}]` to the runbook that answers it "
                f"(or write one: skms new runbook)",
            )
            continue
        covered += 1
        paths = [
            pages.get(r.path) or pages.setdefault(r.path, runbook_page_path(config, r))
            for r in books
        ]
        if rule.runbook_url is None:
            diags.add(
                "SKMS603",
                rule.file,
                f"alert rule {rule.name!r} has no runbook_url annotation",
                line=rule.line,
                hint=f"set annotations.runbook_url: {suggested_url(rule.name, site_url)}",
            )
        elif not url_leads_to(rule.runbook_url, rule.name, paths, site_url):
            diags.add(
                "SKMS603",
                rule.file,
                f"alert rule {rule.name!r}: runbook_url {rule.runbook_url!r} leads neither to "
                f"/alerts/{rule.name}/ nor to its runbook",
                line=rule.runbook_url_line,
                hint=f"set runbook_url: {suggested_url(rule.name, site_url)}",
            )
    rules.covered = covered
    for name, books in sorted(runbooks.items()):
        if name in rules.by_name:
            continue
        for book in books:
            diags.add(
                "SKMS602",
                book.path,
                f"alert {name!r} is defined by no alert rule in {', '.join(config.alert_rules)}",
                line=book.line_of("alerts"),
                hint="check the spelling against the rule's `alert:` name, or remove the alert",
            )


# --- the table of `skms alerts` ----------------------------------------------------------


@dataclass(frozen=True)
class AlertRow:
    """One rule with its runbooks and, when its runbook_url is not right, the value to set."""

    rule: AlertRule
    runbooks: list[str]  # runbook ids
    url_ok: bool
    set_runbook_url: str | None


def alert_table(
    config: SkmsConfig, rules: AlertRules, records: list[Record], site_url: str | None
) -> list[AlertRow]:
    runbooks = runbooks_by_alert(records)
    out = []
    for rule in sorted(rules.rules, key=lambda r: (r.name.lower(), r.file, r.line)):
        books = runbooks.get(rule.name, [])
        paths = [runbook_page_path(config, r) for r in books]
        ok = bool(books) and rule.runbook_url is not None
        ok = ok and url_leads_to(rule.runbook_url or "", rule.name, paths, site_url)
        out.append(
            AlertRow(
                rule,
                [r.id for r in books],
                ok,
                None if ok or not books else suggested_url(rule.name, site_url),
            )
        )
    return out


def format_alerts_text(rows: list[AlertRow], rules: AlertRules) -> str:
    covered = sum(1 for r in rows if r.runbooks)
    header = ("ALERT", "RUNBOOK", "SEVERITY", "FOR", "GROUP", "FILE")
    table = [header] + [
        (
            row.rule.name,
            ", ".join(row.runbooks) or "-",
            row.rule.severity or "-",
            row.rule.for_ or "-",
            row.rule.group or "-",
            f"{row.rule.file}:{row.rule.line}",
        )
        for row in rows
    ]
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in table]
    fixes = [r for r in rows if r.set_runbook_url]
    if fixes:
        lines.append("")
        lines.append("runbook_url to set:")
        for row in fixes:
            where = f"{row.rule.file}:{row.rule.runbook_url_line or row.rule.line}"
            lines.append(f"  {where}  {row.rule.name}: runbook_url: {row.set_runbook_url}")
    total = len(rows)
    pct = f" ({100 * covered // total}%)" if total else ""
    lines.append("")
    lines.append(f"{covered} of {total} alert rules have a runbook{pct}")
    return "\n".join(lines)


def format_alerts_json(rows: list[AlertRow], rules: AlertRules) -> str:
    covered = sum(1 for r in rows if r.runbooks)
    data = {
        "schema_version": 1,
        "coverage": {"with_runbook": covered, "rules": len(rows)},
        "files": rules.files,
        "rules": [
            {
                "alert": row.rule.name,
                "expr": row.rule.expr,
                "for": row.rule.for_,
                "severity": row.rule.severity,
                "group": row.rule.group,
                "file": row.rule.file,
                "line": row.rule.line,
                "runbook_url": row.rule.runbook_url,
                "runbooks": row.runbooks,
                "runbook_url_ok": row.url_ok,
                "set_runbook_url": row.set_runbook_url,
            }
            for row in rows
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False)
