"""Time the secret scan of `skms check` against the floor of reading the records' YAML.

    python benchmarks/secrets_bench.py 10000 [--repeat 3]

The scan (detect-secrets' detectors behind a cheap prefilter, see `skms.load.secrets`) runs
over the text of every record of a synthesized base; the floor, in the same run on the same
texts, splits off each front matter and parses it with libyaml's C loader. Both best of
--repeat after a warm-up, texts already in memory. Target: the scan at most 0.25x the floor.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))
from corpus import synthesize  # noqa: E402
from skms.load.frontmatter import split_front_matter  # noqa: E402
from skms.load.secrets import find_secrets  # noqa: E402

TARGET = 0.25


def texts_of(root: Path) -> list[str]:
    out = []
    for dirpath, _dirs, files in os.walk(root):
        for name in sorted(files):
            if name.endswith(".md"):
                out.append((Path(dirpath) / name).read_text(encoding="utf-8"))
    return out


def floor(texts: list[str]) -> int:
    for text in texts:
        front, _body, _line = split_front_matter(text)
        if front:
            yaml.load(front, Loader=yaml.CSafeLoader)
    return 0


def scan(texts: list[str]) -> int:
    return sum(len(find_secrets(text)) for text in texts)


def best_of(fn, texts: list[str], repeat: int) -> tuple[float, int]:
    times, result = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn(texts)
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("sizes", nargs="*", type=int, default=[10000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(
        f"{'records':>8} {'MB':>6} {'floor s':>9} {'scan s':>8} {'ratio':>7}  target <= {TARGET}x"
    )
    worst = 0.0
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "kb"
            synthesize(n, root)
            texts = texts_of(root)
            floor(texts)
            scan(texts)
            floor_s, _ = best_of(floor, texts, args.repeat)
            scan_s, found = best_of(scan, texts, args.repeat)
            assert found == 0, f"{found} secrets found in a corpus that has none"
            ratio = scan_s / floor_s
            worst = max(worst, ratio)
            mb = sum(len(t) for t in texts) / 1e6
            print(f"{len(texts):>8} {mb:>6.1f} {floor_s:>9.3f} {scan_s:>8.3f} {ratio:>6.2f}x")
    print(
        f"scan/floor ratio {worst:.2f} ({'meets' if worst <= TARGET else 'misses'} the {TARGET}x target)"
    )


if __name__ == "__main__":
    main()
