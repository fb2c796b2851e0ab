"""The history cache: warm runs read nothing from git, new commits are read alone, force pushes rescan."""

from __future__ import annotations

from pathlib import Path

import pytest

from gitrepos import TestRepo, record
from skms.config import from_options
from skms.diagnostics import Diagnostics
from skms.git.link import GitInfo, scan_history
from skms.graph import build_graph
from skms.load import load

PROBLEM = "knowledge/problems/PRB-0001.md"


def scan(root: Path, *, use_cache: bool = True) -> GitInfo:
    config = from_options({}, root)
    result = load(config)
    graph = build_graph(result.records, config, result.diagnostics)
    return scan_history(config, result.records, graph, Diagnostics(), use_cache=use_cache)


def summary(info: GitInfo) -> tuple:
    """What pages would show, to compare a cached result with a fresh one."""
    files = {r: info.file_dates(r) for r in (PROBLEM, "reviews/INC-0001.md", "reviews/INC-0002.md")}
    return ([c.sha for c in info.changes()], [c.sha for c in info.fixes("PRB-0001")], files)


@pytest.fixture
def kb(tmp_path: Path) -> TestRepo:
    repo = TestRepo(tmp_path / "kb")
    repo.commit("Add", dict([record("knowledge/problems", "PRB-0001", status="open")]))
    repo.commit(
        "Add INC-0001", dict([record("reviews", "INC-0001", status="draft", severity="SEV3")])
    )
    repo.commit("Note on PRB-0001")
    return repo


def test_a_warm_run_reads_no_commits_from_git(kb: TestRepo) -> None:
    cold = scan(kb.path)
    warm = scan(kb.path)
    assert cold.repositories[0].scanned == 3
    assert warm.repositories[0].scanned == 0
    assert summary(warm) == summary(cold)


def test_after_new_commits_only_those_are_read(kb: TestRepo) -> None:
    scan(kb.path)
    kb.commit("Fix PRB-0001: pool size", {PROBLEM: (kb.path / PROBLEM).read_text() + "Fixed.\n"})
    kb.commit(
        "Add INC-0002", dict([record("reviews", "INC-0002", status="draft", severity="SEV3")])
    )
    warm = scan(kb.path)
    assert warm.repositories[0].scanned == 2
    assert warm.repositories[0].incremental is True
    assert warm.repositories[0].total == 5
    assert summary(warm) == summary(scan(kb.path, use_cache=False))


def test_a_rename_after_the_cached_head_carries_the_cached_history(kb: TestRepo) -> None:
    scan(kb.path)
    kb.move(PROBLEM, "knowledge/problems/PRB-0001-pool.md")
    kb.commit("Rename PRB-0001")
    warm = scan(kb.path)
    fresh = scan(kb.path, use_cache=False)
    assert warm.repositories[0].scanned == 1
    moved = "knowledge/problems/PRB-0001-pool.md"
    assert warm.file_dates(moved) == fresh.file_dates(moved)
    assert warm.file_dates(moved).created == scan(kb.path).file_dates(moved).created


def test_a_deletion_after_the_cached_head_drops_the_file(kb: TestRepo) -> None:
    scan(kb.path)
    kb.commit("Drop INC-0001", {"reviews/INC-0001.md": None})
    warm = scan(kb.path)
    assert "reviews/INC-0001.md" not in warm.repositories[0].files


def test_a_force_push_rescans_the_whole_history(kb: TestRepo) -> None:
    scan(kb.path)
    kb.repo.git.reset("-q", "--hard", "HEAD~1")
    kb.commit("Rewritten history for PRB-0001")
    after = scan(kb.path)
    assert after.repositories[0].incremental is False
    assert after.repositories[0].scanned == 3
    assert summary(after) == summary(scan(kb.path, use_cache=False))


def test_a_corrupt_cache_file_is_ignored(kb: TestRepo) -> None:
    cold = scan(kb.path)
    for cache in (kb.path / ".skms-cache").glob("*.json"):
        cache.write_text('{"version": 1, "head": ')
    again = scan(kb.path)
    assert again.repositories[0].scanned == 3
    assert summary(again) == summary(cold)


def test_deleting_the_cache_is_safe(kb: TestRepo) -> None:
    cold = scan(kb.path)
    for cache in (kb.path / ".skms-cache").glob("*.json"):
        cache.unlink()
    assert summary(scan(kb.path)) == summary(cold)


def test_the_cache_lives_in_the_configured_folder(kb: TestRepo) -> None:
    config = from_options({"cache_dir": "build/cache"}, kb.path)
    result = load(config)
    graph = build_graph(result.records, config, result.diagnostics)
    scan_history(config, result.records, graph, Diagnostics())
    assert list((kb.path / "build/cache").glob("git-*.json"))
