#!/usr/bin/env python3
"""Site build benchmark: skms against a plain MkDocs build of the same markdown files.

    python benchmarks/build_bench.py 1000 5000
    python benchmarks/build_bench.py 1000 --repeat 3 --keep /tmp/bench

For each size N it synthesizes a knowledge base (benchmarks/corpus.py) and, in the same run:
- skms:  `skms build` of that base (records, generated views, alert pages, feed, records.json);
- plain: `mkdocs build` of the same markdown files copied into a docs folder, with Material,
         the search plugin and a flat nav (the home page only; records are not listed).
Each build runs in a fresh Python process that reports its own peak RSS, so nothing one build
loaded or cached helps the other. It prints wall time, peak RSS, median record page size and
total site size for both, and the ratios, against the targets: time <= 1.15, RSS <= 1.5,
median record page <= 40 KB.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # `python benchmarks/build_bench.py` from anywhere

from benchmarks.corpus import FOLDERS, TODAY, synthesize  # noqa: E402

TARGETS = {"time": 1.15, "rss": 1.5, "page_kb": 40.0}

# Runs in a fresh interpreter: build once, print the peak RSS of this process.
CHILD = """
import json, os, resource, sys
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
kind, config, site = sys.argv[1:4]
if kind == "skms":
    from skms.plugin.build import build_site
    from pathlib import Path
    build_site(Path(config), site_dir=Path(site))
else:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    cfg = load_config(config_file=config, site_dir=site)
    cfg.plugins.on_startup(command="build", dirty=False)
    try:
        build(cfg)
    finally:
        cfg.plugins.on_shutdown()
print(json.dumps({"rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""

PLAIN_YML = """\
site_name: Synthetic SKMS (plain MkDocs)
theme:
  name: material
  font: false
plugins:
  - search
nav:
  - index.md
not_in_nav: |
{patterns}
"""


def plain_project(kb: Path, out: Path) -> Path:
    """The same markdown files as a plain MkDocs project; returns its mkdocs.yml."""
    docs = out / "docs"
    shutil.copytree(kb / "docs", docs)
    tops = sorted({folder.split("/")[0] for folder in FOLDERS.values()})
    for top in tops:
        shutil.copytree(kb / top, docs / top)
    patterns = "\n".join(f"  /{top}/" for top in tops)
    (out / "mkdocs.yml").write_text(PLAIN_YML.format(patterns=patterns), encoding="utf-8")
    return out / "mkdocs.yml"


def run_build(kind: str, config: Path, site: Path) -> dict[str, float]:
    if site.exists():
        shutil.rmtree(site)
    began = time.perf_counter()
    # The corpus's own "today", so that no action item or runbook review falls due.
    env = {**os.environ, "SKMS_TODAY": TODAY.date().isoformat()}
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, kind, str(config), str(site)],
        capture_output=True,
        text=True,
        cwd=config.parent,
        env=env,
    )
    wall = time.perf_counter() - began
    if proc.returncode != 0:
        raise SystemExit(f"{kind} build failed:\n{proc.stderr[-4000:]}")
    rss_kb = json.loads(proc.stdout.strip().splitlines()[-1])["rss_kb"]
    return {"time": wall, "rss_mb": rss_kb / 1024}


def record_pages(site: Path, kind: str) -> list[Path]:
    """The HTML page of every record (not the generated views)."""
    if kind == "skms":
        sections = ["reviews", "problems", "runbooks", "services", "readiness", "articles"]
    else:
        sections = sorted(set(FOLDERS.values()))
    pages = []
    for section in sections:
        folder = site / section
        if folder.is_dir():
            pages += [p / "index.html" for p in folder.iterdir() if (p / "index.html").is_file()]
    return pages


def site_size(site: Path) -> int:
    return sum(p.stat().st_size for p in site.rglob("*") if p.is_file())


def measure(n: int, work: Path, repeat: int) -> dict[str, dict[str, float]]:
    kb = work / f"kb-{n}"
    counts = synthesize(n, kb, clean=True)
    plain = work / f"plain-{n}"
    if plain.exists():
        shutil.rmtree(plain)
    plain_config = plain_project(kb, plain)
    results: dict[str, dict[str, float]] = {}
    for kind, config in (("skms", kb / "mkdocs.yml"), ("plain", plain_config)):
        site = config.parent / "site"
        runs = [run_build(kind, config, site) for _ in range(repeat)]
        pages = record_pages(site, kind)
        results[kind] = {
            "time": min(r["time"] for r in runs),
            "rss_mb": min(r["rss_mb"] for r in runs),
            "page_kb": statistics.median(p.stat().st_size for p in pages) / 1024,
            "pages": len(pages),
            "site_mb": site_size(site) / 1024 / 1024,
        }
    results["records"] = {"n": sum(counts.values())}
    return results


def report(n: int, r: dict[str, dict[str, float]]) -> bool:
    s, p = r["skms"], r["plain"]
    ratios = {
        "time": s["time"] / p["time"],
        "rss": s["rss_mb"] / p["rss_mb"],
        "site": s["site_mb"] / p["site_mb"],
        "page": s["page_kb"] / p["page_kb"],
    }
    ok = (
        ratios["time"] <= TARGETS["time"]
        and ratios["rss"] <= TARGETS["rss"]
        and s["page_kb"] <= TARGETS["page_kb"]
    )
    print(f"\n== {int(r['records']['n'])} records ==")
    print(
        f"{'':8}{'wall s':>9}{'peak RSS MB':>13}{'median page KB':>16}{'site MB':>10}{'pages':>8}"
    )
    for kind in ("skms", "plain"):
        x = r[kind]
        print(
            f"{kind:8}{x['time']:>9.2f}{x['rss_mb']:>13.1f}{x['page_kb']:>16.1f}"
            f"{x['site_mb']:>10.1f}{int(x['pages']):>8}"
        )
    print(
        f"{'ratio':8}{ratios['time']:>9.2f}{ratios['rss']:>13.2f}{ratios['page']:>16.2f}"
        f"{ratios['site']:>10.2f}"
    )
    print(
        f"targets: time <= {TARGETS['time']} ({'ok' if ratios['time'] <= TARGETS['time'] else 'MISSED'}), "
        f"RSS <= {TARGETS['rss']} ({'ok' if ratios['rss'] <= TARGETS['rss'] else 'MISSED'}), "
        f"median record page <= {TARGETS['page_kb']:.0f} KB "
        f"({'ok' if s['page_kb'] <= TARGETS['page_kb'] else 'MISSED'})"
    )
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", type=int, nargs="+", help="record counts, e.g. 1000 5000")
    parser.add_argument("--repeat", type=int, default=1, help="builds per tool, best time kept")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="skms-build-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        results = [report(n, measure(n, work, args.repeat)) for n in args.sizes]
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
