"""The "Use skms in your team" guide (docs/guide.md) works as written."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import REPO_ROOT, env_with_skms

GUIDE = REPO_ROOT / "docs" / "guide.md"


def sections() -> dict[str, list[tuple[str, str]]]:
    """Each `## ` section of the guide: its fenced code blocks as (language, code)."""
    out: dict[str, list[tuple[str, str]]] = {}
    text = GUIDE.read_text(encoding="utf-8")
    for part in re.split(r"^## ", text, flags=re.M)[1:]:
        title, _, body = part.partition("\n")
        out[title.strip()] = [
            (m.group(1), m.group(2))
            for m in re.finditer(r"^```(\w*)\n(.*?)^```", body, re.S | re.M)
        ]
    return out


def blocks(section_prefix: str, language: str) -> list[str]:
    found = [
        code
        for title, items in sections().items()
        if title.startswith(section_prefix)
        for lang, code in items
        if lang == language
    ]
    assert found, f"no {language} block in the guide's section {section_prefix!r}"
    return found


def shell_steps(section_prefix: str) -> list[str]:
    """The commands of a section's sh blocks, except installing skms (the test has it)."""
    return [
        line
        for code in blocks(section_prefix, "sh")
        for line in code.splitlines()
        if line.strip() and not line.startswith(("#", "pip install"))
    ]


@pytest.fixture
def shell_env(tmp_path: Path) -> dict[str, str]:
    """PATH with `skms` (as `pip install skms` gives) and a fixed today."""
    return env_with_skms(tmp_path, SKMS_TODAY="2026-03-20")


def test_from_an_empty_folder_the_guide_gives_a_site_with_one_review(
    tmp_path: Path, shell_env: dict[str, str]
) -> None:
    repo = tmp_path / "team-repo"
    repo.mkdir()
    [mkdocs_yml] = blocks("1.", "yaml")
    (repo / "mkdocs.yml").write_text(mkdocs_yml, encoding="utf-8")
    steps = shell_steps("1.") + shell_steps("2.")
    assert "skms check --strict" in steps
    assert any(s.startswith("skms new review") for s in steps)
    assert any(s.startswith("skms build") for s in steps)
    for step in steps:
        result = subprocess.run(
            ["bash", "-e", "-c", step], cwd=repo, env=shell_env, capture_output=True, text=True
        )
        assert result.returncode == 0, f"{step}\n{result.stdout}\n{result.stderr}"
    reviews = sorted(p.relative_to(repo).as_posix() for p in (repo / "reviews").iterdir())
    assert reviews == ["reviews/INC-0001-checkout-payment-errors.md"]
    page = repo / "site/reviews/INC-0001-checkout-payment-errors/index.html"
    assert "Checkout payment errors" in page.read_text(encoding="utf-8")
    exported = json.loads((repo / "site/records.json").read_text(encoding="utf-8"))
    records = exported["records"] if isinstance(exported, dict) else exported
    assert [r["id"] for r in records if r["kind"] == "review"] == ["INC-0001"]


def test_the_guide_says_what_each_new_command_prints() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    for path in ("knowledge/services/checkout.md", "reviews/INC-0001-checkout-payment-errors.md"):
        assert f"`{path}`" in text


def test_the_guide_wires_alerts_to_their_stable_runbook_pages() -> None:
    rules = [yaml.safe_load(code) for code in blocks("5.", "yaml") if "groups:" in code]
    [rule] = rules[0]["groups"][0]["rules"]
    assert rule["annotations"]["runbook_url"].endswith("/alerts/{{ $labels.alertname }}/")
    [front] = [yaml.safe_load(code) for code in blocks("5.", "yaml") if code.startswith("alerts:")]
    assert rule["alert"] in front["alerts"]


def test_the_guide_connects_service_repositories_with_full_history() -> None:
    repos_block, checkout_block = blocks("6.", "yaml")
    [repo] = yaml.safe_load(repos_block)["repos"]
    [step] = yaml.safe_load(checkout_block)
    assert step["with"]["path"] == repo["path"]
    assert step["with"]["fetch-depth"] == 0


def test_the_guide_gitlab_ci_checks_merge_requests_and_publishes_pages() -> None:
    [code] = blocks("7.", "yaml")
    gitlab = yaml.safe_load(code)
    assert gitlab["variables"]["GIT_DEPTH"] == 0
    check = gitlab["check"]
    assert check["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert (
        'skms check --changed-since "origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME"'
        in check["script"]
    )
    pages = gitlab["pages"]
    assert "skms build --site-dir public" in pages["script"]
    assert pages["artifacts"]["paths"] == ["public"]
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]


def test_the_guide_names_the_workflow_files_the_repository_ships() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    for name in (".github/workflows/check.yml", ".github/workflows/publish.yml"):
        assert f"`{name}`" in text
        assert (REPO_ROOT / name).is_file()
    assert "id: skms-check" in text
    assert (REPO_ROOT / ".pre-commit-hooks.yaml").is_file()
