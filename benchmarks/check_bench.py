"""Time `skms check` on a synthesized knowledge base against the floor of reading its YAML.

    python benchmarks/check_bench.py 10000 [--repeat 3]

The floor, measured in the same run on the same files: read every markdown file, split off the
front matter and parse it with libyaml's C loader. Target: check at most 1.5x the floor.
Both run in this process after a warm-up, best of --repeat, so Python start-up and imports count
for neither; the wall time of the `skms check` command is printed too.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script too
from benchmarks.corpus import synthesize  # noqa: E402
from benchmarks.timing import best_of, sizes_and_repeat  # noqa: E402
from skms.cli import collector_paused  # noqa: E402
from skms.config import load_config  # noqa: E402
from skms.diagnostics import format_text  # noqa: E402
from skms.pipeline import load_knowledge_base  # noqa: E402

TARGET = 1.5


def floor(root: Path) -> int:
    """Read every markdown file and parse its front matter with the C loader."""
    count = 0
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            if not name.endswith(".md"):
                continue
            text = (Path(dirpath) / name).read_text(encoding="utf-8")
            if text.startswith("---\n"):
                end = text.find("\n---\n", 4)
                yaml.load(text[4:end], Loader=yaml.CSafeLoader)
                count += 1
    return count


def check(root: Path) -> int:
    """What `skms check` does, without the process start-up."""
    with collector_paused():  # as `skms check` runs it
        kb = load_knowledge_base(load_config(root / "mkdocs.yml"), audience="all")
    format_text(kb.diagnostics)
    return len(kb.records)


def main() -> None:
    args = sizes_and_repeat(__doc__)
    print(
        f"{'records':>8} {'floor s':>9} {'check s':>9} {'ratio':>7} {'cli s':>7}  target <= {TARGET}x"
    )
    worst = 0.0
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "kb"
            synthesize(n, root)
            floor(root)  # warm the page cache for both
            check(root)
            floor_s, parsed = best_of(floor, root, args.repeat)
            check_s, loaded = best_of(check, root, args.repeat)
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "skms", "check", "-f", str(root / "mkdocs.yml")],
                check=False,
                capture_output=True,
            )
            cli_s = time.perf_counter() - start
            ratio = check_s / floor_s
            worst = max(worst, ratio)
            assert parsed == loaded, f"floor read {parsed} files, check loaded {loaded}"
            print(f"{loaded:>8} {floor_s:>9.3f} {check_s:>9.3f} {ratio:>6.2f}x {cli_s:>7.2f}")
    print(
        f"check/floor ratio {worst:.2f} ({'meets' if worst <= TARGET else 'misses'} the {TARGET}x target)"
    )


if __name__ == "__main__":
    main()
