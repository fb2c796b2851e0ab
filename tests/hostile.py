"""Hostile knowledge bases for the trust tests: XSS payloads in every field, and canaries.

Written by hand: each payload is one a careless author or an attacker would try.
"""

from __future__ import annotations

from sitekit import record, small_base

XSS = '"><img src=x onerror=alert(1)>'
SCRIPT = "<script>alert(2)</script>"
TITLE_BREAK = "</title><script>alert(3)</script>"
JS_URL = "javascript:alert(4)"
# What a body may hold, as an author would write it in markdown.
XSS_BODY = f"""\
## Summary

Raw HTML: {SCRIPT} <img src=x onerror=alert(5)> <svg onload=alert(6)></svg>
<iframe srcdoc="<script>alert(7)</script>"></iframe>
<a href="{JS_URL}">a link</a> [a markdown link]({JS_URL}) <a href="data:text/html,<script>alert(8)</script>">data</a>
<details open ontoggle=alert(9)><summary>More</summary>Hidden text.</details>
<div id="__config">{{"base": "x"}}</div>
<object data="{JS_URL}"></object><embed src="{JS_URL}"><form action="{JS_URL}"><button>Go</button></form>
<style>body {{ display: none }}</style>

## {XSS} heading

| a | b |
|---|---|
| <img src=x onerror=alert(10)> | `{SCRIPT}` |

![image]({JS_URL})
"""


def xss_base() -> list[tuple[str, str]]:
    """The small base plus records whose every field and body carries a payload."""
    base = small_base()
    base.append(
        record(
            "service",
            XSS_BODY,
            id="evil-service",
            title=f"Service {XSS}",
            tier="bronze",
            team=SCRIPT,
            owner=XSS,
            tags=[XSS, "ordinary"],
            repos=[{"name": XSS, "url": JS_URL}],
            slos=[{"name": XSS, "objective": SCRIPT, "window": XSS}],
            visibility="public",
        )
    )
    base.append(
        record(
            "runbook",
            XSS_BODY + "\n## Diagnosis\nLook.\n\n## Mitigation\nAct.\n",
            id="evil-runbook",
            stem='evil-runbook"><img src=x onerror=alert(11)>',
            title=f"Runbook {XSS}",
            service="evil-service",
            alerts=["EvilAlert"],
            tags=[SCRIPT],
            visibility="public",
        )
    )
    base.append(
        record(
            "problem",
            XSS_BODY,
            id="PRB-0666",
            title=f"Problem {XSS} {TITLE_BREAK}",
            status="known-error",
            services=["evil-service"],
            root_cause=XSS,
            workaround=f"Workaround {SCRIPT}",
            fixed_by=["acme/evil#1"],
            opened="2026-03-01T10:00:00Z",
            visibility="public",
        )
    )
    base.append(
        record(
            "review",
            XSS_BODY,
            id="INC-0666",
            title=f"Review {XSS}\x0b{TITLE_BREAK}",  # a vertical tab: XML forbids it
            status="draft",
            severity="SEV2",
            services=["evil-service"],
            problems=["PRB-0666"],
            runbooks=["evil-runbook"],
            owner=XSS,
            impact=SCRIPT,
            detection="customer",
            authors=[XSS],
            tags=[XSS],
            started="2026-03-02T10:00:00Z",
            resolved="2026-03-02T12:00:00Z",
            caused_by=["acme/evil#2"],
            action_items=[
                {"title": XSS, "owner": SCRIPT, "link": JS_URL, "type": "prevent"},
                {"title": "data", "link": "data:text/html,<script>alert(12)</script>"},
            ],
            visibility="public",
        )
    )
    base.append(
        record(
            "readiness",
            XSS_BODY,
            id="RDY-0666",
            title=f"Release {XSS}",
            release_tier="gold",
            status="planned",
            services=["evil-service"],
            key_dates={XSS: "2026-03-10T10:00:00Z"},
            contacts=[{"name": XSS, "role": SCRIPT, "contact": JS_URL}],
            risks=SCRIPT,
            rollback_plan=XSS,
            checklist={"communications": {"status": "done", "notes": SCRIPT}},
            visibility="public",
        )
    )
    base.append(
        record(
            "article",
            XSS_BODY,
            id="KB-0666",
            title=f"Article {XSS}",
            tags=[TITLE_BREAK],
            visibility="public",
        )
    )
    return base


XSS_PAGE = f"""\
---
title: 'Page {XSS}'
description: '{XSS}'
---
# Hand-written {XSS}

{XSS_BODY}
"""
