"""What every kind of imported record shares: the draft being built, the kind of a file, its
title, tags and owner, the section headings renamed to the contract's, and the source's
front-matter keys that have no place in the contract (kept as written)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import SkmsConfig
from ..kinds import KINDS
from ..slugs import slugify
from .report import FileReport
from .source import Document, Heading, first_paragraph, key_values


@dataclass
class Context:
    """What the mappers may look up: the configuration, the base as it is, the options."""

    config: SkmsConfig
    services: set[str]  # service ids in the base
    problems: set[str]  # problem ids in the base
    service: str | None = None  # --service
    severity: str | None = None  # --severity
    bases: list[tuple[str, str, str]] = field(default_factory=list)  # content folders, resolved


@dataclass
class Draft:
    """A record being made from one source file."""

    doc: Document
    kind: str
    report: FileReport
    fields: dict[str, Any] = field(default_factory=dict)  # contract fields, in writing order
    defaulted: set[str] = field(default_factory=set)  # set by default, not from the source
    meta_kept: dict[str, Any] = field(default_factory=dict)  # source keys with no contract place
    lines: list[str | None] = field(default_factory=list)  # body; None marks a removed line
    new_services: dict[str, str] = field(default_factory=dict)  # id -> where it came from
    record_id: str | None = None
    target: Path | None = None
    slug_hint: str = ""  # what the record's file name is made from
    origin: str = ""  # `imported_from`: the source path relative to the config folder

    def __post_init__(self) -> None:
        self.lines = list(self.doc.lines)

    @property
    def body(self) -> str:
        return "\n".join(line for line in self.lines if line is not None)


# Folder names that say what a tree of files is.
FOLDER_KINDS = {
    "runbook": {"runbooks", "runbook", "alerts", "playbooks", "playbook", "sops", "sop"},
    "review": {
        "postmortems", "postmortem", "post-mortems", "post-mortem", "postmortem-reports",
        "incidents", "incident-reviews", "reviews", "retrospectives", "retros", "pirs",
    },
    "problem": {"problems", "problem-records", "known-errors"},
    "article": {"articles", "kb", "knowledge", "knowledge-base", "faq"},
}  # fmt: skip

RUNBOOK_HEADINGS = {
    "Meaning": {"meaning", "description", "overview", "summary", "symptoms", "symptom",
                "what it means", "alert description", "about this alert", "problem"},
    "Impact": {"impact", "consequences", "effect", "customer impact", "user impact",
               "business impact"},
    "Diagnosis": {"diagnosis", "diagnose", "investigation", "investigate", "troubleshooting",
                  "triage", "debugging", "diagnostics", "how to investigate", "checks",
                  "verification"},
    "Mitigation": {"mitigation", "mitigate", "resolution", "resolve", "remediation", "steps",
                   "fix", "recovery", "procedure", "actions", "how to fix", "remedy",
                   "resolution steps", "remediation steps"},
}  # fmt: skip

REVIEW_HEADINGS = {
    "Summary": {"summary", "incident summary", "executive summary", "overview", "what happened"},
    "Impact": {"impact", "customer impact", "user impact", "business impact"},
    "Timeline": {"timeline", "incident timeline", "timeline of events", "chronology"},
    "Contributing factors": {"contributing factors", "root cause", "root causes", "causes",
                             "root cause analysis", "root causes and trigger",
                             "root cause and contributing factors", "why it happened", "cause"},
    "What went well": {"what went well", "went well", "things that went well"},
    "What was difficult": {"what was difficult", "what went wrong", "what went poorly",
                           "things that went wrong", "what went badly"},
    "Lessons": {"lessons", "lessons learned", "lessons learnt", "learnings", "takeaways"},
}  # fmt: skip
ACTION_HEADINGS = {
    "action items", "action item", "follow-ups", "follow ups", "follow-up actions",
    "follow up actions", "follow-up items", "corrective actions", "remediation items",
    "corrective and preventative actions", "corrective and preventive actions", "next steps",
    "preventive actions", "remediations", "tasks",
}  # fmt: skip


@functools.lru_cache(maxsize=4096)
def heading_key(title: str) -> str:
    return re.sub(r"\s+", " ", title.lower().replace("&", "and")).strip(" .")


def guess_kind(doc: Document, source_parts: tuple[str, ...]) -> tuple[str, str, str, str] | None:
    """(kind, "found"/"guessed", where, the text it came from), or None when nothing says."""
    declared = doc.meta.get("kind")
    if isinstance(declared, str) and declared in KINDS:
        return declared, "found", "front matter `kind`", declared
    for part in reversed(source_parts + tuple(Path(doc.rel).parts[:-1])):
        for kind, names in FOLDER_KINDS.items():
            if part.lower() in names:
                return kind, "guessed", "the folder name", part
    titles = {heading_key(h.title) for h in doc.headings()}
    runbook = len(titles & set().union(*RUNBOOK_HEADINGS.values()) - {"summary", "impact"})
    review = len(
        titles
        & (REVIEW_HEADINGS["Timeline"] | REVIEW_HEADINGS["Contributing factors"] | ACTION_HEADINGS)
    )
    if runbook or review:
        kind = "runbook" if runbook > review else "review"
        return kind, "guessed", "the section headings", ", ".join(sorted(titles))
    if any(k in doc.meta for k in ("alert", "alertname", "alerts")):
        return "runbook", "guessed", "the front matter", "alert"
    return None


def title_heading(doc: Document) -> Heading | None:
    """The document's `# Title` when it is the first heading."""
    heads = doc.headings()
    if heads and heads[0].level == 1:
        return heads[0]
    return None


