"""The final pass over a site folder (`redaction.leaks_in`): every way a hidden id can be written
into an output file is found, and nothing else is reported."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from skms.redaction import Redactor, holds_hidden_term, leaks_in

REDACTOR = Redactor(["inc-7201", "kafka-lag", "reviews/quokka.md"], allowed=["kafka-lag-high"])


@pytest.mark.parametrize(
    "text",
    [
        "see INC-7201.",
        "kafka-lag",
        "REVIEWS/Quokka.md",
        "INC&#45;7201",  # numeric character reference
        "INC&#x2D;7201",
        "reviews&sol;quokka&period;md",  # named references
        '{"id": "INC\\u002d7201"}',  # JSON escape
        '{"path": "reviews\\/quokka.md"}',
        "https://x.example/INC%2D7201",  # URL escape
        "INC%2d7201",
    ],
)
def test_a_hidden_term_is_found_as_written_and_behind_any_escape(text: str) -> None:
    data = text.encode()
    assert holds_hidden_term(data, REDACTOR)
    assert holds_hidden_term(gzip.compress(data), REDACTOR)


@pytest.mark.parametrize(
    "text",
    [
        "kafka-lag-high is a visible runbook",  # a visible id containing a hidden slug
        "INC-72010 and xINC-7201",  # other words
        "INC&#45;7202 &lt;INC-72&gt; 100% &#39;quoted&#39; %20",
        "",
    ],
)
def test_text_without_a_hidden_term_passes(text: str) -> None:
    assert not holds_hidden_term(text.encode(), REDACTOR)


def test_leaks_in_reports_names_and_contents_in_path_order(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "b" / "INC-7201").mkdir(parents=True)
    (site / "b" / "INC-7201" / "index.html").write_text("fine", encoding="utf-8")
    (site / "a.html").write_text("<p>INC&#45;7201</p>", encoding="utf-8")
    (site / "b" / "fine.txt").write_text("kafka-lag-high", encoding="utf-8")
    (site / "theme.js").write_text("inc-7201", encoding="utf-8")
    outside = tmp_path / "outside.txt"
    outside.write_text("inc-7201", encoding="utf-8")
    (site / "link.txt").symlink_to(outside)  # a link is not followed: its target is not output
    assert leaks_in(site, REDACTOR, skip=["theme.js"]) == [
        "a.html",
        "b/INC-7201",
        "b/INC-7201/index.html",
    ]
    assert leaks_in(site, Redactor([])) == []
