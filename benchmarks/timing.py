"""What the benchmarks share: a command line, a best-of-N timer, the folder they work in."""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


def sizes_and_repeat(doc: str | None, default: int = 10000) -> argparse.Namespace:
    """`sizes...` (records to synthesize) and `--repeat` (runs of each measure, best kept)."""
    parser = argparse.ArgumentParser(
        description=doc, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("sizes", nargs="*", type=int, default=[default])
    parser.add_argument("--repeat", type=int, default=3)
    return parser.parse_args()


def best_of(fn: Callable[[Any], T], arg: Any, repeat: int) -> tuple[float, T]:
    """(shortest wall time of `repeat` calls of fn(arg), what the last call returned)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn(arg)
        times.append(time.perf_counter() - start)
    return min(times), result


@contextmanager
def work_folder(keep: Path | None, prefix: str) -> Iterator[Path]:
    """`keep` (made if missing, left in place after) or a temporary folder removed after."""
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        yield keep
        return
    work = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)
