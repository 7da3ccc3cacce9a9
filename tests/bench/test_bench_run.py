"""Benchmark (issue 10): what grading every reply adds to a cold `dojo run` of each flagship.

Each measurement is a fresh Python process running `dojo run SCENARIO --choices BEST
--json` (`game.cli.main`), so imports, loading, the exact analysis and the output all
count, as they do for a manager at a shell. What is timed is the process's CPU time (user
and system, from `os.wait4`): the machine is shared, and wall time there moves with
whatever else runs. The floor is the
same command in the same kind of process with grading switched off: `ValueGraph.decisions`
returns None, so the scorecard takes the rubric's plain scale (each skill against its best
total, no per-reply grades), which is all `dojo run` did before grading. The two kinds take
turns run by run, after one warm-up each; medians of RUNS runs. Target: at most 1.2x.

Figures are printed, never asserted.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.bench import print_table

RUNS = 9
REPO = Path(__file__).resolve().parents[2]
FLAGSHIPS = ("angry-shoe-buyer", "wrong-fish-diner", "haggling-client")
RUN = "import sys; from game.cli import main; sys.exit(main(sys.argv[1:]))"
# The floor: the same command with no per-reply grading (the plain scale of a rubric without it).
UNGRADED = "import game.engine.analysis as a; a.ValueGraph.decisions = lambda self, *args, **kwargs: None; " + RUN


def best_path(scenario_id: str) -> str:
    """The golden best path's reply ids, comma-joined (tests/golden/<id>.yaml)."""
    golden = yaml.safe_load((REPO / "tests" / "golden" / f"{scenario_id}.yaml").read_text(encoding="utf-8"))
    best = next(path for path in golden["paths"] if path["name"] == "best")
    return ",".join(best["choices"])


def run_seconds(code: str, scenario_id: str) -> tuple[float, dict[str, object]]:
    """CPU seconds of one cold `dojo run --json` in a new process, and what it printed."""
    argv = ["run", str(REPO / "scenarios" / f"{scenario_id}.yaml"), "--choices", best_path(scenario_id), "--json"]
    child = subprocess.Popen([sys.executable, "-c", code, *argv], cwd=REPO, stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    printed = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, so Popen must not wait again
    assert child.returncode == 0, printed
    return usage.ru_utime + usage.ru_stime, json.loads(printed)


@pytest.mark.bench
def test_grading_cost_of_a_cold_dojo_run() -> None:
    """Print each flagship's cold `dojo run --json` with grading against the same run without it."""
    rows = []
    for scenario_id in FLAGSHIPS:
        _, graded = run_seconds(RUN, scenario_id)  # warm-up: the OS file cache, .pyc files
        _, plain = run_seconds(UNGRADED, scenario_id)
        assert all("grade" in turn for turn in graded["turns"])  # type: ignore[union-attr]
        assert not any(turn.get("grade") for turn in plain["turns"])  # type: ignore[union-attr]
        with_grades, without = [], []
        for _ in range(RUNS):
            with_grades.append(run_seconds(RUN, scenario_id)[0])
            without.append(run_seconds(UNGRADED, scenario_id)[0])
        figure, floor = statistics.median(with_grades), statistics.median(without)
        rows.append((scenario_id, figure * 1000, floor * 1000, f"{figure / floor:.2f}x"))
    print_table(
        f"cold `dojo run --json` of the best path, median of {RUNS} runs (target: grading adds at most 1.2x)",
        ["scenario", "graded, CPU ms", "plain scale (floor), CPU ms", "ratio"],
        rows,
    )
