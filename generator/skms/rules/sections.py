"""Sections of a record's body found by heading the way people write them.

"## Contributing factors", "## Root Causes", "### 3. Root cause (findings)" and
"## Causes:" are the same section to a reader; the lifecycle rule must agree. A heading is
compared after dropping case, leading numbering, emphasis, trailing words in parentheses and
a trailing colon; a heading joining two topics ("Root cause and trigger") counts for each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..references import fence_ranges

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


@lru_cache(maxsize=4096)
def normalize_heading(text: str) -> str:
    """`**3. Root Causes (findings):**` -> `root causes`."""
    text = text.strip().strip("*_").strip()
    text = _NUMBERING.sub("", text.lower())
    previous = None
    while previous != text:
        previous = text
        text = _PARENTHESES.sub("", text).rstrip(" :.-").strip().strip("*_").strip()
    return " ".join(text.split())


@lru_cache(maxsize=4096)
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


def _headings(body: str) -> list[tuple[int, int, int, str]]:
    """(start, end, level, text) of each `#` heading that starts a line.

    Found with `str.find` rather than a multi-line regex, which would be tried at every
    position of every body: at 10,000 records that is most of the rule's time.
    """
    out = []
    pos = 0 if body.startswith("#") else body.find("\n#")
    while pos != -1:
        start = pos if body[pos] == "#" else pos + 1
        end = body.find("\n", start)
        end = len(body) if end == -1 else end
        m = _ATX.match(body, start, end)
        if m:
            out.append((start, end, len(m.group(1)), m.group(2)))
        pos = body.find("\n#", end)
    return out


def find_sections(body: str, names: frozenset[str]) -> list[Section]:
    """Every section whose heading matches one of `names`, with its top-level bullets.

    A section runs to the next heading of the same or a higher level; bullets under its
    sub-headings are its own. Text in HTML comments (the templates' guidance) is ignored.
    Headings are found with one regex pass; only a matching section's lines are read.
    """
    if "<!--" in body:
        # Comments become as many newlines, so that nothing after them moves.
        body = _HTML_COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), body)
    fences = fence_ranges(body) if "```" in body or "~~~" in body else []
    headings = [h for h in _headings(body) if not any(a <= h[0] < b for a, b in fences)]
    sections: list[Section] = []
    covered = -1  # offset up to which a matching section already reaches
    for index, (start, end, depth, text) in enumerate(headings):
        if start < covered or not heading_matches(text, names):
            continue
        stop = next((h[0] for h in headings[index + 1 :] if h[2] <= depth), len(body))
        covered = stop
        section = Section(text, body.count("\n", 0, start) + 1)
        sections.append(section)
        fence = False
        for line in body[end:stop].split("\n"):
            if _FENCE.match(line):
                fence = not fence
                section.has_text = True
                continue
            if fence or not line.strip() or _ATX.match(line):
                continue
            stripped = line.lstrip()
            if len(line) - len(stripped) >= 2:
                continue  # a continuation or a nested item
            if _BULLET.match(stripped):
                section.bullets.append(_BULLET.sub("", stripped, count=1).strip())
            else:
                section.has_text = True
    return sections
