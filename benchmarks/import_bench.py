"""`skms import` of N source files (default 1,000; target: under 10 s).

Writes N markdown files outside the knowledge base: half runbooks one per alert in an
`alerts/<service>/<Alert>.md` tree, half postmortems with a header, a timeline in a stated
zone and an action-item table; imports them into an empty base, then again (every file
unchanged), and prints both times.

    python benchmarks/import_bench.py [N]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from skms.config import load_config
from skms.importer import ImportOptions, run_import

MKDOCS = "site_name: Import benchmark\ntheme:\n  name: material\nplugins:\n  - skms\n"


def write_sources(root: Path, n: int) -> None:
    for i in range(n // 2):
        folder = root / "alerts" / f"service-{i % 25}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"Alert{i}Firing.md").write_text(
            f"# Alert{i}Firing\n\n## Symptoms\n\nQueue {i} grows for ten minutes.\n\n"
            "## Investigation\n\n```sh\nkubectl get pods\n```\n\n## Remediation\n\nScale out.\n"
        )
    folder = root / "postmortems"
    folder.mkdir()
    for i in range(n - n // 2):
        day = f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}"
        (folder / f"pm-{i}.md").write_text(
            f"# Outage {i} of the order pipeline\n\n**Date:** {day}\n\n**Severity:** SEV{1 + i % 4}\n\n"
            f"**Status:** Draft\n\n## Summary\n\nOrders stalled.\n\n## Impact\n\n{i} orders waited.\n\n"
            "## Root causes\n\n- A consumer stopped committing offsets.\n\n"
            "## Timeline\n\nAll times in UTC.\n\n- 10:00 lag starts growing\n- 10:05 alert fires\n"
            "- 10:30 consumers restarted, mitigated\n- 11:00 resolved\n\n"
            "## Action items\n\n| Action | Owner | Due |\n|---|---|---|\n"
            f"| Alert on commit age | team-{i % 9} | 2026-12-31 |\n"
        )


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        kb, sources = root / "kb", root / "sources"
        (kb / "docs").mkdir(parents=True)
        (kb / "mkdocs.yml").write_text(MKDOCS)
        write_sources(sources, n)
        config = load_config(kb / "mkdocs.yml")
        timings = []
        for _ in range(2):
            start, cpu = time.perf_counter(), time.process_time()
            report = run_import(config, sources, ImportOptions())
            timings.append((time.perf_counter() - start, time.process_time() - cpu))
            assert report.ok, [f.errors for f in report.files if f.errors][:3]
        actions = report.counts()
    print(f"{n} source files")
    print(
        f"  first import:  {timings[0][0]:.2f} s wall, {timings[0][1]:.2f} s CPU  (target < 10 s)"
    )
    print(f"  import again:  {timings[1][0]:.2f} s wall, {timings[1][1]:.2f} s CPU  ({actions})")


if __name__ == "__main__":
    main()
