"""Time `skms check --changed-since` (a pull request's check) against a full `skms check`.

    python benchmarks/changed_since_bench.py 10000 [--repeat 3] [--touch 5]

Synthesizes a knowledge base, commits it on `main` in a git repository, then a branch `pr`
edits --touch reviews. Both commands run as real processes (start-up and imports count, as
in CI), best of --repeat; the checks must agree on the touched files.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script too
from benchmarks.corpus import synthesize  # noqa: E402


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.com", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


def skms_check(root: Path, *args: str) -> tuple[float, list[dict]]:
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-m", "skms", "check", "--format", "json", *args],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, "SKMS_TODAY": "2026-11-23"},
    )
    elapsed = time.perf_counter() - start
    return elapsed, json.loads(out.stdout)["diagnostics"] if out.stdout.strip() else []


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("sizes", nargs="*", type=int, default=[10000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--touch", type=int, default=5, help="reviews the branch edits")
    args = parser.parse_args()
    print(f"{'records':>8} {'full s':>8} {'changed-since s':>16} {'speed-up':>9}")
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "kb"
            synthesize(n, root)
            git(root, "init", "-q", "-b", "main")
            git(root, "add", "-A")
            git(root, "commit", "-q", "-m", "base")
            git(root, "checkout", "-q", "-b", "pr")
            touched = sorted((root / "reviews").glob("*.md"))[: args.touch]
            for path in touched:
                text = path.read_text(encoding="utf-8")
                path.write_text(
                    text.replace("severity: SEV", "severity: SEVX", 1), encoding="utf-8"
                )
            git(root, "commit", "-q", "-am", "pr")
            full = min(skms_check(root)[0] for _ in range(args.repeat))
            changed = min(
                skms_check(root, "--changed-since", "main")[0] for _ in range(args.repeat)
            )
            _, full_diags = skms_check(root)
            _, pr_diags = skms_check(root, "--changed-since", "main")
            paths = {p.relative_to(root).as_posix() for p in touched}
            assert pr_diags == [d for d in full_diags if d["path"] in paths], "checks disagree"
            assert len(pr_diags) >= len(touched)
            print(f"{n:>8} {full:>8.2f} {changed:>16.2f} {full / changed:>8.1f}x")


if __name__ == "__main__":
    main()
