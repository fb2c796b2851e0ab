"""Secrets: credential-like strings in a record (front matter and body) are errors (SKMS701).

A review is written in a hurry, often by pasting a log line or a config snippet; a cloud key
or a password in a URL would then be published with it. The detectors are detect-secrets'
(Yelp), called directly through their Python API with an explicit list: no global settings,
no baseline file, no verification request over the network.

Only the lines that may hold a secret reach the detectors, and each line only the detectors
that may match it: one pass of a multi-literal search over the text finds the lines holding a
literal that every match of some detector contains (a token prefix, a key block header,
`://user:pass@`, or a word such as password/secret/token/key), which keeps `skms check` fast
at 10,000 records.

A false positive is marked where it is, in detect-secrets' own way: a line ending in the
comment `pragma: allowlist secret` (`<!-- pragma: allowlist secret -->` in the body,
`# pragma: allowlist secret` in front matter), or the line before it holding
`pragma: allowlist nextline secret`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..diagnostics import Diagnostics

CODE = "SKMS701"
MIN_KEYWORD_ENTROPY = 2.5  # a value next to `password:` below this reads as prose, not a secret
MIN_KEYWORD_LENGTH = 6

# Which lines reach the detectors, and which detectors a line reaches: every pattern of a
# detector is listed with literals one of which is part of every match of it (`folded`: found
# in the line folded to lower case, for the patterns matched in any case). A line holding none
# of the literals of any pattern, nor a keyword, cannot hold a finding; a pattern whose literals
# are not in a line is not tried on it. All literals of a text are found in one pass of an
# Aho-Corasick automaton (two: the folded ones in the folded text): a `str.find` a literal, or
# a regular expression alternation, over 30 MB of records costs seconds (figures in
# benchmarks/README.md). Detectors of tokens
# without a literal (Discord, Telegram) or with one that prose is full of (Artifactory's `AP`,
# Twilio's `AC`/`SK`, Mailchimp's `-us`) are left out for that reason.
_GATES: dict[str, tuple[tuple[str, ...], bool]] = {
    # AWS
    r"(?:A3T[A-Z0-9]|ABIA|ACCA|AKIA|ASIA)[0-9A-Z]{16}": (
        ("A3T", "ABIA", "ACCA", "AKIA", "ASIA"),
        False,
    ),
    r"aws.{0,20}?(?:key|pwd|pw|password|pass|token).{0,20}?[\'\"]([0-9a-zA-Z/+]{40})[\'\"]": (
        ("aws",),
        True,
    ),
    # Azure storage
    r"AccountKey=[a-zA-Z0-9+\/=]{88}": (("AccountKey=",), False),
    # basic auth: a password in a URL (the lines selected by `_USER_IN_URL`)
    r"://[^:/\?\#\[\]@!\$\&'\(\)\*\+,;=\s]+:([^:/\?\#\[\]@!\$\&'\(\)\*\+,;=\s]+)@": (
        ("://",),
        False,
    ),
    # GitHub
    r"(ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9_]{36}": (("ghp_", "gho_", "ghu_", "ghs_", "ghr_"), False),
    # GitLab
    r"(glpat|gldt|glft|glsoat|glrt)-[A-Za-z0-9_\-]{20,50}(?!\w)": (
        ("glpat-", "gldt-", "glft-", "glsoat-", "glrt-"),
        False,
    ),
    r"GR1348941[A-Za-z0-9_\-]{20,50}(?!\w)": (("GR1348941",), False),
    r"glcbt-([0-9a-fA-F]{2}_)?[A-Za-z0-9_\-]{20,50}(?!\w)": (("glcbt-",), False),
    r"glimt-[A-Za-z0-9_\-]{25}(?!\w)": (("glimt-",), False),
    r"glptt-[A-Za-z0-9_\-]{40}(?!\w)": (("glptt-",), False),
    r"glagent-[A-Za-z0-9_\-]{50,1024}(?!\w)": (("glagent-",), False),
    r"gloas-[A-Za-z0-9_\-]{64}(?!\w)": (("gloas-",), False),
    # JSON web tokens
    r"eyJ[A-Za-z0-9-_=]+\.[A-Za-z0-9-_=]+\.?[A-Za-z0-9-_.+/=]*?": (("eyJ",), False),
    # npm
    r"\/\/.+\/:_authToken=\s*((npm_.+)|([A-Fa-f0-9-]{36})).*": (("_authToken=",), False),
    # OpenAI
    r"sk-[A-Za-z0-9-_]*[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}": (("T3BlbkFJ",), False),
    # private keys
    **{
        rf"BEGIN {kind}PRIVATE KEY{block}": (("PRIVATE KEY",), False)
        for kind, block in (
            ("DSA ", ""),
            ("EC ", ""),
            ("OPENSSH ", ""),
            ("PGP ", " BLOCK"),
            ("", ""),
            ("RSA ", ""),
        )
    },
    r"BEGIN SSH2 ENCRYPTED PRIVATE KEY": (("PRIVATE KEY",), False),
    r"PuTTY-User-Key-File-2": (("PuTTY-User-Key-File-2",), False),
    # PyPI
    r"pypi-AgEIcHlwaS5vcmc[A-Za-z0-9-_]{70,}": (("pypi-AgE",), False),
    r"pypi-AgENdGVzdC5weXBpLm9yZw[A-Za-z0-9-_]{70,}": (("pypi-AgE",), False),
    # SendGrid
    r"SG\.[a-zA-Z0-9_-]{22}\.[a-zA-Z0-9_-]{43}": (("SG.",), False),
    # Slack
    r"xox(?:a|b|p|o|s|r)-(?:\d+-)+[a-z0-9]+": (("xox",), True),
    r"https://hooks\.slack\.com/services/T[a-zA-Z0-9_]+/B[a-zA-Z0-9_]+/[a-zA-Z0-9_]+": (
        ("hooks.slack.com",),
        True,
    ),
    # Square
    r"sq0csp-[0-9A-Za-z\\\-_]{43}": (("sq0csp-",), False),
    # Stripe
    r"(?:r|s)k_live_[0-9a-zA-Z]{24}": (("k_live_",), False),
}
_WORDS = ("pass", "pwd", "secret", "token", "key", "contrase")  # any case: the keyword detectors
# A user in a URL: only then can the `://` of a line be basic auth (`://user:password@`).
_USER_IN_URL = re.compile(r"://[^\s/@]+@")
_ALLOW = re.compile(r"pragma: ?allowlist[ -]secret")
_ALLOW_NEXT = re.compile(r"pragma: ?allowlist[ -]nextline[ -]secret")
# A keyword followed by a value, for the `token` family detect-secrets' keyword list lacks.
_TOKEN_VALUE = re.compile(r"(?i:\b[\w-]*token)[\"']?\s*[:=]\s*[\"']?([A-Za-z0-9+/_.=-]{16,})[\"']?")


@dataclass(frozen=True)
class Finding:
    line: int  # 1-based line of the file
    kind: str  # detect-secrets' name for it, e.g. "AWS Access Key"
    value: str  # the secret itself: never printed, see `mask`


@lru_cache(maxsize=1)
def _detectors() -> tuple[Any, ...]:
    """detect-secrets' detectors, made once. Explicit: no settings, no plugin discovery."""
    from detect_secrets.plugins.aws import AWSKeyDetector
    from detect_secrets.plugins.azure_storage_key import AzureStorageKeyDetector
    from detect_secrets.plugins.basic_auth import BasicAuthDetector
    from detect_secrets.plugins.github_token import GitHubTokenDetector
    from detect_secrets.plugins.gitlab_token import GitLabTokenDetector
    from detect_secrets.plugins.jwt import JwtTokenDetector
    from detect_secrets.plugins.npm import NpmDetector
    from detect_secrets.plugins.openai import OpenAIDetector
    from detect_secrets.plugins.private_key import PrivateKeyDetector
    from detect_secrets.plugins.pypi_token import PypiTokenDetector
    from detect_secrets.plugins.sendgrid import SendGridDetector
    from detect_secrets.plugins.slack import SlackDetector
    from detect_secrets.plugins.square_oauth import SquareOAuthDetector
    from detect_secrets.plugins.stripe import StripeDetector

    classes = (
        AWSKeyDetector,
        AzureStorageKeyDetector,
        BasicAuthDetector,
        GitHubTokenDetector,
        GitLabTokenDetector,
        JwtTokenDetector,
        NpmDetector,
        OpenAIDetector,
        PrivateKeyDetector,
        PypiTokenDetector,
        SendGridDetector,
        SlackDetector,
        SquareOAuthDetector,
        StripeDetector,
    )
    return tuple(cls() for cls in classes)