def set_title(draft: Draft) -> str:
    """Take the record's title (see `take_title`) into its fields; no title is a MappingError."""
    title = take_title(draft)
    if title is None:
        raise MappingError("no title: add a `# Title` line or a `title:` key and import again")
    draft.fields["title"] = title
    draft.slug_hint = title
    return title


def take_title(draft: Draft, fallback: tuple[str, str] | None = None) -> str | None:
    """The title from front matter or the leading `# heading` (which then leaves the body)."""
    doc, report = draft.doc, draft.report
    value = doc.meta.get("title")
    head = title_heading(doc)
    if isinstance(value, (str, int, float)) and str(value).strip():
        title = " ".join(str(value).split())
        report.find("title", title, "front matter `title`")
        if head is not None and head.title.strip().lower() == title.lower():
            remove_line(draft, head.index)
        return title
    if head is not None:
        report.find("title", head.title, "the first heading", doc.line_no(head.index))
        remove_line(draft, head.index)
        return head.title
    if fallback is not None:
        title, source = fallback
        report.guess("title", title, source, title)
        return title
    return None


def remove_line(draft: Draft, index: int) -> None:
    """Drop a line whose text went into the front matter, and one blank line after it."""
    draft.lines[index] = None
    if index + 1 < len(draft.lines) and re.match(
        r"^ {0,3}(=+|-{3,})[ \t]*$", draft.lines[index + 1] or ""
    ):
        draft.lines[index + 1] = None  # a setext heading's underline
        index += 1
    if index + 1 < len(draft.lines) and draft.lines[index + 1] == "":
        draft.lines[index + 1] = None


def rename_sections(
    draft: Draft, names: dict[str, set[str]], only: set[str] | None = None
) -> set[str]:
    """Rename variant headings ("Remediation") to the contract's ("Mitigation"); the
    contract names present afterwards. Only the first variant of a name is renamed, and
    none when the contract's own heading is already there."""
    doc = draft.doc
    heads = [h for h in doc.headings() if h.level > 1]
    if not heads:
        return set()
    top = min(h.level for h in heads)
    present = {name for name in names for h in heads if heading_key(h.title) == heading_key(name)}
    for h in heads:
        if h.level != top:
            continue
        key = heading_key(h.title)
        for name, variants in names.items():
            if only is not None and name not in only:
                continue
            if name in present or key not in variants:
                continue
            draft.lines[h.index] = f"{'#' * h.level} {name}"
            draft.report.guess(
                "section", name, "heading", doc.lines[h.index].strip(), doc.line_no(h.index)
            )
            present.add(name)
            break
    return present


def common_fields(draft: Draft, consumed: set[str]) -> None:
    """tags, owner and visibility as the source writes them; the rest of its keys kept."""
    meta, report = draft.doc.meta, draft.report
    tags = meta.get("tags")
    if isinstance(tags, str):
        tags = [t.strip() for t in tags.split(",") if t.strip()]
    if isinstance(tags, list) and tags:
        draft.fields["tags"] = [str(t) for t in tags]
        report.find("tags", draft.fields["tags"], "front matter `tags`")
    consumed.add("tags")
    owner = meta.get("owner")
    if isinstance(owner, str) and owner.strip():
        draft.fields["owner"] = owner.strip()
        report.find("owner", owner.strip(), "front matter `owner`")
        consumed.add("owner")
    visibility = meta.get("visibility")
    if visibility in ("public", "internal", "restricted"):
        draft.fields["visibility"] = visibility
        report.find("visibility", visibility, "front matter `visibility`")
        consumed.add("visibility")
    consumed.update({"id", "title", "kind", "imported_from"})
    for key, value in meta.items():
        if key not in consumed:
            draft.meta_kept[key] = value
            draft.report.kept.append(
                f"front-matter key `{key}` has no place in the contract; kept as written "
                "(skms check warns about it until it is renamed or removed)"
            )


