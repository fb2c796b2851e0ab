"""Id patterns as teams configure them: any regular expression, refused clearly when unusable;
a tracker's ids are not invented by `skms new`."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import run_check
from githistory import History
from sitekit import record, write_base
from skms.cli import main
from skms.config import load_config
from skms.ids import IdFinder, analyse
from skms.pipeline import load_knowledge_base


def base_with(tmp_path: Path, options: str, commits: list[str], ids: list[str]) -> Path:
    history = History()
    files = {}
    for rid in ids:
        path, text = record("problem", id=rid, title=rid, status="open", visibility="public")
        files[path] = text
    history.add("init", "Import", files=files)
    for i, message in enumerate(commits):
        history.add(f"c{i}", message, files={"f.txt": message})
    history.write(tmp_path)
    return write_base(tmp_path, [], options=options)


@pytest.mark.parametrize(
    ("pattern", "ids", "message", "linked"),
    [
        (r"(?:OAK|JCR)-\d+", ["OAK-1", "JCR-2"], "OAK-1: Tune\n\nSee JCR-2.", {"OAK-1", "JCR-2"}),
        (r"[A-Z]+-\d+", ["OAK-1", "JCR-2"], "Fix OAK-1 and JCR-2", {"OAK-1", "JCR-2"}),
        (r"(?i)oak-\d+", ["oak-1"], "OAK-1: Tune", {"oak-1"}),
        (r"^OAK-\d+$", ["OAK-1"], "Oak-1 - tune", {"OAK-1"}),
    ],
)
def test_any_regular_expression_links_commits(
    tmp_path: Path, pattern: str, ids: list[str], message: str, linked: set[str]
) -> None:
    config = base_with(tmp_path, f":\n      ids:\n        problem: '{pattern}'", [message], ids)
    run = run_check(tmp_path)
    assert run.exit_code in (0, 1), run.output
    assert "Traceback" not in run.output
    kb = load_knowledge_base(load_config(config), audience="all")
    assert {rid for rid in ids if kb.git.commits_for(rid)} == linked


@pytest.mark.parametrize("pattern", ["a*", "(", "(OAK)-\\1", ""])
def test_an_unusable_pattern_is_a_configuration_error(tmp_path: Path, pattern: str) -> None:
    write_base(tmp_path, [], options=f":\n      ids:\n        problem: '{pattern}'")
    run = run_check(tmp_path)
    assert run.exit_code == 2
    assert "SKMS501" in run.output and "Traceback" not in run.output


def test_an_unusable_tracker_pattern_or_url_is_a_configuration_error(tmp_path: Path) -> None:
    write_base(
        tmp_path, [], options=":\n      trackers:\n        'OAK-\\d+': 'https://x.example/{key}'"
    )
    run = run_check(tmp_path)
    assert run.exit_code == 2 and "SKMS501" in run.output and "{key}" in run.output


def test_a_tracker_ticket_without_a_record_is_a_link_or_a_warning(tmp_path: Path) -> None:
    body = "Related: OAK-99999 and PRB-0404.\n"
    records = [record("problem", body, id="OAK-1", title="One", status="open")]
    options = ":\n      ids:\n        problem: 'OAK-\\d+'\n      trackers:\n        'OAK-\\d+': https://jira.example/browse/{id}"
    write_base(tmp_path, records, options=options)
    assert "SKMS101" not in run_check(tmp_path).codes()
    write_base(
        tmp_path,
        records,
        options=options.replace(
            "https://jira.example/browse/{id}",
            "{url: 'https://jira.example/browse/{id}', missing: warning}",
        ),
    )
    assert run_check(tmp_path).codes().count("SKMS105") == 1


def test_new_asks_for_the_ticket_id_when_ids_belong_to_a_tracker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    options = ":\n      ids:\n        problem: 'OAK-\\d+'\n      trackers:\n        'OAK-\\d+': https://jira.example/browse/{id}"
    write_base(
        tmp_path, [record("problem", id="OAK-7", title="Seven", status="open")], options=options
    )
    monkeypatch.chdir(tmp_path)
    refused = CliRunner().invoke(main, ["new", "problem", "--title", "Pool leak"])
    assert refused.exit_code != 0 and "--id" in refused.output
    assert not (tmp_path / "knowledge/problems/OAK-8-pool-leak.md").exists()
    made = CliRunner().invoke(main, ["new", "problem", "--title", "Pool leak", "--id", "OAK-10234"])
    assert made.exit_code == 0, made.output
    assert list((tmp_path / "knowledge/problems").glob("OAK-10234*.md"))


NEAR_MISSES = [
    "oak-1.6-gc.log", "OAK-1.2", "xOAK-1", "#OAK-1", "_OAK-1", "OAK-10", "OAK-",
    "JOAK-1", "OAK-12", "1-OAK-1", "OAK-1\u0661",
]  # fmt: skip


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_near_misses_are_not_oak_1(text: str) -> None:
    finder = IdFinder([r"OAK-\d+"], messages=True)
    assert "OAK-1" not in [h.id for h in finder.finditer(text)]


@pytest.mark.parametrize(
    "text",
    ["Oak-1 tune", "OAK-1- Document", "from apache/OAK-1-split", "browse/OAK-1", "GC/OAK-1",
     "OAK-1_notes", "[OAK-1]", "(OAK-1)", "OAK-1.", "oak-1: fix"],
)  # fmt: skip
def test_ids_as_teams_write_them(text: str) -> None:
    finder = IdFinder([r"OAK-\d+"], messages=True)
    assert [h.id for h in finder.finditer(text)] == ["OAK-1"]


def test_case_is_ignored_only_where_letters_are_literal() -> None:
    assert analyse(r"(?:OAK|JCR)-\d+").foldable
    assert not analyse(r"[A-Z]+-\d+").foldable
    finder = IdFinder([r"[A-Z]+-\d+"], messages=True)
    assert [h.id for h in finder.finditer("utf-8 sha-256 OAK-3")] == ["OAK-3"]
