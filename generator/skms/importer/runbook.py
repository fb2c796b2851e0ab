"""Runbooks: the alert names, the service, the contract's four sections."""

from __future__ import annotations

import re
from pathlib import Path

from ..slugs import slugify
from .mapping import (
    RUNBOOK_HEADINGS,
    Context,
    Draft,
    MappingError,
    common_fields,
    hugo_shortcodes,
    rename_sections,
    take_title,
)

# An alert name as Prometheus users write them: one word, mixed case (KubePodCrashLooping,
# etcdMembersDown), digits and underscores allowed.
ALERT_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*[a-z][A-Za-z0-9_]*\Z")
_ALERT_LINE = re.compile(
    r"^\s*(?:[-*+]\s+)?(?:\*\*|__)?alert\s*(?:name)?(?:\*\*|__)?\s*[:=](?:\*\*|__)?\s*`?(?P<name>[A-Za-z][\w:.-]*)`?\s*$",
    re.IGNORECASE,
)
# Folders that hold runbooks but do not name a service.
GENERIC_FOLDERS = {
    "runbooks", "runbook", "alerts", "content", "docs", "doc", "posts", "pages", "playbooks",
    "playbook", "sops", "sop", "src", "site", "markdown", "md", ".",
}  # fmt: skip


def is_alert_name(text: str) -> bool:
    return bool(ALERT_NAME.match(text)) and any(c.isupper() for c in text[1:])


def words(name: str) -> str:
    """`KubePodCrashLooping` -> `Kube Pod Crash Looping`, for slugs."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ", name).replace("_", " ")


def map_runbook(draft: Draft, ctx: Context) -> None:
    doc, report = draft.doc, draft.report
    meta = doc.meta
    consumed = {"alert", "alertname", "alert_name", "alerts", "service", "last_reviewed",
                "review_every"}  # fmt: skip
    alerts: list[str] = []
    for key in ("alerts", "alert", "alertname", "alert_name"):
        value = meta.get(key)
        if isinstance(value, str):
            value = [value]
        if isinstance(value, list):
            for v in value:
                if str(v) not in alerts:
                    alerts.append(str(v))
            if value:
                report.find("alerts", [str(v) for v in value], f"front matter `{key}`")
    if not alerts:
        for i, line in enumerate(doc.lines):
            m = None if doc.code[i] else _ALERT_LINE.match(line)
            if m:
                alerts.append(m.group("name"))
                report.find("alerts", [m.group("name")], "the line", doc.line_no(i))
                break
    stem = Path(doc.rel).stem
    head_title = meta.get("title")
    if not alerts and is_alert_name(stem):
        alerts.append(stem)
        report.guess("alerts", [stem], "the file name", Path(doc.rel).name)
    title = take_title(draft, (alerts[0], "the alert name") if alerts else None)
    if title is None:
        raise MappingError(
            "no title and no alert name: add a `# Title` line, a `title:` key or an `alert:` "
            "key and import again"
        )
    if not alerts:
        candidate = re.sub(r"(?i)^(?:alert|runbook)\s*[:-]\s*|\s+alert$", "", title).strip("` ")
        if is_alert_name(candidate):
            alerts.append(candidate)
            report.guess("alerts", [candidate], "the title", head_title or title)
    if not alerts:
        report.fill_in.append(
            "alerts: the source names no alert; list the alert names this runbook answers"
        )
    draft.fields["title"] = title
    service, where, text = _service(draft, ctx)
    if service is None:
        raise MappingError(
            "no service for this runbook: pass --service NAME, add `service:` to its front "
            "matter, or keep runbooks in one folder per service"
        )
    draft.fields["service"] = service
    if where == "guessed":
        report.guess("service", service, "the folder", text)
    else:
        report.find("service", service, text)
    if service not in ctx.services:
        draft.new_services[service] = text
    if alerts:
        draft.fields["alerts"] = alerts
    last = meta.get("last_reviewed")
    if last is not None:
        draft.fields["last_reviewed"] = last
        report.find("last_reviewed", last, "front matter `last_reviewed`")
    else:
        report.fill_in.append(
            "last_reviewed: the date someone last checked this runbook still works"
        )
    if meta.get("review_every") is not None:
        draft.fields["review_every"] = meta["review_every"]
    present = _sections(draft)
    for name in RUNBOOK_HEADINGS:
        if name not in present:
            report.fill_in.append(f"section `## {name}`: the source has none")
    draft.slug_hint = words(alerts[0]) if alerts and title == alerts[0] else title
    common_fields(draft, consumed)
    hugo_shortcodes(draft)


def _sections(draft: Draft) -> set[str]:

    return rename_sections(draft, RUNBOOK_HEADINGS)


def _service(draft: Draft, ctx: Context) -> tuple[str | None, str, str]:
    """(service id, "found"/"guessed", where) from --service, front matter or the folder."""
    if ctx.service:
        return ctx.service, "found", "--service"
    value = draft.doc.meta.get("service")
    if isinstance(value, str) and value.strip():
        sid = value.strip() if value.strip() in ctx.services else slugify(value)
        return sid, "found", "front matter `service`"
    parent = Path(draft.doc.rel).parent.name
    if parent and parent.lower() not in GENERIC_FOLDERS:
        sid = slugify(parent)
        if sid and ctx.config.id_regex("service").match(sid):
            return sid, "guessed", Path(draft.doc.rel).parent.as_posix() + "/"
    return None, "", ""
