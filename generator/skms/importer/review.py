"""Reviews (postmortems): status, severity, the incident's times in the zone the document
states, impact, contributing factors, services, problems and action items."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

from .. import clock
from ..kinds import SPECS
from ..rules.lifecycle import REQUIRED_TIMESTAMPS, contributing_factors
from .mapping import (
    ACTION_HEADINGS,
    REVIEW_HEADINGS,
    Context,
    Draft,
    MappingError,
    _named_services,
    common_fields,
    heading_key,
    hugo_shortcodes,
    rename_sections,
    set_title,
)
from .report import FileReport
from .source import Document, first_paragraph, key_values, strip_markup, tables
from .times import (
    Stamp,
    combine,
    from_value,
    one_zone,
    parse_date,
    parse_stamp,
    stated_zones,
)

# A moment of the incident as found: (stamp or datetime, how, where, line, text)
Wanted = tuple[datetime | Stamp, str, str, int | None, str]

TIME_FIELDS = ("started", "detected", "acknowledged", "mitigated", "resolved")
FRONT_MATTER_TIMES = {
    "started": ("started", "start_time", "start", "started_at", "incident_start", "begin"),
    "detected": ("detected", "detected_at", "detection_time", "detect_time"),
    "acknowledged": ("acknowledged", "acknowledged_at", "ack_time"),
    "mitigated": ("mitigated", "mitigated_at", "mitigation_time"),
    "resolved": ("resolved", "end_time", "end", "resolved_at", "ended", "incident_end"),
}
HEADER_TIMES = {
    "started": ("start", "start time", "started", "incident start", "incident start time",
                "began", "impact start", "start of impact", "outage start"),
    "detected": ("detected", "detection time", "time detected", "detected at", "discovered"),
    "acknowledged": ("acknowledged", "ack time", "time acknowledged", "acknowledged at"),
    "mitigated": ("mitigated", "mitigation time", "time mitigated", "mitigated at"),
    "resolved": ("end", "end time", "ended", "resolved", "resolution time", "time resolved",
                 "incident end", "incident end time", "end of impact", "outage end", "recovered"),
}  # fmt: skip
# Timeline entries whose words say which moment they are.
TIMELINE_WORDS = {
    "started": re.compile(r"(?i)\b(outage|impact|incident|errors?)\s+(begins?|began|starts?|started)\b|\bbegins\b"),
    "detected": re.compile(r"(?i)\b(detected|alert(s|ed)?\s+fire[sd]?|fired|paged|pages|noticed|first (report|ticket|support ticket)|reports?\b)"),
    "acknowledged": re.compile(r"(?i)\b(acknowledged|acks?\b|on-?call (responds|responded|joins|joined))"),
    "mitigated": re.compile(r"(?i)\b(mitigated|mitigation (applied|in place)|rolled back|roll(ed)?back complete|failed over|(?<!fully )restored)"),
    "resolved": re.compile(r"(?i)\b(resolved|outage ends|impact ends|ends\b|recovered|all clear|back to normal|fully restored)"),
}  # fmt: skip
STATUS = {
    "draft": "draft", "wip": "draft", "in progress": "draft", "in-progress": "draft",
    "work in progress": "draft", "open": "draft", "investigating": "draft",
    "in review": "in-review", "in-review": "in-review", "under review": "in-review",
    "ready for review": "in-review", "review": "in-review", "reviewed": "reviewed",
    "complete": "reviewed", "completed": "reviewed", "final": "reviewed", "done": "reviewed",
    "published": "reviewed", "approved": "reviewed", "closed": "closed",
}  # fmt: skip
SEVERITY_WORDS = {"critical": 1, "urgent": 1, "high": 2, "major": 2, "medium": 3,
                  "moderate": 3, "low": 4, "minor": 4, "trivial": 5, "info": 5,
                  "informational": 5}  # fmt: skip
DETECTION = (
    ("alert", re.compile(r"(?i)alert|monitor|page|pager")),
    ("customer", re.compile(r"(?i)customer|user report|support ticket|support")),
    ("synthetic", re.compile(r"(?i)synthetic|probe|canary|blackbox")),
    ("staff", re.compile(r"(?i)staff|engineer|employee|internal")),
)
ITEM_COLUMNS = {
    "title": {"action", "action item", "action items", "item", "task", "description", "title",
              "what", "summary", "follow-up", "remediation"},
    "owner": {"owner", "owners", "assignee", "who", "responsible", "assigned to"},
    "due": {"due", "due date", "deadline", "by", "target date", "eta", "when", "date"},
    "status": {"status", "state", "done"},
    "type": {"type", "category", "kind"},
    "link": {"link", "ticket", "bug", "issue", "jira", "tracking", "url"},
}  # fmt: skip
ITEM_STATUS = {"done": "done", "complete": "done", "completed": "done", "fixed": "done",
               "closed": "done", "resolved": "done", "wontfix": "wontfix",
               "won't fix": "wontfix", "wont fix": "wontfix", "cancelled": "wontfix",
               "canceled": "wontfix", "open": "open", "todo": "open", "to do": "open",
               "in progress": "open", "not started": "open", "started": "open"}  # fmt: skip
ITEM_TYPES = {"mitigate": "mitigate", "mitigation": "mitigate", "prevent": "prevent",
              "prevention": "prevent", "detect": "detect", "detection": "detect",
              "process": "process"}  # fmt: skip
_URL = re.compile(r"https?://[^\s)>\]]+")


def map_review(draft: Draft, ctx: Context) -> None:
    doc, report = draft.doc, draft.report
    set_title(draft)
    timeline = _section(doc, REVIEW_HEADINGS["Timeline"]) or _timed_list(doc)
    actions = _section(doc, ACTION_HEADINGS)
    skip: set[int] = set()
    for span in (timeline, actions):
        if span:
            skip.update(range(span[0], span[1]))
    kv_list = key_values(doc, skip)
    kv = {k: (v, i) for k, v, i in reversed(kv_list)}
    consumed: set[str] = {"status", "severity", "sev", "priority", "services", "service",
                          "impact", "problems", "action_items", "authors", "author",
                          "detection", "timezone", "time_zone", "tz", "date",
                          "affected_services"}  # fmt: skip
    draft.fields["status"] = "draft"  # settled at the end, once completeness is known
    severity = _severity(draft, ctx, kv)
    draft.fields["severity"] = severity
    services = _named_services(draft, ctx, kv)
    if services:
        draft.fields["services"] = services
    times = _times(draft, kv, timeline, consumed)
    for name in TIME_FIELDS:
        if name in times:
            draft.fields[name] = times[name]
    _detection(draft, kv)
    _impact(draft, kv)
    problems = _problems(draft, ctx)
    if problems:
        draft.fields["problems"] = problems
    items = _action_items(draft, actions)
    if items:
        draft.fields["action_items"] = items
        today = clock.today()
        for item in items:
            due = item.get("due")
            if isinstance(due, date) and due < today and item.get("status", "open") == "open":
                report.fill_in.append(
                    f"action item {item['title']!r} was due {due.isoformat()} and the source "
                    "does not say it is done: mark it done, wontfix, or agree a new date"
                )
    authors = doc.meta.get("authors", doc.meta.get("author"))
    if isinstance(authors, str):
        authors = [a.strip() for a in authors.split(",") if a.strip()]
    if not authors and "authors" in kv:
        authors = [a.strip() for a in re.split(r",|\band\b", kv["authors"][0]) if a.strip()]
    if isinstance(authors, list) and authors:
        draft.fields["authors"] = [str(a) for a in authors]
        report.find("authors", draft.fields["authors"], "front matter or an `Authors:` line")
    rename_sections(draft, REVIEW_HEADINGS)
    _status(draft, kv)
    if doc.meta.get("date") is not None:
        consumed.discard("date")  # kept as written, and reported so
    common_fields(draft, consumed)
    hugo_shortcodes(draft)


def _section(doc: Document, names: set[str]) -> tuple[int, int] | None:
    for h in doc.headings():
        if heading_key(h.title) in names:
            return doc.section(h)
    return None


def _timed_list(doc: Document) -> tuple[int, int] | None:
    """A timeline without a heading: the first run of two or more list items that start with
    a time ("- 10:05 deploys fail")."""
    run: list[int] = []
    for i, line in enumerate(doc.lines + [""]):
        m = (
            None
            if i >= len(doc.lines) or doc.code[i]
            else re.match(r"^\s*(?:[-*+]|\d+[.)])\s+(.*)$", line)
        )
        if m and parse_stamp(strip_markup(m.group(1)), at_start=True):
            run.append(i)
            continue
        if len(run) >= 2:
            return run[0], run[-1] + 1
        run = []
    return None


def _meta_value(doc: Document, keys: tuple[str, ...]) -> tuple[Any, str] | None:
    for key in keys:
        if doc.meta.get(key) not in (None, ""):
            return doc.meta[key], key
    return None


# --- severity and status -----------------------------------------------------------------


def parse_severity(text: str, scale: list[str]) -> tuple[str, bool] | None:
    """(severity on the configured scale, exact) or None for a word it does not know."""
    value = strip_markup(str(text)).strip()
    for allowed in scale:
        if value.lower() == allowed.lower():
            return allowed, True
    level = None
    exact = False
    m = re.match(r"(?i)^sev(?:erity)?[\s_-]*(\d)\b", value)
    if m:
        level, exact = int(m.group(1)), True
    elif m := re.match(r"(?i)^p[\s-]?(\d)\b", value):
        level = int(m.group(1))
    elif m := re.match(r"^(\d)\b", value):
        level = int(m.group(1))
    else:
        word = re.match(r"[A-Za-z]+", value)
        if word and word.group(0).lower() in SEVERITY_WORDS:
            level = SEVERITY_WORDS[word.group(0).lower()]
    if level is None or not 1 <= level <= len(scale):
        return None
    return scale[level - 1], exact


def _severity(draft: Draft, ctx: Context, kv: dict[str, tuple[str, int]]) -> str:
    doc, report = draft.doc, draft.report
    scale = list(ctx.config.severities)
    raw = _meta_value(doc, ("severity", "sev", "priority"))
    line = None
    if raw is not None:
        text, where = str(raw[0]), f"front matter `{raw[1]}`"
    else:
        for key in ("severity", "sev", "incident severity", "priority", "severity level"):
            if key in kv:
                text, index = kv[key]
                where, line = "the line", doc.line_no(index)
                break
        else:
            title = str(draft.fields.get("title", ""))
            m = re.search(r"(?i)\b(sev[\s-]?\d|p\d)\b", title)
            if m:
                text, where = m.group(1), "the title"
            elif ctx.severity:
                report.find("severity", ctx.severity, "--severity")
                return ctx.severity
            else:
                raise MappingError(
                    "no severity: the source states none; write one in it (e.g. "
                    "`Severity: SEV2`) or pass --severity for the files that state none"
                )
    parsed = parse_severity(text, scale)
    if parsed is None:
        raise MappingError(
            f"unknown severity {text!r} ({where}{f', line {line}' if line else ''}); "
            f"write one of {', '.join(scale)} (or P1-P{len(scale)}, critical/high/medium/low)"
        )
    severity, exact = parsed
    if exact:
        report.find("severity", severity, where, line)
    else:
        report.guess("severity", severity, where, text, line)
    return severity


def _status(draft: Draft, kv: dict[str, tuple[str, int]]) -> None:
    """The source's status, unless it claims a complete review the record cannot back."""
    doc, report = draft.doc, draft.report
    raw = _meta_value(doc, ("status",))
    line = None
    text = None
    if raw is not None:
        text, where = str(raw[0]), "front matter `status`"
    elif "status" in kv:
        text, index = kv["status"]
        where, line = "the line", doc.line_no(index)
    status = None
    if text is not None:
        key = re.split(r"[,;(]", text.strip().lower())[0].strip()
        status = STATUS.get(key)
    if status is None:
        draft.defaulted.add("status")
        report.fill_in.append(
            "status: imported as `draft`"
            + (f" (the source says {text!r})" if text else " (the source states none)")
            + "; set it once the review is agreed"
        )
        status = "draft"
    elif status in ("reviewed", "closed"):
        missing = _incomplete(draft)
        if missing:
            report.fill_in.append(
                f"status: the source says {text!r}; imported as `draft` until the record has "
                f"{', '.join(missing)} (what a {status} review must hold)"
            )
            draft.defaulted.add("status")
            status = "draft"
        else:
            report.find("status", status, where, line)
    else:
        report.find("status", status, where, line)
    draft.fields["status"] = status
    for name in TIME_FIELDS:
        if name in REQUIRED_TIMESTAMPS and name not in draft.fields:
            report.fill_in.append(f"{name}: the source gives no time for it")
    if not draft.fields.get("action_items"):
        report.fill_in.append("action_items: the source lists none")
    if not contributing_factors(draft.body):
        report.fill_in.append(
            "contributing factors: no bullets under `## Contributing factors` in the source"
        )


