"""`skms check --changed-since REF`: report on what a pull request touched, resolve against all."""

from __future__ import annotations

import shutil
from pathlib import Path

import git
import pytest
from benchmarks.corpus import synthesize

from conftest import FIXTURES, run_check
from gitrepos import committed
from skms.config import load_config
from skms.pipeline import load_knowledge_base

# Untouched on the pull-request branch, and broken: a full check reports it, a PR check not.
BROKEN_UNTOUCHED = """\
---
id: INC-0002
title: Old review nobody fixed
status: draft
severity: SEV9
problems: [PRB-9999]
---
"""


def commit_all(repo: git.Repo, message: str) -> None:
    repo.git.add(A=True)
    repo.index.commit(message)


@pytest.fixture
def repo(kb: Path) -> git.Repo:
    """The fixture base in a git repository: `main` with one broken review, then branch `pr`."""
    (kb / "reviews/INC-0002-old.md").write_text(BROKEN_UNTOUCHED, encoding="utf-8")
    return committed(kb, branch="pr")


def test_only_the_files_the_branch_touched_are_reported(kb: Path, repo: git.Repo) -> None:
    # The touched review gains an error and a reference to a record it did not touch.
    review = kb / "reviews/INC-0001-outage.md"
    text = review.read_text(encoding="utf-8")
    review.write_text(
        text.replace("problems: [PRB-0001]", "problems: [PRB-0001, PRB-0404]"), encoding="utf-8"
    )
    commit_all(repo, "Review: link the problem")
    assert {d["path"] for d in run_check(kb).diagnostics} == {
        "reviews/INC-0001-outage.md",
        "reviews/INC-0002-old.md",
    }
    run = run_check(kb, "--changed-since", "main")
    assert run.exit_code == 1
    assert [(d["path"], d["line"], d["code"], d["message"]) for d in run.diagnostics] == [
        ("reviews/INC-0001-outage.md", 15, "SKMS101", "unknown reference PRB-0404 in problems")
    ]


def test_references_from_a_touched_file_resolve_against_the_whole_base(
    kb: Path, repo: git.Repo
) -> None:
    # Every record the new review names lives in a file the branch did not touch.
    (kb / "reviews/INC-0003-new.md").write_text(
        "---\nid: INC-0003\ntitle: New\nstatus: draft\nseverity: SEV3\nservices: [checkout]\n"
        "problems: [PRB-0001]\nrunbooks: [checkout-errors]\ncaused_by: [RDY-0001]\n---\n"
        "See KB-0001 and [[payments]].\n",
        encoding="utf-8",
    )
    commit_all(repo, "New review")
    run = run_check(kb, "--changed-since", "main", "--strict")
    assert run.exit_code == 0, run.output
    assert run.diagnostics == []


def test_a_reference_of_the_wrong_kind_to_an_untouched_record_is_reported(
    kb: Path, repo: git.Repo
) -> None:
    (kb / "reviews/INC-0003-new.md").write_text(
        "---\nid: INC-0003\ntitle: New\nstatus: draft\nseverity: SEV3\nservices: [checkout-errors]\n---\n",
        encoding="utf-8",
    )
    run = run_check(kb, "--changed-since", "main")
    assert [(d["code"], d["message"]) for d in run.diagnostics] == [
        ("SKMS102", "services: checkout-errors is a runbook, expected a service")
    ]


def test_a_duplicate_id_the_branch_introduces_is_reported_on_the_touched_file(
    kb: Path, repo: git.Repo
) -> None:
    # The new file sorts first, so a full check reports the duplicate on the untouched one.
    (kb / "knowledge/problems/PRB-0001-copy.md").write_text(
        "---\nid: PRB-0001\ntitle: Copy\nstatus: open\n---\n", encoding="utf-8"
    )
    [full] = [d for d in run_check(kb).diagnostics if d["code"] == "SKMS103"]
    assert full["path"] == "knowledge/problems/PRB-0001-pool.md"
    run = run_check(kb, "--changed-since", "main")
    assert [(d["path"], d["line"], d["code"], d["message"]) for d in run.diagnostics] == [
        (
            "knowledge/problems/PRB-0001-copy.md",
            2,
            "SKMS103",
            "duplicate id 'PRB-0001', also defined in knowledge/problems/PRB-0001-pool.md:2",
        )
    ]


