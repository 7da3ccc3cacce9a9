"""`dojo play [SCENARIO]`: the terminal game (Textual).

Everything that can fail with a clear message (the scenario file, the player name, the
database) is checked here, before the screen is taken over; textual itself is imported
only then, so other commands never load it.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from game.commands.common import EXIT_OK, CommandError
from game.engine.session import MODES
from game.store.errors import StoreError
from game.store.options import add_db_options, store_from_args

NAME = "play"
HELP = "play scenarios in the terminal (practice with coaching, or ranked for the leaderboards)"


def add_parser(parser: argparse.ArgumentParser) -> None:
    """Options of `dojo play`."""
    parser.add_argument("scenario", nargs="?", help="a scenario file to start with (default: pick from the bundled pack)")
    parser.add_argument("--mode", choices=MODES, default="practice", help="practice (default) or ranked")
    parser.add_argument("--player", metavar="NAME", help="play as NAME (default: the name remembered from last time)")
    add_db_options(parser)


def execute(args: argparse.Namespace) -> int:
    """Check the inputs, open the store, and run the app until the trainee quits."""
    from game.store.players import check_name
    from game.play.catalog import CatalogError, load_entry, load_folder
    from scenarios import BUNDLED_DIR
    from scoring.rubric import default_rubric

    rubric = default_rubric()
    try:
        start = load_entry(Path(args.scenario), rubric) if args.scenario else None
    except CatalogError as error:
        raise CommandError(error.args[0]) from None
    if args.player is not None:
        try:
            check_name(args.player)
        except StoreError as error:
            raise CommandError(error.message) from None
    entries, _ = load_folder(BUNDLED_DIR, rubric)
    try:
        store = store_from_args(args)
    except StoreError as error:
        raise CommandError(error.message, error.code) from None
    from game.tui.app import DojoApp  # here: textual loads only for this command

    try:
        DojoApp(entries, start=start, store=store, mode=args.mode, player=args.player).run()
    finally:
        store.close()
    return EXIT_OK