def _incomplete(draft: Draft) -> list[str]:
    out = []
    if not draft.fields.get("impact"):
        out.append("impact")
    out += [f"`{n}`" for n in REQUIRED_TIMESTAMPS if n not in draft.fields]
    if not contributing_factors(draft.body):
        out.append("contributing factors")
    items = draft.fields.get("action_items") or []
    if not items:
        out.append("action items")
    elif any(not i.get("owner") or not i.get("due") for i in items):
        out.append("an owner and a due date on every action item")
    return out


# --- times -------------------------------------------------------------------------------


def _times(
    draft: Draft,
    kv: dict[str, tuple[str, int]],
    timeline: tuple[int, int] | None,
    consumed: set[str],
) -> dict[str, datetime]:
    doc, report = draft.doc, draft.report
    text_lines = [(doc.line_no(i), line) for i, line in enumerate(doc.lines) if not doc.code[i]]
    zones = stated_zones(text_lines)
    meta_zone = _meta_value(doc, ("timezone", "time_zone", "tz"))
    if meta_zone is not None:
        zones += stated_zones([(None, f"time zone: {meta_zone[0]}")])  # type: ignore[list-item]
    # (field, stamp or datetime, how, where, line, text)
    wanted: dict[str, Wanted] = {}
    for name, keys in FRONT_MATTER_TIMES.items():
        consumed.update(keys)
        raw = _meta_value(doc, keys)
        if raw is not None:
            value = from_value(raw[0])
            if value is not None:
                wanted[name] = (value, "found", f"front matter `{raw[1]}`", None, str(raw[0]))
    for name, keys in HEADER_TIMES.items():
        if name in wanted:
            continue
        for key in keys:
            if key in kv:
                text, index = kv[key]
                stamp = parse_stamp(text, doc.line_no(index))
                if stamp is not None and stamp.clock is not None:
                    wanted[name] = (stamp, "found", "the line", doc.line_no(index), text)
                    break
    entries = _timeline(doc, timeline) if timeline else []
    if entries:
        _from_timeline(wanted, entries, doc)
    # Every zone the document writes must agree, stated or written after a time.
    used = [v[0].zone for v in wanted.values() if isinstance(v[0], Stamp) and v[0].zone]
    used += [e[0].zone for e in entries if e[0].zone]
    zone = one_zone(zones + used)
    doc_day = _document_day(doc, kv, entries)
    out: dict[str, datetime] = {}
    unzoned = []
    for name, (value, how, where, line, text) in wanted.items():
        if isinstance(value, datetime):
            result = value
        else:
            stamp = value
            if stamp.clock is None:
                report.fill_in.append(f"{name}: {text!r} ({where}) has a date but no time")
                continue
            day = stamp.day
            if day is None:
                if doc_day is None:
                    report.fill_in.append(
                        f"{name}: {text!r} ({where}) has a time but the document gives no date"
                    )
                    continue
                day = doc_day[0]
                how = "guessed"
            tz = stamp.zone or zone
            if tz is None:
                unzoned.append((text, line))
                continue
            result = combine(day, stamp.clock, tz)
        if how == "found":
            report.find(name, result, where, line)
        else:
            report.guess(name, result, where, text, line)
        out[name] = result
    if unzoned:
        text, line = unzoned[0]
        raise MappingError(
            f"times without a time zone ({text!r}{f', line {line}' if line else ''}): the "
            "document states none; add one (e.g. `All times in UTC`) and import again"
        )
    _keep_in_order(out, wanted, report)
    return out


