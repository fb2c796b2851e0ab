"""The import report: per file, what was found, what was guessed (and from which text), what a
person must still fill in, and what went wrong; as text for people and JSON for tools."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from .times import iso


@dataclass
class Finding:
    """One value the import took from the source."""

    field: str
    value: Any
    source: str  # where it came from ("front matter `alert`", "heading on line 1", ...)
    text: str | None = None  # the source text a guess was made from
    line: int | None = None  # the source file's line


@dataclass
class FileReport:
    """What happened to one source file."""

    source: str  # the source file, as the user named it
    action: str = "error"  # created | updated | unchanged | skipped | error
    kind: str | None = None
    id: str | None = None
    target: str | None = None  # the record file, relative to the config folder
    found: list[Finding] = field(default_factory=list)
    guessed: list[Finding] = field(default_factory=list)
    fill_in: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # source text kept as written, to review
    errors: list[str] = field(default_factory=list)

    def find(self, name: str, value: Any, source: str, line: int | None = None) -> None:
        self.found.append(Finding(name, value, source, None, line))

    def guess(self, name: str, value: Any, source: str, text: str, line: int | None = None) -> None:
        self.guessed.append(Finding(name, value, source, text, line))


@dataclass
class ImportReport:
    files: list[FileReport]
    dry_run: bool

    @property
    def ok(self) -> bool:
        return not any(f.errors for f in self.files)

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for f in self.files:
            out[f.action] = out.get(f.action, 0) + 1
        return dict(sorted(out.items()))


def _show(value: Any) -> str:
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_show(v)}" for k, v in value.items()) + "}"
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _where(finding: Finding) -> str:
    return f"{finding.source}, line {finding.line}" if finding.line else finding.source


def format_text(report: ImportReport) -> str:
    verb = {"created": "would create", "updated": "would update"} if report.dry_run else {}
    lines = []
    for f in report.files:
        action = verb.get(f.action, f.action)
        what = f" {f.kind} {f.id}" if f.kind and f.id else ""
        target = f" -> {f.target}" if f.target else ""
        lines.append(f"{f.source}: {action}{what}{target}")
        for e in f.errors:
            lines.append(f"  error: {e}")
        for x in f.found:
            lines.append(f"  found    {x.field}: {_show(x.value)} ({_where(x)})")
        for x in f.guessed:
            lines.append(f"  guessed  {x.field}: {_show(x.value)} ({_where(x)}: {x.text!r})")
        for text in f.fill_in:
            lines.append(f"  fill in  {text}")
        for text in f.kept:
            lines.append(f"  kept     {text}")
    counts = ", ".join(f"{n} {a}" for a, n in report.counts().items()) or "no files"
    tail = " (dry run: nothing written)" if report.dry_run else ""
    lines.append(f"{len(report.files)} file(s): {counts}{tail}")
    return "\n".join(lines)


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


def format_json(report: ImportReport) -> str:
    files = []
    for f in report.files:
        item = asdict(f)
        for group in ("found", "guessed"):
            item[group] = [{**x, "value": _jsonable(x["value"])} for x in item[group]]
        files.append(item)
    data = {
        "schema_version": 1,
        "dry_run": report.dry_run,
        "summary": report.counts(),
        "files": files,
    }
    return json.dumps(data, indent=2, ensure_ascii=False)
