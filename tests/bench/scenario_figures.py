"""Measure every bundled scenario the way issue 3 asks and print the table for docs/scenarios.md.

Run from the project folder: `python -m tests.bench.scenario_figures > /tmp/table.md`. It uses
the same analysis and bots as `dojo analyze` and `dojo simulate`, with fixed seeds, so
the figures repeat exactly.
"""

from __future__ import annotations

import sys
from pathlib import Path

from game.engine.analysis import analyze
from game.engine.simulate import SKILL_BOTS, simulate
from game.scenario.loader import load_scenario
from scoring.scorer import default_scorer

RUNS = 2000
# The single-skill bots break ties with the seeded generator, so they too play many runs.
SKILL_RUNS = 200


def row(path: Path) -> str:
    """One table row: shape, best and worst, random mean, coverage, each single-skill bot (its mean, and
    the highest band any of its runs reached with the share of runs that reached it)."""
    scenario = load_scenario(path).scenario
    scorer = default_scorer()
    result = analyze(scenario, scorer)
    random_bot = simulate(scenario, scorer, "random", runs=RUNS, seed=1, analysis=result)
    coverage = simulate(scenario, scorer, "coverage", runs=RUNS, seed=1, analysis=result).to_json()
    skill_cells = []
    for bot in sorted(SKILL_BOTS):
        single = simulate(scenario, scorer, bot, runs=SKILL_RUNS, seed=1, analysis=result)
        top = next((band for band, share in single.band_shares.items() if band != "none" and share > 0), None)
        reached = f"{top} in {round(single.band_shares[top] * 100, 1):g}%" if top else "-"
        skill_cells.append(f"{single.mean_percent:.0f}%, {reached}")
    reachable = f"{len(result.reachable_endings)}/{len(scenario.endings)}"
    return (
        f"| `{scenario.id}` | {len(scenario.nodes)} | {scenario.decision_nodes} | {len(result.best.choices)} "
        f"| {result.best.percent:.0f}% {result.best.band} | {result.worst.percent:.0f}% | {reachable} "
        f"| {random_bot.mean_percent:.1f}% | {coverage['node_coverage']:.0%} | {' | '.join(skill_cells)} "
        f"| {result.states:,} |"
    )


def main() -> None:
    """Print the header and one row per bundled scenario."""
    bots = " | ".join(sorted(SKILL_BOTS))
    print(
        f"| scenario | nodes | decisions | best-path replies | best | worst | endings reached | random bot mean ({RUNS} runs) "
        f"| coverage bot nodes | {bots} | states |"
    )
    print("|---" * (10 + len(SKILL_BOTS)) + "|")
    for path in sorted(Path("scenarios").glob("*.yaml")):
        print(row(path))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
