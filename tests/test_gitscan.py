"""Scanning real repositories: commits linked to records, file dates, odd repositories."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import git
import pytest

from gitrepos import ANN, TestRepo, record
from skms.config import from_options
from skms.diagnostics import Diagnostics
from skms.git.link import GitInfo
from skms.pipeline import load_knowledge_base

BO = ("Bő Ünal", "bo@example.com")


def scan(root: Path, **options: object) -> tuple[GitInfo, Diagnostics]:
    kb = load_knowledge_base(from_options(dict(options), root), audience="all")
    assert kb.git is not None
    return kb.git, kb.diagnostics


def codes(diags: Diagnostics) -> list[str]:
    return [d.code for d in diags]


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(timezone.utc)


@pytest.fixture
def kb(tmp_path: Path) -> TestRepo:
    """A knowledge base in its own repository: one problem, one review, one service."""
    repo = TestRepo(tmp_path / "kb")
    repo.commit(
        "Add the records",
        dict(
            [
                record("knowledge/problems", "PRB-0001", status="known-error"),
                record("reviews", "INC-0001", status="draft", severity="SEV2"),
                record("knowledge/services", "payments", tier="gold"),
            ]
        ),
        date="2026-01-01T09:00:00+00:00",
    )
    return repo


def test_ids_in_subject_body_and_trailers_link_the_commit_to_those_records(kb: TestRepo) -> None:
    in_subject = kb.commit("Tune pool for INC-0001", date="2026-01-02T09:00:00+00:00")
    in_body = kb.commit(
        "Tune pool\n\nThe pool ran dry (PRB-0001).", date="2026-01-03T09:00:00+00:00"
    )
    in_trailer = kb.commit("Tune pool again\n\nRefs: INC-0001", date="2026-01-04T09:00:00+00:00")
    kb.commit("Unrelated change", date="2026-01-05T09:00:00+00:00")
    info, _ = scan(kb.path)
    assert [c.sha for c in info.commits_for("INC-0001")] == [in_trailer, in_subject]
    assert [c.sha for c in info.commits_for("PRB-0001")] == [in_body]
    assert [c.sha for c in info.changes()] == [in_trailer, in_body, in_subject]
    assert info.changes()[0].records == ("INC-0001",)


def test_a_fix_commit_is_listed_with_its_details(kb: TestRepo) -> None:
    sha = kb.commit("Fix PRB-0001: bound the pool", author=BO, date="2026-02-03T10:15:00+01:00")
    info, _ = scan(kb.path)
    [change] = info.fixes("PRB-0001")
    assert (change.sha, change.short_sha, change.subject) == (
        sha,
        sha[:7],
        "Fix PRB-0001: bound the pool",
    )
    assert change.author == "Bő Ünal"
    assert change.date == datetime.fromisoformat("2026-02-03T10:15:00+01:00")
    assert change.date.utcoffset().total_seconds() == 3600
    assert change.source == "discovered"
    assert change.fixes == ("PRB-0001",)


def test_ids_of_things_that_are_not_records_are_ignored(kb: TestRepo) -> None:
    kb.commit("Fix PRB-0999 which nobody wrote down")
    info, diags = scan(kb.path)
    assert info.changes() == []
    assert info.commits_for("PRB-0999") == []


def test_merge_and_squash_commits_give_pull_request_links_through_the_repo_url(
    tmp_path: Path,
) -> None:
    kb = TestRepo(tmp_path / "kb")
    service = TestRepo(tmp_path / "payments")
    service.commit("Initial import", {"src/app.py": "print(1)\n"})
    kb.commit(
        "Records",
        dict(
            [
                record("knowledge/problems", "PRB-0001", status="resolved"),
                (
                    "knowledge/services/payments.md",
                    "---\nid: payments\ntitle: Payments\ntier: gold\nrepos:\n"
                    "  - name: acme/payments\n    path: ../payments\n    url: https://github.com/acme/payments.git\n---\n",
                ),
            ]
        ),
    )
    service.repo.git.checkout("-q", "-b", "retry")
    service.commit("Add retries", {"src/app.py": "print(2)\n"})
    service.repo.git.checkout("-q", "main")
    merge = service.merge("retry", "Merge pull request #123 from acme/retry\n\nFixes PRB-0001")
    squash = service.commit("Bound the queue for PRB-0001 (#124)", {"src/q.py": "q\n"})
    info, diags = scan(kb.path)
    by_sha = {c.sha: c for c in info.commits_for("PRB-0001")}
    assert by_sha[merge].pull_request.number == 123
    assert by_sha[merge].pull_request.url == "https://github.com/acme/payments/pull/123"
    assert by_sha[merge].url == f"https://github.com/acme/payments/commit/{merge}"
    assert by_sha[merge].repo == "acme/payments"
    assert by_sha[squash].pull_request.url == "https://github.com/acme/payments/pull/124"
    assert [c.sha for c in info.fixes("PRB-0001")] == [merge]
    assert "SKMS403" not in codes(diags)
    assert [c.subject for c in info.recent_changes("payments", 2)] == [
        "Bound the queue for PRB-0001 (#124)",
        "Merge pull request #123 from acme/retry",
    ]


def test_a_record_renamed_then_edited_keeps_its_creation_date_and_authors(kb: TestRepo) -> None:
    kb.move("knowledge/problems/PRB-0001.md", "knowledge/problems/PRB-0001-pool.md")
    kb.commit("Rename", author=BO, date="2026-03-01T00:00:00+00:00")
    path = kb.path / "knowledge/problems/PRB-0001-pool.md"
    kb.commit(
        "Edit",
        {"knowledge/problems/PRB-0001-pool.md": path.read_text() + "More.\n"},
        author=("Cy", "cy@example.com"),
        date="2026-04-01T00:00:00+00:00",
    )
    info, _ = scan(kb.path)
    history = info.file_dates("knowledge/problems/PRB-0001-pool.md")
    assert history.created == utc("2026-01-01T09:00:00+00:00")
    assert history.updated == utc("2026-04-01T00:00:00+00:00")
    assert history.authors == (ANN[0], "Bő Ünal", "Cy")
    assert history.approximate is False


def test_a_deleted_and_recreated_record_is_dated_from_its_recreation(kb: TestRepo) -> None:
    path, text = record("knowledge/problems", "PRB-0001", status="known-error")
    kb.commit("Drop", {path: None}, date="2026-02-01T00:00:00+00:00")
    kb.commit("Again", {path: text}, author=BO, date="2026-03-01T00:00:00+00:00")
    info, _ = scan(kb.path)
    history = info.file_dates(path)
    assert history.created == utc("2026-03-01T00:00:00+00:00")
    assert history.authors == ("Bő Ünal",)


def test_a_commit_message_that_is_not_utf8_does_not_stop_the_scan(kb: TestRepo) -> None:
    sha = kb.raw_commit(b"Fix PRB-0001: caf\xe9 cr\xe8me \xff\n")
    info, diags = scan(kb.path)
    [change] = info.fixes("PRB-0001")
    assert change.sha == sha
    assert change.subject == "Fix PRB-0001: caf\ufffd cr\ufffdme \ufffd"


def test_a_shallow_clone_is_reported_and_its_dates_are_approximate(
    kb: TestRepo, tmp_path: Path
) -> None:
    kb.commit("Fix PRB-0001: later", date="2026-02-01T00:00:00+00:00")
    clone = tmp_path / "clone"
    git.Repo.clone_from(f"file://{kb.path}", clone, depth=1)
    info, diags = scan(clone)
    [shallow] = [d for d in diags if d.code == "SKMS402"]
    assert "fetch-depth: 0" in shallow.hint
    history = info.file_dates("knowledge/problems/PRB-0001.md")
    assert history.approximate is True
    assert info.approximate is True


def test_a_detached_head_is_scanned(kb: TestRepo) -> None:
    sha = kb.commit("Fix PRB-0001: detached")
    kb.commit("Later work")
    kb.repo.git.checkout("-q", "--detach", sha)
    info, diags = scan(kb.path)
    assert [c.sha for c in info.fixes("PRB-0001")] == [sha]


def test_an_empty_repository_builds_without_dates(tmp_path: Path) -> None:
    repo = TestRepo(tmp_path / "kb")
    path, text = record("knowledge/problems", "PRB-0001", status="open")
    repo.write(path, text)
    info, diags = scan(repo.path)
    assert codes(diags) == []
    assert info.file_dates(path) is None
    assert not any(h.head for h in info.repositories)


def test_a_folder_that_is_not_a_repository_builds_without_dates(tmp_path: Path) -> None:
    path, text = record("knowledge/problems", "PRB-0001", status="open")
    (tmp_path / path).parent.mkdir(parents=True)
    (tmp_path / path).write_text(text)
    info, diags = scan(tmp_path)
    assert codes(diags) == []
    assert info.repositories == ()
    assert info.file_dates(path) is None
    assert info.changes() == []


def test_a_service_repository_path_that_does_not_exist_is_reported_on_its_line(
    kb: TestRepo,
) -> None:
    kb.write(
        "knowledge/services/payments.md",
        "---\nid: payments\ntitle: Payments\ntier: gold\nrepos:\n"
        "  - name: acme/payments\n    path: ../nowhere\n---\n",
    )
    info, diags = scan(kb.path)
    [missing] = [d for d in diags if d.code == "SKMS401"]
    assert (missing.path, missing.line) == ("knowledge/services/payments.md", 7)
    assert "../nowhere" in missing.message
    assert any(
        h.head for h in info.repositories
    )  # the knowledge base's own history is still scanned


def test_a_configured_repository_that_is_a_plain_folder_is_reported_not_scanned(
    kb: TestRepo, tmp_path: Path
) -> None:
    (tmp_path / "plain").mkdir()
    info, diags = scan(kb.path, repos=[{"name": "plain", "path": "../plain"}])
    assert "SKMS407" in codes(diags)
    assert [h.name for h in info.repositories] == ["kb"]


def test_an_unreadable_history_is_a_diagnostic_not_a_crash(kb: TestRepo) -> None:
    kb.commit("Second")
    objects = kb.path / ".git" / "objects"
    tree = kb.repo.git.rev_parse("HEAD~1^{tree}")
    (objects / tree[:2] / tree[2:]).unlink()
    info, diags = scan(kb.path)
    assert "SKMS407" in codes(diags)


def test_the_own_repository_is_named_after_its_origin_remote(kb: TestRepo) -> None:
    kb.repo.create_remote("origin", "git@github.com:acme/knowledge.git")
    sha = kb.commit("Note for INC-0001")
    info, _ = scan(kb.path)
    [change] = info.commits_for("INC-0001")
    assert change.repo == "acme/knowledge"
    assert change.url == f"https://github.com/acme/knowledge/commit/{sha}"


def test_skms_check_reports_git_diagnostics_and_git_can_be_skipped(tmp_path: Path) -> None:
    from conftest import run_check
    from skms.pipeline import load_knowledge_base

    repo = TestRepo(tmp_path / "kb")
    repo.write(
        "mkdocs.yml", "site_name: t\nsite_url: https://kb.example.com/\nplugins:\n  - skms\n"
    )
    repo.commit("Add", dict([record("knowledge/problems", "PRB-0001", status="resolved")]))
    run = run_check(repo.path)
    assert run.codes() == ["SKMS403"]
    config = from_options({}, repo.path)
    assert any(h.head for h in load_knowledge_base(config).git.repositories)
    skipped = load_knowledge_base(config, git=False)
    assert skipped.git is None and list(skipped.diagnostics) == []


def test_a_git_hook_environment_does_not_redirect_the_scan(
    kb: TestRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = TestRepo(tmp_path / "other")
    other.commit("Fix PRB-0001 in the wrong repository")
    sha = kb.commit("Fix PRB-0001 here")
    monkeypatch.setenv("GIT_DIR", str(other.path / ".git"))
    monkeypatch.setenv("GIT_WORK_TREE", str(other.path))
    info, _ = scan(kb.path)
    assert [c.sha for c in info.fixes("PRB-0001")] == [sha]
