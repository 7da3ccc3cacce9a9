"""`dojo run SCENARIO --choices ...`: a headless playthrough that prints the ScoreCard.

With `--player NAME` the finished run is also recorded in the database (`--db`), with
the player's `--cohort` and `--team`; a `--mode ranked` run then counts on the boards.
When the store will not take it (a full disk, a read-only or damaged database) the run is
written to a `dojo-unsaved-*.json` file instead, as the games do at quit, and the message
says how to store it later (`dojo restore FILE`): no run is lost.

With `--lrs URL` as well, the recorded run is sent to that learning record store as xAPI
statements (docs/xapi.md); when the LRS cannot take them they wait in the store's outbox for
`dojo xapi push`, and the run is recorded all the same.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game.commands.common import (
    EXIT_OK,
    CommandError,
    add_json_option,
    add_locale_option,
    add_rubric_option,
    load_or_fail,
    localized_or_fail,
    print_json,
    rubric_from,
    seed_number,
)
from game.engine.analysis import AnalysisError
from game.commands.lrs_option import add_lrs_option, lrs_target, report_line
from game.engine.session import MODES, Session, SessionError
from game.export.results import run_json, run_text
from game.i18n.shown import band_name, shown_card
from game.i18n import N_, _, choose_locale, ngettext, use_locale
from game.scenario.diagnostics import DiagnosticError
from game.scenario.loader import Loaded, load_scenario_text
from game.scenario.source import MAX_FILE_BYTES
from game.store.display import printable
from game.store.run_words import mode_word, status_word
from game.store.errors import StoreError
from game.store.names import check_name as check_player_name
from game.store.options import add_db_options, store_from_args
from scoring.rubric import DEFAULT_RUBRIC_PATH, Rubric, RubricError, parse_rubric, read_rubric_text
from scoring.scorer import Scorer

if TYPE_CHECKING:
    from game.export.lrs import LrsTarget
    from game.store.db import Store

NAME = "run"
THE_RUN = N_("the run")  # what stopped short of an ending, in play_to_ending's message
HELP = N_("play a scenario headless by reply ids or numbers and print the score")


def add_parser(parser: argparse.ArgumentParser) -> None:
    """Options of `dojo run`."""
    parser.add_argument("scenario", help=_("the scenario file"))
    parser.add_argument(
        "--choices",
        required=True,
        help=_(
            "comma-separated reply ids or 1-based numbers among the replies on offer, in the order this seed shows them, "
            "e.g. invite,2,what-matters"
        ),
    )
    parser.add_argument(
        "--seed", type=seed_number, default=0, help=_("seed for the order the replies are shown in and the variant wordings (default 0)")
    )
    parser.add_argument("--mode", choices=MODES, default="practice", help=_("practice (default) or ranked"))
    parser.add_argument("--player", metavar="NAME", help=_("record the finished run for this player"))
    parser.add_argument("--cohort", metavar="C", help=_("the player's cohort (hire class); needs --player"))
    parser.add_argument("--team", metavar="T", help=_("the player's team; needs --player"))
    add_locale_option(parser)
    add_rubric_option(parser)
    add_db_options(parser)
    add_lrs_option(parser)
    add_json_option(parser)


def execute(args: argparse.Namespace) -> int:
    """Play the given replies to an ending, record it with --player, and print the result."""
    if args.player is None and (args.cohort is not None or args.team is not None):
        raise CommandError(_("--cohort and --team need --player NAME"))
    if args.lrs is not None and args.player is None:
        raise CommandError(_("--lrs needs --player NAME: only a recorded run is sent"))
    lrs_target(args.lrs)  # a bad address or missing credentials stop it before play
    if args.player is not None:
        try:
            check_player_name(args.player)  # a usage error before play, not a run to spill after it
        except StoreError as error:
            raise CommandError(error.message) from None
    recorded: dict[str, Any] | None = None
    raw, rubric_text = b"", ""  # what is stored with a recorded run: the exact texts played
    if args.player is None:
        rubric = rubric_from(args)
        loaded = load_or_fail(args.scenario, rubric)
    else:
        rubric, rubric_text = _rubric_with_text(args)
        raw = _read_bytes(args.scenario)
        loaded = _load_text(raw, args.scenario, rubric)
    use_locale(choose_locale(args.locale, loaded.scenario.locale))  # the asked language, else the scenario's
    scenario = localized_or_fail(loaded.scenario, args.scenario, args.locale) if args.locale else loaded.scenario
    session = Session(scenario, seed=args.seed, mode=args.mode, scorer=Scorer(rubric))
    play_to_ending(session, args.choices, _(THE_RUN))
    try:
        card = session.scorecard()
    except AnalysisError as error:
        # The run was played, but the scenario's best cannot be found to score it against.
        raise CommandError(_("the run ended but cannot be scored: {problem}").format(problem=error), code=1) from None
    if args.player is not None:
        recorded = record(args, session, raw, rubric_text)
    shown = shown_card(card, rubric)  # the rubric's prose in the language shown; the recorded run keeps its own card
    if args.json:
        data = run_json(session, shown)
        data["score"]["band_name"] = band_name(card.band)  # `band` stays the rubric's name: boards and scripts match it
        if recorded is not None:
            data["recorded"] = recorded
        print_json(data)
    else:
        print(run_text(session, replace(shown, band=band_name(card.band))))
        if recorded is not None:
            print()
            print(
                _("Recorded as run {run_id} for {player} ({mode}, {status}).").format(
                    run_id=recorded["run_id"], player=printable(recorded["player"]), mode=mode_word(recorded["mode"]), status=status_word(recorded["status"])
                )
            )
            if "xapi" in recorded:
                print(recorded["xapi"]["line"])
    return EXIT_OK


def _rubric_with_text(args: argparse.Namespace) -> tuple[Rubric, str]:
    """The rubric and the exact text it was parsed from (stored with the run for verification)."""
    path = Path(args.rubric) if getattr(args, "rubric", None) else DEFAULT_RUBRIC_PATH
    try:
        text = read_rubric_text(path)  # refuses a named pipe or a huge file before opening it
        return parse_rubric(text, str(path)), text
    except RubricError as error:
        raise CommandError(str(error)) from None


def _read_bytes(path: str) -> bytes:
    """The scenario file's bytes, read once: the same bytes are played and stored."""
    try:
        with open(path, "rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise CommandError(_("{path}: cannot read the file: {reason}").format(path=path, reason=error.strerror or error)) from None
    return raw


def _load_text(raw: bytes, path: str, rubric: Rubric) -> Loaded:
    """Load the scenario from the bytes read; diagnostics become a usage error."""
    try:
        return load_scenario_text(raw, path, rubric)
    except DiagnosticError as error:
        raise CommandError(str(error)) from None


def record(args: argparse.Namespace, session: Session, raw: bytes, rubric_text: str) -> dict[str, Any]:
    """Store the finished run for --player; returns what the output says about it."""
    from game.store.runs import record_run  # here: SQLAlchemy loads only when recording

    target = lrs_target(args.lrs)
    xapi: dict[str, Any] | None = None
    try:
        with store_from_args(args) as store:
            if target is not None:
                from game.store.outbox import configure

                configure(store, lrs=target.url)  # before recording: the run is then noted for the LRS
            run = record_run(
                store,
                player=args.player,
                session=session,
                scenario_text=raw,
                rubric_text=rubric_text,
                file_name=Path(args.scenario).name,
                cohort=args.cohort,
                team=args.team,
            )
            if target is not None:
                xapi = _send(store, target)
    except StoreError as error:
        spilled = spill_run(args, session, raw, rubric_text)
        raise CommandError(_("{problem}; {spilled}").format(problem=error.message, spilled=spilled), error.code) from None
    recorded: dict[str, Any] = {"run_id": run.run_uid, "player": run.player, "mode": run.mode, "status": run.status}
    if xapi is not None:
        recorded["xapi"] = xapi
    return recorded


def _send(store: Store, target: LrsTarget) -> dict[str, Any]:
    """Send what the outbox holds (this run's statements and any older ones); what the output says of it."""
    from game.export.xapi_push import push

    report = push(store, target, tries=3, first_pause=0.5)
    return {"sent": report.sent, "waiting": report.waiting, "problem": report.problem, "line": report_line(report)}


def spill_run(args: argparse.Namespace, session: Session, raw: bytes, rubric_text: str) -> str:
    """The store would not take the run: write it to a `dojo-unsaved-*.json` file (as the games
    do at quit) so it is never lost; returns what to tell the player."""
    import time

    from game.play.playthrough import run_item, spill_items
    from game.store.location import describe, resolve_url

    try:
        database = describe(resolve_url(args.db))
    except StoreError:
        database = str(args.db)
    item = run_item(
        args.player, args.cohort, args.team, session, raw.decode("utf-8", errors="replace"), Path(args.scenario).name,
        rubric_text, time.time(),
    )
    path, tried = spill_items([item], database)
    if path is None:
        return _("the run could not be written anywhere else either ({tried}) and is lost").format(tried=tried)
    return _("the run was written to {path} instead: store it later with: dojo restore {path}").format(path=printable(str(path)))


def play_to_ending(session: Session, choices: str, what: str) -> None:
    """Make the comma-separated replies (ids or 1-based numbers) and check that they reach an ending.

    CommandError names the first token that does not fit, or the node where `what` ("the
    run", "--autoplay") stopped short with the replies on offer there.
    """
    tokens = [token.strip() for token in choices.split(",") if token.strip()]
    for position, token in enumerate(tokens, start=1):
        play_one(session, token, position)
    if not session.is_over:
        offered = ", ".join(f"{n}={choice.id}" for n, choice in enumerate(session.replies, start=1))
        node = session.node.id if session.node else "?"
        raise CommandError(
            _("{what} stopped at node '{node}' before an ending; replies on offer there: {offered}").format(
                what=what, node=node, offered=offered
            )
        )


def play_one(session: Session, token: str, position: int) -> None:
    """Make one reply given as an id or a 1-based number; a bad token is a usage error."""
    if session.is_over:
        raise CommandError(_("choice {position} ('{token}') comes after the scene has already ended").format(position=position, token=token))
    replies = session.replies
    if token.isascii() and token.isdigit():  # not '²' or '١', which str.isdigit also accepts
        number = int(token)
        if not 1 <= number <= len(replies):
            raise CommandError(
                ngettext(
                    "choice {position}: there is no reply {number} here; {count} is on offer",
                    "choice {position}: there is no reply {number} here; {count} are on offer",
                    len(replies),
                ).format(position=position, number=number, count=len(replies))
            )
        token = replies[number - 1].id
    try:
        session.choose(token)
    except SessionError as error:
        raise CommandError(_("choice {position}: {problem}").format(position=position, problem=error)) from None
