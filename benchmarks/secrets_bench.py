"""What the secret scan adds to `skms check`, on a synthesized knowledge base.

    python benchmarks/secrets_bench.py 10000 [--repeat 3]

Two measures in the same run: the scan alone (detect-secrets' detectors behind a cheap
prefilter, see `skms.load.secrets`) over every record's text, against the floor of splitting
off each front matter and parsing it with libyaml's C loader; and the check's load with and
without the scan. Best of --repeat after a warm-up. Target: the scan adds at most 10% to the
check.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script too
import skms.load as loader  # noqa: E402
from benchmarks.corpus import synthesize  # noqa: E402
from benchmarks.timing import best_of, sizes_and_repeat  # noqa: E402
from skms.config import load_config  # noqa: E402
from skms.load.frontmatter import split_front_matter  # noqa: E402
from skms.load.secrets import find_secrets  # noqa: E402
from skms.pipeline import load_knowledge_base  # noqa: E402

TARGET = 0.10


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


def check(root: Path) -> int:
    kb = load_knowledge_base(load_config(root / "mkdocs.yml"), audience="all", git=False)
    return len(kb.records)


def check_without_scan(root: Path) -> int:
    real = loader.report_secrets
    loader.report_secrets = lambda *args, **kwargs: None
    try:
        return check(root)
    finally:
        loader.report_secrets = real


def main() -> None:
    args = sizes_and_repeat(__doc__)
    print(
        f"{'records':>8} {'MB':>5} {'floor s':>8} {'scan s':>7} {'/floor':>7}"
        f" {'check s':>8} {'no scan':>8} {'added':>7}  target <= {TARGET:.0%}"
    )
    worst = 0.0
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "kb"
            synthesize(n, root)
            texts = texts_of(root)
            floor(texts)
            scan(texts)
            check(root)
            floor_s, _ = best_of(floor, texts, args.repeat)
            scan_s, found = best_of(scan, texts, args.repeat)
            assert found == 0, f"{found} secrets found in a corpus that has none"
            with_s = without_s = float("inf")
            for _ in range(args.repeat):  # interleaved, so that a busy machine weighs on both
                with_s = min(with_s, best_of(check, root, 1)[0])
                without_s = min(without_s, best_of(check_without_scan, root, 1)[0])
            added = with_s / without_s - 1
            worst = max(worst, added)
            mb = sum(len(t) for t in texts) / 1e6
            print(
                f"{len(texts):>8} {mb:>5.1f} {floor_s:>8.3f} {scan_s:>7.3f} {scan_s / floor_s:>6.2f}x"
                f" {with_s:>8.3f} {without_s:>8.3f} {added:>6.1%}"
            )
    print(
        f"the scan adds {worst:.1%} to the check "
        f"({'meets' if worst <= TARGET else 'misses'} the {TARGET:.0%} target)"
    )


if __name__ == "__main__":
    main()
