"""Related records: shared problems, services, tags and rare words, found without comparing pairs."""

from __future__ import annotations

import re
from pathlib import Path

from sitekit import build, page, record, small_base, write_base
from skms.config import load_config
from skms.pipeline import load_knowledge_base
from skms.related import MAX_POSTING, related_records


def _review(n: int, body: str = "## Summary\nSomething happened.\n", **front: object) -> tuple:
    fields = {
        "id": f"INC-{n:04d}",
        "title": f"Outage {n}",
        "status": "draft",
        "severity": "SEV3",
        "started": "2026-03-04T10:00:00Z",
        **front,
    }
    return record("review", body, **fields)


def _related(tmp_path: Path, records: list) -> dict[str, tuple[str, ...]]:
    config = write_base(tmp_path, records)
    kb = load_knowledge_base(load_config(config), audience="all", use_cache=False)
    return related_records(kb.records)


def test_review_and_the_problem_it_names_are_related_first(tmp_path: Path) -> None:
    related = _related(tmp_path, small_base())
    assert related["INC-0001"][0] == "PRB-0001"
    assert related["PRB-0001"][0] == "INC-0001"
    assert "checkout-errors" not in related  # runbooks and services get no related list


def test_reviews_sharing_rare_words_are_related_and_unrelated_ones_are_not(tmp_path: Path) -> None:
    records = [
        _review(
            1,
            "## Summary\nThe zookeeper quorum lost its leader during failover.\n",
            title="Quorum lost",
        ),
        _review(2, "## Summary\nAnother zookeeper quorum failover went wrong.\n", title="Failover"),
        _review(3, "## Summary\nA typo on the marketing banner.\n", title="Banner typo"),
    ]
    related = _related(tmp_path, records)
    assert related["INC-0001"] == ("INC-0002",)
    assert "INC-0003" not in related


def test_a_feature_held_by_too_many_records_makes_no_pairs(tmp_path: Path) -> None:
    # Every review shares only one tag: with more holders than MAX_POSTING it is not used,
    # which keeps the work linear instead of comparing all these reviews with each other.
    records = [_review(n, tags=["everywhere"]) for n in range(1, MAX_POSTING + 3)]
    assert _related(tmp_path, records) == {}


def test_review_page_lists_related_records_with_links(tmp_path: Path) -> None:
    site = build(tmp_path, small_base())
    html = page(site, "reviews/INC-0001-outage")
    section = re.search(r'<section class="skms-related">(.*?)</section>', html, re.S)
    assert section and "../../problems/PRB-0001-pool/" in section.group(1)
