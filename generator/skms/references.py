"""References inside markdown bodies: bare ids (see `ids`) and `[[id]]` / `[[id|text]]`.

Code (fenced blocks and inline spans), URLs and existing markdown links are skipped, so an id
inside `kubectl logs ... PRB-0042` or a link the author wrote is never rewritten.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .ids import IdFinder, IdHit

_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_FENCE_LINE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$", re.MULTILINE)
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


class BareIds(IdFinder):
    """Finds bare ids (INC-0042, PRB-0007, a tracker's OAK-123...) in a record's prose.

    A regex alternation tried at every position of every body is slow on a large base; the
    literal prefixes are found with `str.find` instead and the full pattern is tried only
    where one occurs (see `ids.IdFinder`).
    """

    def __init__(self, patterns: list[str]) -> None:
        super().__init__(patterns, messages=False)


def id_pattern(patterns: list[str]) -> BareIds | None:
    """What finds bare ids of the kinds found in prose and of the trackers, or None."""
    return BareIds(patterns) if patterns else None


def _blank(match: re.Match[str]) -> str:
    return " " * (match.end() - match.start())


def fence_ranges(body: str) -> list[tuple[int, int]]:
    """(start, end) offsets of fenced code blocks; an unclosed fence runs to the end.

    As CommonMark reads them: a fence is closed by a line of the same character, at least as
    long, with nothing after it (a ```` ```python ```` line inside a block is code)."""
    ranges = []
    opened: re.Match[str] | None = None
    for m in _FENCE_LINE.finditer(body):
        if opened is None:
            opened = m
        elif m.group(1)[0] == opened.group(1)[0] and len(m.group(1)) >= len(opened.group(1)):
            if not m.group(2).strip():
                ranges.append((opened.start(), m.end()))
                opened = None
    if opened is not None:
        ranges.append((opened.start(), len(body)))
    return ranges


def scan(body: str, bare_ids: BareIds | None) -> list[BodyRef]:
    """Every reference in a markdown body, in order.

    Candidates are found with one regex pass over the whole body; only their own lines are
    then masked for code spans and links, so the cost stays linear in the body's size.
    """
    # Regex matches of [[links]], IdHits of bare ids: both have start(), end() and group().
    candidates: list[tuple[re.Match[str] | IdHit, bool]] = [(m, True) for m in _WIKI.finditer(body)]
    if bare_ids is not None:
        candidates += [(m, False) for m in bare_ids.finditer(body)]
    if not candidates:
        return []
    fences = fence_ranges(body) if "``" in body or "~~" in body else []
    masked_lines: dict[int, tuple[int, str, str]] = {}
    refs: list[BodyRef] = []
    counted_to, newlines = 0, 0  # newlines before counted_to; candidates come in order
    for m, wiki in sorted(candidates, key=lambda c: c[0].start()):
        start = m.start()
        if any(a <= start < b for a, b in fences):
            continue
        line_start = body.rfind("\n", 0, start) + 1
        if line_start not in masked_lines:
            line_end = body.find("\n", start)
            line = body[line_start : line_end if line_end != -1 else len(body)]
            code_masked = _INLINE_CODE.sub(_blank, line) if "`" in line else line
            if "[" in line or "<" in line or "://" in line:
                link_masked = _MASKED.sub(_blank, _WIKI.sub(_blank, code_masked))
            else:
                link_masked = code_masked
            newlines += body.count("\n", counted_to, line_start)
            counted_to = line_start
            masked_lines[line_start] = (newlines + 1, code_masked, link_masked)
        lineno, code_masked, link_masked = masked_lines[line_start]
        col = start - line_start
        visible = code_masked if wiki else link_masked
        if visible[col : col + (m.end() - start)] != m.group(0):
            continue
        if wiki:
            target = m.group(1).strip()
            text = (m.group(2) or "").strip() or target
        else:
            target = text = m.group(0)
        refs.append(BodyRef(target, text, start, m.end(), lineno, col + 1, wiki))
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
