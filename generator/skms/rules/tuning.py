"""A team's `rules`: the level of each diagnostic code, for all records or a scope of them.

Applied once, after every rule has run, so that `skms check`, `skms build` and the plugin
report the same findings at the same levels. Entries are read in order and the last one
that matches a finding decides its level, as later lines of a style sheet do.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from functools import lru_cache

from ..config import Rule
from ..diagnostics import Diagnostic, Diagnostics, Severity
from ..durations import latest_date
from ..model import Record


@lru_cache(maxsize=256)
def glob_regex(pattern: str) -> re.Pattern[str]:
    """A path glob as a regex: `*` within a folder, `**` across folders, `?` one character."""
    out = []
    i = 0
    pattern = pattern.strip().removeprefix("./").rstrip("/")
    while i < len(pattern):
        c = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        else:
            out.append(re.escape(c))
        i += 1
    # A folder matches everything under it: `reviews/2019` is `reviews/2019/**`.
    return re.compile("".join(out) + r"(?:/.*)?\Z")


class _Scope:
    """What a finding's file says about the record in it, computed once per file."""

    def __init__(self, record: Record | None) -> None:
        self.kind = record.kind if record is not None and record.meta is not None else None
        self.status = getattr(record.meta, "status", None) if record is not None else None
        self._record = record
        self._date: date | None | bool = False

    @property
    def date(self) -> date | None:
        if self._date is False:
            record = self._record
            self._date = latest_date(record.meta) if record is not None and self.kind else None
        return self._date  # type: ignore[return-value]


def _matches(rule: Rule, path: str, scope: _Scope) -> bool:
    if rule.kind is not None and scope.kind != rule.kind:
        return False
    if rule.status is not None and scope.status not in rule.status:
        return False
    if rule.paths is not None and not any(glob_regex(p).match(path) for p in rule.paths):
        return False
    if rule.before is not None:
        when = scope.date
        if when is None or when >= rule.before:
            return False
    return True


def apply_rules(diags: Diagnostics, rules: list[Rule], records: Iterable[Record]) -> Diagnostics:
    """The findings at the levels the rules give them; those turned `off` are left out."""
    if not rules:
        return diags
    by_code: dict[str, list[Rule]] = {}
    for rule in rules:
        by_code.setdefault(rule.code, []).append(rule)
    by_path = {r.path: r for r in records}
    scopes: dict[str, _Scope] = {}
    out: list[Diagnostic] = []
    for diag in diags:
        candidates = by_code.get(diag.code)
        if not candidates:
            out.append(diag)
            continue
        scope = scopes.get(diag.path)
        if scope is None:
            scope = scopes[diag.path] = _Scope(by_path.get(diag.path))
        level: str | None = None
        for rule in candidates:
            if _matches(rule, diag.path, scope):
                level = rule.level
        if level is None:
            out.append(diag)
        elif level != "off":
            out.append(replace(diag, level=Severity(level)))
    return Diagnostics(out)
