"""Load records: walk the content folders, split and parse front matter, validate it.

Every file becomes a record, even a broken one: its problems become diagnostics and the
record keeps a derived id and title so that it still appears in the site.
"""

from __future__ import annotations

import difflib
import gc
import os
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .config import KINDS, SkmsConfig
from .diagnostics import Diagnostics
from .model import MODELS, REQUIRED, TIMESTAMP_FIELDS, TIMESTAMP_ORDER, Common, known_fields
from .references import BodyRef, id_pattern, scan

try:  # libyaml's C loader is several times faster; fall back to pure Python where it is missing.
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

MAX_YAML_NODES = (
    50_000  # an alias-expanded front matter larger than this is refused (billion laughs)
)
MARKDOWN_SUFFIXES = (".md", ".markdown")


@dataclass
class Record:
    """One markdown file of the knowledge base, parsed and validated."""

    meta: Common
    path: str  # posix path relative to the config's folder: what diagnostics and URLs use
    abs_path: Path
    body: str
    body_line: int  # line of the file where the body starts
    front_matter: dict[str, Any] = field(default_factory=dict)
    refs: list[BodyRef] = field(default_factory=list)
    broken: bool = False  # the file could not be fully read; the site shows a banner
    _fm_text: str | None = field(default=None, repr=False)  # kept to find lines on demand
    _node: Any = field(default=None, repr=False)
    _fm_line: int = 2

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def kind(self) -> str:
        return self.meta.kind

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def visibility(self) -> str:
        return self.meta.visibility

    @property
    def extra(self) -> dict[str, Any]:
        return dict(self.meta.model_extra or {})

    def line_of(self, *loc: str | int) -> int | None:
        """The file line of a front-matter key (`line_of("action_items", 1, "due")`).

        The YAML is composed again, once, for the few records that need a line: keeping
        every record's node tree from the first parse would hold a million objects at
        10,000 records.
        """
        if self._node is None and self._fm_text is not None:
            loader = _Loader(self._fm_text)
            try:
                self._node = loader.get_single_node()
            except yaml.YAMLError:
                self._node = False
            finally:
                loader.dispose()
            self._fm_text = None
        node = self._node
        line = None
        for part in loc:
            if isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    if getattr(key, "value", None) == part:
                        line, node = key.start_mark.line, value
                        break
                else:
                    break
            elif (
                isinstance(node, yaml.SequenceNode)
                and isinstance(part, int)
                and part < len(node.value)
            ):
                node = node.value[part]
                line = node.start_mark.line
            else:
                break
        return None if line is None else self._fm_line + line

    def body_line_of(self, ref: BodyRef) -> int:
        return self.body_line + ref.line - 1


@dataclass
class LoadResult:
    records: list[Record]
    diagnostics: Diagnostics


# --- reading files -----------------------------------------------------------------------


def iter_markdown(folder: Path, diags: Diagnostics, root: Path):
    """Markdown files under a folder, sorted, following symlinks but never around a loop."""
    if not folder.is_dir():
        return
    seen: set[str] = set()
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=True):
        real = os.path.realpath(dirpath)
        if real in seen:
            diags.add(
                "SKMS007",
                _rel(Path(dirpath), root),
                f"folder links back to {_rel(Path(real), root)}; not read twice",
                hint="remove the symbolic link or point it outside the content folder",
            )
            dirnames[:] = []
            continue
        seen.add(real)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.endswith(MARKDOWN_SUFFIXES) and not name.startswith("."):
                yield Path(dirpath) / name


def _rel(path: Path, root: Path) -> str:
    # String slicing, not Path.relative_to: this runs once per file and pathlib is slow.
    text, base = str(path), str(root)
    if text.startswith(base + os.sep):
        return text[len(base) + 1 :].replace(os.sep, "/")
    return path.as_posix()


