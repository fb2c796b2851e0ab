"""Shared fixtures: a small valid knowledge base copied into tmp_path, and a way to check it."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from skms.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
REPO_ROOT = Path(__file__).parent.parent


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


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    """A copy of tests/fixtures/base: one record of every kind, clean under --strict."""
    root = tmp_path / "kb"
    shutil.copytree(FIXTURES / "base", root)
    return root
