"""The secret scan (SKMS701): every detector finds its kind of secret wherever a line holds
it, next to prose, keywords or other secrets, in any script."""

from __future__ import annotations

import pytest

from skms.load.secrets import _GATES, _detectors, find_secrets


def _token(prefix: str, length: int, alphabet: str = "aB3dE5gH7jK9mN1pQ2rS4tU6vW8xY0z") -> str:
    """A made-up token: the prefix, then `length` characters (written here in pieces, so
    that no scanner takes this file for a leak)."""
    return prefix + (alphabet * (length // len(alphabet) + 1))[:length]


AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCY" + "EXAMPLEKEY"  # AWS's documented example
EXAMPLES = {
    "AWS access key id": ("AWS Access Key", "AKIA" + "IOSFODNN7EXAMPLE"),
    "AWS secret access key": (
        "AWS Access Key",
        f'aws_secret_access_key = "{AWS_SECRET}"',
    ),
    "AWS secret, upper case": ("AWS Access Key", f"AWS_PW='{AWS_SECRET}'"),
    "Azure storage key": ("Azure Storage Account access key", _token("AccountKey=", 88)),
    "password in a URL": ("Basic Auth Credentials", "postgres://admin:" + "S3cr3tP4ss@db/app"),
    "GitHub token": ("GitHub Token", _token("ghp_", 36)),
    "GitLab token": ("GitLab Token", _token("glpat-", 20)),
    "GitLab runner token": ("GitLab Token", _token("GR1348941", 20)),
    "GitLab agent token": ("GitLab Token", _token("glagent-", 50)),
    "JSON web token": ("JSON Web Token", "eyJhbGciOiJIUzI1NiJ9" + ".eyJzdWIiOiIxIn0.c2lnbmF0dXJl"),
    "npm token": ("NPM tokens", "//registry.npmjs.org/:_authToken=" + "npm_abcdef123456"),
    "OpenAI key": ("OpenAI Token", _token("sk-proj", 20) + _token("T3Blbk" + "FJ", 20)),
    "private key": ("Private Key", "-----BEGIN RSA " + "PRIVATE KEY-----"),
    "PuTTY key": ("Private Key", "PuTTY-User-" + "Key-File-2: ssh-rsa"),
    "PyPI token": ("PyPI Token", _token("pypi-AgEIcHlwaS5" + "vcmc", 70)),
    "SendGrid key": ("SendGrid API Key", _token("SG.", 22) + _token(".", 43)),
    "Slack token": ("Slack Token", "xoxb-" + "123456-7890-abcdef"),
    "Slack token, upper case": ("Slack Token", "XOXB-" + "123456-7890-ABCDEF"),
    "Slack webhook": ("Slack Token", "https://hooks.slack.com/" + "services/T0001/B0001/XXXXabcd"),
    "Square secret": ("Square OAuth Secret", _token("sq0csp-", 43)),
    "Stripe key": ("Stripe Access Key", _token("sk_live_", 24)),
    "password field": ("Secret Keyword", 'db_password: "Xk9mQ2vL' + 'p8zR4wTq"'),
    "token field": ("Token", "deploy_token: " + _token("", 24)),
}


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_every_kind_of_secret_is_found_alone_and_among_other_words(name: str) -> None:
    kind, secret = EXAMPLES[name]
    for line in (
        secret,
        f"- Pasted `{secret}` by mistake; the password was rotated and the key too",
        f"The global-config of the disk-cache and the keys: {secret} (see the token store)",
    ):
        text = f"---\nid: KB-1\n---\n\nSome prose.\n{line}\nMore prose.\n"
        assert [(f.line, f.kind) for f in find_secrets(text)] == [(6, kind)], line


def test_a_line_with_a_keyword_still_reaches_the_token_detectors() -> None:
    github = _token("ghp_", 36)
    found = find_secrets(f"the password for the bot is not here, its token is {github}\n")
    assert [(f.kind, f.value) for f in found] == [("GitHub Token", github)]
    found = find_secrets(f'aws_secret_access_key: "{AWS_SECRET}"  # the key of the deploy user\n')
    assert [f.kind for f in found] == ["AWS Access Key"]


def test_lines_are_counted_right_after_letters_that_change_length_in_lower_case() -> None:
    # `İ` lower-cases to two characters; `ſ` matches `s` wherever case is ignored.
    text = "İstanbul İzmir\nİİİ the deploy passwoʀd is elsewhere\nİ awſ_pw = '" + AWS_SECRET + "'\n"
    text += "İİİİ password = 'Xk9mQ2vLp8zR4wTq'\n" + _token("ghp_", 36) + "\n"
    assert [(f.line, f.kind) for f in find_secrets(text)] == [
        (3, "AWS Access Key"),
        (4, "Secret Keyword"),
        (5, "GitHub Token"),
    ]


def test_prose_urls_and_placeholders_are_not_secrets() -> None:
    text = (
        "The password is rotated every week; the secret store keys too.\n"
        "See https://github.com/acme/app/issues/12 and mailto:ops@example.com.\n"
        "password: <from the vault>\n"
        "token: ${DEPLOY_TOKEN}\n"
        "Use `git@github.com:acme/app.git` over ssh://git@github.com/acme/app.\n"
    )
    assert find_secrets(text) == []


def test_every_detector_pattern_has_the_literals_that_select_its_lines() -> None:
    """A detect-secrets upgrade that changes a pattern must update `_GATES`: without its
    literals the pattern would be tried only on lines another literal selected."""
    patterns = {regex.pattern for detector in _detectors() for regex in detector.denylist}
    assert patterns == set(_GATES)
