"""A build leaks nothing its audience may not see: canaries in every field, body form and commit.

Internal and restricted records carry unique markers (`zq…zq`) in every field, in every form a
body can hold text (prose, code, fenced code, comments, attributes, links, URLs) and in the
messages of real commits; public records name the hidden ones in every form a careless author
would. The base is built for `public` and for `internal`, and every file each build writes is
read back (gunzipped, HTML entities and JSON escapes decoded) for every marker and hidden id.
"""

from __future__ import annotations

import gzip
import html
import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from gitrepos import TestRepo
from sitekit import article, page, record, small_base, write_base
from skms.cli import main
from skms.plugin.build import SiteError, build_site
from skms.redaction import Redactor

RESTRICTED: list[str] = []  # markers no build below may publish
INTERNAL: list[str] = []  # markers only the internal build may publish


def marker(field: str, audience: str) -> str:
    text = f"zq{audience[0]}{field}zq"
    (RESTRICTED if audience == "restricted" else INTERNAL).append(text)
    return text


def body(audience: str) -> str:
    def m(field: str) -> str:
        return marker(field, audience)

    return (
        f"## Summary {m('heading')}\n\nProse {m('prose')} and `{m('code')}`.\n\n"
        f"```sh\necho {m('fence')}\n```\n\n<!-- {m('comment')} -->\n\n"
        f'<span title="{m("attr")}">x</span> [a link](https://wiki.example.com/{m("url")}/) '
        f"<https://wiki.example.com/{m('autolink')}> https://wiki.example.com/{m('bare')}\n"
    )


# Every form in which a public record may name a hidden one.
HOSTILE_MENTIONS = """\
## Summary

Files reviews/INC-7201-x.md and INC-7201_notes, #INC-7201, (inc-7201), `INC-7201` in code.

```sh
grep PRB-0420 /var/log/app.log
```

<!-- INC-7201 -->
<span title="INC-7201">x</span> [a link](https://wiki.example.com/reviews/INC-7201/)
https://wiki.example.com/INC-7201 and [[ledger-drain-fix]] and the payments-vault service.
The ledger was slow.

## INC-7201 follow-up
"""

HIDDEN_IN_PUBLIC = [
    "inc-7201",
    "prb-0420",
    "ledger-drain-fix",
    "payments-vault",
    "rdy-0099",
    "kb-0777",
    "prb-0555-a-secret",
    "quokka",
]
HIDDEN_IN_INTERNAL = [
    "inc-7201",
    "ledger-drain-fix",
    "payments-vault",
    "rdy-0099",
    "kb-0777",
    "prb-0555-a-secret",
    "quokka",
]


def hidden_records() -> list[tuple[str, str]]:
    r, i = "restricted", "internal"
    return [
        record(
            "problem",
            body(i),
            id="PRB-0420",
            title=f"Pool {marker('title', i)}",
            status="open",
            services=["checkout"],
            root_cause=marker("cause", i),
            workaround=marker("workaround", i),
            owner=marker("owner", i),
            tags=[marker("tag", i)],
            visibility="internal",
        ),
        record(
            "review",
            body(r),
            id="INC-7201",
            stem="INC-7201-quokka",
            title=f"Outage {marker('title', r)}",
            status="draft",
            severity="SEV1",
            services=["payments-vault", "checkout"],
            problems=["PRB-0420"],
            runbooks=["ledger-drain-fix"],
            owner=marker("owner", r),
            tags=[marker("tag", r)],
            impact=marker("impact", r),
            authors=[marker("author", r)],
            started="2026-04-01T10:00:00Z",
            action_items=[
                {
                    "title": marker("action", r),
                    "owner": marker("actionowner", r),
                    "link": f"https://tracker.example.com/{marker('actionlink', r)}",
                }
            ],
            # An unknown key: its diagnostic names it, in the log of a build that shows it.
            **{marker("key", r): marker("extra", r)},
            visibility="restricted",
        ),
        record(
            "runbook",
            body(r) + "\n## Diagnosis\nLook.\n\n## Mitigation\nAct.\n",
            id="ledger-drain-fix",
            title=marker("runbooktitle", r),
            service="payments-vault",
            alerts=[f"Alert{marker('alert', r)}"],
            visibility="restricted",
        ),
        record(
            "service",
            body(r),
            id="payments-vault",
            title=marker("servicetitle", r),
            tier="gold",
            team=marker("team", r),
            visibility="restricted",
        ),
        record(
            "readiness",
            body(r),
            id="RDY-0099",
            title=marker("releasetitle", r),
            release_tier="gold",
            status="planned",
            services=["checkout"],
            key_dates={marker("keydate", r): "2026-05-01T10:00:00Z"},
            contacts=[{"name": marker("contact", r), "role": "lead"}],
            risks=marker("risks", r),
            visibility="restricted",
        ),
        record(
            "article", body(r), id="KB-0777", title=marker("kbtitle", r), visibility="restricted"
        ),
        # A one-word slug: not searched in prose (it is a word), dropped from references.
        record("service", "", id="ledger", title="Ledger", tier="gold", visibility="internal"),
    ]