def _keep_in_order(out: dict[str, datetime], wanted: dict[str, Wanted], report: FileReport) -> None:
    """Drop guessed times that contradict the order of an incident's moments."""
    for earlier, later in SPECS["review"].timestamp_order:
        a, b = out.get(earlier), out.get(later)
        if a is None or b is None or b >= a:
            continue
        for name in (later, earlier):
            if wanted[name][1] == "guessed" or name == later:
                out.pop(name)
                report.guessed[:] = [g for g in report.guessed if g.field != name]
                report.found[:] = [f for f in report.found if f.field != name]
                report.fill_in.append(
                    f"{name}: the source's times put it before {earlier if name == later else later}; "
                    "left out"
                )
                break


def _timeline(doc: Document, span: tuple[int, int]) -> list[tuple[Stamp, str, int]]:
    """(stamp, entry text, body-line index) for each dated or timed timeline entry."""
    first, end = span
    entries: list[tuple[Stamp, str, int]] = []
    current: date | None = None
    previous = None
    table_heads = {t.rows[0][0] - 2 for t in tables(doc, first, end) if t.rows}
    for i in range(first, end):
        if doc.code[i] or i in table_heads:
            continue
        line = doc.lines[i]
        text = re.sub(r"^\s*(?:#{1,6}\s+|[-*+]\s+(?:\[[ xX]\]\s+)?|\d+[.)]\s+)?", "", line)
        if text.startswith("|"):
            text = " ".join(c for c in text.strip("|").split("|"))
        text = strip_markup(text).strip()
        if not text or set(text) <= set("-: |"):
            continue
        stamp = parse_stamp(text, doc.line_no(i), at_start=True)
        if stamp is None:
            continue
        if stamp.clock is None:
            current, previous = stamp.day, None
            continue
        if stamp.day is None and current is not None:
            day = current
            if previous is not None and stamp.clock < previous:
                day = current = current + timedelta(days=1)  # past midnight
            stamp = Stamp(day, stamp.clock, stamp.zone, stamp.text)
        previous = stamp.clock
        entries.append((stamp, text, i))
    return entries


