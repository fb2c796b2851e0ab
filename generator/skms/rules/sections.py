"""Sections of a record's body found by heading the way people write them.

"## Contributing factors", "## Root Causes", "### 3. Root cause (findings)" and
"## Causes:" are the same section to a reader; the lifecycle rule must agree. A heading is
compared after dropping case, leading numbering, emphasis, trailing words in parentheses and
a trailing colon; a heading joining two topics ("Root cause and trigger") counts for each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_ATX = re.compile(r" {0,3}(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
_BULLET = re.compile(r"(?:[-*+]|\d+[.)])[ \t]+(?=\S)")
_NUMBERING = re.compile(r"^(?:\d+(?:\.\d+)*[.)]?|[ivx]+\.)\s+")
_PARENTHESES = re.compile(r"\s*[(\[][^()\[\]]*[)\]]\s*$")
_JOINERS = re.compile(r"\s+(?:and|&)\s+|\s*/\s*")

CONTRIBUTING_FACTORS = "Contributing factors"
CONTRIBUTING_FACTORS_SYNONYMS = frozenset(
    {
        "contributing factors",
        "contributing factor",
        "contributing causes",
        "causal factors",
        "root cause",
        "root causes",
        "root cause analysis",
        "causes",
        "cause",
    }
)
ACTION_ITEMS = "Action items"
ACTION_ITEMS_SYNONYMS = frozenset(
    {
        "action items",
        "action item",
        "actions",
        "follow-ups",
        "follow ups",
        "followups",
        "follow-up actions",
        "follow-up items",
        "corrective actions",
        "remediation",
        "remediation items",
        "next steps",
        "action plan",
    }
)


def normalize_heading(text: str) -> str:
    """`**3. Root Causes (findings):**` -> `root causes`."""
    text = text.strip().strip("*_").strip()
    text = _NUMBERING.sub("", text.lower())
    previous = None
    while previous != text:
        previous = text
        text = _PARENTHESES.sub("", text).rstrip(" :.-").strip().strip("*_").strip()
    return re.sub(r"\s+", " ", text)


def heading_matches(text: str, names: frozenset[str]) -> bool:
    name = normalize_heading(text)
    if name in names:
        return True
    return any(part.strip() in names for part in _JOINERS.split(name))


@dataclass
class Section:
    heading: str  # as written
    line: int  # 1-based line of the heading in the body
    bullets: list[str] = field(default_factory=list)  # top-level list items
    has_text: bool = False  # anything besides blank lines and bullets


def find_sections(body: str, names: frozenset[str]) -> list[Section]:
    """Every section whose heading matches one of `names`, with its top-level bullets.

    A section runs to the next heading of the same or a higher level; bullets under its
    sub-headings are its own. Text in HTML comments (the templates' guidance) is ignored.
    """
    if "<!--" in body:
        # Comments become as many newlines, so that nothing after them moves.
        body = _HTML_COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), body)
    sections: list[Section] = []
    current: Section | None = None
    level = 0
    fence = False
    for lineno, line in enumerate(body.split("\n"), start=1):
        if _FENCE.match(line):
            fence = not fence
            if current is not None:
                current.has_text = True
            continue
        if fence:
            continue
        m = _ATX.match(line)
        if m:
            depth = len(m.group(1))
            if current is not None and depth <= level:
                current = None
            if current is None and heading_matches(m.group(2), names):
                current = Section(m.group(2), lineno)
                level = depth
                sections.append(current)
            continue
        if current is None or not line.strip():
            continue
        stripped = line.lstrip()
        if len(line) - len(stripped) < 2 and _BULLET.match(stripped):
            current.bullets.append(_BULLET.sub("", stripped, count=1).strip())
        elif len(line) - len(stripped) < 2:
            current.has_text = True
    return sections
