"""`dojo restore FILE`: store the runs a game had to write to a file because the store would not take them.

When the data folder is read-only or full at quit, `dojo play` and `dojo gui` write the runs
still waiting to `dojo-unsaved-<time>.json` and say so. Once there is room (or with `--db`
pointing at a writable database), this puts them where they belong: finished runs on the
record and the boards, unfinished ones as saves to resume. The file is then renamed to
`<FILE>.restored`, so the same runs are not recorded twice by a second restore.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from game.i18n import N_, _
from game.commands.common import EXIT_OK, CommandError
from game.store.errors import StoreError
from game.store.files import check_name
from game.store.options import add_db_options, store_from_args

NAME = "restore"
HELP = N_("store the runs a game wrote to a dojo-unsaved-*.json file when it could not save them")


def add_parser(parser: argparse.ArgumentParser) -> None:
    """Options of `dojo restore`."""
    parser.add_argument("file", metavar="FILE", help=_("the dojo-unsaved-*.json file the game named"))
    add_db_options(parser)


def execute(args: argparse.Namespace) -> int:
    """Store the file's runs, then rename the file so it cannot be restored twice."""
    from game.play.playthrough import restore_unsaved  # here: the engine and SQLAlchemy load only now

    check_name(args.file, "read")
    path = Path(args.file)
    if not path.is_file():
        raise CommandError(_("{path}: no such file").format(path=path))
    try:
        with store_from_args(args) as store:
            count = restore_unsaved(store, path)
            where = store.where
    except StoreError as error:
        raise CommandError(error.message, error.code) from None
    done = path.with_name(path.name + ".restored")
    try:
        os.replace(path, done)
    except OSError as error:
        print(
            _("Restored {count} run(s) to {where}, but could not rename {path} ({reason}): delete it so the runs are not restored twice.").format(
                count=count, where=where, path=path, reason=error.strerror or error
            )
        )
        return EXIT_OK
    print(_("Restored {count} run(s) to {where}; the file is now {done}.").format(count=count, where=where, done=done))
    return EXIT_OK
