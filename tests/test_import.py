"""`skms import`: existing runbooks and postmortems (Hugo, OpenShift-style, SRE book,
PagerDuty, Atlassian and free-form layouts) become records that check and build cleanly."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import git
import pytest
import yaml
from click.testing import CliRunner

from conftest import FIXTURES, run_check
from sitekit import article, page, record, write_base
from skms.cli import main
from skms.importer.review import parse_severity
from skms.importer.times import TimeError, one_zone, parse_stamp, stated_zones
from skms.plugin.build import build_site

SOURCES = FIXTURES / "import"
TODAY = "2026-03-05"


def run_import(root: Path, *args: str) -> tuple[int, dict]:
    """`skms import --format json`; a `sources/...` or `old-...` argument is below `root`."""
    args = tuple(str(root / a) if a.startswith(("sources/", "old-")) else a for a in args)
    result = CliRunner().invoke(
        main, ["import", "-f", str(root / "mkdocs.yml"), "--format", "json", *args]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, json.loads(result.stdout)


def front(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def body(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("---\n", 2)[2].lstrip("\n")


def by_source(report: dict, name: str) -> dict:
    [item] = [f for f in report["files"] if f["source"].endswith(name)]
    return item


def fields(items: list[dict]) -> dict[str, object]:
    return {x["field"]: x["value"] for x in items}


def new_base(root: Path) -> Path:
    checkout = record("service", "The checkout.\n", id="checkout", title="Checkout", tier="gold")
    write_base(root, [checkout], site_url="https://kb.example.com/")
    shutil.copytree(SOURCES, root / "sources")
    return root


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory):
    """A base with a service, into which every fixture layout is imported once."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SKMS_TODAY", TODAY)
        root = new_base(tmp_path_factory.mktemp("import") / "kb")
        reports = {
            "openshift": run_import(root, "sources/openshift/alerts"),
            "hugo": run_import(root, "sources/hugo-runbooks", "--service", "storefront"),
            "postmortems": run_import(root, "sources/postmortems", "--severity", "SEV3"),
        }
        yield root, reports


# --- runbooks ---------------------------------------------------------------------------


def test_openshift_tree_gives_one_runbook_per_alert_with_the_service_from_its_folder(
    imported,
) -> None:
    root, reports = imported
    code, report = reports["openshift"]
    assert code == 0
    meta = front(root / "runbooks/kube-pod-crash-looping.md")
    assert meta["alerts"] == ["KubePodCrashLooping"]
    assert meta["service"] == "cluster-monitoring-operator"
    assert meta["imported_from"] == (
        "sources/openshift/alerts/cluster-monitoring-operator/KubePodCrashLooping.md"
    )
    assert front(root / "runbooks/etcd-members-down.md")["alerts"] == ["etcdMembersDown"]
    item = by_source(report, "KubePodCrashLooping.md")
    assert fields(item["guessed"])["service"] == "cluster-monitoring-operator"
    assert any(g["text"] == "KubePodCrashLooping.md" for g in item["guessed"])
    # The services the folders name did not exist: they are created, tier to be confirmed.
    service = front(root / "knowledge/services/etcd-operator.md")
    assert service["tier"] == "bronze"
    assert any("tier" in line for line in by_source(report, "etcd-operator/")["fill_in"])


def test_a_relative_link_between_imported_runbooks_becomes_a_record_link(imported) -> None:
    root, _ = imported
    text = body(root / "runbooks/kube-pod-crash-looping.md")
    assert "[[etcd-members-down|the etcd runbook]]" in text
    assert text.startswith("## Meaning")  # the `# KubePodCrashLooping` heading became the title


def test_hugo_runbooks_get_contract_headings_alerts_and_resolved_refs(imported) -> None:
    root, reports = imported
    _, report = reports["hugo"]
    cart = root / "runbooks/cart-error-ratio-high.md"
    meta = front(cart)
    assert meta["alerts"] == ["CartErrorRatioHigh"] and meta["service"] == "storefront"
    assert meta["tags"] == ["cart", "errors"]
    assert meta["weight"] == 10  # kept, and the report says so
    text = body(cart)
    assert "## Meaning\n\nThe cart API" in text and "## Diagnosis" in text
    assert "## Mitigation\n\nRoll back" in text
    assert "[[session-store-latency|session store latency]]" in text
    assert "{{< hint warning >}}" in text  # other shortcodes stay, reported
    item = by_source(report, "cart-error-ratio.md")
    assert {"field": "section", "value": "Diagnosis"}.items() <= next(
        g for g in item["guessed"] if g["value"] == "Diagnosis"
    ).items()
    assert any("weight" in line for line in item["kept"])
    assert any("hint warning" in line for line in item["kept"])
    assert any(line.startswith("section `## Impact`") for line in item["fill_in"])
    # TOML front matter with an `alertname` key.
    session = front(root / "runbooks/session-store-latency.md")
    assert session["alerts"] == ["SessionStoreLatencyHigh"]
    assert "[[cart-error-ratio-high]]" in body(root / "runbooks/session-store-latency.md")
    assert by_source(report, "_index.md")["action"] == "skipped"