def public_records() -> list[tuple[str, str]]:
    base = [p for p in small_base() if not p[0].startswith("knowledge/services/")]
    base.append(
        record(
            "service",
            "The checkout service.\n",
            id="checkout",
            title="Checkout",
            tier="gold",
            repos=[
                {
                    "name": "acme/checkout",
                    "path": "../svc",
                    "url": "https://github.com/acme/checkout",
                }
            ],
            visibility="public",
        )
    )
    base.append(
        record(
            "review",
            HOSTILE_MENTIONS,
            id="INC-0005",
            title="Public outage",
            status="draft",
            severity="SEV3",
            services=["checkout", "payments-vault", "ledger"],
            problems=["PRB-0001", "PRB-0420", "INC-7201"],  # INC-7201: wrong kind, SKMS102
            impact="Worse than INC-7201, see reviews/INC-7201-quokka.md",
            action_items=[
                {
                    "title": "Close inc-7201_followups",
                    "link": "https://wiki.example.com/reviews/INC-7201/",
                }
            ],
            visibility="public",
        )
    )
    base.append(
        record(
            "readiness",
            "",
            id="RDY-0005",
            title="Public release",
            release_tier="silver",
            status="planned",
            key_dates={
                "INC-7201 cutover": "2026-05-01T10:00:00Z",
                "go-live": "2026-05-02T10:00:00Z",
            },
            visibility="public",
        )
    )
    return base


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The knowledge base in a real git repository, a service repository beside it."""
    top = tmp_path_factory.mktemp("canary")
    svc = TestRepo(top / "svc")
    svc.commit("Bump dependencies")
    svc.commit(f"Refs INC-7201: {marker('svccommit', 'restricted')}")
    svc.commit(f"Merge branch 'inc-7201-{marker('svcbranch', 'restricted')}'")
    svc.commit(f"Fix PRB-0420 {marker('svccommit', 'internal')}")
    kb = TestRepo(top / "kb")
    twin_fix = kb.commit(f"{marker('twinfix', 'restricted')} harden the vault")
    config = write_base(top / "kb", [*public_records(), *hidden_records()])
    # A public and a restricted problem share an id; the restricted one (first by path)
    # names a fixing commit that the public page must not list.
    twin = dict(id="PRB-0555", status="resolved", opened="2026-03-01T10:00:00Z")
    for rel, text in (
        record(
            "problem",
            "",
            stem="PRB-0555-a-secret",
            title=marker("twintitle", "restricted"),
            fixed_by=[twin_fix],
            visibility="restricted",
            **twin,
        ),
        record(
            "problem", "", stem="PRB-0555-public", title="Public twin", visibility="public", **twin
        ),
    ):
        kb.write(rel, text)
    kb.repo.git.add("-A")
    kb.commit("Add the knowledge base")
    kb.commit(f"Fix PRB-0420 after INC-7201: {marker('commit', 'internal')}")
    kb.commit(f"Refs INC-7201: {marker('commit', 'restricted')}")
    kb.commit(f"Merge branch 'inc-7201-{marker('branch', 'restricted')}'")
    kb.commit("INC-0005 follow-up; see inc-7201 and ledger-drain-fix")
    yield config, twin_fix


class _Log(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def _build(config: Path, audience: str) -> tuple[Path, str]:
    log = _Log()
    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.addHandler(log)
    logger.setLevel(logging.INFO)  # as `skms build` logs: diagnostics below errors are INFO
    try:
        site = build_site(
            config, audience=audience, site_dir=config.parent / f"site-{audience}"
        ).site_dir
    finally:
        logger.removeHandler(log)
        logger.setLevel(level)
    return site, "\n".join(log.lines)


@pytest.fixture(scope="module")
def public(base: tuple[Path, str]) -> tuple[Path, str]:
    """Built with `skms build`, as CI publishes: what it prints is part of the log."""
    config = base[0]
    site = config.parent / "site-public"
    log = _Log()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(log)
    try:
        result = CliRunner().invoke(
            main, ["build", "-f", str(config), "--audience", "public", "-d", str(site)]
        )
    finally:
        logger.removeHandler(log)
    assert result.exit_code == 1, result.output  # the base has errors (SKMS101, SKMS102...)
    printed = result.output + (result.stderr if result.stderr_bytes is not None else "")
    return site, printed + "\n" + "\n".join(log.lines)


@pytest.fixture(scope="module")
def internal(base: tuple[Path, str]) -> tuple[Path, str]:
    return _build(base[0], "internal")


def decoded(path: Path) -> str:
    """A file's text as a reader or a crawler could get it: gunzipped, escapes decoded."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    text = data.decode("utf-8", "replace")
    text += "\n" + re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)
    return (text + "\n" + html.unescape(text)).lower()


