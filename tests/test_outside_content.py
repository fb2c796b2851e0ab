"""A content folder beside the config folder (`content: {../shared/reviews: review}`), as a
team sharing reviews between two sites has it: `skms new` and `skms check --changed-since`."""

from __future__ import annotations

from pathlib import Path

import git
import pytest
from click.testing import CliRunner

from conftest import run_check
from skms.cli import main

CONFIG = """\
site_name: Shared
plugins:
  - skms:
      content:
        {folder}: review
        knowledge/services: service
"""

REVIEW = """\
---
id: INC-0001
title: Disk full
status: draft
severity: SEV3
---
## Summary
The disk filled up.
"""


@pytest.fixture(params=["relative", "absolute"])
def repo(tmp_path: Path, request: pytest.FixtureRequest) -> Path:
    """A repository holding `kb/` (the site) and `shared/reviews/`; returns kb/.

    The config names the shared folder as `../shared/reviews`, or by its absolute path.
    """
    kb = tmp_path / "kb"
    shared = tmp_path / "shared/reviews"
    folder = "../shared/reviews" if request.param == "relative" else shared.as_posix()
    (kb / "knowledge/services").mkdir(parents=True)
    (kb / "mkdocs.yml").write_text(CONFIG.format(folder=folder), encoding="utf-8")
    shared.mkdir(parents=True)
    (shared / "INC-0001-disk-full.md").write_text(REVIEW, encoding="utf-8")
    repo = git.Repo.init(tmp_path, initial_branch="main")
    with repo.config_writer() as cw:
        cw.set_value("user", "name", "Test")
        cw.set_value("user", "email", "test@example.com")
    repo.git.add(A=True)
    repo.index.commit("Shared reviews")
    repo.git.checkout("-b", "pr")
    repo.close()
    return kb


def test_new_writes_a_record_into_a_folder_outside_the_config_folder(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo)
    monkeypatch.setenv("SKMS_TODAY", "2026-03-20")
    result = CliRunner().invoke(main, ["new", "review", "--title", "Queue stuck"])
    assert result.exit_code == 0, result.output
    assert result.exception is None
    written = repo.parent / "shared/reviews/INC-0002-queue-stuck.md"
    assert written.is_file()
    assert (repo / result.stdout.strip()).resolve() == written.resolve()


def test_check_changed_since_reports_a_broken_record_outside_the_config_folder(
    repo: Path,
) -> None:
    broken = repo.parent / "shared/reviews/INC-0002-broken.md"
    broken.write_text(REVIEW.replace("INC-0001", "INC-0002").replace("SEV3", "SEV9"))
    run = run_check(repo, "--changed-since", "main")
    assert run.exit_code == 1, run.output
    assert [(d["path"], d["code"]) for d in run.diagnostics] == [
        ("../shared/reviews/INC-0002-broken.md", "SKMS203")
    ]


def test_check_changed_since_leaves_untouched_records_outside_the_config_folder_alone(
    repo: Path,
) -> None:
    old = repo.parent / "shared/reviews/INC-0001-disk-full.md"
    old.write_text(REVIEW.replace("SEV3", "SEV9"))
    git.Repo(repo.parent).git.commit("-qam", "Break the old review on main's side")
    (repo / "knowledge/services/web.md").write_text("---\nid: web\ntitle: Web\ntier: gold\n---\n")
    run = run_check(repo, "--changed-since", "HEAD")
    assert run.exit_code == 0, run.output
    assert run.diagnostics == []