# --- postmortems ------------------------------------------------------------------------


def test_sre_book_postmortem_times_from_its_timeline_in_the_zone_it_states(imported) -> None:
    root, reports = imported
    _, report = reports["postmortems"]
    item = by_source(report, "sre-book-search-overload.md")
    meta = front(root / item["target"])
    assert meta["started"].isoformat() == "2026-02-17T14:02:00+00:00"
    assert meta["detected"].isoformat() == "2026-02-17T14:06:00+00:00"
    assert meta["resolved"].isoformat() == "2026-02-17T14:40:00+00:00"
    assert meta["severity"] == "SEV3"  # the source has none: --severity
    assert meta["authors"] == ["dana", "kofi"]
    assert meta["services"] == ["checkout"]
    assert meta["impact"].startswith("About 41,000 searches") and meta["impact"].endswith(
        "not affected."
    )
    assert [(a["title"], a["type"], a["owner"]) for a in meta["action_items"]][:2] == [
        ("Load the feature table once per process", "prevent", "kofi"),
        ("Add logged-in traffic to the canary", "process", "dana"),
    ]
    assert meta["action_items"][0]["link"] == "https://tracker.example.com/b/4411"
    # "Complete" in the source, but no due dates: a draft until someone adds them.
    assert meta["status"] == "draft"
    assert any("Complete" in line and "due date" in line for line in item["fill_in"])
    guessed = {g["field"]: g for g in item["guessed"]}
    assert guessed["started"]["text"] == "14:02 Rollout of r58 starts in all regions."
    assert "## Contributing factors\n\n- The new ranking model" in body(root / item["target"])


def test_pagerduty_postmortem_times_from_its_header_table_with_their_zone(imported) -> None:
    root, reports = imported
    _, report = reports["postmortems"]
    item = by_source(report, "pagerduty-payments-timeouts.md")
    meta = front(root / item["target"])
    assert meta["started"].isoformat() == "2026-03-09T18:20:00-08:00"
    assert meta["mitigated"].isoformat() == "2026-03-09T19:05:00-08:00"
    assert meta["resolved"].isoformat() == "2026-03-09T19:40:00-08:00"
    assert meta["severity"] == "SEV2"
    assert meta["action_items"] == [
        {
            "title": "Trust the provider's root instead of pinning the intermediate",
            "owner": "lee",
            "due": __import__("datetime").date(2026, 4, 1),
            "status": "open",
        },
        {
            "title": "Log handshake failures at error level",
            "owner": "priya",
            "due": __import__("datetime").date(2026, 3, 20),
            "status": "done",
        },
        {"title": "Ask the provider for notice before certificate changes", "status": "open"},
    ]
    assert fields(item["found"])["started"] == "2026-03-09T18:20:00-08:00"


def test_atlassian_postmortem_header_table_and_timeline_table(imported) -> None:
    root, reports = imported
    _, report = reports["postmortems"]
    item = by_source(report, "atlassian-login-outage.md")
    meta = front(root / item["target"])
    assert meta["severity"] == "SEV1" and meta["status"] == "in-review"
    assert meta["started"].isoformat() == "2026-01-12T09:14:00+01:00"
    assert meta["resolved"].isoformat() == "2026-01-12T09:52:00+01:00"
    assert meta["detection"] == "customer"
    assert [a["owner"] for a in meta["action_items"]] == ["team-identity", "sre"]
    assert meta["action_items"][0]["title"] == "Publish the key before switching the key id"
    guessed = {g["field"]: g for g in item["guessed"]}
    assert guessed["severity"]["text"] == "P1"
    # Overdue on the day of the import: the report says so (skms check warns about it too).
    assert any("was due 2026-02-15" in line for line in item["fill_in"])