def hugo_shortcodes(draft: Draft) -> None:
    """Report Hugo shortcodes other than ref/relref: kept as text, to rewrite by hand."""
    for i, line in enumerate(draft.doc.lines):
        if draft.doc.code[i]:
            continue
        for m in re.finditer(r"\{\{[<%]\s*/?\s*([\w-]+)[^}]*[%>]\}\}", line):
            if m.group(1) not in ("ref", "relref"):
                draft.report.kept.append(
                    f"line {draft.doc.line_no(i)}: Hugo shortcode {m.group(0)!r} kept as text"
                )


def map_article(draft: Draft, ctx: Context) -> None:
    set_title(draft)
    common_fields(draft, set())
    hugo_shortcodes(draft)


PROBLEM_STATUS = {
    "open": "open", "new": "open", "investigating": "open", "known error": "known-error",
    "known-error": "known-error", "resolved": "resolved", "fixed": "resolved",
    "closed": "closed",
}  # fmt: skip


def map_problem(draft: Draft, ctx: Context) -> None:

    doc, report = draft.doc, draft.report
    set_title(draft)
    kv = {k: (v, i) for k, v, i in reversed(key_values(doc, set()))}
    raw = doc.meta.get("status")
    where = "front matter `status`"
    if raw is None and "status" in kv:
        raw, line = kv["status"]
        where = f"the line {doc.lines[line].strip()!r}"
    status = PROBLEM_STATUS.get(str(raw).strip().lower()) if raw is not None else None
    if status:
        report.find("status", status, where)
    else:
        status = "open"
        draft.defaulted.add("status")
        report.fill_in.append(
            "status: imported as `open` (the first status of a problem)"
            + (f"; the source says {raw!r}" if raw is not None else "; the source has none")
        )
    draft.fields["status"] = status
    services = _named_services(draft, ctx, kv)
    if services:
        draft.fields["services"] = services
    for name, variants in (("root_cause", {"root cause", "cause"}), ("workaround", {"workaround"})):
        for h in doc.headings():
            if heading_key(h.title) in variants:
                first, end = doc.section(h)
                para = first_paragraph(doc, first, end)
                if para:
                    draft.fields[name] = para[0]
                    report.find(name, para[0], f"section {h.title!r}", doc.line_no(para[1]))
                break
    common_fields(draft, {"status", "services"})
    hugo_shortcodes(draft)


def _named_services(draft: Draft, ctx: Context, kv: dict[str, tuple[str, int]]) -> list[str]:
    """Service ids the source names (front matter or a `Services:` line) that exist."""

    doc, report = draft.doc, draft.report
    names: list[tuple[str, str, int | None]] = []
    for key in ("services", "service", "affected_services"):
        value = doc.meta.get(key)
        if isinstance(value, str):
            value = [v for v in re.split(r"[,;]", value)]
        if isinstance(value, list):
            names += [(str(v).strip(), f"front matter `{key}`", None) for v in value]
    if not names:
        for key in ("services", "service", "affected services", "affected service",
                    "services affected", "systems affected", "affected systems"):  # fmt: skip
            if key in kv:
                value, line = kv[key]
                names += [
                    (v.strip(), f"the line {doc.lines[line].strip()!r}", doc.line_no(line))
                    for v in re.split(r"[,;]|\band\b", value)
                ]
                break
    out: list[str] = []
    if ctx.service:
        out.append(ctx.service)
        report.find("services", ctx.service, "--service")
    for name, where, at in names:
        if not name:
            continue
        sid = name if name in ctx.services else slugify(name)
        if sid in ctx.services:
            if sid not in out:
                out.append(sid)
                report.find("services", sid, where, at)
        else:
            report.fill_in.append(
                f"services: the source names {name!r} ({where}) and no service has the id "
                f"{sid!r}; add it to `services` once it exists (skms new service)"
            )
    return out


class MappingError(Exception):
    """The file cannot be made into a record without inventing something; nothing is written."""
