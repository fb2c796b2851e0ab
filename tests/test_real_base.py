"""The first hour with a converted knowledge base: what `skms check` and `skms build` tell its team.

One base of about 320 records (tests/realbase.py), checked once and built once for the module.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import git
import pytest
from click.testing import CliRunner

from conftest import run_check
from realbase import MKDOCS_YML, RealBase, write_real_base
from sitekit import record, small_base, write_base
from skms.cli import main
from skms.rules.links import is_generated

pytestmark = pytest.mark.slow  # a few-hundred-record base built once for the module

LINE = re.compile(r"^(?P<loc>[^\s:]+(?::\d+)*): (?P<level>error|warning) (?P<code>SKMS\d{3}) ")


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> RealBase:
    made = write_real_base(tmp_path_factory.mktemp("real") / "kb")
    # A team's repository: the build's cache must not show up in `git status`.
    repo = git.Repo.init(made.root)
    with repo.config_writer() as cfg:
        cfg.set_value("user", "name", "Ann Example")
        cfg.set_value("user", "email", "ann@example.com")
        cfg.set_value("commit", "gpgsign", "false")
    repo.git.add("-A")
    repo.git.commit("-qm", "Convert the old postmortems")
    return made


@pytest.fixture(scope="module")
def check(base: RealBase):
    return run_check(base.root)


@pytest.fixture(scope="module")
def strict_build(base: RealBase, tmp_path_factory: pytest.TempPathFactory):
    site = tmp_path_factory.mktemp("site")
    result = CliRunner().invoke(
        main, ["build", "--strict", "-f", str(base.root / "mkdocs.yml"), "-d", str(site)]
    )
    return result, site


def findings(text: str) -> list[str]:
    return [line for line in text.splitlines() if LINE.match(line)]


def test_headings_as_people_write_them_hold_the_contributing_factors(base: RealBase, check) -> None:
    reported = {d["path"] for d in check.find("SKMS301")}
    assert len(base.suffixed_heading_reviews) > 100
    assert not reported & set(base.complete_reviews)
    # Everything else closed is incomplete for a reason the message names.
    assert reported == set(base.body_action_reviews) | set(base.prose_cause_reviews)
    assert len(check.find("SKMS301")) == len(base.body_action_reviews) + len(
        base.prose_cause_reviews
    )


def test_a_body_action_item_list_is_named_and_the_message_says_to_move_it(
    base: RealBase, check
) -> None:
    for finding in check.find("SKMS301"):
        if finding["path"] in base.body_action_reviews:
            assert finding["line"] == base.body_action_reviews[finding["path"]]
            assert finding["message"] == (
                "a closed review needs its action items in the front-matter list "
                "`action_items`: the 2 bullets under `## Action Items` are not tracked"
            )
            assert "`owner` and `due`" in finding["hint"]


def test_a_cause_written_as_prose_is_reported_on_its_heading(base: RealBase, check) -> None:
    prose = [d for d in check.find("SKMS301") if d["path"] in base.prose_cause_reviews]
    assert prose
    for finding in prose:
        assert finding["line"] == base.prose_cause_reviews[finding["path"]]
        assert finding["message"].endswith("has no bullet list")


def test_check_finds_every_link_that_does_not_resolve_with_its_line(base: RealBase, check) -> None:
    found = {(d["path"], d["line"]) for d in check.find("SKMS106")}
    assert found == base.broken_links
    [guide] = [d for d in check.find("SKMS106") if d["line"] == 3]
    assert "write `reviews/INC-0001.md`" in guide["hint"]


def test_build_strict_and_check_strict_report_the_same_findings(
    base: RealBase, strict_build
) -> None:
    result, _site = strict_build
    text = CliRunner().invoke(main, ["check", "--strict", "-f", str(base.root / "mkdocs.yml")])
    assert result.exit_code == text.exit_code == 1
    assert findings(result.stdout) == findings(text.stdout)
    assert len(findings(result.stdout)) == 72 + 14 + 1
    summary = result.stderr.strip().splitlines()[-1]
    assert summary.endswith("; 72 error(s), 15 warning(s)"), summary
    assert text.stderr.strip().endswith("72 error(s), 15 warning(s)")


def test_build_prints_each_finding_once_and_never_as_a_mkdocs_warning(strict_build) -> None:
    result, _site = strict_build
    assert "WARNING" not in result.output
    assert "Aborted" not in result.output
    assert len(findings(result.stdout)) == len(set(findings(result.stdout)))
    assert "is not found among documentation files" not in result.output  # MkDocs' SKMS106


def test_build_says_which_home_page_it_uses(strict_build) -> None:
    result, site = strict_build
    assert "home page is the generated incident home" in result.stderr
    assert 'class="skms-search' in (site / "index.html").read_text(encoding="utf-8")


def test_the_site_loads_no_font_from_another_host(strict_build) -> None:
    _result, site = strict_build
    for page in ("index.html", "reviews/index.html", "reviews/INC-0001/index.html"):
        assert "fonts.googleapis.com" not in (site / page).read_text(encoding="utf-8"), page


def test_the_cache_folder_is_ignored_by_git_on_its_own(base: RealBase, strict_build) -> None:
    assert (base.root / ".skms-cache/.gitignore").read_text().splitlines()[-1] == "*"
    assert git.Repo(base.root).git.status("--porcelain") == ""


def test_every_generated_page_is_a_link_target_check_accepts(base: RealBase, strict_build) -> None:
    _result, site = strict_build
    records = {p.relative_to(base.root).with_suffix("").as_posix() for p in base.root.rglob("*.md")}
    for page in site.glob("**/index.html"):
        folder = page.parent.relative_to(site).as_posix()
        if folder in (".", "search") or folder.startswith("assets"):
            continue
        if folder in records or f"docs/{folder}" in records:
            continue
        assert is_generated(f"{folder}/index.md") or is_generated(f"{folder}.md"), folder


# --- rules tune the findings --------------------------------------------------------------

RULES = """\
      rules:
        - code: SKMS301
          level: warning
          kind: review
          status: closed
          before: 2000-01-01
        - code: SKMS106
          level: off
          paths: docs/**
        - {code: SKMS503, level: "off"}
"""


def resolved_year(path: str) -> int:
    """The year realbase gives review INC-n (reviews span 1985 to 2026 in id order)."""
    i = int(re.search(r"INC-(\d+)", path).group(1)) - 1
    return 1985 + (i * 41) // 220


def write_config(base: RealBase, name: str, options: str) -> Path:
    path = base.root / name
    path.write_text(MKDOCS_YML.replace("  - skms\n", "  - skms:\n" + options), encoding="utf-8")
    return path


def check_with(config: Path):
    result = CliRunner().invoke(main, ["check", "-f", str(config)])
    return result, [LINE.match(line) for line in findings(result.stdout)]


def test_rules_set_levels_by_kind_status_date_and_path(base: RealBase, check) -> None:
    result, tuned = check_with(write_config(base, "rules.yml", RULES))
    old = [d for d in check.find("SKMS301") if resolved_year(d["path"]) < 2000]
    warned = [m for m in tuned if m["code"] == "SKMS301" and m["level"] == "warning"]
    errors = [m for m in tuned if m["code"] == "SKMS301" and m["level"] == "error"]
    assert len(warned) == len(old) > 0
    assert len(warned) + len(errors) == len(check.find("SKMS301"))
    assert [m["loc"] for m in tuned if m["code"] == "SKMS106"] == [
        m
        for m in (f"{d['path']}:{d['line']}:{d['column']}" for d in check.find("SKMS106"))
        if not m.startswith("docs/")
    ]
    assert not [m for m in tuned if m["code"] == "SKMS503"]
    assert result.stderr.strip() == f"{len(errors)} error(s), {len(tuned) - len(errors)} warning(s)"


def test_the_last_matching_rule_wins(base: RealBase) -> None:
    options = "      rules:\n        SKMS301: off\n        SKMS106: error\n"
    result, tuned = check_with(write_config(base, "last.yml", options))
    assert {m["code"] for m in tuned} == {"SKMS106", "SKMS503"}
    assert {m["level"] for m in tuned if m["code"] == "SKMS106"} == {"error"}
    assert result.exit_code == 1


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ("      rules:\n        - {code: SKMS999, level: off}\n", "unknown diagnostic code"),
        ("      rules:\n        - {code: SKMS301, level: loud}\n", "rules.0.level"),
        ("      rules:\n        - {code: SKMS301, level: off, kind: incident}\n", "unknown kind"),
        (
            "      rules:\n        - {code: SKMS301, level: off, kind: review, status: open}\n",
            "unknown status 'open' for kind review",
        ),
        ("      rules:\n        - {code: SKMS301, level: off, before: soon}\n", "rules.0.before"),
        ("      rules:\n        - {code: SKMS501, level: off}\n", "cannot be tuned"),
    ],
)
def test_a_bad_rule_is_a_configuration_error_for_check_and_build(
    base: RealBase, tmp_path: Path, options: str, message: str
) -> None:
    config = write_config(base, "bad.yml", options)
    for command in (["check"], ["build", "-d", str(tmp_path / "site")]):
        result = CliRunner().invoke(main, [*command, "-f", str(config)])
        assert result.exit_code == 2, (command, result.output)
        assert "SKMS501" in result.stderr and message in result.stderr, result.stderr
    assert not (tmp_path / "site").exists()


# --- setup --------------------------------------------------------------------------------


def test_a_font_set_on_purpose_and_a_script_from_another_host_are_reported(
    base: RealBase,
) -> None:
    text = (
        "site_name: t\nsite_url: https://kb.example.com/\ntheme:\n  name: material\n"
        "  font:\n    text: Roboto\nextra_javascript:\n  - https://cdn.example.com/x.js\n"
        "plugins:\n  - skms\n"
    )
    config = base.root / "online.yml"
    config.write_text(text, encoding="utf-8")
    _result, found = check_with(config)
    offline = [m["loc"] for m in found if m["code"] == "SKMS502"]
    assert offline == ["online.yml:5", "online.yml:7"]


def test_a_missing_site_url_is_a_warning_with_a_hint(check) -> None:
    [finding] = check.find("SKMS503")
    assert finding["path"] == "mkdocs.yml" and finding["severity"] == "warning"
    assert "site_url: https://" in finding["hint"]


def test_a_base_without_a_docs_folder_builds_and_nothing_is_created(
    base: RealBase, tmp_path: Path
) -> None:
    root = tmp_path / "kb"
    shutil.copytree(base.root / "knowledge/services", root / "knowledge/services")
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    result = CliRunner().invoke(
        main, ["build", "-q", "-f", str(root / "mkdocs.yml"), "-d", str(tmp_path / "site")]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "site/services/checkout/index.html").is_file()
    after = sorted(p.relative_to(root) for p in root.rglob("*") if ".skms-cache" not in p.parts)
    assert after == before


def test_quiet_build_prints_errors_and_the_summary_only(tmp_path: Path) -> None:
    broken = record("article", "See PRB-9999.\n", id="KB-0001", title="Notes", visibility="public")
    config = write_base(tmp_path, [*small_base(), broken])
    args = ["build", "-f", str(config), "-d", str(tmp_path / "site")]
    loud = CliRunner().invoke(main, args)
    quiet = CliRunner().invoke(main, [*args, "-q"])
    assert loud.exit_code == quiet.exit_code == 1
    assert [m["code"] for m in map(LINE.match, findings(loud.stdout))] == ["SKMS101", "SKMS503"]
    assert [m["code"] for m in map(LINE.match, findings(quiet.stdout))] == ["SKMS101"]
    assert quiet.stderr.strip().splitlines()[-1].endswith("; 1 error(s), 1 warning(s)")
    assert "INFO" not in quiet.output


def test_a_docs_index_replacing_the_generated_home_is_said_at_build_time(tmp_path: Path) -> None:
    config = write_base(tmp_path, small_base(), docs={"index.md": "# Our base\n"})
    result = CliRunner().invoke(main, ["build", "-f", str(config), "-d", str(tmp_path / "site")])
    assert (
        "skms: home page is docs/index.md (yours); rename or remove it to get the generated "
        "incident home back"
    ) in result.stderr