def _from_timeline(
    wanted: dict[str, Wanted], entries: list[tuple[Stamp, str, int]], doc: Document
) -> None:
    for name, words in TIMELINE_WORDS.items():
        if name in wanted:
            continue
        hits = [e for e in entries if words.search(e[1])]
        if hits:
            stamp, text, i = hits[-1] if name == "resolved" else hits[0]
            wanted[name] = (stamp, "guessed", "the timeline", doc.line_no(i), text)
    if "started" not in wanted:
        stamp, text, i = entries[0]
        wanted["started"] = (stamp, "guessed", "the timeline's first entry", doc.line_no(i), text)
    if "resolved" not in wanted and len(entries) > 1:
        stamp, text, i = entries[-1]
        wanted["resolved"] = (stamp, "guessed", "the timeline's last entry", doc.line_no(i), text)


def _document_day(
    doc: Document, kv: dict[str, tuple[str, int]], entries: list[tuple[Stamp, str, int]]
) -> tuple[date, str] | None:
    value = doc.meta.get("date")
    if isinstance(value, datetime):
        return value.date(), "front matter `date`"
    if isinstance(value, date):
        return value, "front matter `date`"
    if isinstance(value, str) and (d := parse_date(value)):
        return d, "front matter `date`"
    for key in ("date", "incident date", "date of incident"):
        if key in kv and (d := parse_date(kv[key][0])):
            return d, "the line"
    # Else the one date the text mentions, if it mentions only one.
    days = {d for i, line in enumerate(doc.lines) if not doc.code[i] and (d := parse_date(line))}
    if len(days) == 1:
        return days.pop(), "the only date in the text"
    return None


