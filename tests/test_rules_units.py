"""Headings as people write them, and how `rules` pick a level: small pure functions."""

from __future__ import annotations

from pathlib import Path

import pytest

from skms.config import from_options
from skms.diagnostics import Diagnostics
from skms.load import load
from skms.rules.sections import (
    ACTION_ITEMS_SYNONYMS,
    CONTRIBUTING_FACTORS_SYNONYMS,
    find_sections,
    heading_matches,
)
from skms.rules.tuning import apply_rules, glob_regex


@pytest.mark.parametrize(
    "heading",
    [
        "Contributing factors",
        "contributing FACTORS",
        "Contributing factors (findings)",
        "Contributing Factors:",
        "Root cause",
        "Root Causes",
        "Causes",
        "3. Root cause",
        "**Root cause**",
        "Root cause and trigger",
        "Trigger / root cause",
        "Root cause analysis (RCA)",
    ],
)
def test_contributing_factor_headings_match_as_written(heading: str) -> None:
    assert heading_matches(heading, CONTRIBUTING_FACTORS_SYNONYMS)


@pytest.mark.parametrize("heading", ["Summary", "Because reasons", "Impact (root cause unknown)"])
def test_other_headings_do_not_match(heading: str) -> None:
    assert not heading_matches(heading, CONTRIBUTING_FACTORS_SYNONYMS)


def test_a_section_runs_to_the_next_heading_of_its_level_and_keeps_its_subsections() -> None:
    body = (
        "## Summary\n- no\n\n## Root Causes (findings)\n<!-- - a template example -->\n"
        "### Database\n- Pool too small\n    - a nested detail\n```\n- in code\n```\n"
        "1. Retries had no jitter\n\n## Action Items\n- Bound the pool\n"
    )
    [causes] = find_sections(body, CONTRIBUTING_FACTORS_SYNONYMS)
    assert (causes.heading, causes.line) == ("Root Causes (findings)", 4)
    assert causes.bullets == ["Pool too small", "Retries had no jitter"]
    [actions] = find_sections(body, ACTION_ITEMS_SYNONYMS)
    assert (actions.line, actions.bullets) == (14, ["Bound the pool"])


def test_a_heading_in_a_code_block_is_code_until_the_block_really_closes() -> None:
    # A ```` ```python ```` line inside a block does not close it (CommonMark), as for links.
    body = (
        "## Summary\n```sh\n```python\n## Action Items\n- in code\n```\n\n"
        "## Action Items\n- Bound the pool\n"
    )
    [actions] = find_sections(body, ACTION_ITEMS_SYNONYMS)
    assert (actions.line, actions.bullets) == (8, ["Bound the pool"])


def test_globs_match_within_and_across_folders() -> None:
    assert glob_regex("reviews/*.md").match("reviews/INC-1.md")
    assert not glob_regex("reviews/*.md").match("reviews/2019/INC-1.md")
    assert glob_regex("reviews/**").match("reviews/2019/INC-1.md")
    assert glob_regex("**/INC-*.md").match("INC-1.md")
    assert glob_regex("reviews/2019").match("reviews/2019/INC-1.md")
    assert not glob_regex("reviews").match("reviews-old/INC-1.md")


def test_a_finding_about_no_record_is_matched_by_paths_only(tmp_path: Path) -> None:
    diags = Diagnostics()
    diags.add("SKMS401", "mkdocs.yml", "repository path not found")
    scoped = from_options(
        {"rules": [{"code": "SKMS401", "level": "off", "kind": "review"}]}, tmp_path
    )
    assert [d.code for d in apply_rules(diags, scoped.rules, [])] == ["SKMS401"]
    by_path = from_options(
        {"rules": [{"code": "SKMS401", "level": "error", "paths": "mkdocs.yml"}]}, tmp_path
    )
    [tuned] = apply_rules(diags, by_path.rules, [])
    assert tuned.severity.value == "error"


def test_rules_scope_by_kind_status_and_date(kb: Path) -> None:
    config = from_options({}, kb)
    records = load(config).records
    review = next(r for r in records if r.kind == "review")
    diags = Diagnostics()
    for r in records:
        diags.add("SKMS207", r.path, "unknown key")
    rules = from_options(
        {
            "rules": [
                {"code": "SKMS207", "level": "error"},
                {"code": "SKMS207", "level": "off", "kind": "review", "status": review.meta.status},
                {"code": "SKMS207", "level": "warning", "kind": "review", "before": "1900-01-01"},
            ]
        },
        kb,
    ).rules
    tuned = {d.path: d.severity.value for d in apply_rules(diags, rules, records)}
    assert review.path not in tuned  # off: the review's status matches, and it is not that old
    assert set(tuned.values()) == {"error"} and len(tuned) == len(records) - 1
