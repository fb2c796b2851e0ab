"""The repository's own checks: CI runs the README's test command, type checks and lint first."""

from __future__ import annotations

import re

from conftest import REPO_ROOT


def _readme_blocks() -> list[str]:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"^```(?:sh|bash|console)?\n(.*?)^```", readme, re.S | re.M)


def test_ci_runs_the_readme_test_command() -> None:
    command = _readme_blocks()[1].strip()
    script = (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert command in script.splitlines()


def test_the_test_command_type_checks_and_lints_after_install_and_before_pytest() -> None:
    steps = [s.strip() for s in _readme_blocks()[1].strip().split("&&")]
    install = next(i for i, s in enumerate(steps) if "pip install" in s and "[test]" in s)
    pytest_at = next(i for i, s in enumerate(steps) if "pytest" in s)
    checks = steps[install + 1 : pytest_at]
    assert ".venv/bin/mypy" in checks
    assert any(s.startswith(".venv/bin/ruff check") for s in checks)
    assert any(s.startswith(".venv/bin/ruff format --check") for s in checks)


def test_slow_tests_are_marked_and_still_run_by_default() -> None:
    pyproject = (REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'^\s*"slow:', pyproject, re.M)
    addopts = re.search(r"^addopts = (.*)$", pyproject, re.M)
    assert addopts is not None and "not slow" not in addopts.group(1)


def test_benchmarks_are_a_package_importable_from_the_repository_root() -> None:
    from benchmarks.corpus import synthesize

    assert callable(synthesize)
    assert (REPO_ROOT / "benchmarks" / "__init__.py").is_file()