# --- other fields ------------------------------------------------------------------------


def _detection(draft: Draft, kv: dict[str, tuple[str, int]]) -> None:
    value = draft.doc.meta.get("detection")
    if value in ("alert", "customer", "staff", "synthetic", "other"):
        draft.fields["detection"] = value
        draft.report.find("detection", value, "front matter `detection`")
        return
    for key in ("detection", "detected by", "how detected", "detection method"):
        if key in kv:
            text, index = kv[key]
            for name, pattern in DETECTION:
                if pattern.search(text):
                    draft.fields["detection"] = name
                    draft.report.guess(
                        "detection", name, "the line", text, draft.doc.line_no(index)
                    )
                    return


def _impact(draft: Draft, kv: dict[str, tuple[str, int]]) -> None:
    doc, report = draft.doc, draft.report
    value = doc.meta.get("impact")
    if isinstance(value, str) and value.strip():
        draft.fields["impact"] = " ".join(value.split())
        report.find("impact", draft.fields["impact"], "front matter `impact`")
        return
    span = _section(doc, REVIEW_HEADINGS["Impact"])
    if span:
        para = first_paragraph(doc, *span)
        if para:
            draft.fields["impact"] = para[0]
            report.find("impact", para[0], "the Impact section", doc.line_no(para[1]))
            return
    if "impact" in kv:
        text, index = kv["impact"]
        draft.fields["impact"] = text
        report.find("impact", text, "the line", doc.line_no(index))
        return
    report.fill_in.append("impact: who was affected, how, and for how long")