def decode(raw: bytes, rel: str, diags: Diagnostics) -> tuple[str, bool]:
    """Bytes to text with LF line ends; invalid UTF-8 is reported with its byte offset."""
    broken = False
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        diags.add(
            "SKMS001",
            rel,
            f"invalid UTF-8 byte 0x{raw[exc.start]:02x} at byte offset {exc.start}",
            line=line,
            column=column,
            hint="save the file as UTF-8; the bad bytes are shown as \ufffd in the site",
        )
        text = raw.decode("utf-8", errors="replace")
        broken = True
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, broken


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front matter or None, body, line where the body starts)."""
    if not text.startswith("---"):
        return None, text, 1
    first_end = text.find("\n")
    if first_end == -1 or text[3:first_end].strip():
        return None, text, 1
    pos = first_end + 1
    line = 2
    while True:
        end = text.find("\n", pos)
        current = text[pos:] if end == -1 else text[pos:end]
        if current.rstrip() in ("---", "..."):
            body = "" if end == -1 else text[end + 1 :]
            return text[first_end + 1 : pos], body, line + 1
        if end == -1:
            return None, text, 1
        pos = end + 1
        line += 1


def _expanded_size(node: yaml.Node, memo: dict[int, int], depth: int = 0) -> int:
    key = id(node)
    if key in memo:
        return memo[key]
    if depth > 200:
        return MAX_YAML_NODES + 1
    memo[key] = MAX_YAML_NODES + 1  # a recursive alias counts as too large
    if isinstance(node, yaml.MappingNode):
        size = 1 + sum(
            _expanded_size(k, memo, depth + 1) + _expanded_size(v, memo, depth + 1)
            for k, v in node.value
        )
    elif isinstance(node, yaml.SequenceNode):
        size = 1 + sum(_expanded_size(v, memo, depth + 1) for v in node.value)
    else:
        size = 1
    memo[key] = min(size, MAX_YAML_NODES + 1)
    return memo[key]


_STR, _SEQ, _MAP = (f"tag:yaml.org,2002:{t}" for t in ("str", "seq", "map"))


def _construct(loader: Any, node: yaml.Node) -> Any:
    """PyYAML's SafeConstructor, short-cut for what front matter is made of.

    Plain strings, lists and string-keyed mappings are built directly; everything else
    (numbers, dates, merge keys, other tags) goes through PyYAML, so the result is the
    same as `yaml.load`. A fifth of the parse time is saved at 10,000 records.
    """
    cls = node.__class__
    if cls is yaml.ScalarNode:
        return node.value if node.tag == _STR else loader.construct_object(node, deep=True)
    if cls is yaml.SequenceNode and node.tag == _SEQ:
        return [_construct(loader, item) for item in node.value]
    if cls is yaml.MappingNode and node.tag == _MAP:
        out = {}
        for key, value in node.value:
            if key.__class__ is not yaml.ScalarNode or key.tag != _STR:
                return loader.construct_object(node, deep=True)
            out[key.value] = _construct(loader, value)
        return out
    return loader.construct_object(node, deep=True)


def parse_yaml(fm: str, rel: str, fm_line: int, diags: Diagnostics) -> tuple[Any, bool]:
    """(data, ok). Aliases are expanded only after their total size is bounded."""
    loader = _Loader(fm)
    try:
        if "*" not in fm:  # no alias, nothing to bound: parse straight to data
            node = loader.get_single_node()
            return ({} if node is None else _construct(loader, node)), True
        node = loader.get_single_node()
        if node is None:
            return {}, True
        if _expanded_size(node, {}) > MAX_YAML_NODES:
            diags.add(
                "SKMS005",
                rel,
                f"front matter expands to more than {MAX_YAML_NODES} values through aliases",
                line=fm_line,
                hint="write the values out instead of using YAML anchors and aliases",
            )
            return None, False
        return loader.construct_document(node), True
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = fm_line + mark.line if mark else fm_line
        column = mark.column + 1 if mark else None
        problem = getattr(exc, "problem", None) or str(exc)
        hint = "quote values that contain ': ' or start with a special character"
        bad_line = fm.split("\n")[mark.line] if mark and mark.line < fm.count("\n") + 1 else ""
        if "\t" in bad_line[: (mark.column + 1) if mark else None] or "tab" in problem.lower():
            hint = "YAML does not allow tabs for indentation; indent with spaces"
        diags.add("SKMS003", rel, f"invalid YAML: {problem}", line=line, column=column, hint=hint)
        return None, False
    except RecursionError:
        diags.add("SKMS005", rel, "front matter is nested too deeply", line=fm_line)
        return None, False
    finally:
        loader.dispose()


# --- validation --------------------------------------------------------------------------

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


class _Validator:
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
                hint=f"e.g. {_example_id(kind)}",
            )
        for name in REQUIRED[kind]:
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
        for _ in range(4):
            try:
                return model.model_validate(data)
            except ValidationError as exc:
                for err in exc.errors():
                    self._report(record, err, data)
                    _drop(data, err["loc"])
        # Unreachable in practice: every failing field has been dropped by now.
        base = {k: data[k] for k in ("id", "title", "kind", "visibility") if k in data}
        return model.model_validate(base)

    def _report(self, record: Record, err: dict[str, Any], data: dict[str, Any]) -> None:
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
                f"{where} should be {wanted}, got {_type_name(value)}",
                line=line,
            )

    def _check_times(self, record: Record, meta: Common) -> None:
        fields = TIMESTAMP_FIELDS.get(meta.kind, ())
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
        for earlier, later in TIMESTAMP_ORDER.get(meta.kind, ()):
            a, b = getattr(meta, earlier), getattr(meta, later)
            if a is not None and b is not None and b < a:
                self.diags.add(
                    "SKMS206",
                    record.path,
                    f"{later} ({b.isoformat()}) is before {earlier} ({a.isoformat()})",
                    line=record.line_of(later),
                    hint=f"{later} must not be earlier than {earlier}",
                )


def _drop(data: dict[str, Any], loc: tuple[Any, ...]) -> None:
    """Remove what failed validation: the list item when it is in a list, else the field."""
    if not loc or loc[0] not in data:
        return
    if len(loc) >= 2 and isinstance(loc[1], int) and isinstance(data[loc[0]], list):
        items = list(data[loc[0]])
        if loc[1] < len(items):
            items[loc[1]] = None
        data[loc[0]] = [i for i in items if i is not None]
        return
    data.pop(loc[0])


def _loc_text(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _type_name(value: Any) -> str:
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


def _example_id(kind: str) -> str:
    return {
        "review": "INC-0042",
        "problem": "PRB-0007",
        "readiness": "RDY-0003",
        "article": "KB-0012",
        "runbook": "kafka-consumer-lag",
        "service": "checkout",
    }[kind]


def _allowed_hint(kind: str, name: str, config: SkmsConfig) -> str:
    if kind == "review" and name == "severity":
        return f"one of {', '.join(config.severities)}"
    annotation = MODELS[kind].model_fields[name].annotation
    args = [a for a in getattr(annotation, "__args__", ()) if a is not type(None)]
    values = [v for a in args for v in getattr(a, "__args__", ())]
    return f"one of {', '.join(map(str, values))}" if values else ""


# --- the load stage ----------------------------------------------------------------------


def load_file(
    path: Path,
    folder_kind: str,
    config: SkmsConfig,
    diags: Diagnostics,
    validator: _Validator | None = None,
) -> Record | None:
    """Read and validate one file. None only when the file cannot be read at all."""
    validator = validator or _Validator(config, diags)
    rel = _rel(path, config.root)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        diags.add("SKMS008", rel, f"cannot read file: {exc.strerror or exc}")
        return None
    text, broken = decode(raw, rel, diags)
    fm, body, body_line = split_front_matter(text)
    record = Record(
        meta=None, path=rel, abs_path=path, body=body, body_line=body_line, broken=broken
    )  # type: ignore[arg-type]
    data: Any = {}
    if not text.strip():
        diags.add(
            "SKMS002",
            rel,
            "file is empty",
            line=1,
            hint="add front matter with at least id and title",
        )
        record.broken = True
    elif fm is None:
        diags.add(
            "SKMS006",
            rel,
            "no front matter: the file must start with a `---` line, the YAML fields, and a closing `---`",
            line=1,
        )
        record.broken = True
    else:
        data, ok = parse_yaml(fm, rel, 2, diags)
        record._fm_text = fm if ok else None
        if not ok:
            data = {}
            record.broken = True
        elif data is None:
            data = {}
        elif not isinstance(data, dict):
            diags.add(
                "SKMS004",
                rel,
                f"front matter is {_type_name(data) if not isinstance(data, str) else 'a string'}, not a mapping of fields",
                line=2,
                hint="write `key: value` lines, e.g. `id: INC-0042`",
            )
            data = {}
            record.broken = True
            record._fm_text = None
    record.front_matter = data
    record.meta = validator.validate(record, dict(data), folder_kind)
    return record


@contextmanager
def gc_paused():
    """Pause the cyclic GC while records load, then freeze what was loaded.

    Records keep their YAML nodes for line lookups: about a million objects at 10,000
    records. With the collector on, every collection rescans that growing heap and a check
    takes three times as long as parsing. Nothing loaded here forms reference cycles (the
    YAML loaders are disposed), so refcounting still frees it all; `gc.freeze` just moves
    the survivors out of the collector's sight.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def load(config: SkmsConfig, only: set[Path] | None = None) -> LoadResult:
    """Load every record under the configured content folders."""
    with gc_paused():
        return _load(config, only)


def _load(config: SkmsConfig, only: set[Path] | None) -> LoadResult:
    diags = Diagnostics()
    validator = _Validator(config, diags)
    refs_regex = id_pattern([config.ids[k] for k in config.prefixed_kinds()])
    records: list[Record] = []
    for folder, kind in config.content_paths():
        for path in iter_markdown(folder, diags, config.root):
            if only is not None and path not in only:
                continue
            record = load_file(path, kind, config, diags, validator)
            if record is not None:
                record.refs = scan(record.body, refs_regex)
                records.append(record)
    return LoadResult(records, diags)
