"""`skms check`: every diagnostic code, pointed at the right file and line."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import FIXTURES, run_check
from skms.cli import main
from skms.config import load_config
from skms.diagnostics import CODES
from skms.pipeline import load_knowledge_base

BAD = FIXTURES / "bad"

# fixture file, folder it goes in, expected code, expected line (None: no line), column
CASES = [
    ("SKMS001-invalid-utf8.md", "reviews", "SKMS001", 8, 8),
    ("SKMS002-empty.md", "reviews", "SKMS002", 1, None),
    ("SKMS003-invalid-yaml.md", "reviews", "SKMS003", 4, None),
    ("SKMS003-tabs.md", "reviews", "SKMS003", 5, None),
    ("SKMS004-not-a-mapping.md", "reviews", "SKMS004", 2, None),
    ("SKMS005-alias-bomb.md", "reviews", "SKMS005", 2, None),
    ("SKMS006-no-front-matter.md", "reviews", "SKMS006", 1, None),
    ("SKMS101-unknown-problem.md", "reviews", "SKMS101", 8, None),
    ("SKMS101-unknown-in-body.md", "reviews", "SKMS101", 9, 24),
    ("SKMS102-wrong-kind.md", "reviews", "SKMS102", 6, None),
    ("SKMS103-duplicate-id.md", "knowledge/problems", "SKMS103", 2, None),
    ("SKMS104-bad-change-ref.md", "reviews", "SKMS104", 7, None),
    ("SKMS201-missing-severity.md", "reviews", "SKMS201", 1, None),
    ("SKMS201-missing-id.md", "reviews", "SKMS201", 1, None),
    ("SKMS202-wrong-type.md", "reviews", "SKMS202", 6, None),
    ("SKMS203-invalid-enum.md", "reviews", "SKMS203", 5, None),
    ("SKMS204-bad-timestamp.md", "reviews", "SKMS204", 6, None),
    ("SKMS205-naive-timestamp.md", "reviews", "SKMS205", 6, None),
    ("SKMS206-resolved-before-started.md", "reviews", "SKMS206", 7, None),
    ("SKMS206-detected-before-started.md", "reviews", "SKMS206", 7, None),
    ("SKMS207-unknown-key.md", "reviews", "SKMS207", 6, None),
    ("SKMS208-id-pattern.md", "reviews", "SKMS208", 2, None),
    ("SKMS209-unknown-kind.md", "reviews", "SKMS209", 4, None),
]


def add(kb: Path, name: str, folder: str) -> str:
    target = kb / folder / name
    shutil.copyfile(BAD / name, target)
    return f"{folder}/{name}"


def test_the_fixture_base_is_clean_under_strict(kb: Path) -> None:
    run = run_check(kb, "--strict")
    assert run.exit_code == 0, run.output
    assert run.diagnostics == []


@pytest.mark.parametrize(
    ("name", "folder", "code", "line", "column"), CASES, ids=[c[0] for c in CASES]
)
def test_bad_input_is_reported_at_its_file_and_line(
    kb: Path, name, folder, code, line, column
) -> None:
    path = add(kb, name, folder)
    run = run_check(kb)
    found = [d for d in run.find(code) if d["path"] == path]
    assert found, f"expected {code} for {path}, got {run.diagnostics}"
    assert found[0]["line"] == line
    if column is not None:
        assert found[0]["column"] == column
    assert found[0]["message"]
    expected_exit = 1 if CODES[code].severity.value == "error" else 0
    assert run.exit_code == expected_exit


@pytest.mark.parametrize(
    ("name", "folder"), [(c[0], c[1]) for c in CASES], ids=[c[0] for c in CASES]
)
def test_a_broken_record_never_hides_the_others(kb: Path, name: str, folder: str) -> None:
    add(kb, name, folder)
    base = load_knowledge_base(load_config(kb / "mkdocs.yml"), audience="all")
    paths = {r.path for r in base.records}
    assert f"{folder}/{name}" in paths, "the broken record itself is kept, not dropped"
    assert {"reviews/INC-0001-outage.md", "knowledge/problems/PRB-0001-pool.md"} <= paths


def test_unknown_reference_names_the_missing_id_and_suggests_a_close_one(kb: Path) -> None:
    add(kb, "SKMS101-unknown-problem.md", "reviews")
    [diag] = run_check(kb).find("SKMS101")
    assert "PRB-9999" in diag["message"]


def test_unknown_key_is_kept_and_gets_a_did_you_mean(kb: Path) -> None:
    path = add(kb, "SKMS207-unknown-key.md", "reviews")
    [diag] = run_check(kb).find("SKMS207")
    assert "did you mean 'services'" in diag["hint"]
    base = load_knowledge_base(load_config(kb / "mkdocs.yml"))
    record = next(r for r in base.records if r.path == path)
    assert record.extra == {"servces": ["checkout"]}


def test_invalid_enum_lists_the_allowed_values(kb: Path) -> None:
    add(kb, "SKMS203-invalid-enum.md", "reviews")
    [diag] = run_check(kb).find("SKMS203")
    assert "'done'" in diag["message"]
    for allowed in ("draft", "in-review", "reviewed", "closed"):
        assert allowed in diag["hint"]


def test_duplicate_id_names_both_locations(kb: Path) -> None:
    add(kb, "SKMS103-duplicate-id.md", "knowledge/problems")
    [diag] = run_check(kb).find("SKMS103")
    assert diag["path"] == "knowledge/problems/SKMS103-duplicate-id.md"
    assert "knowledge/problems/PRB-0001-pool.md:2" in diag["message"]


def test_invalid_utf8_reports_the_byte_offset(kb: Path) -> None:
    add(kb, "SKMS001-invalid-utf8.md", "reviews")
    [diag] = run_check(kb).find("SKMS001")
    raw = (BAD / "SKMS001-invalid-utf8.md").read_bytes()
    offset = raw.index(b"\xe9")
    assert f"byte offset {offset}" in diag["message"]


def test_tabs_in_yaml_get_a_hint_about_spaces(kb: Path) -> None:
    add(kb, "SKMS003-tabs.md", "reviews")
    [diag] = run_check(kb).find("SKMS003")
    assert "spaces" in diag["hint"]


def test_crlf_and_bom_files_read_like_any_other(kb: Path) -> None:
    path = add(kb, "crlf-bom.md", "reviews")
    run = run_check(kb)
    # The typo on line 6 is found on line 6: CRLF and the BOM do not shift lines.
    [diag] = run.find("SKMS207")
    assert (diag["path"], diag["line"]) == (path, 6)
    base = load_knowledge_base(load_config(kb / "mkdocs.yml"))
    record = base.graph.get("INC-0120")
    assert record.title == "Windows file"
    assert "\r" not in record.body
    assert [link.target for link in base.graph.outgoing("INC-0120")] == ["PRB-0001"]


def test_unreadable_file_is_reported(kb: Path) -> None:
    (kb / "reviews" / "dangling.md").symlink_to(kb / "reviews" / "nowhere.md")
    run = run_check(kb)
    [diag] = run.find("SKMS008")
    assert diag["path"] == "reviews/dangling.md"
    assert run.exit_code == 1


def test_symlink_loop_in_a_content_folder_is_reported_and_does_not_hang(kb: Path) -> None:
    (kb / "runbooks" / "loop").symlink_to(kb / "runbooks", target_is_directory=True)
    run = run_check(kb)
    [diag] = run.find("SKMS007")
    assert diag["path"] == "runbooks/loop"
    assert run.exit_code == 0


def test_file_names_with_spaces_and_non_ascii_load(kb: Path) -> None:
    text = (FIXTURES / "base" / "knowledge/articles/KB-0001-severity.md").read_text()
    (kb / "knowledge/articles" / "KB-0002 Größen und Stufen.md").write_text(
        text.replace("KB-0001", "KB-0002").replace("Severity levels", "Größen")
    )
    run = run_check(kb, "--strict")
    assert run.exit_code == 0, run.output
    base = load_knowledge_base(load_config(kb / "mkdocs.yml"))
    assert base.graph.get("KB-0002").path == "knowledge/articles/KB-0002 Größen und Stufen.md"


def test_a_five_megabyte_body_loads_and_its_references_resolve(kb: Path) -> None:
    line = "Filler text about checkout latency and its dashboards, nothing to link here.\n"
    body = line * (5 * 1024 * 1024 // len(line)) + "Finally PRB-0001.\n"
    head = (
        (FIXTURES / "base" / "knowledge/articles/KB-0001-severity.md").read_text().split("---\n")[1]
    )
    (kb / "knowledge/articles/KB-0003-big.md").write_text(
        "---\n" + head.replace("KB-0001", "KB-0003") + "---\n" + body
    )
    base = load_knowledge_base(load_config(kb / "mkdocs.yml"))
    assert [link.target for link in base.graph.outgoing("KB-0003")] == ["PRB-0001"]
    assert not list(base.diagnostics)


def test_ids_inside_code_are_not_references(kb: Path) -> None:
    (kb / "knowledge/articles/KB-0004-code.md").write_text(
        "---\nid: KB-0004\ntitle: Code\n---\n"
        "Inline `PRB-7777` and a URL https://tracker/PRB-7778 and a [link](x/PRB-7779).\n\n"
        "```sh\ngrep PRB-7780 log\n```\n\n~~~\nINC-7781\n~~~\n"
    )
    run = run_check(kb, "--strict")
    assert run.exit_code == 0, run.output


def test_wiki_links_resolve_any_kind_of_id(kb: Path) -> None:
    base = load_knowledge_base(load_config(kb / "mkdocs.yml"))
    refs = base.graph.get("INC-0001").refs
    assert [(r.target, r.text, r.wiki) for r in refs] == [
        ("checkout-errors", "checkout-errors", True),
        ("PRB-0001", "the pool problem", True),
    ]


@pytest.mark.parametrize("fmt", ["text", "github", "json"])
def test_exit_code_is_one_on_errors_in_every_format(kb: Path, fmt: str) -> None:
    add(kb, "SKMS203-invalid-enum.md", "reviews")
    result = CliRunner().invoke(main, ["check", "-f", str(kb / "mkdocs.yml"), "--format", fmt])
    assert result.exit_code == 1
    assert "SKMS203" in result.stdout


def test_warnings_fail_only_under_strict(kb: Path) -> None:
    add(kb, "SKMS207-unknown-key.md", "reviews")
    assert run_check(kb).exit_code == 0
    assert run_check(kb, "--strict").exit_code == 1


def test_github_format_is_an_annotation_on_the_line(kb: Path) -> None:
    add(kb, "SKMS203-invalid-enum.md", "reviews")
    result = CliRunner().invoke(main, ["check", "-f", str(kb / "mkdocs.yml"), "--format", "github"])
    assert result.stdout.splitlines() == [
        "::error file=reviews/SKMS203-invalid-enum.md,line=5,title=SKMS203 invalid value::"
        "status: 'done' is not allowed. Hint: one of 'draft', 'in-review', 'reviewed' or 'closed'"
    ]


def test_missing_config_file_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", "-f", str(tmp_path / "nope.yml")])
    assert result.exit_code == 2
    assert "config file not found" in result.output


def test_invalid_plugin_options_are_a_usage_error(kb: Path) -> None:
    (kb / "mkdocs.yml").write_text("site_name: x\nplugins:\n  - skms:\n      audiance: public\n")
    result = CliRunner().invoke(main, ["check", "-f", str(kb / "mkdocs.yml")])
    assert result.exit_code == 2
    assert "SKMS501" in result.output and "audiance" in result.output
    assert "mkdocs.yml: invalid skms options: audiance" in result.output


def test_mkdocs_yml_with_python_tags_is_read(kb: Path) -> None:
    cfg = kb / "mkdocs.yml"
    cfg.write_text(
        cfg.read_text() + "markdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "extra:\n  analytics: !ENV [NOTHING, 'x']\n"
    )
    assert run_check(kb, "--strict").exit_code == 0


def test_configured_folders_and_id_patterns_are_used(kb: Path) -> None:
    shutil.move(kb / "reviews", kb / "postmortems")
    (kb / "mkdocs.yml").write_text(
        "site_name: x\nsite_url: https://kb.example.com/\n"
        "plugins:\n  - skms:\n      content:\n        postmortems: review\n"
        "        runbooks: runbook\n        knowledge/services: service\n"
        "        knowledge/problems: problem\n        knowledge/readiness: readiness\n"
        "        knowledge/articles: article\n"
        "      ids:\n        review: 'INC-\\d{3,}'\n"
    )
    (kb / "postmortems" / "short.md").write_text(
        "---\nid: INC-042\ntitle: t\nstatus: draft\nseverity: SEV3\n---\n"
    )
    run = run_check(kb, "--strict")
    assert run.exit_code == 0, run.output


def test_every_code_is_documented_in_the_readme() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text()
    missing = [code for code in CODES if code not in readme]
    assert not missing


def test_loading_does_not_depend_on_the_working_directory(
    kb: Path, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    first = [(d["code"], d["path"]) for d in run_check(kb).diagnostics]
    monkeypatch.chdir(kb)
    assert [(d["code"], d["path"]) for d in run_check(kb).diagnostics] == first
    assert os.getcwd() == str(kb)
