"""`dojo simulate SCENARIO`: bots play many runs; coverage, score spread, bands and ending mix.

`--bot` names a built-in bot, `skilled:P`, or a bot of your own as `FILE.py:FUNCTION`
(docs/authoring.md, 6.4). A bot that cannot be loaded or misbehaves is one message and
exit code 2, like any other bad input.
"""

from __future__ import annotations

import argparse
import sys

from game.i18n import N_, _, rubric_text
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
    parser.add_argument("scenario", help=_("the scenario file"))
    parser.add_argument(
        "--bot",
        default="random",
        metavar="BOT",
        help=_("which bot plays (default random): {bots}").format(bots=bot_names_text()),
    )
    parser.add_argument("--runs", type=whole_number(high=MAX_COUNT), default=1000, help=_("how many runs (default 1000)"))
    parser.add_argument("--seed", type=seed_number, default=0, help=_("seed for the bot and the runs (default 0)"))
    add_rubric_option(parser)
    add_json_option(parser)


def execute(args: argparse.Namespace) -> int:
    """Simulate and print the summary."""
    if not 1 <= args.runs <= 1_000_000:
        raise CommandError(_("--runs must be between 1 and 1,000,000"))
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
    runs = _("{done}/{total} runs").format(done=done, total=total)
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {runs}")
    sys.stderr.flush()


def summary_text(result: SimulationResult) -> str:
    """A readable summary of a simulation: the same figures as --json."""
    data = result.to_json()
    spread = data["spread"]
    comma = _(", ")
    bands = comma.join(
        _("{band} {count} ({share})").format(band=_band(band), count=data["bands"][band], share=_share(share))
        for band, share in data["band_shares"].items()
    )
    lines = [
        _("{scenario}: {runs} runs by the {bot} bot (seed {seed})").format(scenario=result.scenario_id, runs=result.runs, bot=result.bot, seed=result.seed),
        _(
            "Score (% of the best): mean {mean}%, median {median}%, min {min}%, max {max}% (quartiles {p25}% / {p75}%)"
        ).format(mean=data["mean"], median=data["median"], min=data["min"], max=data["max"], p25=spread["p25"], p75=spread["p75"]),
        _("Bands: {bands}").format(bands=bands),
        _("Endings: {endings}").format(endings=comma.join(f"{ending} {count}" for ending, count in data["endings"].items())),
        _("Coverage: {nodes:.0%} of nodes, {replies:.0%} of replies").format(nodes=data["node_coverage"], replies=data["choice_coverage"]),
    ]
    if data["nodes_missed"]:
        lines.append(_("Nodes never reached: {nodes}").format(nodes=comma.join(data["nodes_missed"])))
    if result.unfinished:
        lines.append(_("Unfinished runs (cut at the reply limit): {count}").format(count=result.unfinished))
    return "\n".join(lines)


def _band(band: str) -> str:
    """A band as the summary names it: the rubric's name in the language shown (the simulation's 'none' is ours)."""
    return _("none") if band == "none" else rubric_text(band)


def _share(fraction: float) -> str:
    """A fraction as a percent to one decimal, without a trailing .0 (28%, 9.5%, 0.4%)."""
    return f"{round(fraction * 100, 1):g}%"
