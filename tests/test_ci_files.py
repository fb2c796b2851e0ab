"""What CI runs and shows: the shipped workflows, the pre-commit hook, and the pinned output
of `skms check --format github|json` (golden files).

The golden files in tests/golden/ were written once and reviewed by eye. After an intended
change of a message, regenerate them with `SKMS_UPDATE_GOLDEN=1 pytest tests/test_ci_files.py`
and review the diff.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from conftest import REPO_ROOT, env_with_skms
from gitrepos import committed
from skms.cli import main

GOLDEN = Path(__file__).parent / "golden"
WORKFLOWS = REPO_ROOT / ".github" / "workflows"


def load_yaml(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as true; GitHub reads it as "on".
    if True in data:
        data["on"] = data.pop(True)
    return data


def steps_using(job: dict, action: str) -> list[dict]:
    return [s for s in job["steps"] if s.get("uses", "").split("@")[0] == action]


def run_steps(job: dict) -> list[str]:
    return [s["run"] for s in job["steps"] if "run" in s]


def readme_first_command() -> str:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"^```(?:sh|bash|console)?\n(.*?)^```", readme, re.S | re.M)
    assert block, "README.md has no code block"
    lines = [ln.strip() for ln in block.group(1).splitlines() if ln.strip()]
    return lines[0].removeprefix("$ ")


@pytest.fixture
def skms_on_path(tmp_path: Path) -> dict[str, str]:
    """An environment whose PATH has `skms`, as `pip install .` gives a CI job."""
    return env_with_skms(tmp_path)


# --- the pull-request check workflow ------------------------------------------------------


def test_the_check_workflow_runs_on_pull_requests_with_read_only_permissions() -> None:
    workflow = load_yaml(WORKFLOWS / "check.yml")
    assert "pull_request" in workflow["on"]
    assert workflow["permissions"] == {"contents": "read"}
    assert list(workflow["jobs"]) == ["check"]


def test_the_check_workflow_checks_out_full_history_and_installs_skms() -> None:
    job = load_yaml(WORKFLOWS / "check.yml")["jobs"]["check"]
    [checkout] = steps_using(job, "actions/checkout")
    assert checkout["with"]["fetch-depth"] == 0
    assert steps_using(job, "actions/setup-python")
    assert job["steps"].index(checkout) == 0
    assert "pip install ." in run_steps(job)


def test_the_check_workflow_annotates_only_what_the_pull_request_changed() -> None:
    job = load_yaml(WORKFLOWS / "check.yml")["jobs"]["check"]
    [step] = [s for s in job["steps"] if "skms check" in s.get("run", "")]
    assert step["env"] == {"BASE_REF": "${{ github.base_ref }}"}
    assert 'skms check --format github --changed-since "origin/$BASE_REF"' in step["run"]
    assert "${{" not in step["run"]  # expressions go through env, never into the script


def make_pull_request(tmp_path: Path) -> Path:
    """A clone whose `origin/main` has a broken review and whose HEAD adds another error."""
    kb = tmp_path / "kb"
    shutil.copytree(GOLDEN / "kb", kb)
    repo = committed(kb)
    repo.git.update_ref("refs/remotes/origin/main", "HEAD")
    repo.git.checkout("-b", "pull/7")
    problem = kb / "knowledge/problems/PRB-0001-pool.md"
    problem.write_text(
        problem.read_text(encoding="utf-8").replace("status: open", "status: opened"),
        encoding="utf-8",
    )
    repo.git.add(A=True)
    repo.index.commit("Problem: status")
    return kb


@pytest.mark.parametrize("base_ref", ["main", ""], ids=["pull request", "manual run"])
def test_the_check_step_run_as_github_would_annotates_the_right_files(
    tmp_path: Path, skms_on_path: dict[str, str], base_ref: str
) -> None:
    kb = make_pull_request(tmp_path)
    job = load_yaml(WORKFLOWS / "check.yml")["jobs"]["check"]
    [step] = [s for s in job["steps"] if "skms check" in s.get("run", "")]
    env = {**skms_on_path, "BASE_REF": base_ref, "SKMS_TODAY": "2026-04-01"}
    result = subprocess.run(
        ["bash", "-e", "-c", step["run"]], cwd=kb, env=env, capture_output=True, text=True
    )
    assert result.returncode == 1, result.stderr
    annotated = {m for m in re.findall(r"^::\w+ file=([^,]+),", result.stdout, re.M)}
    if base_ref:
        assert annotated == {"knowledge/problems/PRB-0001-pool.md"}
    else:
        assert "reviews/INC-0001-checkout-outage.md" in annotated
        assert "knowledge/problems/PRB-0001-pool.md" in annotated


# --- the publish workflow -----------------------------------------------------------------


def test_the_publish_workflow_runs_on_pushes_to_main_with_pages_permissions() -> None:
    workflow = load_yaml(WORKFLOWS / "publish.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["permissions"]["pages"] == "write"
    assert workflow["permissions"]["id-token"] == "write"
    assert workflow["concurrency"]["cancel-in-progress"] is False
    assert list(workflow["jobs"]) == ["build", "deploy"]


def test_the_publish_workflow_builds_with_full_history_and_uploads_the_site() -> None:
    build = load_yaml(WORKFLOWS / "publish.yml")["jobs"]["build"]
    [checkout] = steps_using(build, "actions/checkout")
    assert checkout["with"]["fetch-depth"] == 0
    [upload] = steps_using(build, "actions/upload-pages-artifact")
    # MkDocs' default site_dir; the example's mkdocs.yml does not move it.
    assert "site_dir" not in (REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert upload["with"]["path"] == "site"
    steps = build["steps"]
    assert steps.index(checkout) < steps.index(upload)


def test_the_publish_workflow_builds_with_the_readme_build_command() -> None:
    build = load_yaml(WORKFLOWS / "publish.yml")["jobs"]["build"]
    command = readme_first_command()
    assert "skms build" in command
    assert command in run_steps(build)


def test_the_publish_workflow_deploys_the_artifact_to_github_pages() -> None:
    deploy = load_yaml(WORKFLOWS / "publish.yml")["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    [step] = steps_using(deploy, "actions/deploy-pages")
    assert deploy["environment"]["url"] == f"${{{{ steps.{step['id']}.outputs.page_url }}}}"


# --- pre-commit ---------------------------------------------------------------------------


def test_the_pre_commit_hook_runs_the_check_on_the_whole_base() -> None:
    [hook] = yaml.safe_load((REPO_ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "skms-check"
    assert hook["entry"] == "skms check"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False


@pytest.mark.parametrize(
    ("path", "runs"),
    [
        ("reviews/INC-0001-outage.md", True),
        ("knowledge/services/checkout.markdown", True),
        ("mkdocs.yml", True),
        ("site/mkdocs.yaml", True),
        ("generator/skms/cli.py", False),
        ("notes.txt", False),
        ("not-mkdocs.yml", False),
    ],
)
def test_the_pre_commit_hook_runs_when_records_or_the_configuration_change(
    path: str, runs: bool
) -> None:
    [hook] = yaml.safe_load((REPO_ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert bool(re.search(hook["files"], path)) is runs  # pre-commit uses re.search


def test_the_pre_commit_entry_passes_on_a_clean_base(
    kb: Path, skms_on_path: dict[str, str]
) -> None:
    [hook] = yaml.safe_load((REPO_ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    result = subprocess.run(
        shlex.split(hook["entry"]), cwd=kb, env=skms_on_path, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


# --- golden output of `skms check` ----------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "golden"), [("github", "check.github.txt"), ("json", "check.json")]
)
def test_check_output_matches_the_golden_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, golden: str
) -> None:
    # A copy outside this repository's git history, with a fixed today.
    shutil.copytree(GOLDEN / "kb", tmp_path / "kb")
    monkeypatch.setenv("SKMS_TODAY", "2026-04-01")
    result = CliRunner().invoke(
        main, ["check", "-f", str(tmp_path / "kb" / "mkdocs.yml"), "--format", fmt]
    )
    assert result.exit_code == 1
    expected = GOLDEN / golden
    if os.environ.get("SKMS_UPDATE_GOLDEN"):
        expected.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == expected.read_text(encoding="utf-8")
