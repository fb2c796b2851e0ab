"""Changes linked to records: declared and discovered fixes, causes, stale runbooks, audiences."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from gitrepos import TestRepo, record
from skms.config import from_options
from skms.diagnostics import Diagnostic
from skms.git.link import GitInfo
from skms.load import load
from skms.pipeline import load_knowledge_base


def scan(
    root: Path, today: date | None = None, audience: str = "all"
) -> tuple[GitInfo, list[Diagnostic]]:
    kb = load_knowledge_base(from_options({}, root), audience=audience, today=today)
    assert kb.git is not None
    return kb.git, list(kb.diagnostics)


def record_of(root: Path, rid: str):
    return next(r for r in load(from_options({}, root)).records if r.id == rid)


def found(diags: list[Diagnostic], code: str) -> list[Diagnostic]:
    return [d for d in diags if d.code == code]


@pytest.fixture
def repo(tmp_path: Path) -> TestRepo:
    return TestRepo(tmp_path / "kb")


def problem(repo: TestRepo, status: str, **fields: object) -> str:
    path, text = record("knowledge/problems", "PRB-0001", status=status, **fields)
    repo.commit("Add PRB-0001", {path: text})
    return path


def test_a_resolved_problem_without_any_fix_is_reported_on_its_status_line(repo: TestRepo) -> None:
    path = problem(repo, "resolved")
    _, diags = scan(repo.path)
    [d] = found(diags, "SKMS403")
    assert (d.path, d.line) == (path, 4)


@pytest.mark.parametrize("how", ["fixed_by", "commit"])
def test_a_resolved_problem_with_a_declared_or_discovered_fix_is_fine(
    repo: TestRepo, how: str
) -> None:
    sha = repo.commit("Bound the pool")
    problem(repo, "closed", **({"fixed_by": f"[{sha}]"} if how == "fixed_by" else {}))
    if how == "commit":
        repo.commit("Fixes: PRB-0001")
    _, diags = scan(repo.path)
    assert found(diags, "SKMS403") == []


def test_an_open_problem_that_a_commit_fixes_is_reported(repo: TestRepo) -> None:
    path = problem(repo, "known-error")
    sha = repo.commit("Fix PRB-0001: bound the pool")
    _, diags = scan(repo.path)
    [d] = found(diags, "SKMS404")
    assert (d.path, d.line) == (path, 4)
    assert sha[:7] in d.message


def test_a_fixed_by_sha_that_no_repository_has_is_reported_on_its_line(repo: TestRepo) -> None:
    path = problem(repo, "resolved", fixed_by="\n  - 0123456789abcdef")
    _, diags = scan(repo.path)
    [d] = found(diags, "SKMS405")
    assert (d.path, d.line) == (path, 6)
    assert "0123456789abcdef" in d.message


def test_a_short_fixed_by_sha_matches_its_commit_by_prefix(repo: TestRepo) -> None:
    sha = repo.commit("Bound the pool (#7)")
    problem(repo, "resolved", fixed_by=f"[{sha[:8]}]")
    info, diags = scan(repo.path)
    assert found(diags, "SKMS405") == []
    [change] = info.fixes("PRB-0001")
    assert (change.sha, change.subject, change.source) == (sha, "Bound the pool (#7)", "declared")
    assert change.pull_request.number == 7


def test_a_fixed_by_sha_outside_the_kept_commits_is_looked_up_in_the_repository(
    repo: TestRepo,
) -> None:
    old = repo.commit("Bound the pool")
    for i in range(55):  # push it out of the newest commits that a scan keeps
        repo.commit(f"Unrelated {i}")
    problem(repo, "resolved", fixed_by=f"[{old}]")
    info, diags = scan(repo.path)
    assert found(diags, "SKMS405") == []
    assert [c.subject for c in info.fixes("PRB-0001")] == ["Bound the pool"]


def test_a_missing_sha_is_not_reported_when_only_a_shallow_clone_was_scanned(
    repo: TestRepo, tmp_path: Path
) -> None:
    import git

    problem(repo, "resolved", fixed_by="[0123456789abcdef]")
    clone = tmp_path / "clone"
    git.Repo.clone_from(f"file://{repo.path}", clone, depth=1)
    _, diags = scan(clone)
    assert found(diags, "SKMS405") == []
    assert found(diags, "SKMS402")


def test_declared_and_discovered_fixes_are_merged_newest_first_without_duplicates(
    repo: TestRepo,
) -> None:
    declared = repo.commit("Bound the pool", date="2026-01-02T00:00:00+00:00")
    both = repo.commit("Fix PRB-0001: timeouts", date="2026-01-03T00:00:00+00:00")
    problem(repo, "resolved", fixed_by=f"[{declared}, {both}, https://github.com/acme/kb/pull/9]")
    discovered = repo.commit("Fixes PRB-0001 for good", date="2026-01-05T00:00:00+00:00")
    info, _ = scan(repo.path)
    changes = info.fixes("PRB-0001")
    assert [(c.sha, c.source) for c in changes] == [
        (discovered, "discovered"),
        (both, "declared"),
        (declared, "declared"),
        (None, "declared"),
    ]
    assert changes[-1].pull_request.url == "https://github.com/acme/kb/pull/9"
    assert changes[-1].label == "acme/kb#9"


def test_caused_by_changes_are_shown_with_their_commit_details(repo: TestRepo) -> None:
    sha = repo.commit("Raise the pool timeout", author=("Dee", "dee@example.com"))
    path, text = record(
        "reviews", "INC-0001", status="draft", severity="SEV2", caused_by=f"[{sha[:10]}, RDY-0001]"
    )
    rdy_path, rdy = record(
        "knowledge/readiness", "RDY-0001", status="released", release_tier="gold"
    )
    repo.commit("Add INC-0001", {path: text, rdy_path: rdy})
    info, _ = scan(repo.path)
    [change] = info.caused_by("INC-0001")
    assert (change.sha, change.author, change.subject) == (sha, "Dee", "Raise the pool timeout")


def test_a_runbook_past_its_review_date_is_stale(repo: TestRepo) -> None:
    path, text = record(
        "runbooks", "pool-exhausted", service="checkout", last_reviewed="2026-01-01"
    )
    repo.commit("Add runbook", {path: text})
    info, diags = scan(repo.path, today=date(2026, 7, 1))
    [d] = found(diags, "SKMS406")
    assert (d.path, d.line) == (path, 5)
    [stale] = info.stale_runbooks()
    assert (stale.id, stale.due, stale.days_overdue) == ("pool-exhausted", date(2026, 6, 30), 1)
    assert info.for_record(record_of(repo.path, "pool-exhausted")).stale is True


def test_a_runbook_within_its_review_period_is_not_stale(repo: TestRepo) -> None:
    path, text = record(
        "runbooks",
        "pool-exhausted",
        service="checkout",
        last_reviewed="2026-01-01",
        review_every=30,
    )
    repo.commit("Add runbook", {path: text})
    info, diags = scan(repo.path, today=date(2026, 1, 31))
    assert found(diags, "SKMS406") == []
    assert info.review_due("pool-exhausted") == date(2026, 1, 31)
    info, diags = scan(repo.path, today=date(2026, 2, 1))
    assert found(diags, "SKMS406")


def test_a_runbook_without_last_reviewed_counts_from_its_last_change(repo: TestRepo) -> None:
    path, text = record("runbooks", "pool-exhausted", service="checkout")
    repo.commit("Add runbook", {path: text}, date="2026-01-01T12:00:00+00:00")
    info, _ = scan(repo.path, today=date(2026, 12, 1))
    [stale] = info.stale_runbooks()
    assert (stale.basis, stale.last_reviewed) == ("last change", date(2026, 1, 1))


def test_today_can_be_fixed_with_an_environment_variable(
    repo: TestRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, text = record(
        "runbooks", "pool-exhausted", service="checkout", last_reviewed="2026-01-01"
    )
    repo.commit("Add runbook", {path: text})
    monkeypatch.setenv("SKMS_TODAY", "2026-01-02")
    info, diags = scan(repo.path)
    assert found(diags, "SKMS406") == []
    monkeypatch.setenv("SKMS_TODAY", "2030-01-02")
    info, diags = scan(repo.path)
    assert found(diags, "SKMS406")


def test_an_audience_view_never_shows_a_hidden_record_id(repo: TestRepo) -> None:
    public, text = record("knowledge/problems", "PRB-0001", status="open", visibility="public")
    secret, stext = record("knowledge/problems", "PRB-0002", status="open", visibility="restricted")
    repo.commit("Add problems", {public: text, secret: stext})
    both = repo.commit("Fix PRB-0001 and PRB-0002 together")
    repo.commit("Fix PRB-0002 alone")
    info, _ = scan(repo.path, audience="public")
    assert [c.sha for c in info.changes()] == [both]
    [change] = info.changes()
    assert change.records == ("PRB-0001",)
    assert "PRB-0002" not in change.subject
    assert info.fixes("PRB-0002") == [] and info.commits_for("PRB-0002") == []
    full, _ = scan(repo.path)
    assert len(full.changes()) == 2


def test_for_record_gathers_what_a_page_shows(repo: TestRepo) -> None:
    problem(repo, "resolved")
    sha = repo.commit("Fix PRB-0001: pool")
    info, _ = scan(repo.path)
    prb = record_of(repo.path, "PRB-0001")
    page = info.for_record(prb)
    assert [c.sha for c in page.fixed_by] == [sha]
    assert page.created is not None and page.authors == ("Ann Example",)
    assert info.updated(prb) == page.updated.date()


def test_a_short_pull_request_ref_links_through_a_declared_repository_url(repo: TestRepo) -> None:
    service = (
        "---\nid: checkout\ntitle: Checkout\ntier: gold\nrepos:\n"
        "  - name: acme/checkout\n    url: https://github.com/acme/checkout\n---\n"
    )
    problem(repo, "resolved", fixed_by='["acme/checkout#396"]')
    repo.commit("Add checkout", {"knowledge/services/checkout.md": service})
    info, diags = scan(repo.path)
    [change] = info.fixes("PRB-0001")
    assert change.pull_request.url == "https://github.com/acme/checkout/pull/396"
    assert (change.sha, change.label) == (None, "acme/checkout#396")
