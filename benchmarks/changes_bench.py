#!/usr/bin/env python3
"""Size of `/changes/` on a large base with a busy history: no page may exceed 500 KB.

    python benchmarks/changes_bench.py                 # 10,000 records, 20,000 commits
    python benchmarks/changes_bench.py 2000 --commits 5000

The records come from benchmarks/corpus.py; the history is written with `git fast-import`
into the knowledge base's own repository: every commit names one to three records the way
teams write (`PRB-0042: …`, `Fix INC-0007 …`, `Refs:` trailers, squash subjects with a pull
request, merges of branches named after a ticket), packed into six months so that a month
holds thousands of commits. The site is built once; the script prints the number of
`/changes/` pages, the largest, and the largest page of the whole site.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "generator"))

from corpus import synthesize  # noqa: E402
from skms.config import load_config  # noqa: E402
from skms.load import load  # noqa: E402
from skms.plugin.build import build_site  # noqa: E402

LIMIT = 500_000
THINGS = ["retry budget", "connection pool", "consumer lag alert", "cache TTL", "index job"]


def write_history(root: Path, ids: list[str], commits: int, seed: int = 11) -> None:
    rng = random.Random(seed)
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    env = {
        "GIT_AUTHOR_NAME": "Ann Example",
        "GIT_AUTHOR_EMAIL": "ann@acme.example",
        "GIT_COMMITTER_NAME": "Ann Example",
        "GIT_COMMITTER_EMAIL": "ann@acme.example",
        "GIT_AUTHOR_DATE": "2026-01-01T00:00:00+00:00",
        "GIT_COMMITTER_DATE": "2026-01-01T00:00:00+00:00",
    }
    import os

    subprocess.run(
        ["git", "commit", "-q", "-m", "Import the knowledge base"],
        cwd=root,
        check=True,
        env={**os.environ, **env},
    )
    when = 1_767_225_600
    step = (180 * 86400) // commits
    lines = []
    pr = 100
    for n in range(commits):
        when += step
        a, b = rng.choice(ids), rng.choice(ids)
        thing = rng.choice(THINGS)
        pr += 1
        roll = rng.random()
        if roll < 0.3:
            message = f"{a}: Tune the {thing} for the checkout and payments services"
        elif roll < 0.5:
            message = f"Fix {a} and {b}: {thing} misbehaved under load (#{pr})"
        elif roll < 0.7:
            message = f"Rework the {thing}\n\nLonger text.\n\nFixes: {a}\nRefs: {b}"
        elif roll < 0.85:
            message = f"Merge pull request #{pr} from acme/{a}-{thing.replace(' ', '-')}"
        else:
            message = f"[{a}] Speed up the {thing} (#{pr})"
        raw = message.encode()
        ident = f"Ann Example <ann@acme.example> {when} +0000\n".encode()
        lines.append(b"commit refs/heads/main\nauthor " + ident + b"committer " + ident)
        lines.append(b"data %d\n%s\n" % (len(raw), raw))
        if n == 0:
            lines.append(b"from refs/heads/main^0\n")
        lines.append(b"\n")
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=b"".join(lines), check=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("records", type=int, nargs="?", default=10_000)
    parser.add_argument("--commits", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="skms-changes-") as tmp:
        root = Path(tmp) / "kb"
        synthesize(args.records, root)
        config_file = root / "mkdocs.yml"
        records = load(load_config(config_file)).records
        ids = sorted(r.id for r in records if r.kind in ("problem", "review", "readiness"))
        write_history(root, ids, args.commits)
        start = time.perf_counter()
        build_site(config_file, site_dir=root / "site")
        took = time.perf_counter() - start
        site = root / "site"
        pages = sorted(site.joinpath("changes").rglob("index.html"))
        largest = max(pages, key=lambda p: p.stat().st_size)
        overall = max(site.rglob("*.html"), key=lambda p: p.stat().st_size)
        print(
            f"{len(records):,} records, {args.commits:,} commits naming them; built in {took:.0f} s"
        )
        print(
            f"/changes/: {len(pages)} pages, largest {largest.relative_to(site)} "
            f"{largest.stat().st_size / 1000:.0f} KB (limit {LIMIT // 1000} KB)"
        )
        print(
            f"largest page of the site: {overall.relative_to(site)} {overall.stat().st_size / 1000:.0f} KB"
        )
        return 0 if largest.stat().st_size <= LIMIT else 1


if __name__ == "__main__":
    raise SystemExit(main())
