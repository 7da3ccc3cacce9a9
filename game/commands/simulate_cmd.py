"""`dojo simulate SCENARIO`: bots play many runs; coverage, score spread and ending mix."""

from __future__ import annotations

import argparse
import sys

from game.commands.common import EXIT_OK, CommandError, add_json_option, add_rubric_option, load_or_fail, print_json, rubric_from
from game.engine.analysis import AnalysisError, analyze
from game.engine.simulate import BOT_NAMES, SimulationResult, simulate
from scoring.scorer import Scorer

NAME = "simulate"
HELP = "let bots play a scenario many times: coverage, score spread, endings"
PROGRESS_FROM = 200  # runs; shorter simulations finish before a bar would help


def add_parser(parser: argparse.ArgumentParser) -> None:
    """Options of `dojo simulate`."""
    parser.add_argument("scenario", help="the scenario file")
    parser.add_argument("--bot", choices=BOT_NAMES, default="random", help="which bot plays (default random)")
    parser.add_argument("--runs", type=int, default=1000, help="how many runs (default 1000)")
    parser.add_argument("--seed", type=int, default=0, help="seed for the bot and the runs (default 0)")
    add_rubric_option(parser)
    add_json_option(parser)


def execute(args: argparse.Namespace) -> int:
    """Simulate and print the summary."""
    if not 1 <= args.runs <= 1_000_000:
        raise CommandError("--runs must be between 1 and 1,000,000")
    rubric = rubric_from(args)
    loaded = load_or_fail(args.scenario, rubric)
    scorer = Scorer(rubric)
    try:
        analysis = analyze(loaded.scenario, scorer)
    except AnalysisError as error:
        raise CommandError(str(error), code=1) from None
    show = sys.stderr.isatty() and args.runs >= PROGRESS_FROM
    result = simulate(loaded.scenario, scorer, args.bot, args.runs, args.seed, analysis, _progress_bar if show else None)
    if show:
        sys.stderr.write("\n")
    if args.json:
        print_json(result.to_json())
    else:
        print(summary_text(result))
    return EXIT_OK


def _progress_bar(done: int, total: int) -> None:
    if done % max(1, total // 100) and done != total:
        return
    width = 30
    filled = width * done // total
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} runs")
    sys.stderr.flush()


def summary_text(result: SimulationResult) -> str:
    """A readable summary of a simulation."""
    data = result.to_json()
    spread = data["spread"]
    lines = [
        f"{result.scenario_id}: {result.runs} runs by the {result.bot} bot (seed {result.seed})",
        f"Mean score {data['mean_percent']}% of the best; spread {spread['min']}% / {spread['p25']}% / "
        f"{spread['median']}% / {spread['p75']}% / {spread['max']}% (min / p25 / median / p75 / max)",
        f"Coverage: {data['node_coverage']:.0%} of nodes, {data['choice_coverage']:.0%} of replies",
        "Bands: " + ", ".join(f"{band} {count}" for band, count in sorted(result.bands.items())),
        "Endings: " + ", ".join(f"{ending} {count}" for ending, count in result.endings.most_common()),
    ]
    if data["nodes_missed"]:
        lines.append("Nodes never reached: " + ", ".join(data["nodes_missed"]))
    if result.unfinished:
        lines.append(f"Unfinished runs (cut at the reply limit): {result.unfinished}")
    return "\n".join(lines)
