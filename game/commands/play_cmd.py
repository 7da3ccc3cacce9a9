"""`dojo play [SCENARIO]`: the terminal game (Textual).

The scenario file and the player name are checked here, before the screen is taken over;
textual itself is imported only then, so other commands never load it. The bundled pack
and the database load in the app's first moments, after its first paint (start-up time is
measured): a database that cannot be used ends the app with its one-line message and exit
code, as if it had been refused here.
"""

from __future__ import annotations

import argparse
import os
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from game.i18n import N_, _
from game.commands.common import EXIT_OK, CommandError, add_locale_option, close_after_play
from game.store.errors import StoreError
from game.store.options import add_db_options

if TYPE_CHECKING:
    from game.play.catalog import Entry
    from game.tui.app import Backstage

# Set by `dojo serve` for its apps: one browser's app must not remember another trainee,
# but a trainee who gives their name again gets their own display settings back.
PLAYER_SETTINGS_ENV = "DOJO_PLAYER_SETTINGS"

# The modes of a Session (game.engine.session.MODES), spelled here so that parsing the
# command line does not import the engine before the first paint; a test keeps them equal.
MODES = ("practice", "ranked")

NAME = "play"
HELP = N_("play scenarios in the terminal (practice with coaching, or ranked for the leaderboards)")


def add_parser(parser: argparse.ArgumentParser) -> None:
    """Options of `dojo play`."""
    parser.add_argument("scenario", nargs="?", help=_("a scenario file to start with (default: pick from the bundled pack)"))
    parser.add_argument("--mode", choices=MODES, default="practice", help=_("practice (default) or ranked"))
    parser.add_argument("--player", metavar="NAME", help=_("play as NAME (default: the name remembered from last time)"))
    parser.add_argument(
        "--watch",
        action="store_true",
        help=_(
            "for authors: reload SCENARIO whenever it is saved, show its lint findings in the game and "
            "replay your replies on the new version (nothing is recorded)"
        ),
    )
    add_locale_option(parser)
    add_db_options(parser)


def execute(args: argparse.Namespace) -> int:
    """Check the inputs, then run the app; the pack and the store load after its first paint."""
    if args.player is not None:
        from game.store.names import check_name

        try:
            check_name(args.player)
        except StoreError as error:
            raise CommandError(error.message) from None
    if args.watch:
        return _watch(args)
    start = _start_entry(args.scenario, args.locale) if args.scenario else None
    from game.tui.app import DojoApp  # here: textual loads only for this command

    app = DojoApp(
        start=start, mode=args.mode, player=args.player, backstage=partial(_backstage, args),
        player_settings=_player_settings_folder(),
        class_join=_class_join(),
        locale=args.locale,  # the game's own words in it too, whatever the Language setting says
    )
    try:
        app.run()
    finally:
        close_after_play(app.store, "play")
    if app.failure is not None:
        raise CommandError(app.failure.message, app.failure.code)
    return EXIT_OK


def _watch(args: argparse.Namespace) -> int:
    """`--watch`: play a draft, reloading it on every save; a draft that does not load yet waits for a fix."""
    if not args.scenario:
        raise CommandError(_("--watch needs the scenario file to watch, e.g. dojo play --watch my-scene.yaml"))
    path = Path(args.scenario)
    if not path.is_file():
        raise CommandError(_("{path}: no such file to watch").format(path=path))
    from game.play.watch import reload
    from game.tui.app import DojoApp
    from scoring.rubric import default_rubric
    from scoring.scorer import Scorer

    first = reload(path, Scorer(default_rubric()))
    app = DojoApp(
        start=first.entry,
        mode=args.mode,
        player=args.player,
        backstage=partial(_backstage, args, store=False),
        watch=path,
        findings=first.findings,
        locale=args.locale,
    )
    app.run()
    if app.failure is not None:
        raise CommandError(app.failure.message, app.failure.code)
    return EXIT_OK


def _player_settings_folder() -> Path | None:
    """Under `dojo serve`, the class's folder of per-player settings (PLAYER_SETTINGS_ENV), else None."""
    folder = os.environ.get(PLAYER_SETTINGS_ENV)
    return Path(folder) if folder else None


def _class_join() -> tuple[str, str] | None:
    """Under `dojo serve --class`, the class's (join code, name) from CLASS_ENV and CLASS_NAME_ENV, else None."""
    from game.play.class_env import CLASS_ENV, CLASS_NAME_ENV

    code = os.environ.get(CLASS_ENV)
    return (code, os.environ.get(CLASS_NAME_ENV, "")) if code else None


def _start_entry(path: str, locale: str | None = None) -> Entry:
    """The scenario named on the command line, loaded before the screen is taken over; with
    `locale`, in that language (CommandError when it has no complete table for it)."""
    from dataclasses import replace

    from game.commands.common import localized_or_fail
    from game.play.catalog import CatalogError, load_entry
    from scoring.rubric import default_rubric

    try:
        entry = load_entry(Path(path), default_rubric())
    except CatalogError as error:
        raise CommandError(error.args[0]) from None
    return replace(entry, scenario=localized_or_fail(entry.scenario, path, locale), source=entry.scenario) if locale else entry


def _backstage(args: argparse.Namespace, store: bool = True) -> Backstage:
    """The bundled pack (a served class's scenarios only) and the open store (StoreError if the database
    cannot be used); no store for a draft."""
    from game.play.catalog import load_folder, load_named
    from game.play.class_env import CLASS_SCENARIOS_ENV
    from game.store.options import store_from_args
    from game.tui.app import Backstage
    from scenarios import BUNDLED_DIR
    from scoring.rubric import default_rubric

    locale = getattr(args, "locale", None)
    class_scenarios = [item for item in os.environ.get(CLASS_SCENARIOS_ENV, "").split(",") if item]
    if class_scenarios:
        entries = load_named(BUNDLED_DIR, class_scenarios, default_rubric(), locale)
    else:
        entries, _unused = load_folder(BUNDLED_DIR, default_rubric(), locale)
    return Backstage(entries, store_from_args(args) if store else None)
