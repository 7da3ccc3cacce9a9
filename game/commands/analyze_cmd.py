"""`dojo analyze SCENARIO`: best and worst paths, score range and reachable endings."""

from __future__ import annotations

import argparse

from game.i18n import N_, _
from game.commands.common import EXIT_OK, CommandError, add_json_option, add_rubric_option, load_or_fail, print_json, rubric_from, whole_number, MAX_COUNT
from game.engine.analysis import DEFAULT_STATE_LIMIT, AnalysisError, analyze
from game.export.results import analysis_text
from scoring.scorer import Scorer

NAME = "analyze"
HELP = N_("find the best and worst playthroughs, the score range and reachable endings")


def add_parser(parser: argparse.ArgumentParser) -> None:
    """Options of `dojo analyze`."""
    parser.add_argument("scenario", help=_("the scenario file"))
    parser.add_argument(
        "--limit",
        type=whole_number(high=MAX_COUNT),
        default=DEFAULT_STATE_LIMIT,
        help=_("stop after this many distinct states and report estimates (default {limit:,})").format(limit=DEFAULT_STATE_LIMIT),
    )
    add_rubric_option(parser)
    add_json_option(parser)


def execute(args: argparse.Namespace) -> int:
    """Analyse and print."""
    if args.limit < 1:
        raise CommandError(_("--limit must be at least 1"))
    rubric = rubric_from(args)
    loaded = load_or_fail(args.scenario, rubric)
    try:
        result = analyze(loaded.scenario, Scorer(rubric), args.limit)
    except AnalysisError as error:
        raise CommandError(str(error), code=1) from None
    if args.json:
        print_json(result.to_json())
    else:
        print(analysis_text(result))
    return EXIT_OK
