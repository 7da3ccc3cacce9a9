"""Benchmark: the exact analysis of every bundled scenario (states searched, time, rate, floor).

The floor is the cheapest possible search of the same state graph: the states the
analysis found, numbered, with each one's children as a plain list, walked once from the
start (a set of seen numbers and a stack). It does no rules, no scoring and no valuing, so
`x floor` says how many times dearer than a bare graph walk each searched state is. Both
are timed in the same run, by CPU time as well as wall time, so the ratio and the CPU
rate move less than the wall rate on a shared machine.
"""

from __future__ import annotations

from pathlib import Path

import time

import pytest

from game.engine.analysis import DEFAULT_STATE_LIMIT, Analysis, analyze
from game.scenario.loader import load_scenario
from scoring.rubric import default_rubric
from scoring.scorer import Scorer
from tests.bench import median_seconds, print_table
from tests.conftest import REPO

REPEAT = 5
FLOOR_REPEAT = 20


def walk(successors: list[list[int]]) -> int:
    """The floor: every state reachable from state 0 visited once; returns how many."""
    seen = {0}
    pending = [0]
    while pending:
        for child in successors[pending.pop()]:
            if child not in seen:
                seen.add(child)
                pending.append(child)
    return len(seen)


@pytest.mark.bench
def test_analysis_of_bundled_scenarios() -> None:
    """Prints states searched, ms, states/s (wall and CPU), the floor's states/s, the ratio and the exact flag for every scenarios/*.yaml."""
    rubric = default_rubric()
    files = sorted(Path(REPO / "scenarios").glob("*.yaml"))
    assert files, "no bundled scenarios found"
    rows = []
    for path in files:
        scenario = load_scenario(path, rubric).scenario
        results: list[Analysis] = []
        # A fresh Scorer each time: its step cache would otherwise make repeats cheaper.
        # (The lambda runs inside this iteration, so it sees this scenario: B023 does not apply.)
        seconds = median_seconds(lambda: results.append(analyze(scenario, Scorer(rubric))), REPEAT)  # noqa: B023
        cpu = median_seconds(lambda: analyze(scenario, Scorer(rubric)), REPEAT, time.process_time)  # noqa: B023
        result = results[-1]
        assert result.graph is not None
        successors = result.graph.successors()
        assert walk(successors) == len(successors) == result.states  # the floor walks the same graph
        floor = median_seconds(lambda: walk(successors), FLOOR_REPEAT, time.process_time)  # noqa: B023
        rate, cpu_rate, floor_rate = result.states / seconds, result.states / cpu, result.states / floor
        rows.append(
            (path.name, len(scenario.nodes), result.states, seconds * 1000, rate, cpu_rate, floor_rate, floor_rate / cpu_rate, result.exact)
        )
    rates = [row[4] for row in rows]
    print_table(
        f"Analysis of bundled scenarios, state limit {DEFAULT_STATE_LIMIT:,}, median of {REPEAT} (floor: the same state graph "
        f"walked as plain lists, median of {FLOOR_REPEAT}); slowest {min(rates):,.0f} states/s",
        ["scenario", "nodes", "states", "ms", "states/s", "states/s (CPU)", "floor states/s (CPU)", "x floor (CPU)", "exact"],
        rows,
    )