def test_free_form_postmortem_is_imported_as_a_draft_with_what_it_has(imported) -> None:
    root, reports = imported
    _, report = reports["postmortems"]
    item = by_source(report, "freeform-dns.md")
    meta = front(root / item["target"])
    assert meta["title"] == "Internal DNS flapped"
    assert meta["severity"] == "SEV2"  # "Severity: high"
    assert meta["status"] == "draft"
    assert meta["started"].isoformat() == "2026-02-03T10:05:00+01:00"  # "All times are in CET"
    assert "action_items" not in meta and "impact" not in meta
    assert {line.split(":")[0] for line in item["fill_in"]} >= {
        "impact",
        "status",
        "action_items",
        "mitigated",
    }
    text = body(root / item["target"])
    assert "TODO: write proper action items." in text and "Why: the new resolver" in text


def test_every_fixture_file_is_imported_and_the_text_report_says_what_it_found(
    tmp_path: Path,
) -> None:
    root = new_base(tmp_path / "kb")
    result = CliRunner().invoke(
        main,
        ["import", "-f", str(root / "mkdocs.yml"), "--dry-run", "--severity", "SEV3",
         str(root / "sources/postmortems")],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "would create review INC-0001" in result.output
    assert "guessed  severity: SEV1 (the line, line 5: 'P1')" in result.output
    assert "4 file(s): 4 created (dry run: nothing written)" in result.output
    assert not (root / "reviews").exists()


# --- the imported base checks and builds ------------------------------------------------


def test_check_after_import_has_no_errors_and_warns_only_about_what_the_report_named(
    imported,
) -> None:
    root, reports = imported
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SKMS_TODAY", TODAY)
        run = run_check(root)
    assert run.exit_code == 0, run.output
    assert set(run.codes()) <= {"SKMS207", "SKMS302"}
    named = json.dumps([r for _, r in reports.values()])
    for diag in run.diagnostics:
        word = diag["message"].split("'")[1]  # the unknown key, or the action item's title
        assert word in named, diag


def test_imported_base_builds_and_links_resolve(imported) -> None:
    root, _ = imported
    result = build_site(root / "mkdocs.yml", site_dir=root / "site")
    assert not result.diagnostics.errors
    html = article(page(result.site_dir, "runbooks/kube-pod-crash-looping"))
    assert 'href="../etcd-members-down/"' in html
    alert = (result.site_dir / "alerts/CartErrorRatioHigh/index.html").read_text()
    assert "runbooks/cart-error-ratio-high/" in alert


# --- running it again ---------------------------------------------------------------------


def test_import_again_changes_nothing_and_updates_in_place_when_the_source_changed(
    tmp_path: Path,
) -> None:
    root = new_base(tmp_path / "kb")
    run_import(root, "sources/openshift/alerts")
    run_import(root, "sources/postmortems", "--severity", "SEV3")
    files = sorted(p.relative_to(root) for p in root.rglob("*.md") if "sources" not in p.parts)
    snapshot = {p: (root / p).read_bytes() for p in files}
    code, report = run_import(root, "sources/postmortems", "--severity", "SEV3")
    assert code == 0
    assert {f["action"] for f in report["files"]} == {"unchanged"}
    code, report = run_import(root, "sources/openshift/alerts")
    assert {f["action"] for f in report["files"]} == {"unchanged"}
    assert {p: (root / p).read_bytes() for p in files} == snapshot
    assert (
        sorted(p.relative_to(root) for p in root.rglob("*.md") if "sources" not in p.parts) == files
    )

    # A person fills in what the source lacked; the source then changes.
    target = root / by_source(report, "TargetDown.md")["target"]
    target.write_text(target.read_text().replace("---\n\n", "owner: team-monitoring\n---\n\n", 1))
    source = root / "sources/openshift/alerts/cluster-monitoring-operator/TargetDown.md"
    source.write_text(source.read_text().replace("one or more targets", "a target"))
    code, report = run_import(root, "sources/openshift/alerts")
    item = by_source(report, "TargetDown.md")
    assert item["action"] == "updated" and item["id"] == "target-down"
    assert front(target)["owner"] == "team-monitoring"
    assert "cannot scrape a target of a job" in body(target)
    assert len(list((root / "runbooks").glob("*.md"))) == 3


def test_in_place_adds_front_matter_where_the_files_are_and_keeps_their_history(
    tmp_path: Path,
) -> None:
    root = tmp_path / "kb"
    checkout = record("service", "", id="checkout", title="Checkout", tier="gold")
    write_base(root, [checkout], options=":\n      content:\n        old-runbooks: runbook\n"
               "        knowledge/services: service")  # fmt: skip
    folder = root / "old-runbooks/checkout"
    shutil.copytree(SOURCES / "openshift/alerts/cluster-monitoring-operator", folder)
    repo = git.Repo.init(root)
    repo.index.add([str(p.relative_to(root)) for p in root.rglob("*.md")] + ["mkdocs.yml"])
    repo.index.commit("Runbooks as they were")
    code, report = run_import(root, "old-runbooks", "--in-place")
    assert code == 0, report
    path = folder / "KubePodCrashLooping.md"
    meta = front(path)
    assert meta["service"] == "checkout" and meta["alerts"] == ["KubePodCrashLooping"]
    assert meta["imported_from"] == "old-runbooks/checkout/KubePodCrashLooping.md"
    assert not (root / "runbooks").exists()
    repo.index.add([str(path.relative_to(root))])
    repo.index.commit("Front matter for the runbooks")
    log = repo.git.log("--follow", "--format=%s", "--", str(path.relative_to(root)))
    assert log.splitlines() == ["Front matter for the runbooks", "Runbooks as they were"]
    # Again: nothing to do.
    _, report = run_import(root, "old-runbooks", "--in-place")
    assert {f["action"] for f in report["files"]} == {"unchanged"}
    assert run_check(root).exit_code == 0


# --- bad input ----------------------------------------------------------------------------


def test_bad_files_are_reported_and_nothing_of_them_is_written(tmp_path: Path) -> None:
    root = new_base(tmp_path / "kb")
    bad = root / "sources/bad"
    (bad / "binary.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    shutil.copy(SOURCES / "postmortems/pagerduty-payments-timeouts.md", bad / "good.md")
    code, report = run_import(root, "sources/bad", "--kind", "review")
    assert code == 1
    errors = {Path(f["source"]).name: f["errors"] for f in report["files"] if f["errors"]}
    assert set(errors) == {
        "binary.md",
        "no-title.md",
        "two-zones.md",
        "unknown-severity.md",
        "no-zone.md",
    }
    assert "binary file" in errors["binary.md"][0]
    assert errors["no-title.md"][0].startswith("no title")
    assert "two time zones: 'UTC' (line 5) and 'PST' (line 9)" in errors["two-zones.md"][0]
    assert "unknown severity 'purple'" in errors["unknown-severity.md"][0]
    assert "times without a time zone" in errors["no-zone.md"][0]
    written = sorted(p.name for p in (root / "reviews").iterdir())
    assert written == ["INC-0001-payment-authorisation-timeouts.md"]  # the good one only


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    root = new_base(tmp_path / "kb")
    result = CliRunner().invoke(
        main,
        ["import", "-f", str(root / "mkdocs.yml"), "--severity", "purple", str(root / "sources")],
    )
    assert result.exit_code == 2 and "--severity 'purple' is not allowed" in result.output


# --- the pieces -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SEV2", ("SEV2", True)),
        ("Sev-1", ("SEV1", True)),
        ("sev 4", ("SEV4", True)),
        ("P1", ("SEV1", False)),
        ("high", ("SEV2", False)),
        ("Critical", ("SEV1", False)),
        ("low", ("SEV4", False)),
        ("purple", None),
        ("SEV9", None),
    ],
)
def test_severity_words_map_onto_the_configured_scale(text, expected) -> None:
    assert parse_severity(text, ["SEV1", "SEV2", "SEV3", "SEV4", "SEV5"]) == expected


@pytest.mark.parametrize(
    ("statement", "offset_hours"),
    [
        ("All times in UTC.", 0),
        ("all times are PST", -8),
        ("Time zone: UTC+1", 1),
        ("(times in +05:30)", 5.5),
        ("Timezone: Europe/Berlin", None),
    ],
)
def test_stated_time_zones(statement: str, offset_hours: float | None) -> None:
    [zone] = stated_zones([(3, statement)])
    assert zone.line == 3
    if offset_hours is not None:
        assert zone.tz.utcoffset(None).total_seconds() == offset_hours * 3600
    else:
        assert str(zone.tz) == "Europe/Berlin"


def test_two_stated_zones_are_an_error_but_the_same_zone_twice_is_not() -> None:
    assert one_zone(stated_zones([(1, "All times in UTC"), (9, "times in GMT")])) is not None
    with pytest.raises(TimeError, match="two time zones"):
        one_zone(stated_zones([(1, "All times in UTC"), (9, "times in PDT")]))


def test_a_time_range_is_not_read_as_an_offset() -> None:
    stamp = parse_stamp("10:00-11:00 errors", at_start=True)
    assert stamp is not None and stamp.zone is None and stamp.clock.hour == 10