def test_a_duplicate_of_an_earlier_untouched_record_names_its_line(
    kb: Path, repo: git.Repo
) -> None:
    (kb / "knowledge/problems/PRB-0001-zz-copy.md").write_text(
        "---\ntitle: Copy\nid: PRB-0001\nstatus: open\n---\n", encoding="utf-8"
    )
    full = [d for d in run_check(kb).diagnostics if d["code"] == "SKMS103"]
    run = run_check(kb, "--changed-since", "main")
    assert run.diagnostics == full
    assert [(d["line"], d["message"]) for d in full] == [
        (3, "duplicate id 'PRB-0001', first defined in knowledge/problems/PRB-0001-pool.md:2")
    ]


def test_git_findings_about_a_touched_file_are_reported(kb: Path, repo: git.Repo) -> None:
    # A commit the branch names but no scanned repository has: an error at review time.
    problem = kb / "knowledge/problems/PRB-0001-pool.md"
    problem.write_text(
        problem.read_text(encoding="utf-8").replace(
            "opened:", "fixed_by: [0123456789abcdef0123456789abcdef01234567]\nopened:"
        ),
        encoding="utf-8",
    )
    commit_all(repo, "Problem: the fix")
    full = [
        d for d in run_check(kb).diagnostics if d["path"] == "knowledge/problems/PRB-0001-pool.md"
    ]
    assert [d["code"] for d in full] == ["SKMS405"]
    assert run_check(kb, "--changed-since", "main").diagnostics == full


def test_uncommitted_and_untracked_files_count_as_changed(kb: Path, repo: git.Repo) -> None:
    (kb / "knowledge/articles/KB-0002-draft.md").write_text(
        "---\nid: KB-0002\ntitle: Draft\nvisibilty: public\n---\n", encoding="utf-8"
    )
    problem = kb / "knowledge/problems/PRB-0001-pool.md"
    problem.write_text(
        problem.read_text(encoding="utf-8").replace("status: ", "status: stuck # "),
        encoding="utf-8",
    )
    run = run_check(kb, "--changed-since", "main")
    assert {(d["path"], d["code"]) for d in run.diagnostics} == {
        ("knowledge/articles/KB-0002-draft.md", "SKMS207"),
        ("knowledge/articles/KB-0002-draft.md", "SKMS211"),  # `visibilty`: fails closed
        ("knowledge/problems/PRB-0001-pool.md", "SKMS203"),
    }


def test_a_branch_that_touches_no_record_reports_nothing(kb: Path, repo: git.Repo) -> None:
    (kb / "notes.txt").write_text("not a record\n", encoding="utf-8")
    commit_all(repo, "Notes")
    run = run_check(kb, "--changed-since", "main", "--strict")
    assert run.exit_code == 0
    assert run.diagnostics == []


def test_a_changed_configuration_is_checked_in_full(kb: Path, repo: git.Repo) -> None:
    config = kb / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "# tuned\n", encoding="utf-8")
    commit_all(repo, "Tune the configuration")
    run = run_check(kb, "--changed-since", "main")
    assert "reviews/INC-0002-old.md" in {d["path"] for d in run.diagnostics}


def test_a_knowledge_base_in_a_subfolder_of_the_repository_works(tmp_path: Path) -> None:
    repo = git.Repo.init(tmp_path, initial_branch="main")
    with repo.config_writer() as cw:
        cw.set_value("user", "name", "Test")
        cw.set_value("user", "email", "test@example.com")
    kb = tmp_path / "ops" / "kb"
    shutil.copytree(FIXTURES / "base", kb)
    (tmp_path / "README.md").write_text("service code\n", encoding="utf-8")
    commit_all(repo, "Code and knowledge base")
    repo.git.checkout("-b", "pr")
    (kb / "reviews/INC-0002-bad.md").write_text(BROKEN_UNTOUCHED, encoding="utf-8")
    (tmp_path / "README.md").write_text("changed code\n", encoding="utf-8")
    commit_all(repo, "Review")
    run = run_check(kb, "--changed-since", "main")
    assert {d["path"] for d in run.diagnostics} == {"reviews/INC-0002-bad.md"}


def test_an_unknown_ref_is_a_usage_error(kb: Path, repo: git.Repo) -> None:
    run = run_check(kb, "--changed-since", "origin/nope")
    assert run.exit_code == 2
    assert "unknown git ref 'origin/nope'" in run.output
    assert "fetch-depth: 0" in run.output


def test_a_folder_outside_git_is_a_usage_error(kb: Path) -> None:
    run = run_check(kb, "--changed-since", "main")
    assert run.exit_code == 2
    assert "needs a git repository" in run.output


# --- the focused load reports exactly what a full check reports for the focused files -------

