"""Related records: for each review and problem, up to five other reviews and problems.

Two records are related when they share a problem (a review naming it, or the problem
itself), services, tags or rare words of their title and summary. Candidates come from an
inverted index, never from comparing every pair: a record meets only the records that share
one of its features, and a feature held by more than `MAX_POSTING` records (a busy service,
a common word) is not used, since it says little and would make the work grow as N².
So the cost is O(records x features x MAX_POSTING) (figures in benchmarks/README.md).
"""

from __future__ import annotations

import heapq
import math
import re
from collections import defaultdict
from collections.abc import Iterable

from .model import Record

KINDS = ("review", "problem")
LIMIT = 5
MAX_POSTING = 64
MAX_TERMS = 12  # a record's rarest words that other records share
TEXT_CHARS = 2000  # title and the start of the body: the summary says what happened
# How much one shared feature of each type counts (times its rarity).
WEIGHTS = {"problem": 4.0, "service": 1.5, "tag": 1.0, "term": 1.0}
_WORD = re.compile(r"[a-z][a-z0-9]{3,}")
_STOP = frozenset(
    """this that with from were was have has had been they them their there what when which
    while would could should about after before into over under than then also only more most
    some such other our ours your were will shall each very much many same both because
    summary impact timeline contributing factors lessons went well difficult what""".split()
)


def _features(record: Record) -> dict[str, str]:
    """Feature -> its type, for the facts a record names itself (not its words)."""
    meta = record.meta
    out: dict[str, str] = {}
    problems = [record.id] if record.kind == "problem" else list(getattr(meta, "problems", ()))
    for pid in problems:
        out[f"problem:{pid}"] = "problem"
    for sid in getattr(meta, "services", ()) or ():
        out[f"service:{sid}"] = "service"
    for tag in meta.tags:
        out[f"tag:{tag.lower()}"] = "tag"
    return out


def _terms(record: Record) -> set[str]:
    text = f"{record.title}\n{record.body[:TEXT_CHARS]}".lower()
    return {w for w in _WORD.findall(text) if w not in _STOP}


def related_records(records: Iterable[Record], limit: int = LIMIT) -> dict[str, tuple[str, ...]]:
    """Record id -> ids of up to `limit` related reviews and problems, best first (ties by id)."""
    seen: set[str] = set()
    recs: list[Record] = []
    for record in records:
        if record.kind in KINDS and record.id not in seen:
            seen.add(record.id)
            recs.append(record)
    n = len(recs)
    if n < 2:
        return {}
    facts = [_features(r) for r in recs]
    terms = [_terms(r) for r in recs]
    df: dict[str, int] = defaultdict(int)
    for feats, words in zip(facts, terms, strict=True):
        for f in feats:
            df[f] += 1
        for w in words:
            df["term:" + w] += 1

    # Each record's usable features: shared by at least one other record, by at most
    # MAX_POSTING records, and for words only its rarest MAX_TERMS.
    chosen: list[dict[str, float]] = []
    postings: dict[str, list[int]] = defaultdict(list)
    for i, (feats, words) in enumerate(zip(facts, terms, strict=True)):
        mine = {
            f: WEIGHTS[kind] * math.log(1 + n / df[f])
            for f, kind in feats.items()
            if 2 <= df[f] <= MAX_POSTING
        }
        rare = sorted((df["term:" + w], w) for w in words if 2 <= df["term:" + w] <= MAX_POSTING)[
            :MAX_TERMS
        ]
        for count, w in rare:
            mine["term:" + w] = WEIGHTS["term"] * math.log(1 + n / count)
        chosen.append(mine)
        for f in mine:
            postings[f].append(i)

    ids = [r.id for r in recs]
    out: dict[str, tuple[str, ...]] = {}
    for i, mine in enumerate(chosen):
        scores: dict[int, float] = defaultdict(float)
        for f, weight in mine.items():
            for j in postings[f]:
                scores[j] += weight
        scores.pop(i, None)
        if scores:
            best = heapq.nsmallest(limit, ((-score, ids[j]) for j, score in scores.items()))
            out[ids[i]] = tuple(rid for _, rid in best)
    return out
