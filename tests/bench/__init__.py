"""Benchmarks (issue 2): figures printed as ratios against a floor measured in the same run.

Run with `python -m pytest tests/bench -m bench -s`; the default test run skips them.
No benchmark fails on wall time. The two helpers here time a call and print a table.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from typing import Any


def median_seconds(work: Callable[[], Any], repeat: int, clock: Callable[[], float] = time.perf_counter) -> float:
    """The median time of `repeat` calls of `work`: wall time by default (time.perf_counter), or
    `clock=time.process_time` for this process's CPU time, steadier on a shared machine."""
    times = []
    for _ in range(repeat):
        began = clock()
        work()
        times.append(clock() - began)
    return statistics.median(times)


def print_table(title: str, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Print a small aligned table: text left, numbers right."""
    cells = [[str(h) for h in headers], *[[_cell(value) for value in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    numeric = [all(isinstance(row[i], (int, float)) for row in rows) for i in range(len(headers))]
    print(f"\n{title}")
    for n, row in enumerate(cells):
        print("  " + "  ".join(c.rjust(w) if numeric[i] else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths))))
        if n == 0:
            print("  " + "  ".join("-" * w for w in widths))


def _cell(value: object) -> str:
    """Integers with thousands separators, floats to 3 significant-ish places."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.2f}" if abs(value) >= 1 else f"{value:.3f}"
