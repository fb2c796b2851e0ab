#!/usr/bin/env python3
"""Site build benchmark: skms against a plain MkDocs build of the same markdown files.

    python benchmarks/build_bench.py 1000 5000
    python benchmarks/build_bench.py 1000 --repeat 3 --keep /tmp/bench
    python benchmarks/build_bench.py 5000 --no-search-only

For each size N it synthesizes a knowledge base (benchmarks/corpus.py) and, in the same run,
builds it like for like, without search on either side:
- skms:  `skms build` of that base with the skms option `search: none` (records, generated
         views, alert pages, feed, records.json);
- plain: `mkdocs build` of the same markdown files copied into a docs folder, with Material,
         no `search` plugin and a flat nav (the home page only; records are not listed).
That pair is the main row, against the targets: time <= 1.15, RSS <= 1.5, median record
page <= 40 KB. For information it also builds both with their default search: skms with
Pagefind (the indexer runs over the written site) against plain MkDocs with Material's
`search` plugin (lunr); `--no-search-only` leaves that pair out.
Each build runs in a fresh Python process that reports its own peak RSS, so nothing one build
loaded or cached helps the other; with `--repeat` the builds are interleaved and the best of
each kept. It prints wall time, CPU time (user and system of the build's own process, not
of the processes it starts such as the Pagefind indexer: a machine busy with other work
stretches wall time far more than CPU time, so on a shared machine compare the CPU ratio
too), peak RSS, median record page size and total site size.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # `python benchmarks/build_bench.py` from anywhere

from benchmarks.corpus import FOLDERS, MKDOCS_YML, TODAY, synthesize  # noqa: E402
from benchmarks.timing import work_folder  # noqa: E402

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
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"rss_kb": usage.ru_maxrss, "cpu": usage.ru_utime + usage.ru_stime}))
"""

PLAIN_YML = """\
site_name: Synthetic SKMS (plain MkDocs)
theme:
  name: material
  font: false
plugins:{plugins}
nav:
  - index.md
not_in_nav: |
{patterns}
"""


def plain_project(kb: Path, out: Path, *, search: bool = True) -> Path:
    """The same markdown files as a plain MkDocs project; returns its mkdocs.yml.

    With `search` (the default) Material's `search` plugin is on, as in `mkdocs new`.
    """
    docs = out / "docs"
    shutil.copytree(kb / "docs", docs)
    tops = sorted({folder.split("/")[0] for folder in FOLDERS.values()})
    for top in tops:
        shutil.copytree(kb / top, docs / top)
    patterns = "\n".join(f"  /{top}/" for top in tops)
    plugins = "\n  - search" if search else " []"
    text = PLAIN_YML.format(patterns=patterns, plugins=plugins)
    (out / "mkdocs.yml").write_text(text, encoding="utf-8")
    return out / "mkdocs.yml"


def skms_config(kb: Path, search: str) -> Path:
    """The corpus's mkdocs.yml with the given skms `search` option (none, material, pagefind)."""
    text = MKDOCS_YML.replace("  - search\n", "  - search\n" if search == "material" else "")
    text = text.replace("  - skms\n", f"  - skms:\n      search: {search}\n")
    path = kb / f"mkdocs-{search}.yml"
    path.write_text(text, encoding="utf-8")
    return path


def run_build(kind: str, config: Path, site: Path, child: str = CHILD) -> dict[str, Any]:
    """Build in a fresh interpreter running `child` (see CHILD for what it gets and prints):
    the wall time, the peak RSS in MB, and whatever else the child printed."""
    if site.exists():
        shutil.rmtree(site)
    began = time.perf_counter()
    # The corpus's own "today", so that no action item or runbook review falls due.
    env = {**os.environ, "SKMS_TODAY": TODAY.date().isoformat()}
    proc = subprocess.run(
        [sys.executable, "-c", child, kind, str(config), str(site)],
        capture_output=True,
        text=True,
        cwd=config.parent,
        env=env,
    )
    wall = time.perf_counter() - began
    if proc.returncode != 0:
        raise SystemExit(f"{kind} build failed:\n{proc.stderr[-4000:]}")
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    return {"time": wall, "rss_mb": out.pop("rss_kb") / 1024, **out}


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


# (row name, skms search option, plain MkDocs with Material's search plugin)
PAIRS = (("no search", "none", False), ("default search", "pagefind", True))


