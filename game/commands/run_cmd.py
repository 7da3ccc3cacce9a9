"""`dojo run SCENARIO --choices ...`: a headless playthrough that prints the ScoreCard."""

from __future__ import annotations

import argparse

from game.commands.common import (
    EXIT_OK,
    CommandError,
    add_json_option,
    add_rubric_option,
    load_or_fail,
    print_json,
    rubric_from,
)
from game.engine.session import MODES, Session, SessionError
from game.export.results import run_json, run_text
from scoring.scorer import Scorer

NAME = "run"
HELP = "play a scenario headless by reply ids or numbers and print the score"


def add_parser(parser: argparse.ArgumentParser) -> None:
    """Options of `dojo run`."""
    parser.add_argument("scenario", help="the scenario file")
    parser.add_argument(
        "--choices",
        required=True,
        help="comma-separated reply ids or 1-based numbers among the replies on offer, e.g. invite,2,what-matters",
    )
    parser.add_argument("--seed", type=int, default=0, help="seed for the variant lines (default 0)")
    parser.add_argument("--mode", choices=MODES, default="practice", help="practice (default) or ranked")
    add_rubric_option(parser)
    add_json_option(parser)


def execute(args: argparse.Namespace) -> int:
    """Play the given replies to an ending and print the result."""
    rubric = rubric_from(args)
    loaded = load_or_fail(args.scenario, rubric)
    session = Session(loaded.scenario, seed=args.seed, mode=args.mode, scorer=Scorer(rubric))
    tokens = [token.strip() for token in args.choices.split(",") if token.strip()]
    for position, token in enumerate(tokens, start=1):
        play_one(session, token, position)
    if not session.is_over:
        offered = ", ".join(f"{n}={choice.id}" for n, choice in enumerate(session.replies, start=1))
        node = session.node.id if session.node else "?"
        raise CommandError(f"the run stopped at node '{node}' before an ending; replies on offer there: {offered}")
    card = session.scorecard()
    if args.json:
        print_json(run_json(session, card))
    else:
        print(run_text(session, card))
    return EXIT_OK


def play_one(session: Session, token: str, position: int) -> None:
    """Make one reply given as an id or a 1-based number; a bad token is a usage error."""
    if session.is_over:
        raise CommandError(f"choice {position} ('{token}') comes after the scene has already ended")
    replies = session.replies
    if token.isdigit():
        number = int(token)
        if not 1 <= number <= len(replies):
            raise CommandError(f"choice {position}: there is no reply {number} here; {len(replies)} are on offer")
        token = replies[number - 1].id
    try:
        session.choose(token)
    except SessionError as error:
        raise CommandError(f"choice {position}: {error}") from None
