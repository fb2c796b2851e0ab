#!/usr/bin/env python3
"""Page size benchmark: the largest pages `skms build` writes for a synthetic base.

    python benchmarks/pages_bench.py 10000
    python benchmarks/pages_bench.py 10000 --keep /tmp/pages-bench --top 15

For each size N it synthesizes a knowledge base (benchmarks/corpus.py), builds it with skms in
a fresh process and prints the largest HTML pages, the number of tag pages and their share of
the site, against the targets: no page over 500 KB, tag pages at most a quarter of the pages.
Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # `python benchmarks/pages_bench.py` from anywhere

from benchmarks.corpus import TODAY, synthesize  # noqa: E402
from benchmarks.timing import work_folder  # noqa: E402

MAX_PAGE_KB = 500
MAX_TAG_SHARE = 0.25
CHILD = (
    "import sys; from pathlib import Path; from skms.plugin.build import build_site; "
    "build_site(Path(sys.argv[1]), site_dir=Path(sys.argv[2]))"
)


def measure(n: int, work: Path, top: int) -> bool:
    kb = work / f"kb-{n}"
    synthesize(n, kb, clean=True)
    site = work / f"site-{n}"
    if site.exists():
        shutil.rmtree(site)
    began = time.perf_counter()
    env = {**os.environ, "SKMS_TODAY": TODAY.date().isoformat()}
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(kb / "mkdocs.yml"), str(site)],
        capture_output=True,
        text=True,
        cwd=kb,
        env=env,
    )
    if proc.returncode != 0:
        raise SystemExit(f"build failed:\n{proc.stderr[-4000:]}")
    wall = time.perf_counter() - began
    pages = [p for p in site.rglob("*.html") if p.relative_to(site).parts[0] != "assets"]
    sizes = sorted(((p.stat().st_size, p) for p in pages), reverse=True)
    tags = [p for p in pages if p.relative_to(site).parts[0] == "tags"]
    share = len(tags) / len(pages) if pages else 0.0
    biggest = sizes[0][0] / 1024 if sizes else 0.0
    print(f"\n== {n} records: {len(pages)} HTML pages, built in {wall:.0f} s ==")
    print(f"{'KB':>8}  page")
    for size, path in sizes[:top]:
        print(f"{size / 1024:>8.0f}  /{path.relative_to(site).parent.as_posix()}/")
    print(f"tag pages: {len(tags)} ({share:.0%} of the pages)")
    ok = biggest <= MAX_PAGE_KB and share <= MAX_TAG_SHARE
    print(
        f"largest page {biggest:.0f} KB (target <= {MAX_PAGE_KB} KB: "
        f"{'ok' if biggest <= MAX_PAGE_KB else 'MISSED'}); tag pages {share:.0%} "
        f"(target <= {MAX_TAG_SHARE:.0%}: {'ok' if share <= MAX_TAG_SHARE else 'MISSED'})"
    )
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", type=int, nargs="+", help="record counts, e.g. 10000")
    parser.add_argument("--top", type=int, default=10, help="how many of the largest pages")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args(argv)
    with work_folder(args.keep, "skms-pages-bench-") as work:
        results = [measure(n, work, args.top) for n in args.sizes]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