def measure(n: int, work: Path, repeat: int, pairs: tuple = PAIRS) -> dict[str, dict]:
    kb = work / f"kb-{n}"
    counts = synthesize(n, kb, clean=True)
    builds: list[tuple[str, str, Path]] = []  # (result key, kind, mkdocs.yml)
    for name, skms_search, plain_search in pairs:
        plain = work / f"plain-{n}-{skms_search}"
        if plain.exists():
            shutil.rmtree(plain)
        builds.append((f"plain, {name}", "plain", plain_project(kb, plain, search=plain_search)))
        builds.append((f"skms, {name}", "skms", skms_config(kb, skms_search)))
    runs: dict[str, list[dict[str, float]]] = {key: [] for key, _, _ in builds}
    for _ in range(repeat):  # interleaved, so that a busy spell does not favour one side
        for key, kind, config in builds:
            runs[key].append(run_build(kind, config, site_of(key, config)))
    results: dict[str, dict] = {"records": {"n": sum(counts.values())}}
    for key, kind, config in builds:
        site = site_of(key, config)
        pages = record_pages(site, kind)
        results[key] = {
            "time": min(r["time"] for r in runs[key]),
            "rss_mb": min(r["rss_mb"] for r in runs[key]),
            "cpu": min(r["cpu"] for r in runs[key]),
            "page_kb": statistics.median(p.stat().st_size for p in pages) / 1024,
            "pages": len(pages),
            "site_mb": site_size(site) / 1024 / 1024,
        }
    return results


def site_of(key: str, config: Path) -> Path:
    return config.parent / ("site-" + key.split(",")[0] + "-" + config.stem)


def report(n: int, r: dict[str, dict], pairs: tuple = PAIRS) -> bool:
    print(f"\n== {int(r['records']['n'])} records ==")
    print(
        f"{'':24}{'wall s':>9}{'CPU s':>8}{'peak RSS MB':>13}{'median page KB':>16}{'site MB':>10}{'pages':>8}"
    )
    ok = True
    for index, (name, _, _) in enumerate(pairs):
        s, p = r[f"skms, {name}"], r[f"plain, {name}"]
        for kind, x in (("plain", p), ("skms", s)):
            print(
                f"{kind + ', ' + name:24}{x['time']:>9.2f}{x['cpu']:>8.2f}{x['rss_mb']:>13.1f}"
                f"{x['page_kb']:>16.1f}{x['site_mb']:>10.1f}{int(x['pages']):>8}"
            )
        ratios = {
            "time": s["time"] / p["time"],
            "cpu": s["cpu"] / p["cpu"],
            "rss": s["rss_mb"] / p["rss_mb"],
            "site": s["site_mb"] / p["site_mb"],
            "page": s["page_kb"] / p["page_kb"],
        }
        print(
            f"{'ratio, ' + name:24}{ratios['time']:>9.2f}{ratios['cpu']:>8.2f}{ratios['rss']:>13.2f}"
            f"{ratios['page']:>16.2f}{ratios['site']:>10.2f}"
        )
        if index == 0:
            # The targets apply to the like-for-like pair only; the other is for information.
            met = {
                "time": ratios["time"] <= TARGETS["time"],
                "rss": ratios["rss"] <= TARGETS["rss"],
                "page": s["page_kb"] <= TARGETS["page_kb"],
            }
            ok = all(met.values())
            word = {True: "ok", False: "MISSED"}
            print(
                f"targets ({name}): time <= {TARGETS['time']} ({word[met['time']]}), "
                f"RSS <= {TARGETS['rss']} ({word[met['rss']]}), "
                f"median record page <= {TARGETS['page_kb']:.0f} KB ({word[met['page']]})"
            )
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", type=int, nargs="+", help="record counts, e.g. 1000 5000")
    parser.add_argument("--repeat", type=int, default=1, help="builds per tool, best time kept")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument(
        "--no-search-only",
        action="store_true",
        help="only the like-for-like pair without search (not the default-search pair)",
    )
    args = parser.parse_args(argv)
    pairs = PAIRS[:1] if args.no_search_only else PAIRS
    with work_folder(args.keep, "skms-build-bench-") as work:
        results = [report(n, measure(n, work, args.repeat, pairs), pairs) for n in args.sizes]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
