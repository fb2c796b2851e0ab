"""A content folder beside the config folder (`content: {../shared/reviews: review}`): skms
reads records from the config's folder only, so every command says so plainly, never with a
traceback, and a pull request's check does not pass in silence."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import run_check
from gitrepos import committed
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
    repo = committed(tmp_path, "Shared reviews", branch="pr")
    repo.close()
    return kb


def test_new_refuses_a_folder_outside_the_config_folder_with_a_clear_message(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo)
    monkeypatch.setenv("SKMS_TODAY", "2026-03-20")
    result = CliRunner().invoke(main, ["new", "review", "--title", "Queue stuck"])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "lies outside the knowledge base" in result.stderr
    assert "Traceback" not in result.output
    assert sorted(p.name for p in (repo.parent / "shared/reviews").iterdir()) == [
        "INC-0001-disk-full.md"
    ]


def test_check_reports_the_folder_it_cannot_read(repo: Path) -> None:
    run = run_check(repo)
    assert run.exit_code == 1, run.output
    [folder] = run.find("SKMS009")
    assert folder["path"] == "../shared/reviews"
    assert "outside the knowledge base" in folder["message"]
    assert not any(str(d["path"]).startswith("/") for d in run.diagnostics)


def test_check_changed_since_reports_the_folder_it_cannot_read(repo: Path) -> None:
    broken = repo.parent / "shared/reviews/INC-0002-broken.md"
    broken.write_text(REVIEW.replace("INC-0001", "INC-0002").replace("SEV3", "SEV9"))
    run = run_check(repo, "--changed-since", "main")
    assert run.exit_code == 1, run.output
    assert [(d["path"], d["code"]) for d in run.diagnostics] == [("../shared/reviews", "SKMS009")]