TRICKY_UNTOUCHED = {
    # Identities the fast reader must get right or leave to the full loader.
    "knowledge/services/quoted.md": '---\nid: "quoted-svc"\ntitle: Quoted\ntier: gold\n---\n',
    "knowledge/services/commented.md": "---\nid: commented-svc  # a comment\ntitle: C\ntier: gold\n---\n",
    "knowledge/services/late-id.md": "---\ntitle: Late\ntier: gold\nid: late-svc\n---\n",
    "knowledge/services/no-id.md": "---\ntitle: No id\ntier: gold\n---\n",
    "knowledge/services/crlf.md": "---\r\nid: crlf-svc\r\ntitle: CRLF\r\ntier: gold\r\n---\r\n",
    "knowledge/services/bom.md": "\ufeff---\nid: bom-svc\ntitle: BOM\ntier: gold\n---\n",
    "knowledge/services/two-ids.md": "---\nid: first-svc\ntitle: Two\ntier: gold\nid: second-svc\n---\n",
    "knowledge/services/two-ids-quoted.md": "---\nid: one-svc\ntitle: T\ntier: gold\nid: 'other-svc'\n---\n",
    "knowledge/articles/KB-9001-kind.md": "---\nid: kind-svc\nkind: service\ntitle: Moved\ntier: gold\n---\n",
    "knowledge/articles/KB-9002-number.md": "---\nid: 9002\ntitle: Number\n---\n",
    "knowledge/articles/KB-9003-dots.md": "---\nid: KB-9003\ntitle: Fine\n...\nid: not-front-matter\n",
    "knowledge/articles/KB-9004-flow.md": "---\n{id: KB-9004, title: Flow}\n---\n",
}

FOCUSED_REVIEW = """\
---
id: INC-9000
title: Touched
status: reviewed
severity: SEV2
services: [quoted-svc, commented-svc, late-svc, no-id, crlf-svc, bom-svc, first-svc,
  second-svc, one-svc, other-svc, kind-svc, 9002, KB-9003, not-front-matter, KB-9004, nope-svc]
problems: [PRB-0001]
---
Mentions KB-9001, KB-9002, [[KB-9003]], [[KB-9004]] and INC-0001.
"""


@pytest.mark.slow
def test_a_focused_load_reports_exactly_what_a_full_check_reports_for_the_focused_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SKMS_TODAY", "2026-11-23")
    synthesize(300, tmp_path)
    for rel, text in TRICKY_UNTOUCHED.items():
        (tmp_path / rel).write_bytes(text.encode("utf-8"))
    (tmp_path / "reviews/INC-9000-touched.md").write_text(FOCUSED_REVIEW, encoding="utf-8")
    # Some corpus files, edited into errors of every stage: loader, graph, lifecycle.
    reviews = sorted((tmp_path / "reviews").glob("INC-0*.md"))[:40:4]
    for path in reviews:
        text = path.read_text(encoding="utf-8")
        text = text.replace("severity: SEV", "severity: SEVX", 1).replace(
            "services:", "services: [ghost]\nx_services:", 1
        )
        path.write_text(text.replace("## Contributing factors", "## Factors"), encoding="utf-8")
    config = load_config(tmp_path / "mkdocs.yml")
    full = load_knowledge_base(config, audience="all").diagnostics
    focus = {"reviews/INC-9000-touched.md", *(p.relative_to(tmp_path).as_posix() for p in reviews)}
    focused = load_knowledge_base(config, audience="all", focus=focus).diagnostics.for_paths(focus)
    expected = list(full.for_paths(focus))
    assert len(expected) > 20
    assert {d.code for d in expected} >= {"SKMS101", "SKMS102", "SKMS203", "SKMS207", "SKMS301"}
    assert list(focused) == expected


def test_a_new_runbook_naming_another_s_alert_is_reported_whatever_their_order(
    kb: Path, repo: git.Repo
) -> None:
    # The existing runbook is untouched; the new one comes first in the folder, so the full
    # check reports the duplicate on the old file: the pull request must see it on its own.
    (kb / "runbooks/checkout-alerts.md").write_text(
        "---\nid: checkout-alerts\ntitle: Checkout alerts\nservice: checkout\n"
        "alerts: [CheckoutErrorRateHigh]\n---\n## Meaning\nErrors.\n",
        encoding="utf-8",
    )
    commit_all(repo, "New runbook")
    full = [(d["path"], d["code"]) for d in run_check(kb).diagnostics if d["code"] == "SKMS604"]
    assert full == [("runbooks/checkout-errors.md", "SKMS604")]
    run = run_check(kb, "--changed-since", "main")
    found = [d for d in run.diagnostics if d["code"] == "SKMS604"]
    assert [(d["path"], d["line"]) for d in found] == [("runbooks/checkout-alerts.md", 5)]
    assert "runbooks/checkout-errors.md" in found[0]["message"]
