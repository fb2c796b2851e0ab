"""A knowledge base shaped like one converted from public postmortem and runbook collections.

About 300 records written the way real teams write them: many tags used once, closed reviews
whose contributing factors sit under "Root Causes" or "Contributing factors (findings)",
action items kept as a body list instead of front matter, and links between markdown files
that do not resolve in the site. `RealBase` records what was planted, so tests can assert
exact findings. Deterministic: the same call writes the same bytes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

import yaml

SERVICES = [
    "checkout", "payments", "search", "catalog", "accounts", "shipping",
    "inventory", "notifications", "gateway", "reporting", "pricing", "media",
]  # fmt: skip

# How converted reviews name their contributing factors, and whether skms should find them.
FACTOR_HEADINGS = [
    "Contributing factors",
    "Contributing factors (findings)",
    "Root Causes",
    "Root cause",
    "CAUSES",
    "3. Root cause and trigger",
    "Contributing Factors:",
]

# The mkdocs.yml of a team's first try: Material without a font, no site_url, no docs index.
MKDOCS_YML = """\
site_name: Converted knowledge base
theme:
  name: material
plugins:
  - search
  - skms
"""


@dataclass
class RealBase:
    root: Path
    records: int = 0
    reviews_closed: int = 0
    complete_reviews: list[str] = field(default_factory=list)  # paths, no SKMS301 expected
    suffixed_heading_reviews: list[str] = field(default_factory=list)  # complete, odd headings
    body_action_reviews: dict[str, int] = field(default_factory=dict)  # path -> heading line
    prose_cause_reviews: dict[str, int] = field(default_factory=dict)  # path -> heading line
    broken_links: set[tuple[str, int]] = field(default_factory=set)  # (path, line)
    tags: set[str] = field(default_factory=set)


def _write(root: Path, rel: str, front: dict, body: str) -> tuple[str, int]:
    """Write a record; return its path and the file line where its body starts."""
    fm = yaml.safe_dump(front, sort_keys=False, allow_unicode=True)
    text = f"---\n{fm}---\n{body}"
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return rel, fm.count("\n") + 3


def write_real_base(root: Path, reviews: int = 220, runbooks: int = 60) -> RealBase:
    rnd = random.Random(12)
    base = RealBase(root)
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")

    def one_off_tags(n: int) -> list[str]:
        tags = [f"{rnd.choice(['redis', 'dns', 'tls', 'k8s', 'cdn', 'db'])}-{rnd.randrange(10**6)}"]
        tags += rnd.sample(["database", "network", "deploy", "config", "capacity"], n)
        base.tags.update(tags)
        return tags

    for name in SERVICES:
        _write(
            root,
            f"knowledge/services/{name}.md",
            {"id": name, "title": name.title(), "tier": rnd.choice(["gold", "silver", "bronze"])},
            f"The {name} service.\n",
        )
        base.records += 1

    runbook_ids = []
    for i in range(runbooks):
        service = SERVICES[i % len(SERVICES)]
        rid = f"{service}-alert-{i:03d}"
        runbook_ids.append(rid)
        body = (
            "## Meaning\nThe alert fired.\n\n## Impact\nCustomers wait.\n\n"
            f"## Diagnosis\nSee [the service](../knowledge/services/{service}.md).\n\n"
            "## Mitigation\nRoll back.\n"
        )
        broken = i % 20 == 7  # three runbooks link to a runbook that was never converted
        if broken:
            body += "\nRelated: [old runbook](nope.md).\n"
        rel, start = _write(
            root,
            f"runbooks/{rid}.md",
            {
                "id": rid,
                "title": f"{service} alert {i}",
                "service": service,
                "alerts": [f"{service.title()}Alert{i:03d}"],
                "tags": one_off_tags(1),
            },
            body,
        )
        if broken:
            base.broken_links.add(
                (rel, start + body.split("\n").index("Related: [old runbook](nope.md)."))
            )
        base.records += 1

    for i in range(30):
        _write(
            root,
            f"knowledge/problems/PRB-{i + 1:04d}.md",
            {
                "id": f"PRB-{i + 1:04d}",
                "title": f"Problem {i + 1}",
                "status": rnd.choice(["open", "known-error"]),
                "services": [SERVICES[i % len(SERVICES)]],
            },
            "## Description\nRecurring.\n",
        )
        base.records += 1

    for i in range(reviews):
        year = 1985 + (i * 41) // reviews  # 1985 to 2026, as a long-lived collection spans
        start = f"{year}-{1 + i % 12:02d}-{1 + i % 27:02d}T10:00:00Z"
        front: dict = {
            "id": f"INC-{i + 1:04d}",
            "title": f"Outage {i + 1}",
            "status": "draft" if i % 10 == 9 else "closed",
            "severity": f"SEV{1 + i % 4}",
            "services": [SERVICES[i % len(SERVICES)]],
            "tags": one_off_tags(2),
            "started": start,
            "detected": start.replace("T10:00", "T10:05"),
            "mitigated": start.replace("T10:00", "T10:40"),
            "resolved": start.replace("T10:00", "T11:00"),
            "impact": "Some customers could not *log in*.",
        }
        style = i % 11
        heading = FACTOR_HEADINGS[i % len(FACTOR_HEADINGS)]
        body = f"## Summary\nSomething broke, see [the runbook](../runbooks/{runbook_ids[i % runbooks]}.md).\n\n"
        if style == 3:
            # Root cause written as prose: a heading skms finds, without a list.
            body += f"## {heading}\nThe pool was too small for the Monday peak.\n\n"
        else:
            body += f"## {heading}\n- The pool was too small.\n- Retries had no jitter.\n\n"
        if style in (1, 5, 8):
            # Converted as written: the action items are a body list, not front matter.
            body += "## Action Items\n- Bound the pool (owner: ops)\n- Add jitter\n"
        else:
            front["action_items"] = [
                {
                    "title": "Bound the pool",
                    "owner": "team-ops",
                    "due": "2026-12-01",
                    "status": "done",
                }
            ]
        if i % 25 == 4:
            body += "\nSee also [the old postmortem](../postmortems/2019-outage.md).\n"
        rel, body_start = _write(root, f"reviews/INC-{i + 1:04d}.md", front, body)
        lines = body.split("\n")
        if i % 25 == 4:
            index = lines.index("See also [the old postmortem](../postmortems/2019-outage.md).")
            base.broken_links.add((rel, body_start + index))
        base.records += 1
        if front["status"] != "closed":
            continue
        base.reviews_closed += 1
        if style in (1, 5, 8):
            base.body_action_reviews[rel] = body_start + lines.index("## Action Items")
        elif style == 3:
            base.prose_cause_reviews[rel] = body_start + lines.index(f"## {heading}")
        else:
            base.complete_reviews.append(rel)
            if heading != "Contributing factors":
                base.suffixed_heading_reviews.append(rel)

    # Hand-written pages, with the links people write between them and to records.
    docs = root / "docs"
    docs.mkdir()
    guide = (
        "# How we work\n\n"
        "Read [the on-call notes](oncall.md) and [a review](../reviews/INC-0001.md).\n\n"  # 3
        "The [first review](reviews/INC-0001.md) resolves in the site.\n\n"
        "```md\n[not a link](missing.md)\n```\n\n"
        "Our [escalation policy](policies/escalation.md) and `[code](nowhere.md)`.\n"  # 11
    )
    (docs / "guide.md").write_text(guide, encoding="utf-8")
    (docs / "oncall.md").write_text("# On call\n\n[Back](guide.md#top)\n", encoding="utf-8")
    base.broken_links |= {("docs/guide.md", 3), ("docs/guide.md", 11)}
    return base
