"""Validation: front-matter data to a kind's model, every problem a diagnostic with its line."""

from __future__ import annotations

import difflib
import re
from datetime import date, datetime, timezone
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from ..config import SkmsConfig
from ..diagnostics import Diagnostics
from ..kinds import KINDS, MODELS, SPECS, known_fields
from ..model import Common, Record

_TYPE_NAMES = {
    "string_type": "a string",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "float_parsing": "a number",
    "float_type": "a number",
    "bool_type": "true or false",
    "date_type": "a date (2026-03-04)",
    "date_parsing": "a date (2026-03-04)",
    "date_from_datetime_inexact": "a date (2026-03-04)",
}


class Validator:
    """Turns one file's front matter into a model instance, reporting what it had to drop."""

    def __init__(self, config: SkmsConfig, diags: Diagnostics) -> None:
        self.config = config
        self.diags = diags
        self.id_regex = {kind: config.id_regex(kind) for kind in KINDS}
        self.known = {kind: known_fields(kind) for kind in KINDS}

    def derive_id(self, kind: str, stem: str) -> str:
        pattern = self.config.ids[kind]
        m = re.match(rf"(?:{pattern})", stem)
        if m and self.id_regex[kind].match(m.group(0)):
            return m.group(0)
        return re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "record"

    def validate(self, record: Record, data: dict[str, Any], folder_kind: str) -> Common:
        rel = record.path
        data = self._string_keys(record, data)
        kind = data.get("kind", folder_kind)
        if kind not in KINDS:
            self.diags.add(
                "SKMS209",
                rel,
                f"unknown kind {kind!r}",
                line=record.line_of("kind"),
                hint=f"one of {', '.join(KINDS)}; the folder says {folder_kind!r}",
            )
            kind = folder_kind
        data["kind"] = kind
        stem = record.abs_path.stem
        for name in ("id", "title"):
            value = data.get(name)
            if value is None or (isinstance(value, str) and not value.strip()):
                derived = (
                    self.derive_id(kind, stem) if name == "id" else _title_from(record.body, stem)
                )
                self.diags.add(
                    "SKMS201",
                    rel,
                    f"missing required field {name!r}",
                    line=record._fm_line - 1,
                    hint=f"add `{name}: {derived}`",
                )
                data[name] = derived
            elif not isinstance(value, str):
                data[name] = str(value)
        if not self.id_regex[kind].match(data["id"]):
            self.diags.add(
                "SKMS208",
                rel,
                f"id {data['id']!r} does not match the {kind} id pattern {self.config.ids[kind]!r}",
                line=record.line_of("id"),
                hint=f"e.g. {SPECS[kind].example_id}",
            )
        for name in SPECS[kind].required:
            if data.get(name) in (None, ""):
                self.diags.add(
                    "SKMS201",
                    rel,
                    f"missing required field {name!r} for a {kind}",
                    line=record._fm_line - 1,
                    hint=_allowed_hint(kind, name, self.config),
                )
        if "visibility" not in data or data["visibility"] is None:
            data["visibility"] = self.config.default_visibility
        for key in data:
            if key not in self.known[kind]:
                close = difflib.get_close_matches(key, sorted(self.known[kind]), n=1)
                self.diags.add(
                    "SKMS207",
                    rel,
                    f"unknown key {key!r} for a {kind}; kept as is",
                    line=record.line_of(key),
                    hint=f"did you mean {close[0]!r}?"
                    if close
                    else "check the spelling against the front-matter reference",
                )
        if kind == "review" and data.get("severity") not in (None, ""):
            if str(data["severity"]) not in self.config.severities:
                self.diags.add(
                    "SKMS203",
                    rel,
                    f"severity {data['severity']!r} is not allowed",
                    line=record.line_of("severity"),
                    hint=f"one of {', '.join(self.config.severities)}",
                )
                data.pop("severity")
        meta = self._model(record, MODELS[kind], data)
        self._check_times(record, meta)
        return meta

    def _string_keys(self, record: Record, data: dict[Any, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in data.items():
            if isinstance(key, str):
                out[key] = value
            else:
                self.diags.add(
                    "SKMS202",
                    record.path,
                    f"key {key!r} is not a string; ignored",
                    line=record._fm_line,
                    hint="front-matter keys are names like `severity`",
                )
        return out

    def _model(self, record: Record, model: type[Common], data: dict[str, Any]) -> Common:
        data = dict(data)
        # A bad value deep down may leave its container invalid (a required key gone): each
        # round drops one level more, so a few rounds always reach a valid model.
        dropped: set[tuple[Any, ...]] = set()
        for _ in range(8):
            try:
                return model.model_validate(data)
            except ValidationError as exc:
                errors = exc.errors()
                locs = [tuple(err["loc"]) for err in errors]
                for err in errors:
                    if not (err["type"] == "missing" and tuple(err["loc"]) in dropped):
                        self._report(record, err, data)  # else: reported as it was dropped
                dropped.update(locs)
                data = _without(data, locs)
        # Unreachable in practice: every failing field has been dropped by now.
        base = {k: data[k] for k in ("id", "title", "kind", "visibility") if k in data}
        return model.model_validate(base)

    def _report(self, record: Record, err: ErrorDetails, data: dict[str, Any]) -> None:
        loc = tuple(err["loc"])
        where = _loc_text(loc)
        line = record.line_of(*loc) or record.line_of(loc[0]) if loc else None
        etype = err["type"]
        value = err.get("input")
        if etype == "missing":
            self.diags.add("SKMS201", record.path, f"missing required field {where!r}", line=line)
        elif etype in ("literal_error", "enum"):
            expected = err.get("ctx", {}).get("expected", "")
            self.diags.add(
                "SKMS203",
                record.path,
                f"{where}: {value!r} is not allowed",
                line=line,
                hint=f"one of {expected}",
            )
        elif etype.startswith("datetime") or (
            etype.startswith("date") and "datetime" in err["msg"]
        ):
            self.diags.add(
                "SKMS204",
                record.path,
                f"{where}: {value!r} is not a valid timestamp",
                line=line,
                hint="write ISO 8601 with a timezone, e.g. 2026-03-04T10:15:00Z",
            )
        elif etype.startswith("date"):
            self.diags.add(
                "SKMS204",
                record.path,
                f"{where}: {value!r} is not a valid date",
                line=line,
                hint="e.g. 2026-03-04",
            )
        else:
            wanted = _TYPE_NAMES.get(etype, err["msg"].lower())
            self.diags.add(
                "SKMS202",
                record.path,
                f"{where} should be {wanted}, got {type_name(value)}",
                line=line,
            )

    def _check_times(self, record: Record, meta: Common) -> None:
        fields = SPECS[meta.kind].timestamps
        for name in fields:
            value = getattr(meta, name)
            if isinstance(value, datetime) and value.tzinfo is None:
                self.diags.add(
                    "SKMS205",
                    record.path,
                    f"{name}: {value.isoformat()} has no timezone; read as UTC",
                    line=record.line_of(name),
                    hint=f"write {value.strftime('%Y-%m-%dT%H:%M:%S')}Z",
                )
                setattr(meta, name, value.replace(tzinfo=timezone.utc))
        for earlier, later in SPECS[meta.kind].timestamp_order:
            a, b = getattr(meta, earlier), getattr(meta, later)
            if a is not None and b is not None and b < a:
                self.diags.add(
                    "SKMS206",
                    record.path,
                    f"{later} ({b.isoformat()}) is before {earlier} ({a.isoformat()})",
                    line=record.line_of(later),
                    hint=f"{later} must not be earlier than {earlier}",
                )


_DROPPED = object()


def _without(data: dict[str, Any], locs: list[tuple[Any, ...]]) -> dict[str, Any]:
    """A copy of `data` without the values that failed validation, and nothing else.

    A location names the bad value itself (`checklist.communications.status`): only it goes,
    its siblings stay. When the location goes deeper than the data (a required key that is
    missing), the innermost value that exists goes instead. Lists lose the bad item.
    """
    out = _copy_containers(data)
    for loc in locs:
        parent: Any = None
        key: Any = None
        node: Any = out
        for part in loc:
            if isinstance(node, dict) and part in node:
                parent, key, node = node, part, node[part]
            elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                parent, key, node = node, part, node[part]
            else:
                break  # a type name of a union, or a key that is missing
        if parent is not None:
            parent[key] = _DROPPED
    pruned: dict[str, Any] = _prune(out)
    return pruned


def _copy_containers(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy_containers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy_containers(v) for v in value]
    return value


def _prune(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _prune(v) for k, v in value.items() if v is not _DROPPED}
    if isinstance(value, list):
        return [_prune(v) for v in value if v is not _DROPPED]
    return value


def _loc_text(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def type_name(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, (datetime, date)):
        return f"the date {value.isoformat()}"
    return f"{value!r}"


def _title_from(body: str, stem: str) -> str:
    m = re.search(r"^# +(.+?)\s*#*\s*$", body, re.MULTILINE)
    return m.group(1) if m else stem.replace("-", " ").replace("_", " ").strip() or "Untitled"


def _allowed_hint(kind: str, name: str, config: SkmsConfig) -> str:
    if kind == "review" and name == "severity":
        return f"one of {', '.join(config.severities)}"
    annotation = MODELS[kind].model_fields[name].annotation
    args = [a for a in getattr(annotation, "__args__", ()) if a is not type(None)]
    values = [v for a in args for v in getattr(a, "__args__", ())]
    return f"one of {', '.join(map(str, values))}" if values else ""


# --- the load stage ----------------------------------------------------------------------
