"""Reading a file to import: bytes to text, its front matter (YAML or TOML) and its structure.

Sources are markdown written for other tools (Hugo, Jekyll, a wiki export, a template in a
shared drive), so nothing here assumes the skms contract: front matter is optional, keys
are whatever the source used, and the body is read as lines with headings, tables,
list items and `Key: value` lines, outside fenced code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

try:
    import tomllib
except ImportError:  # pragma: no cover - Python 3.10
    tomllib = None  # type: ignore[assignment]


class SourceError(Exception):
    """The file cannot be imported as it is; the message says why and what to do."""


@dataclass
class Heading:
    level: int
    title: str
    index: int  # index in Document.lines


@dataclass
class Document:
    """One source file, split into front matter and body lines."""

    path: Path
    rel: str  # posix path relative to the import's SOURCE (or the file name for one file)
    meta: dict[str, Any]
    meta_format: str | None  # "yaml", "toml" or None
    lines: list[str]  # the body, one entry per line, without line ends
    body_line: int  # line of the file where the body starts
    code: list[bool] = field(default_factory=list)  # per line: inside fenced code
    _headings: list[Heading] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.code = _code_lines(self.lines)

    def line_no(self, index: int) -> int:
        """The file's line number of body line `index`."""
        return self.body_line + index

    @property
    def body(self) -> str:
        return "\n".join(self.lines)

    def headings(self) -> list[Heading]:
        if self._headings is None:
            out = []
            for i, line in enumerate(self.lines):
                if self.code[i]:
                    continue
                m = _ATX.match(line)
                if m:
                    out.append(Heading(len(m.group(1)), _clean_heading(m.group(2)), i))
                elif (
                    i + 1 < len(self.lines)
                    and _SETEXT.match(self.lines[i + 1])
                    and line.strip()
                    and not line.lstrip().startswith(("-", "*", "+", "|", ">"))
                    and (i == 0 or not self.lines[i - 1].strip())
                ):
                    level = 1 if self.lines[i + 1].strip()[0] == "=" else 2
                    out.append(Heading(level, _clean_heading(line), i))
            self._headings = out
        return self._headings

    def section(self, heading: Heading) -> tuple[int, int]:
        """(first, end) body-line indexes of a heading's section, heading excluded."""
        end = len(self.lines)
        for other in self.headings():
            if other.index > heading.index and other.level <= heading.level:
                end = other.index
                break
        return heading.index + 1, end


_ATX = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_SETEXT = re.compile(r"^ {0,3}(=+|-{3,})[ \t]*$")


def _clean_heading(text: str) -> str:
    text = re.sub(r"[*_`]", "", text).strip()
    text = re.sub(r"\s*\{#[^}]*\}$", "", text)  # Hugo/kramdown heading ids
    return text.rstrip(":").strip()


def _code_lines(lines: list[str]) -> list[bool]:
    out = []
    fence: str | None = None
    for line in lines:
        m = _FENCE.match(line)
        if fence is None:
            if m:
                fence = m.group(1)
                out.append(True)
            else:
                out.append(False)
        else:
            out.append(True)
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                if not line.strip()[len(m.group(1)) :].strip():
                    fence = None
    return out


