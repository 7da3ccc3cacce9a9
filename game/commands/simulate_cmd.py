"""`dojo simulate SCENARIO`: bots play many runs; coverage, score spread, bands and ending mix.

`--bot` names a built-in bot, `skilled:P`, or a bot of your own as `FILE.py:FUNCTION`
(docs/authoring.md, 6.4). A bot that cannot be loaded or misbehaves is one message and
exit code 2, like any other bad input.
"""

from __future__ import annotations

import argparse
import sys

from game.i18n import N_, _, ngettext
from game.commands.common import EXIT_OK, CommandError, add_json_option, add_rubric_option, load_or_fail, print_json, rubric_from, seed_number, whole_number, MAX_COUNT
from game.engine.analysis import AnalysisError, analyze
from game.engine.bots import BotError
from game.engine.simulate import SimulationResult, bot_names_text, make_bot, simulate
from scoring.scorer import Scorer

NAME = "simulate"
HELP = N_("let bots play a scenario many times: coverage, score spread, endings")
PROGRESS_FROM = 200  # runs; shorter simulations finish before a bar would help


def add_parser(parser: argparse.ArgumentParser) -> None:
    """Options of `dojo simulate`."""
    parser.add_argument("scenario", help="the scenario file")
    parser.add_argument(
        "--bot",
        default="random",
        metavar="BOT",
        help=f"which bot plays (default random): {bot_names_text()}",
    )
    parser.add_argument("--runs", type=whole_number(high=MAX_COUNT), default=1000, help="how many runs (default 1000)")
    parser.add_argument("--seed", type=seed_number, default=0, help="seed for the bot and the runs (default 0)")
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
    try:
        bot = make_bot(args.bot, scorer, analysis)
        result = simulate(loaded.scenario, scorer, args.bot, args.runs, args.seed, analysis, _progress_bar if show else None, bot)
    except (BotError, ValueError) as error:
        raise CommandError(str(error)) from None
    finally:
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
    """A readable summary of a simulation: the same figures as --json."""
    data = result.to_json()
    spread = data["spread"]
    bands = ", ".join(f"{band} {data['bands'][band]} ({_share(share)})" for band, share in data["band_shares"].items())
    lines = [
        f"{result.scenario_id}: {result.runs} runs by the {result.bot} bot (seed {result.seed})",
        f"Score (% of the best): mean {data['mean']}%, median {data['median']}%, min {data['min']}%, max {data['max']}% "
        f"(quartiles {spread['p25']}% / {spread['p75']}%)",
        "Bands: " + bands,
        "Endings: " + ", ".join(f"{ending} {count}" for ending, count in data["endings"].items()),
        f"Coverage: {data['node_coverage']:.0%} of nodes, {data['choice_coverage']:.0%} of replies",
    ]
    if data["nodes_missed"]:
        lines.append("Nodes never reached: " + ", ".join(data["nodes_missed"]))
    if result.unfinished:
        lines.append(f"Unfinished runs (cut at the reply limit): {result.unfinished}")
    return "\n".join(lines)


def _share(fraction: float) -> str:
    """A fraction as a percent to one decimal, without a trailing .0 (28%, 9.5%, 0.4%)."""
    return f"{round(fraction * 100, 1):g}%"