def _problems(draft: Draft, ctx: Context) -> list[str]:
    pattern = re.compile(rf"\b(?:{ctx.config.ids['problem']})\b")
    out: list[str] = []
    value = draft.doc.meta.get("problems")
    if isinstance(value, str):
        value = [value]
    candidates: list[tuple[str, str, int | None]] = [
        (str(v), "front matter `problems`", None) for v in value or []
    ]
    for i, line in enumerate(draft.doc.lines):
        if not draft.doc.code[i]:
            candidates += [
                (m.group(0), "the body", draft.doc.line_no(i)) for m in pattern.finditer(line)
            ]
    for pid, where, at in candidates:
        if pid in out:
            continue
        if pid in ctx.problems:
            out.append(pid)
            draft.report.find("problems", pid, where, at)
        else:
            draft.report.fill_in.append(
                f"problems: {pid} ({where}{f', line {at}' if at else ''}) is not in the "
                "knowledge base; skms check reports it until it is"
            )
    return out


def _action_items(draft: Draft, span: tuple[int, int] | None) -> list[dict[str, Any]]:
    doc, report = draft.doc, draft.report
    value = doc.meta.get("action_items")
    if isinstance(value, list) and value:
        report.find("action_items", f"{len(value)} item(s)", "front matter `action_items`")
        return value
    if span is None:
        return []
    first, end = span
    items: list[dict[str, Any]] = []
    in_table: set[int] = set()
    for table in tables(doc, first, end):
        roles = _columns(table.header)
        for index, cells in table.rows:
            in_table.add(index)
            item = _table_item(cells, roles)
            if item:
                items.append(item)
                report.find(
                    "action_items", _summary(item), "the action items table", doc.line_no(index)
                )
        in_table.update({table.rows[0][0] - 2, table.rows[0][0] - 1} if table.rows else set())
    for i in range(first, end):
        if doc.code[i] or i in in_table:
            continue
        m = re.match(
            r"^(?:[-*+]|\d+[.)])\s+(?:\[(?P<box>[ xX])\]\s+)?(?P<text>\S.*)$", doc.lines[i]
        )
        if not m:
            continue  # nested items and prose stay in the body only
        item = _list_item(m.group("text"), m.group("box"))
        if item:
            items.append(item)
            report.find("action_items", _summary(item), "the action items list", doc.line_no(i))
    return items


