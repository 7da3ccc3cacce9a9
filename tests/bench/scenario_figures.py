"""Measure every bundled scenario the way issue 3 asks and print the table for docs/scenarios.md.

Run from the project folder: `python -m tests.bench.scenario_figures > /tmp/table.md`. It uses
the same analysis and bots as `dojo analyze` and `dojo simulate`, with fixed seeds, so
the figures repeat exactly.
"""

from __future__ import annotations

import sys
from pathlib import Path

from game.engine.analysis import analyze, cached_analysis
from game.engine.simulate import SKILL_BOTS, SimulationResult, simulate
from game.scenario.loader import load_scenario
from scoring.scorer import default_scorer

RUNS = 2000
# The calibration of docs/scoring.md section 8: bots at set skill levels, many seeded runs each.
CALIBRATION_RUNS = 200
CALIBRATION_SEED = 1
LEVELS = ("skilled:1.0", "skilled:0.9", "skilled:0.75", "skilled:0.5", "random")
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


def calibration(path: Path) -> dict[str, SimulationResult]:
    """Each skill level's runs on one scenario (CALIBRATION_RUNS seeded runs; one for the perfect player)."""
    scenario = load_scenario(path).scenario
    scorer = default_scorer()
    result = cached_analysis(scenario, scorer)
    return {
        level: simulate(scenario, scorer, level, runs=1 if level == "skilled:1.0" else CALIBRATION_RUNS, seed=CALIBRATION_SEED, analysis=result)
        for level in LEVELS
    }


def calibration_row(scenario_id: str, runs: dict[str, SimulationResult]) -> str:
    """One row of the calibration table: mean (and Gold share, median where the bar names them) per level."""
    perfect, nine, three, half, chance = (runs[level] for level in LEVELS)
    return (
        f"| `{scenario_id}` | {perfect.mean_percent:.0f}% {next(iter(perfect.bands))} "
        f"| {nine.mean_percent:.1f}%, Gold {nine.band_shares.get('Gold', 0) * 100:.0f}% "
        f"| {three.mean_percent:.1f}% | {half.mean_percent:.1f}% "
        f"| {chance.mean_percent:.1f}%, median {chance.median_percent:.1f}%, Gold {chance.band_shares.get('Gold', 0) * 100:.1f}% |"
    )


CALIBRATION_HEADER = (
    "| scenario | best path | 9 in 10 best: mean, Gold share | 3 in 4 | 1 in 2 | uniformly random: mean, median, Gold share |\n"
    "|---|---|---|---|---|---|"
)


def main() -> None:
    """Print the header and one row per bundled scenario, then the calibration table."""
    bots = " | ".join(sorted(SKILL_BOTS))
    print(
        f"| scenario | nodes | decisions | best-path replies | best | worst | endings reached | random bot mean ({RUNS} runs) "
        f"| coverage bot nodes | {bots} | states |"
    )
    print("|---" * (10 + len(SKILL_BOTS)) + "|")
    for path in sorted(Path("scenarios").glob("*.yaml")):
        print(row(path))
        sys.stdout.flush()
    print()
    print(CALIBRATION_HEADER)
    for path in sorted(Path("scenarios").glob("*.yaml")):
        print(calibration_row(path.stem, calibration(path)))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