def read_document(path: Path, rel: str) -> Document:
    """Read a markdown file; raise SourceError for what cannot be imported."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read the file: {exc.strerror or exc}") from None
    if b"\0" in raw[:8192]:
        raise SourceError("binary file, not markdown text; nothing imported")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError(
            f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
            "save it as UTF-8 and import again"
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise SourceError("empty file; nothing to import")
    meta, fmt, body, body_line = split_any_front_matter(text)
    lines = body.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return Document(path, rel, meta, fmt, lines, body_line)


def split_any_front_matter(text: str) -> tuple[dict[str, Any], str | None, str, int]:
    """(front matter, "yaml"/"toml"/None, body, line where the body starts)."""
    for fence, fmt in (("---", "yaml"), ("+++", "toml")):
        first = text.split("\n", 1)[0]
        if first.rstrip() != fence:
            continue
        lines = text.split("\n")
        closers = (fence, "...") if fmt == "yaml" else (fence,)
        for i in range(1, len(lines)):
            if lines[i].rstrip() in closers:
                raw = "\n".join(lines[1:i])
                body = "\n".join(lines[i + 1 :])
                return _parse_meta(raw, fmt), fmt, body, i + 2
        raise SourceError(f"front matter opened with {fence} on line 1 is never closed")
    return {}, None, text, 1


def _parse_meta(raw: str, fmt: str) -> dict[str, Any]:
    if fmt == "yaml":
        try:
            data = yaml.safe_load(raw)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" on line {mark.line + 2}" if mark else ""
            problem = getattr(exc, "problem", None) or str(exc)
            raise SourceError(f"invalid YAML front matter{where}: {problem}") from None
    else:
        if tomllib is None:  # pragma: no cover - Python 3.10
            raise SourceError("TOML front matter needs Python 3.11 or later")
        try:
            data = tomllib.loads(raw)
        except tomllib.TOMLDecodeError as exc:
            raise SourceError(f"invalid TOML front matter: {exc}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise SourceError("front matter is not a mapping of keys to values")
    return {str(k): v for k, v in data.items()}


# --- structure in the body -------------------------------------------------------------

_TABLE_ROW = re.compile(r"^\s*\|(.*)\|\s*$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
# `Key: value`, `**Key:** value`, `**Key**: value`, `- **Key:** value`.
_KEY_VALUE = re.compile(
    r"^\s*(?:[-*+]\s+)?(?:\*\*|__)?(?P<key>[A-Za-z][A-Za-z /()'-]{0,40}?)(?::(?:\*\*|__)|(?:\*\*|__):|:)"
    r"[ \t]+(?P<value>\S.*?)\s*$"
)


def table_cells(line: str) -> list[str] | None:
    m = _TABLE_ROW.match(line)
    if not m:
        return None
    return [c.strip() for c in re.split(r"(?<!\\)\|", m.group(1))]


@dataclass
class Table:
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (body-line index, cells)


def tables(doc: Document, first: int = 0, end: int | None = None) -> list[Table]:
    """Pipe tables between two body lines (header, rule, rows)."""
    end = len(doc.lines) if end is None else end
    out: list[Table] = []
    i = first
    while i < end:
        cells = table_cells(doc.lines[i]) if not doc.code[i] else None
        if cells is not None and i + 1 < end and _TABLE_RULE.match(doc.lines[i + 1]):
            table = Table([strip_markup(c) for c in cells], [])
            i += 2
            while i < end and (row := table_cells(doc.lines[i])) is not None:
                table.rows.append((i, row))
                i += 1
            out.append(table)
            continue
        i += 1
    return out


def key_values(doc: Document, skip: set[int]) -> list[tuple[str, str, int]]:
    """(key lower-cased, value, body-line index) from `Key: value` lines and two-column rows."""
    out = []
    for i, line in enumerate(doc.lines):
        if doc.code[i] or i in skip:
            continue
        cells = table_cells(line)
        if cells is not None:
            if len(cells) == 2 and cells[0] and cells[1] and not set(cells[1]) <= set("-: "):
                out.append((normal_key(cells[0]), strip_markup(cells[1]), i))
            continue
        m = _KEY_VALUE.match(line)
        if m and not line.lstrip().startswith("#"):
            value = m.group("value")
            # A value that wraps onto the next lines of its paragraph continues there.
            j = i + 1
            while j < len(doc.lines) and j not in skip and not doc.code[j]:
                nxt = doc.lines[j].strip()
                if not nxt or _KEY_VALUE.match(doc.lines[j]) or nxt[0] in "#|>-*+":
                    break
                value += " " + nxt
                j += 1
            out.append((normal_key(m.group("key")), strip_markup(value), i))
    return out


def normal_key(text: str) -> str:
    return re.sub(r"\s+", " ", strip_markup(text).rstrip(":").strip().lower())


def strip_markup(text: str) -> str:
    """Text without emphasis markers and with links reduced to their text."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"(\*\*|__|\*|`)", "", text)
    return text.strip()


def first_paragraph(doc: Document, first: int, end: int) -> tuple[str, int] | None:
    """The first paragraph of plain text in a range, joined into one line, and its index."""
    start = None
    parts: list[str] = []
    for i in range(first, end):
        line = doc.lines[i]
        stripped = line.strip()
        if doc.code[i] or stripped.startswith(("<!--", "|", ">", "#")):
            if parts:
                break
            continue
        if not stripped:
            if parts:
                break
            continue
        if start is None:
            start = i
        parts.append(re.sub(r"^(?:[-*+]|\d+[.)])\s+", "", stripped))
    if start is None:
        return None
    return " ".join(parts), start