def _summary(item: dict[str, Any]) -> str:
    parts = [item["title"]]
    for key in ("owner", "due", "status"):
        if item.get(key):
            parts.append(
                f"{key} {item[key] if not isinstance(item[key], date) else item[key].isoformat()}"
            )
    return "; ".join(parts)


def _columns(header: list[str]) -> dict[str, int]:
    roles: dict[str, int] = {}
    for index, name in enumerate(header):
        key = name.strip().lower().rstrip(":")
        for role, names in ITEM_COLUMNS.items():
            if key in names and role not in roles:
                roles[role] = index
                break
    roles.setdefault("title", 0)
    return roles


def _table_item(cells: list[str], roles: dict[str, int]) -> dict[str, Any] | None:
    def cell(role: str) -> str:
        index = roles.get(role)
        return strip_markup(cells[index]) if index is not None and index < len(cells) else ""

    title = cell("title")
    if not title:
        return None
    item: dict[str, Any] = {"title": title}
    kind = ITEM_TYPES.get(cell("type").lower())
    if kind:
        item["type"] = kind
    elif cell("type"):
        item["title"] += f" ({cell('type')})"
    if cell("owner"):
        item["owner"] = cell("owner").lstrip("@")
    due = cell("due")
    if due:
        parsed = parse_date(due)
        if parsed:
            item["due"] = parsed
        else:
            item["title"] += f" (due {due})"
    status = cell("status").lower()
    if status:
        item["status"] = ITEM_STATUS.get(status, "open")
        if status not in ITEM_STATUS:
            item["title"] += f" ({cell('status')})"
    link = cell("link")
    raw_link = cells[roles["link"]] if "link" in roles and roles["link"] < len(cells) else ""
    url = _URL.search(raw_link)
    if url:
        item["link"] = url.group(0)
    elif link:
        item["title"] += f" ({link})"
    return item


_OWNER = re.compile(
    r"(?i)\b(?:owner|assignee|assigned to|who)\s*[:=]?\s*@?(?P<who>[\w.-]+)|(?<![\w/])@(?P<at>[\w.-]+)"
)
_DUE = re.compile(
    r"(?i)\b(?:due|by|deadline)\s*[:=]?\s*(?P<date>\d{4}-\d{2}-\d{2}|[A-Za-z]{3,9}\.? \d{1,2},? \d{4}|\d{1,2} [A-Za-z]{3,9} \d{4})"
)


def _list_item(text: str, box: str | None) -> dict[str, Any] | None:
    item: dict[str, Any] = {}
    title = text
    m = _OWNER.search(text)
    if m:
        item["owner"] = m.group("who") or m.group("at")
        title = title.replace(m.group(0), "")
    d = _DUE.search(text)
    if d and (due := parse_date(d.group("date"))):
        item["due"] = due
        title = title.replace(d.group(0), "")
    url = _URL.search(text)
    if url:
        item["link"] = url.group(0)
    if box is not None:
        item["status"] = "done" if box.lower() == "x" else "open"
    title = strip_markup(title)
    title = re.sub(r"\(\s*[,;]?\s*\)|\[\s*\]", "", title)
    title = re.sub(r"[\s\-–—,;:]+$", "", re.sub(r"\s{2,}", " ", title)).strip(" ,;")
    title = re.sub(r"\(\s*[,;]\s*", "(", title)
    if not title:
        return None
    return {"title": title, **item}


__all__ = ["map_review", "parse_severity"]
