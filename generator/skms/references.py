"""References inside markdown bodies: bare ids with a known prefix and `[[id]]` / `[[id|text]]`.

Code (fenced blocks and inline spans), URLs and existing markdown links are skipped, so an id
inside `kubectl logs ... PRB-0042` or a link the author wrote is never rewritten.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_INLINE_CODE = re.compile(r"(`+)(?:.+?)\1")
_MASKED = re.compile(
    r"\[[^\]\n]*\]\([^)\n]*\)"  # markdown link, text and target
    r"|<[^>\n]*>"  # html tag or autolink
    r"|https?://\S+"  # bare URL
)
_WIKI = re.compile(r"\[\[([^\[\]|\n]+?)(?:\|([^\[\]\n]+?))?\]\]")


@dataclass(frozen=True)
class BodyRef:
    """One reference found in a body; offsets index the body string, line is 1-based in it."""

    target: str
    text: str
    start: int
    end: int
    line: int
    column: int
    wiki: bool


def id_pattern(prefixed_patterns: list[str]) -> re.Pattern[str] | None:
    """The regex that finds bare ids of the prefixed kinds (INC-0042, PRB-0007...)."""
    if not prefixed_patterns:
        return None
    alternatives = "|".join(f"(?:{p})" for p in prefixed_patterns)
    return re.compile(rf"(?<![\w/#-])(?:{alternatives})(?![\w-])")


def _blank(match: re.Match[str]) -> str:
    return " " * (match.end() - match.start())


def scan(body: str, bare_ids: re.Pattern[str] | None) -> list[BodyRef]:
    """Every reference in a markdown body, in order."""
    refs: list[BodyRef] = []
    fence: str | None = None
    offset = 0
    for lineno, line in enumerate(body.split("\n"), start=1):
        line_start = offset
        offset += len(line) + 1
        m = _FENCE.match(line)
        if fence is not None:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                if not line[m.end() :].strip():
                    fence = None
            continue
        if m:
            fence = m.group(1)
            continue
        if "[[" not in line and (bare_ids is None or "-" not in line):
            continue
        masked = _INLINE_CODE.sub(_blank, line)
        for w in _WIKI.finditer(masked):
            target = w.group(1).strip()
            text = (w.group(2) or "").strip() or target
            refs.append(
                BodyRef(
                    target,
                    text,
                    line_start + w.start(),
                    line_start + w.end(),
                    lineno,
                    w.start() + 1,
                    True,
                )
            )
        if bare_ids is None:
            continue
        masked = _WIKI.sub(_blank, masked)
        masked = _MASKED.sub(_blank, masked)
        for b in bare_ids.finditer(masked):
            refs.append(
                BodyRef(
                    b.group(0),
                    b.group(0),
                    line_start + b.start(),
                    line_start + b.end(),
                    lineno,
                    b.start() + 1,
                    False,
                )
            )
    refs.sort(key=lambda r: r.start)
    return refs


def substitute(body: str, refs: list[BodyRef], render: Callable[[BodyRef], str]) -> str:
    """Replace each reference in the body with what `render` makes of it."""
    parts = []
    pos = 0
    for ref in refs:
        parts.append(body[pos : ref.start])
        parts.append(render(ref))
        pos = ref.end
    parts.append(body[pos:])
    return "".join(parts)


def section_bullets(body: str, heading: str) -> list[str]:
    """The top-level bullets under a `## heading` (case-insensitive), up to the next heading."""
    bullets: list[str] = []
    inside = False
    fence = False
    target = heading.strip().lower()
    for line in body.split("\n"):
        if _FENCE.match(line):
            fence = not fence
        if fence:
            continue
        if line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            title = line.lstrip("#").strip().lower()
            if inside and level <= 2:
                break
            if level == 2 and title == target:
                inside = True
            continue
        if inside:
            stripped = line.lstrip()
            indent = len(line) - len(stripped)
            if indent < 2 and re.match(r"[-*+]\s+\S|\d+[.)]\s+\S", stripped):
                bullets.append(re.sub(r"^([-*+]|\d+[.)])\s+", "", stripped).strip())
    return bullets


def headings(body: str) -> list[tuple[int, str, int]]:
    """(level, title, line) of every ATX heading outside code."""
    out = []
    fence = False
    for lineno, line in enumerate(body.split("\n"), start=1):
        if _FENCE.match(line):
            fence = not fence
            continue
        if not fence and line.startswith("#"):
            m = re.match(r"(#{1,6})\s+(.*?)\s*#*\s*$", line)
            if m:
                out.append((len(m.group(1)), m.group(2), lineno))
    return out
