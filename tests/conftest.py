"""Shared fixtures: a small valid knowledge base copied into tmp_path, and a way to check it."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import git
import pytest
from click.testing import CliRunner

from browserkit import chromium
from skms.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
REPO_ROOT = Path(__file__).parent.parent
# The repository's own example knowledge base: what `mkdocs build` in a checkout publishes.
EXAMPLE = ("mkdocs.yml", "docs", "knowledge", "reviews", "runbooks")


@dataclass
class CheckRun:
    exit_code: int
    output: str
    diagnostics: list[dict]

    def codes(self) -> list[str]:
        return [d["code"] for d in self.diagnostics]

    def find(self, code: str) -> list[dict]:
        return [d for d in self.diagnostics if d["code"] == code]


def run_check(root: Path, *args: str) -> CheckRun:
    """Run `skms check --format json` on a knowledge base folder."""
    result = CliRunner().invoke(
        main, ["check", "-f", str(root / "mkdocs.yml"), "--format", "json", *args]
    )
    diagnostics = json.loads(result.stdout)["diagnostics"] if result.stdout.strip() else []
    return CheckRun(result.exit_code, result.output, diagnostics)


def env_with_skms(tmp_path: Path, **extra: str) -> dict[str, str]:
    """An environment whose PATH has `skms`, as `pip install skms` gives a shell or a CI job."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    wrapper = bin_dir / "skms"
    wrapper.write_text(
        f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m skms "$@"\n', encoding="utf-8"
    )
    wrapper.chmod(0o755)
    return {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", **extra}


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    """A copy of tests/fixtures/base: one record of every kind, clean under --strict."""
    root = tmp_path / "kb"
    shutil.copytree(FIXTURES / "base", root)
    return root


@pytest.fixture(scope="session")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mkdocs.yml of a copy of the repository's example, in a git repository of its own.

    Builds of the checkout itself would write the history cache (`.skms-cache/`) into it.
    """
    root = tmp_path_factory.mktemp("example") / "kb"
    root.mkdir()
    for name in EXAMPLE:
        source = REPO_ROOT / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        else:
            shutil.copy2(source, root / name)
    repo = git.Repo.init(root, initial_branch="main")
    when = "2026-03-01T12:00:00 +0000"
    author = git.Actor("Acme SRE", "sre@example.com")
    repo.git.add(A=True)
    repo.index.commit(
        "The example knowledge base",
        author=author,
        committer=author,
        author_date=when,
        commit_date=when,
    )
    repo.close()
    return root / "mkdocs.yml"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """A headless Chromium for a test module (see tests/browserkit.py). Per module, not per
    session: Playwright's sync API cannot start while another instance runs, and some tests
    start their own."""
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="session", autouse=True)
def checkout_stays_clean() -> Iterator[None]:
    """The suite writes nothing into the checkout: no history cache, no site."""
    before = {name: (REPO_ROOT / name).exists() for name in (".skms-cache", "site")}
    yield
    written = [
        name for name, existed in before.items() if not existed and (REPO_ROOT / name).exists()
    ]
    assert written == [], f"the test suite wrote {written} into the checkout"
