"""Secrets: credential-like strings in a record (front matter and body) are errors (SKMS701).

A review is written in a hurry, often by pasting a log line or a config snippet; a cloud key
or a password in a URL would then be published with it. The detectors are detect-secrets'
(Yelp), called directly through their Python API with an explicit list: no global settings,
no baseline file, no verification request over the network.

Only the lines that may hold a secret reach the detectors: cheap literal searches over the
text find the lines containing a trigger (a known token prefix, a key block header,
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

# A trigger is what a detector below needs to see in a line before it can match. One
# regular expression for the rare upper-case starts and `str.find` for the rest: a regular
# expression alternation tried at every position of 30 MB of records costs seconds. Detectors
# of tokens without a literal start (Discord, Telegram) or with one that prose is full of
# (Artifactory's `AP`, Twilio's `AC`/`SK`, Mailchimp's `-us`) are left out for that reason.
_UPPER = re.compile(r"A(?:3T|KIA|SIA|BIA|CCA|ccountKey=)|P(?:RIVATE KEY|uTTY-User)|SG\.|GR1348941")
_LITERALS = ("xox", "hooks.slack", "_live_", "eyJ", "pypi-", "_authToken", "sq0csp-")
_PATTERNS = (
    re.compile(r"gh(?:[pousr]_|ithub_pat_)"),  # GitHub tokens
    re.compile(r"gl[a-z]{2,6}-"),  # GitLab tokens (`glpat-`...)
    re.compile(r"sk-(?<![A-Za-z]sk-)"),  # OpenAI keys, not `disk-` or `risk-`
    re.compile(r"://[^\s/@]+@"),  # a user, and perhaps a password, in a URL
)
_WORDS = ("pass", "pwd", "secret", "token", "key", "contrase")  # any case
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


def _line_findings(line: str) -> Iterator[tuple[str, str]]:
    for detector in _detectors():
        # The detectors' own patterns, matched whole: their `analyze_string` yields the
        # first group where a pattern has one (`ghp` of a GitHub token).
        for regex in detector.denylist:
            for match in regex.finditer(line):
                if match.group(0).strip():
                    yield detector.secret_type, match.group(0).strip()
    folded = line.lower()
    if not any(word in folded for word in _WORDS):
        return  # the keyword detectors' patterns are costly: only where a keyword is
    keyword, regexes, _entropy = _keyword()
    for value in keyword.analyze_string(line, denylist_regex_to_group=regexes):
        if value and _plausible(value):
            yield keyword.secret_type, value
    for match in _TOKEN_VALUE.finditer(line):
        if _plausible(match.group(1)):
            yield "Token", match.group(1)


def _triggers(text: str) -> list[int]:
    """Offsets in the text where a detector may find something."""
    found = [m.start() for pattern in (_UPPER, *_PATTERNS) for m in pattern.finditer(text)]
    for source, needles in ((text, _LITERALS), (text.lower(), _WORDS)):
        for needle in needles:
            pos = source.find(needle)
            while pos != -1:
                found.append(pos)
                pos = source.find(needle, pos + 1)
    return found


def find_secrets(text: str) -> list[Finding]:
    """Credential-like strings in a file's text, at most one finding a line."""
    found: list[Finding] = []
    done: set[int] = set()
    for offset in sorted(_triggers(text)):
        start = text.rfind("\n", 0, offset) + 1
        if start in done:
            continue
        done.add(start)
        end = text.find("\n", offset)
        line = text[start:] if end == -1 else text[start:end]
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
