"""The `--db` and `--reset-db` options every storing command shares, and opening the store from them.

SQLAlchemy is imported only when a store is opened: every `dojo` command builds its
parser at start-up, and the ones that never touch the database should not pay for it.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from game.i18n import _

if TYPE_CHECKING:
    from game.store.db import Store


def add_db_options(parser: argparse.ArgumentParser) -> None:
    """Add `--db` and `--reset-db` to a command."""
    parser.add_argument(
        "--db",
        metavar="URL_OR_PATH",
        help=_("the database: a SQLAlchemy URL or a SQLite file path (default: $DOJO_DB, else dojo.db in your data folder)"),
    )
    parser.add_argument(
        "--reset-db",
        action="store_true",
        help=_("if the database file is damaged or not a Service Dojo database, move it aside (NAME.broken-TIME) and start a new one"),
    )


def store_from_args(args: argparse.Namespace, clock: Callable[[], float] = time.time) -> Store:
    """Open the store the options name; says on stderr when a bad file was moved aside."""
    from game.store.db import open_store

    store = open_store(getattr(args, "db", None), reset=bool(getattr(args, "reset_db", False)), clock=clock)
    if store.moved_aside is not None:
        moved = _("the old database was not usable and was moved to {moved}; started a new one at {where}").format(
            moved=store.moved_aside, where=store.where
        )
        print(f"dojo: {moved}", file=sys.stderr)
    return store
