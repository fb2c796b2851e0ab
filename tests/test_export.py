"""`skms export` on the example knowledge base: every record and every backlink is there."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import yaml
from click.testing import CliRunner

from conftest import REPO_ROOT
from skms.cli import main

CONTENT = ["reviews", "runbooks", "knowledge"]
# front-matter field of a kind -> the backlink label it must produce on its target
REVERSE = {
    ("review", "problems"): "Incidents",
    ("review", "services"): "Incidents",
    ("review", "runbooks"): "Used in incidents",
    ("problem", "services"): "Problems",
    ("runbook", "service"): "Runbooks",
    ("readiness", "services"): "Releases",
    ("service", "depends_on"): "Dependents",
}
FOLDER_KIND = {
    "reviews": "review",
    "runbooks": "runbook",
    "services": "service",
    "problems": "problem",
    "readiness": "readiness",
    "articles": "article",
}


def example_front_matter() -> list[dict]:
    """Every example record's front matter, read without skms."""
    out = []
    for folder in CONTENT:
        for path in sorted((REPO_ROOT / folder).rglob("*.md")):
            text = path.read_text(encoding="utf-8")
            data = yaml.safe_load(text.split("---\n")[1])
            data.setdefault("kind", FOLDER_KIND[path.parent.name])
            out.append(data)
    return out


def export(tmp_path: Path, example: Path, *args: str) -> dict:
    out = tmp_path / "records.json"
    result = CliRunner().invoke(main, ["export", "-f", str(example), "-o", str(out), *args])
    assert result.exit_code == 0, result.output
    return json.loads(out.read_text(encoding="utf-8"))


def test_export_of_all_contains_every_example_record(tmp_path: Path, example: Path) -> None:
    records = export(tmp_path, example, "--audience", "all")["records"]
    assert sorted(r["id"] for r in records) == sorted(d["id"] for d in example_front_matter())


def test_export_contains_every_backlink_of_the_example(tmp_path: Path, example: Path) -> None:
    data = export(tmp_path, example, "--audience", "all")
    by_id = {r["id"]: r for r in data["records"]}
    expected: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for fm in example_front_matter():
        for (kind, field), label in REVERSE.items():
            if fm["kind"] != kind or field not in fm:
                continue
            targets = fm[field] if isinstance(fm[field], list) else [fm[field]]
            for target in targets:
                expected[target][label].add(fm["id"])
    assert expected, "the example has links"
    for target, groups in expected.items():
        for label, sources in groups.items():
            assert sources <= set(by_id[target]["backlinks"].get(label, [])), (target, label)


def test_export_is_deterministic(tmp_path: Path, example: Path) -> None:
    first = (tmp_path / "a").mkdir() or export(tmp_path / "a", example)
    second = (tmp_path / "b").mkdir() or export(tmp_path / "b", example)
    assert first == second
    assert data_schema(first) == 2


def data_schema(data: dict) -> int:
    return data["schema_version"]


def test_public_export_holds_only_public_records_and_no_links_to_others(
    tmp_path: Path, example: Path
) -> None:
    data = export(tmp_path, example, "--audience", "public")
    public = {d["id"] for d in example_front_matter() if d.get("visibility") == "public"}
    assert {r["id"] for r in data["records"]} == public
    text = json.dumps(data)
    for fm in example_front_matter():
        if fm["id"] not in public:
            assert f'"{fm["id"]}"' not in text, fm["id"]


def test_example_knowledge_base_passes_strict_check(monkeypatch, example: Path) -> None:
    # Pinned: action items and runbook reviews fall due as real days pass.
    monkeypatch.setenv("SKMS_TODAY", "2026-11-25")
    result = CliRunner().invoke(main, ["check", "--strict", "-f", str(example)])
    assert result.exit_code == 0, result.output
