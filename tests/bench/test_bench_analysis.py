"""Benchmark: the exact analysis of every bundled scenario (states searched, time, rate)."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.engine.analysis import DEFAULT_STATE_LIMIT, Analysis, analyze
from game.scenario.loader import load_scenario
from scoring.rubric import default_rubric
from scoring.scorer import Scorer
from tests.bench import median_seconds, print_table
from tests.conftest import REPO

REPEAT = 3


@pytest.mark.bench
def test_analysis_of_bundled_scenarios() -> None:
    """Prints states searched, ms, states/s and the exact flag for every scenarios/*.yaml."""
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
        result = results[-1]
        rows.append(
            (path.name, len(scenario.nodes), result.states, seconds * 1000, result.states / seconds, result.exact)
        )
    print_table(
        f"Analysis of bundled scenarios, state limit {DEFAULT_STATE_LIMIT:,}, median of {REPEAT}",
        ["scenario", "nodes", "states", "ms", "states/s", "exact"],
        rows,
    )
