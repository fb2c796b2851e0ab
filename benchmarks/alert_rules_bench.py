"""Alert rules checked against runbooks: 10,000 rules and 2,000 runbooks (target: under 2 s).

Writes a knowledge base with N runbooks (one alert each, a few sharing none) and R rules in
rule files of 200 rules each, half plain `groups:` files and half `PrometheusRule`
manifests; four rules in five have a runbook, one in ten a runbook_url to fix. Measures:

- rules: reading every rule file and the checks (SKMS601-604) over loaded records;
- check: a whole `skms check` with `alert_rules`, against the same check without it.

    python benchmarks/alert_rules_bench.py [RULES] [RUNBOOKS]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from skms.alertrules import check_alert_rules, check_duplicate_alerts, load_alert_rules
from skms.config import load_config
from skms.diagnostics import Diagnostics
from skms.load import load
from skms.pipeline import load_knowledge_base

MKDOCS = """site_name: Alert rules benchmark
site_url: https://kb.example.com/
theme:
  name: material
plugins:
  - skms:
      scan_own_repo: false
      alert_rules: ["rules/**/*.yml", "manifests/*.yaml"]
"""


def write_base(root: Path, rules: int, runbooks: int) -> None:
    (root / "docs").mkdir(parents=True)
    (root / "docs/index.md").write_text("# Home\n")
    (root / "mkdocs.yml").write_text(MKDOCS)
    services = root / "knowledge/services"
    services.mkdir(parents=True)
    for s in range(20):
        (services / f"svc-{s}.md").write_text(
            f"---\nid: svc-{s}\ntitle: Service {s}\ntier: silver\n---\n"
        )
    books = root / "runbooks"
    books.mkdir()
    for i in range(runbooks):
        (books / f"alert-{i}.md").write_text(
            f"---\nid: alert-{i}\ntitle: Alert {i}\nservice: svc-{i % 20}\n"
            f"alerts: [Alert{i}]\nlast_reviewed: 2026-11-01\n---\n\n## Meaning\n\nAlert {i}.\n"
        )
    per_file = 200
    for f in range(0, rules, per_file):
        manifest = (f // per_file) % 2 == 1
        lines = []
        if manifest:
            lines += ["apiVersion: monitoring.coreos.com/v1", "kind: PrometheusRule",
                      "metadata:", f"  name: rules-{f}", "spec:"]  # fmt: skip
        pad = "  " if manifest else ""
        lines += [f"{pad}groups:", f"{pad}  - name: group-{f}", f"{pad}    rules:"]
        for i in range(f, min(f + per_file, rules)):
            # Four in five rules name an alert a runbook answers.
            name = f"Alert{i % runbooks}" if i % 5 else f"Unanswered{i}"
            url = f"https://kb.example.com/alerts/{name}/" if i % 10 else "https://wiki/x"
            lines += [
                f"{pad}      - alert: {name}",
                f'{pad}        expr: sum(rate(errors_total{{job="job-{i}"}}[5m])) > {i % 7}',
                f"{pad}        for: 5m",
                f"{pad}        labels:",
                f"{pad}          severity: page",
                f"{pad}        annotations:",
                f"{pad}          runbook_url: {url}",
            ]
        folder = root / ("manifests" if manifest else "rules/team")
        folder.mkdir(parents=True, exist_ok=True)
        suffix = "yaml" if manifest else "yml"
        (folder / f"rules-{f:05d}.{suffix}").write_text("\n".join(lines) + "\n")


def best_of(runs: int, fn) -> tuple[float, float]:
    """Best (wall, CPU) seconds of a few runs: on a shared machine wall time varies."""
    times = []
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        fn()
        times.append((time.perf_counter() - start, time.process_time() - cpu))
    return min(t[0] for t in times), min(t[1] for t in times)


def main() -> None:
    rules = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    runbooks = int(sys.argv[2]) if len(sys.argv) > 2 else 2_000
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_base(root, rules, runbooks)
        config = load_config(root / "mkdocs.yml")
        records = load(config).records

        def rule_checks() -> None:
            diags = Diagnostics()
            found = load_alert_rules(config, diags)
            check_alert_rules(config, found, records, diags)
            check_duplicate_alerts(records, diags)
            assert len(found.rules) == rules

        rules_s = best_of(3, rule_checks)
        with_rules = best_of(3, lambda: load_knowledge_base(config, audience="all", git=False))
        config.alert_rules = []
        without = best_of(3, lambda: load_knowledge_base(config, audience="all", git=False))
    print(f"{rules} rules, {runbooks} runbooks (seconds: best wall / best CPU of 3)")
    print(f"  rule files read and checked:  {rules_s[0]:.2f} / {rules_s[1]:.2f}  (target < 2 s)")
    print(f"  skms check with alert_rules:  {with_rules[0]:.2f} / {with_rules[1]:.2f}")
    print(f"  skms check without:           {without[0]:.2f} / {without[1]:.2f}")


if __name__ == "__main__":
    main()
