"""What the in-process benchmarks share: their command line and a best-of-N timer."""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
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