@lru_cache(maxsize=1)
def _keyword() -> tuple[Any, ...]:
    """The keyword detector (password, secret, api_key...) with YAML's `key: value` syntax."""
    from detect_secrets.plugins.high_entropy_strings import Base64HighEntropyString
    from detect_secrets.plugins.keyword import CONFIG_DENYLIST_REGEX_TO_GROUP, KeywordDetector

    return KeywordDetector(), CONFIG_DENYLIST_REGEX_TO_GROUP, Base64HighEntropyString()


def _plausible(value: str) -> bool:
    """A value next to a keyword that looks like a credential, not prose or a placeholder."""
    from detect_secrets.filters.heuristic import (
        is_potential_uuid,
        is_sequential_string,
        is_templated_secret,
    )

    value = value.strip("\"',;")
    if len(value) < MIN_KEYWORD_LENGTH or value.startswith(("$", "<", "{", "%")):
        return False
    if is_templated_secret(value) or is_sequential_string(value) or is_potential_uuid(value):
        return False
    if not re.search(r"\d", value) and not re.search(r"[^\w]", value):
        return False  # one plain word ("rotated", "redacted"): prose
    entropy: float = _keyword()[2].calculate_shannon_entropy(value)
    return entropy >= MIN_KEYWORD_ENTROPY


