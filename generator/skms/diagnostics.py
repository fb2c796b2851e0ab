"""Diagnostics: stable codes, severities, locations and the three output formats."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Code:
    code: str
    severity: Severity
    title: str


# Ranges: 0xx files, 1xx references, 2xx fields, 3xx review lifecycle, 4xx git, 5xx configuration,
# 6xx alert rules,
# 7xx secrets.
# Codes are part of the public contract: never renumber, only add.
CODES: dict[str, Code] = {
    c.code: c
    for c in [
        Code("SKMS001", Severity.ERROR, "file is not valid UTF-8"),
        Code("SKMS002", Severity.ERROR, "empty file"),
        Code("SKMS003", Severity.ERROR, "invalid YAML in front matter"),
        Code("SKMS004", Severity.ERROR, "front matter is not a mapping"),
        Code("SKMS005", Severity.ERROR, "front matter too large or too deeply aliased"),
        Code("SKMS006", Severity.ERROR, "no front matter"),
        Code("SKMS007", Severity.WARNING, "symbolic link loop in a content folder"),
        Code("SKMS008", Severity.ERROR, "file cannot be read"),
        Code("SKMS009", Severity.ERROR, "symbolic link leads outside the knowledge base"),
        Code("SKMS010", Severity.ERROR, "not a regular file"),
        Code("SKMS011", Severity.WARNING, "file names differ only in case"),
        Code("SKMS012", Severity.WARNING, "file name is not valid UTF-8"),
        Code("SKMS101", Severity.ERROR, "unknown reference"),
        Code("SKMS102", Severity.ERROR, "reference to a record of the wrong kind"),
        Code("SKMS103", Severity.ERROR, "duplicate id"),
        Code("SKMS104", Severity.ERROR, "invalid change reference"),
        Code("SKMS105", Severity.WARNING, "tracker ticket with no record"),
        Code("SKMS106", Severity.WARNING, "link to a page or file that does not exist"),
        Code("SKMS201", Severity.ERROR, "missing required field"),
        Code("SKMS202", Severity.ERROR, "wrong type"),
        Code("SKMS203", Severity.ERROR, "invalid value"),
        Code("SKMS204", Severity.ERROR, "invalid timestamp"),
        Code("SKMS205", Severity.WARNING, "timestamp without timezone"),
        Code("SKMS206", Severity.ERROR, "timestamps out of order"),
        Code("SKMS207", Severity.WARNING, "unknown front-matter key"),
        Code("SKMS208", Severity.ERROR, "id does not match the id pattern"),
        Code("SKMS209", Severity.ERROR, "unknown kind"),
        Code("SKMS210", Severity.ERROR, "front-matter key written twice"),
        Code("SKMS211", Severity.ERROR, "visibility cannot be established: record restricted"),
        Code("SKMS301", Severity.ERROR, "reviewed incident review is incomplete"),
        Code("SKMS302", Severity.WARNING, "action item overdue"),
        Code("SKMS401", Severity.WARNING, "repository path not found"),
        Code("SKMS402", Severity.WARNING, "shallow git clone: history incomplete"),
        Code("SKMS403", Severity.WARNING, "problem resolved but no fix found"),
        Code("SKMS404", Severity.WARNING, "problem still open although a fix names it"),
        Code("SKMS405", Severity.ERROR, "fixed_by commit not found in any scanned repository"),
        Code("SKMS406", Severity.WARNING, "runbook review overdue"),
        Code("SKMS407", Severity.WARNING, "git history cannot be read"),
        Code("SKMS408", Severity.ERROR, "declared short sha matches several commits"),
        Code("SKMS501", Severity.ERROR, "invalid configuration"),
        Code("SKMS502", Severity.WARNING, "the site loads something from another host"),
        Code("SKMS503", Severity.WARNING, "no site_url: sitemap and feed links incomplete"),
        Code("SKMS601", Severity.WARNING, "alert rule has no runbook"),
        Code("SKMS602", Severity.WARNING, "runbook names an alert no rule defines"),
        Code("SKMS603", Severity.WARNING, "alert rule's runbook_url does not lead to its runbook"),
        Code("SKMS604", Severity.WARNING, "alert named by two runbooks"),
        Code("SKMS605", Severity.ERROR, "alert rule file cannot be read"),
        Code("SKMS606", Severity.WARNING, "alert_rules pattern matches no file"),
        Code("SKMS701", Severity.ERROR, "possible secret in a record"),
    ]
}


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One finding about one place in the knowledge base."""

    path: str
    line: int | None
    column: int | None
    code: str
    message: str
    hint: str = ""
    level: Severity | None = None  # set by the team's `rules`; None: the code's default

    @property
    def severity(self) -> Severity:
        return self.level or CODES[self.code].severity

    @property
    def title(self) -> str:
        return CODES[self.code].title

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line or 0, self.column or 0, self.code, self.message)

    def location(self) -> str:
        loc = self.path
        if self.line:
            loc += f":{self.line}"
            if self.column:
                loc += f":{self.column}"
        return loc


class Diagnostics:
    """An append-only collection of diagnostics, sorted on output."""

    def __init__(self, items: Iterable[Diagnostic] = ()) -> None:
        self._items: list[Diagnostic] = list(items)

    def add(
        self,
        code: str,
        path: str,
        message: str,
        *,
        line: int | None = None,
        column: int | None = None,
        hint: str = "",
    ) -> None:
        if code not in CODES:
            raise KeyError(f"unregistered diagnostic code {code}")
        self._items.append(Diagnostic(path, line, column, code, message, hint))

    def extend(self, other: Iterable[Diagnostic]) -> None:
        self._items.extend(other)

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(sorted(set(self._items), key=Diagnostic.sort_key))

    def __len__(self) -> int:
        return len(set(self._items))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self if d.severity is Severity.WARNING]

    def for_paths(self, paths: set[str]) -> Diagnostics:
        return Diagnostics(d for d in self._items if d.path in paths)


def _github_escape(value: str, *, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def format_text(diags: Iterable[Diagnostic]) -> str:
    lines = []
    for d in diags:
        line = f"{d.location()}: {d.severity.value} {d.code} {d.message}"
        if d.hint:
            line += f" (hint: {d.hint})"
        lines.append(line)
    return "\n".join(lines)


def format_github(diags: Iterable[Diagnostic]) -> str:
    """GitHub Actions workflow commands: each diagnostic becomes an annotation on its line."""
    lines = []
    for d in diags:
        level = "error" if d.severity is Severity.ERROR else "warning"
        props = [f"file={_github_escape(d.path, prop=True)}"]
        if d.line:
            props.append(f"line={d.line}")
        if d.column:
            props.append(f"col={d.column}")
        props.append(f"title={_github_escape(f'{d.code} {d.title}', prop=True)}")
        message = d.message + (f". Hint: {d.hint}" if d.hint else "")
        lines.append(f"::{level} {','.join(props)}::{_github_escape(message)}")
    return "\n".join(lines)


def format_json(diags: Iterable[Diagnostic]) -> str:
    items = []
    for d in diags:
        item = asdict(d)
        del item["level"]
        item["severity"] = d.severity.value
        item["title"] = d.title
        items.append(item)
    return json.dumps({"schema_version": 1, "diagnostics": items}, indent=2, ensure_ascii=False)


FORMATTERS = {"text": format_text, "github": format_github, "json": format_json}
