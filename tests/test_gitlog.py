"""Reading commit messages: ids, fix words, trailers, pull-request numbers, odd bytes."""

from __future__ import annotations

import io

import pytest

from skms.config import DEFAULT_IDS
from skms.git.log import (
    MessageScanner,
    iter_records,
    parse_trailers,
    pull_request_number,
    split_message,
)

SCANNER = MessageScanner([DEFAULT_IDS[k] for k in ("review", "problem", "readiness", "article")])


def fixes(message: str) -> tuple[str, ...]:
    ids, relations, _ = SCANNER.scan(message)
    return tuple(i for i, r in zip(ids, relations, strict=True) if r == "fix")


def test_ids_are_found_in_subject_body_and_trailers_in_order() -> None:
    message = "Retry PSP calls for INC-0004\n\nSee KB-0012 first.\n\nRefs: RDY-0003\n"
    assert SCANNER.scan(message)[:2] == (("INC-0004", "KB-0012", "RDY-0003"), ("mention",) * 3)


def test_ids_inside_words_or_longer_tokens_are_not_ids() -> None:
    message = "xINC-0004 INC-0004.1 #PRB-0002 _KB-0001"
    assert SCANNER.scan(message)[0] == ()


def test_ids_after_a_slash_or_before_a_dash_are_ids() -> None:
    message = "https://x.example/PRB-0001 and branch acme/INC-0004-draft"
    assert SCANNER.scan(message)[0] == ("PRB-0001", "INC-0004")


@pytest.mark.parametrize(
    "message",
    [
        "Fix PRB-0007: retry budget",
        "fixes PRB-0007",
        "Fixed PRB-0007",
        "Close PRB-0007",
        "closes: PRB-0007",
        "closed PRB-0007",
        "Resolve PRB-0007",
        "RESOLVES PRB-0007",
        "resolved PRB-0007",
        "Retry budget\n\nFixes: PRB-0007",
    ],
)
def test_a_fix_word_before_a_problem_id_marks_a_fix(message: str) -> None:
    assert fixes(message) == ("PRB-0007",)


@pytest.mark.parametrize(
    "message",
    ["See PRB-0007", "Refs: PRB-0007", "prefix PRB-0007", "Fix the PRB-0007 thing"],
)
def test_other_mentions_are_links_but_not_fixes(message: str) -> None:
    assert fixes(message) == ()


def test_one_fix_word_can_name_several_problems() -> None:
    assert fixes("Fixes PRB-0001, PRB-0002 and PRB-0003") == (
        "PRB-0001",
        "PRB-0002",
        "PRB-0003",
    )


def test_slug_ids_are_found_in_wiki_links() -> None:
    assert SCANNER.scan("Update [[kafka-consumer-lag]] and [[INC-0042|the outage]]")[0] == (
        "kafka-consumer-lag",
        "INC-0042",
    )


def test_the_cheap_byte_test_lets_only_possible_references_through() -> None:
    assert SCANNER.may_reference(b"Fix PRB-0001")
    assert SCANNER.may_reference(b"see [[runbook]]")
    assert not SCANNER.may_reference(b"Bump dependencies")


def test_trailers_are_the_last_paragraph_of_key_value_lines() -> None:
    body = "Longer text.\n\nRefs: INC-0042\nCo-authored-by: Bo <bo@x>\n  continued"
    assert parse_trailers(body) == (("Refs", "INC-0042"), ("Co-authored-by", "Bo <bo@x> continued"))
    assert parse_trailers("Text: with a colon\nand prose") == ()


def test_the_subject_is_the_first_paragraph_on_one_line() -> None:
    assert split_message("Line one\nline two\n\nBody\n") == ("Line one line two", "Body")


@pytest.mark.parametrize(
    ("subject", "number"),
    [
        ("Merge pull request #123 from acme/fix-retry", 123),
        ("Add retry budget (#412)", 412),
        ("Add retry budget (#412) ", 412),
        ("Mention #5 in passing", None),
        ("Merge branch 'main'", None),
    ],
)
def test_pull_request_numbers_come_from_merge_and_squash_subjects(
    subject: str, number: int | None
) -> None:
    assert pull_request_number(subject) == number


def test_a_record_separator_inside_a_message_does_not_split_the_commit() -> None:
    sha1, sha2 = "a" * 40, "b" * 40
    stream = io.BytesIO(
        f"\x1e{sha1}\0\0A\0a@x\0d\0d\0one \x1e two\n\0\0\x1e{sha2}\0\0B\0b@x\0d\0d\0three\n\0".encode()
    )
    records = list(iter_records(stream))
    assert [r[:40].decode() for r in records] == [sha1, sha2]
    assert b"one \x1e two" in records[0]