def _fold(text: str) -> str:
    """Lower case, as a case-insensitive pattern sees it, with every offset kept.

    `İ` alone lower-cases to two characters; `ſ`, `ı` and `İ` match `s` and `i` in a pattern
    that ignores case, and `str.lower` keeps them apart.
    """
    if text.isascii():
        return text.lower()
    return text.replace("\u0130", "I").lower().replace("\u017f", "s").replace("\u0131", "i")


@lru_cache(maxsize=1)
def _gated() -> tuple[tuple[str, re.Pattern[str], tuple[str, ...], bool], ...]:
    """(secret type, pattern, literals, folded) of every detector pattern, in detector order."""
    return tuple(
        (detector.secret_type, regex, *_GATES.get(regex.pattern, (("",), False)))
        for detector in _detectors()
        for regex in detector.denylist  # a pattern missing from _GATES: tried on every line
    )


@lru_cache(maxsize=1)
def _automata() -> tuple[Any, Any, int]:
    """(literals matched as written, literals matched folded, the index of `://`)."""
    import ahocorasick_rs

    exact = sorted({lit for lits, folded in _GATES.values() if not folded for lit in lits})
    folded = sorted({lit for lits, fold in _GATES.values() if fold for lit in lits} | set(_WORDS))
    return ahocorasick_rs.AhoCorasick(exact), ahocorasick_rs.AhoCorasick(folded), exact.index("://")


@lru_cache(maxsize=1)
def _keyword_names() -> re.Pattern[str]:
    """detect-secrets' keywords (`api_key`, `password`...): every keyword pattern holds one."""
    from detect_secrets.plugins.keyword import DENYLIST

    return re.compile("|".join(DENYLIST), re.IGNORECASE)


def _line_findings(line: str) -> Iterator[tuple[str, str]]:
    folded = _fold(line)
    for secret_type, regex, literals, fold in _gated():
        where = folded if fold else line
        for literal in literals:
            if literal in where:
                break
        else:
            continue  # no match of this pattern can be in the line
        # The detectors' own patterns, matched whole: their `analyze_string` yields the
        # first group where a pattern has one (`ghp` of a GitHub token).
        for match in regex.finditer(line):
            if match.group(0).strip():
                yield secret_type, match.group(0).strip()
    if not any(word in folded for word in _WORDS):
        return  # the keyword detectors' patterns are costly: only where a keyword is
    if _keyword_names().search(line):
        keyword, regexes, _entropy = _keyword()
        for value in keyword.analyze_string(line, denylist_regex_to_group=regexes):
            if value and _plausible(value):
                yield keyword.secret_type, value
    if "token" in folded:
        for match in _TOKEN_VALUE.finditer(line):
            if _plausible(match.group(1)):
                yield "Token", match.group(1)


def _triggers(text: str) -> list[int]:
    """Offsets in the text where a detector may find something."""
    exact, folded, url = _automata()
    found = [
        start
        for index, start, _end in exact.find_matches_as_indexes(text)
        if index != url or _USER_IN_URL.match(text, start)
    ]
    found.extend(start for _index, start, _end in folded.find_matches_as_indexes(_fold(text)))
    return found


def find_secrets(text: str) -> list[Finding]:
    """Credential-like strings in a file's text, at most one finding a line."""
    found: list[Finding] = []
    end = -1
    for offset in sorted(_triggers(text)):
        if offset < end:
            continue  # a line already looked at
        start = text.rfind("\n", 0, offset) + 1
        end = text.find("\n", offset)
        if end == -1:
            end = len(text)
        line = text[start:end]
        if _ALLOW.search(line):
            continue
        if start and _ALLOW_NEXT.search(text[text.rfind("\n", 0, start - 1) + 1 : start]):
            continue
        # One finding a line: a token next to `token:` is one secret, not two.
        first = next(_line_findings(line), None)
        if first is not None:
            found.append(Finding(text.count("\n", 0, start) + 1, *first))
    return found


def mask(value: str) -> str:
    """Enough to find it in the file, too little to use it: `AKIA…(20 characters)`."""
    value = value.strip()
    shown = value[:4] if len(value) >= 12 else ""
    return f"{shown}…({len(value)} characters)"


def report_secrets(text: str, rel: str, diags: Diagnostics) -> None:
    """Add an SKMS701 error per credential-like string found in a record's text."""
    for finding in find_secrets(text):
        diags.add(
            CODE,
            rel,
            f"possible secret ({finding.kind}): {mask(finding.value)}",
            line=finding.line,
            hint="remove it and rotate it; if it is not a secret, end the line with "
            "the comment `pragma: allowlist secret`",
        )