def found(site: Path, needles: list[str]) -> list[str]:
    out = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = path.relative_to(site).as_posix()
        if rel.startswith(("assets/javascripts/", "assets/stylesheets/", "assets/images/")):
            continue  # the theme's own files
        text = rel.lower() + "\n" + decoded(path)
        out += [f"{rel}: {n}" for n in needles if n.lower() in text]
    return out


def test_public_build_publishes_no_marker_of_an_internal_or_restricted_record(
    public: tuple[Path, str],
) -> None:
    assert found(public[0], RESTRICTED + INTERNAL) == []


def test_internal_build_publishes_no_marker_of_a_restricted_record(
    internal: tuple[Path, str],
) -> None:
    site = internal[0]
    assert found(site, RESTRICTED) == []
    # ...while it does publish the internal ones: the search above would find them.
    assert found(site, ["zqititlezq", "zqicommitzq"]) != []


def test_no_hidden_id_or_slug_in_any_case_or_form_reaches_an_output_file(
    public: tuple[Path, str], internal: tuple[Path, str]
) -> None:
    assert found(public[0], HIDDEN_IN_PUBLIC) == []
    assert found(internal[0], HIDDEN_IN_INTERNAL) == []


def test_public_page_keeps_its_text_with_hidden_ids_replaced_in_code_urls_and_headings(
    public: tuple[Path, str],
) -> None:
    html = article(page(public[0], "reviews/INC-0005"))
    assert "grep an unpublished record /var/log/app.log" in html
    assert "reviews/an unpublished record-x.md" in html
    assert "an unpublished record_notes" in html
    assert "https://wiki.example.com/reviews/an unpublished record/" in html
    assert "Close an unpublished record_followups" in html


def test_mapping_keys_are_redacted(public: tuple[Path, str]) -> None:
    data = json.loads((public[0] / "records.json").read_text(encoding="utf-8"))
    release = next(r for r in data["records"] if r["id"] == "RDY-0005")
    assert set(release["fields"]["key_dates"]) == {"an unpublished record cutover", "go-live"}


def test_public_log_names_no_hidden_record_and_counts_what_it_withholds(
    public: tuple[Path, str], internal: tuple[Path, str]
) -> None:
    log = public[1].lower()
    assert [n for n in RESTRICTED + INTERNAL + HIDDEN_IN_PUBLIC if n in log] == []
    assert "about records this build does not publish are not printed" in log
    # The SKMS102 about the public review stays, reworded.
    assert "problems: an unpublished record is a review" in log
    assert [n for n in RESTRICTED + HIDDEN_IN_INTERNAL if n in internal[1].lower()] == []


def test_export_for_the_public_names_no_hidden_record(base: tuple[Path, str]) -> None:
    config = base[0]
    result = CliRunner().invoke(main, ["export", "-f", str(config), "--audience", "public"])
    assert result.exit_code == 0, result.output
    text = result.output.lower()
    assert [n for n in RESTRICTED + INTERNAL + HIDDEN_IN_PUBLIC if n in text] == []
    assert '"inc-0005"' in text


