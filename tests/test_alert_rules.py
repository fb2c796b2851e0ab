"""Prometheus alert rules checked against the runbooks: `alert_rules`, SKMS601-606,
`skms alerts`, and the rules shown on the alerts index and on runbook pages."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import FIXTURES, run_check
from gitrepos import committed
from sitekit import article, page, record, write_base
from skms.alertrules import url_leads_to
from skms.cli import main
from skms.plugin.build import build_site

SOURCES = FIXTURES / "import"
OPTIONS = (
    ":\n      alert_rules:\n        - prometheus/rules/*.yml\n        - prometheus/manifests/*.yaml"
)


def make_base(root: Path, *, extra: list[tuple[str, str]] = ()) -> Path:
    """Runbooks imported from the OpenShift-style tree and the Hugo site, and the rule files."""
    checkout = record("service", "", id="checkout", title="Checkout", tier="gold")
    write_base(root, [checkout, *extra], options=OPTIONS, site_url="https://kb.example.com/")
    shutil.copytree(SOURCES / "prometheus", root / "prometheus")
    for args in (
        [str(SOURCES / "openshift/alerts")],
        [str(SOURCES / "hugo-runbooks"), "--service", "storefront"],
    ):
        result = CliRunner().invoke(main, ["import", "-f", str(root / "mkdocs.yml"), *args])
        assert result.exit_code == 0, result.output
    return root


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_base(tmp_path_factory.mktemp("rules") / "kb")


@pytest.fixture(scope="module")
def site(base: Path) -> Path:
    return build_site(base / "mkdocs.yml", site_dir=base / "site").site_dir


def test_check_reports_each_rule_and_runbook_mismatch_on_its_line(base: Path) -> None:
    run = run_check(base)
    assert run.exit_code == 0, run.output  # warnings: the team decides when to fix them
    found = {(d["code"], d["path"], d["line"]) for d in run.diagnostics if d["code"] >= "SKMS6"}
    rules, manifest = (
        "prometheus/rules/storefront.yml",
        "prometheus/manifests/cluster-monitoring.yaml",
    )
    assert found == {
        ("SKMS601", rules, 25),  # CheckoutLatencyHigh: no runbook
        ("SKMS601", manifest, 24),  # KubeNodeNotReady: no runbook
        ("SKMS603", rules, 24),  # SessionStoreLatencyHigh: runbook_url on the old wiki
        ("SKMS603", manifest, 31),  # TargetDown: no runbook_url at all
        ("SKMS602", "runbooks/etcd-members-down.md", 5),  # etcdMembersDown: no rule
    }
    [wrong] = [d for d in run.find("SKMS603") if d["path"] == rules]
    assert "old-wiki.example.com" in wrong["message"]
    assert (
        wrong["hint"] == "set runbook_url: https://kb.example.com/alerts/SessionStoreLatencyHigh/"
    )


def test_a_pull_request_s_check_reports_the_alert_rules_of_what_it_touched(
    tmp_path: Path,
) -> None:
    root = make_base(tmp_path / "kb")
    repo = committed(root, branch="pr")

    def full() -> set[tuple[str, str, int]]:
        return {(d["code"], d["path"], d["line"]) for d in run_check(root).diagnostics}

    # A runbook gains an alert no rule defines: reported, and only that.
    runbook = root / "runbooks/cart-error-ratio-high.md"
    text = runbook.read_text(encoding="utf-8")
    runbook.write_text(text.replace("- CartErrorRatioHigh\n", "- CartErrorRatioHigh\n- CartGone\n"))
    repo.git.add(A=True)
    repo.index.commit("Runbook: a new alert")
    touched = {f for f in full() if f[1] == "runbooks/cart-error-ratio-high.md"}
    new = ("SKMS602", "runbooks/cart-error-ratio-high.md", 5)
    assert new in touched
    run = run_check(root, "--changed-since", "main")
    assert {(d["code"], d["path"], d["line"]) for d in run.diagnostics} == touched

    # A touched rule file: what the full check says of it, no rule taken for one without a
    # runbook because its runbook is untouched.
    rules = root / "prometheus/rules/storefront.yml"
    rules.write_text(rules.read_text(encoding="utf-8") + "# reviewed\n", encoding="utf-8")
    repo.git.add(A=True)
    repo.index.commit("Rules: reviewed")
    found = {
        (d["code"], d["path"], d["line"])
        for d in run_check(root, "--changed-since", "main").diagnostics
    }
    expected = {f for f in full() if f[1] == "prometheus/rules/storefront.yml"}
    assert expected and found == expected | touched


def test_skms_alerts_prints_the_table_and_the_runbook_url_to_set(base: Path) -> None:
    result = CliRunner().invoke(main, ["alerts", "-f", str(base / "mkdocs.yml")])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["ALERT", "RUNBOOK", "SEVERITY", "FOR", "GROUP", "FILE"]
    assert any(
        line.split()
        == ["CartErrorRatioHigh", "cart-error-ratio-high", "page", "10m", "storefront",
            "prometheus/rules/storefront.yml:8"]
        for line in lines
    )  # fmt: skip
    assert (
        "  prometheus/rules/storefront.yml:24  SessionStoreLatencyHigh: runbook_url: "
        "https://kb.example.com/alerts/SessionStoreLatencyHigh/" in lines
    )
    assert "  prometheus/manifests/cluster-monitoring.yaml:31  TargetDown: runbook_url: " \
        "https://kb.example.com/alerts/TargetDown/" in lines  # fmt: skip
    assert lines[-1] == "4 of 6 alert rules have a runbook (66%)"
    data = json.loads(
        CliRunner()
        .invoke(main, ["alerts", "-f", str(base / "mkdocs.yml"), "--format", "json"])
        .stdout
    )
    assert data["coverage"] == {"with_runbook": 4, "rules": 6}
    crash = next(r for r in data["rules"] if r["alert"] == "KubePodCrashLooping")
    assert crash["runbook_url_ok"] and crash["set_runbook_url"] is None
    assert crash["runbooks"] == ["kube-pod-crash-looping"] and crash["for"] == "15m"
    assert "job:cart_requests:rate5m" not in json.dumps(data)  # recording rules are not alerts


def test_alerts_index_shows_coverage_and_each_alerts_rule(site: Path) -> None:
    html = article(page(site, "alerts"))
    assert "<strong>4 of 6</strong> alert rules have a runbook (66%)" in html
    assert "sum(rate(cart_requests_total{code=~&#34;5..&#34;}[5m]))" in html
    assert "prometheus/rules/storefront.yml:8" in html
    assert 'id="without-runbook"' in html and "KubeNodeNotReady" in html.replace("<wbr>", "")
    assert "no alert rule defines it" in html  # etcdMembersDown


def test_runbook_page_shows_the_rule_that_fired(site: Path) -> None:
    html = article(page(site, "runbooks/kube-pod-crash-looping"))
    assert "What fired" in html or "what fired" in html
    assert "kube_pod_container_status_waiting_reason{reason=&#34;CrashLoopBackOff&#34;}" in html
    assert "prometheus/manifests/cluster-monitoring.yaml:17" in html
    assert "kubernetes-apps" in html


def test_a_public_site_shows_no_alert_rules(base: Path, tmp_path: Path) -> None:
    site = build_site(base / "mkdocs.yml", site_dir=tmp_path / "public", audience="public").site_dir
    for path in site.rglob("*.html"):
        assert "cart_requests_total" not in path.read_text(encoding="utf-8"), path


def test_the_same_alert_in_two_runbooks_is_reported_on_the_second(tmp_path: Path) -> None:
    twin = record(
        "runbook", "## Meaning\nx\n", id="cart-errors-again", title="Cart errors",
        service="checkout", alerts=["CartErrorRatioHigh"],
    )  # fmt: skip
    root = make_base(tmp_path / "kb", extra=[twin])
    [dup] = run_check(root).find("SKMS604")
    assert dup["path"] in ("runbooks/cart-errors-again.md", "runbooks/cart-error-ratio-high.md")
    assert "also named by the runbook" in dup["message"] and dup["line"]


def test_unreadable_rule_files_and_empty_globs_are_reported(tmp_path: Path) -> None:
    root = make_base(tmp_path / "kb")
    (root / "prometheus/rules/broken.yml").write_text("groups:\n  - name: x\n    rules: [\n")
    (root / "prometheus/rules/notes.yml").write_text("just: a mapping\n")
    text = (root / "mkdocs.yml").read_text() + "        - missing/*.yml\n"
    (root / "mkdocs.yml").write_text(text)
    run = run_check(root)
    assert run.exit_code == 1
    errors = {(d["path"], d["line"]) for d in run.find("SKMS605")}
    assert errors == {("prometheus/rules/broken.yml", 4), ("prometheus/rules/notes.yml", 1)}
    [empty] = run.find("SKMS606")
    assert "'missing/*.yml' matches no file" in empty["message"]


def test_without_alert_rules_runbook_alerts_are_not_checked(tmp_path: Path) -> None:
    root = make_base(tmp_path / "kb")
    (root / "mkdocs.yml").write_text(
        (root / "mkdocs.yml").read_text().split("      alert_rules")[0]
    )
    assert not [c for c in run_check(root).codes() if c.startswith("SKMS60")]
    result = CliRunner().invoke(main, ["alerts", "-f", str(root / "mkdocs.yml")])
    assert result.exit_code == 2 and "alert_rules" in result.output


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://kb.example.com/alerts/KafkaLag/", True),
        ("https://kb.example.com/alerts/KafkaLag", True),
        ("https://kb.example.com/kb/alerts/{{ $labels.alertname }}/", True),
        ("https://kb.example.com/runbooks/kafka-lag/", True),
        ("https://kb.example.com/runbooks/kafka-lag.html", True),
        ("https://kb.example.com/alerts/KafkaLagHigh/", False),
        ("https://wiki.example.com/display/OPS/Kafka+lag", False),
        ("https://kb.example.com/runbooks/other/", False),
    ],
)
def test_runbook_url_leads_to_the_alert_page_or_the_runbook(url: str, ok: bool) -> None:
    assert url_leads_to(url, "KafkaLag", ["runbooks/kafka-lag/"]) is ok


def test_a_runbook_url_on_another_host_than_the_site_is_wrong() -> None:
    url = "https://old-wiki.example.com/alerts/KafkaLag/"
    assert url_leads_to(url, "KafkaLag", [], site_url=None)
    assert not url_leads_to(url, "KafkaLag", [], site_url="https://kb.example.com/")
    assert url_leads_to(
        "https://kb.example.com/alerts/KafkaLag/", "KafkaLag", [], "https://kb.example.com"
    )