def test_recent_changes_leave_out_commits_that_name_only_hidden_records(
    public: tuple[Path, str], internal: tuple[Path, str]
) -> None:
    public_page = article(page(public[0], "services/checkout"))
    assert "Bump dependencies" in public_page
    assert "zqisvccommitzq" not in public_page
    internal_page = article(page(internal[0], "services/checkout"))
    # Ids in commit subjects link to their records: compare the text without the links.
    assert "Fix PRB-0420 zqisvccommitzq" in re.sub(r"<[^>]+>", "", internal_page)
    assert "Bump dependencies" in internal_page


def test_public_twin_of_a_restricted_id_shows_none_of_its_twins_data(
    public: tuple[Path, str], base: tuple[Path, str]
) -> None:
    html = page(public[0], "problems/PRB-0555-public")
    assert base[1][:7] not in html
    assert "Public twin" in html


def test_banner_of_an_internal_build_quotes_no_restricted_data(internal: tuple[Path, str]) -> None:
    html = article(page(internal[0], "problems/PRB-0420"))
    # SKMS404: the commit that fixes it is quoted, its restricted id replaced.
    assert "Fix PRB-0420 after an unpublished record: zqicommitzq" in html


def test_final_pass_fails_the_build_on_ids_the_redaction_cannot_reach(tmp_path: Path) -> None:
    config = write_base(tmp_path, [*small_base(), *hidden_records()], docs={"about.md": "# A\n"})
    # Files MkDocs copies as they are, naming a hidden record behind escapes and gzip...
    (tmp_path / "docs" / "data.json").write_text('{"see": "INC\\u002d7201"}', encoding="utf-8")
    (tmp_path / "docs" / "notes.txt.gz").write_bytes(gzip.compress(b"see inc-7201"))
    (tmp_path / "docs" / "page.html").write_text("<p>INC&#45;7201</p>", encoding="utf-8")
    (tmp_path / "docs" / "fine.txt").write_text("nothing hidden", encoding="utf-8")
    # ...and an indexer run by a hook after MkDocs (as a search indexer is) writing under site/.
    (tmp_path / "hooks.py").write_text(
        "import gzip, pathlib\n"
        "def on_post_build(config):\n"
        "    out = pathlib.Path(config.site_dir) / 'pagefind'\n"
        "    out.mkdir(exist_ok=True)\n"
        "    (out / 'fragment.pf_fragment').write_bytes(gzip.compress(b'{\"t\": \"KB-0777\"}'))\n",
        encoding="utf-8",
    )
    config.write_text(
        config.read_text(encoding="utf-8") + "hooks:\n  - hooks.py\n", encoding="utf-8"
    )
    log = _Log()
    logging.getLogger("mkdocs").addHandler(log)
    try:
        with pytest.raises(SiteError):
            build_site(config, site_dir=tmp_path / "site", audience="public")
    finally:
        logging.getLogger("mkdocs").removeHandler(log)
    text = "\n".join(log.lines)
    assert "4 output file(s) hold the id or file name of a record" in text
    assert "7201" not in text and "0777" not in text
    for name in ("data.json", "notes.txt.gz", "page.html", "pagefind/fragment.pf_fragment"):
        assert not (tmp_path / "site" / name).exists()
    assert (tmp_path / "site" / "fine.txt").exists()


def test_redactor_rule_for_slugs_common_words_and_visible_ids() -> None:
    redactor = Redactor(["inc-7201", "kafka-lag"], allowed=["kafka-lag-high"])
    assert redactor.sub("kafka-lag-high and Kafka-Lag, INC-7201.") == (
        "kafka-lag-high and an unpublished record, an unpublished record."
    )
    assert redactor.sub("INC-72010 and xINC-7201") == "INC-72010 and xINC-7201"


def test_one_word_hidden_slug_is_not_searched_in_prose_but_dropped_from_references(
    public: tuple[Path, str],
) -> None:
    assert "The ledger was slow." in page(public[0], "reviews/INC-0005")
    data = json.loads((public[0] / "records.json").read_text(encoding="utf-8"))
    review = next(r for r in data["records"] if r["id"] == "INC-0005")
    assert review["fields"]["services"] == ["checkout"]
