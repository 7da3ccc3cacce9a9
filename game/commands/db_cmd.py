"""`dojo db copy --from URL --to URL`: move a whole store between databases (SQLite and PostgreSQL,
either way), checked by replaying every run in both afterwards (see game/store/transfer.py).

Exit 0 when every run replays in the copy as it does in the source and every table holds as
many rows; 1 with a line per difference; 2 for bad input (a source that is not a store, a
target that already holds tables, the same database twice, a server that cannot be reached).
"""

from __future__ import annotations

import argparse

from game.i18n import N_, _
from game.commands.common import EXIT_FINDINGS, EXIT_OK, CommandError
from game.store.errors import StoreError

NAME = "db"
HELP = N_("move a whole store to another database (SQLite <-> PostgreSQL), checked by replaying every run")


def add_parser(parser: argparse.ArgumentParser) -> None:
    """Options of `dojo db`."""
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=type(parser))
    copy = actions.add_parser("copy", help=_("copy every table into a new, empty database, then replay every run in both"))
    copy.add_argument("--from", dest="source", metavar="URL_OR_PATH", required=True, help=_("the store to copy (a SQLAlchemy URL or a SQLite file)"))
    copy.add_argument("--to", dest="target", metavar="URL_OR_PATH", required=True, help=_("a new SQLite file or an empty database"))


def execute(args: argparse.Namespace) -> int:
    """Copy, replay, and say what was moved and whether the copy replays as the source does."""
    from game.store.location import describe, resolve_url
    from game.store.transfer import copy_store  # here: SQLAlchemy and the engine load only now

    try:
        copied = copy_store(args.source, args.target)
        source, target = describe(resolve_url(args.source)), describe(resolve_url(args.target))
    except StoreError as error:
        raise CommandError(error.message, error.code) from None
    total = sum(copied.rows.values())
    print(
        _("Copied {total} row(s) from {source} to {target}: {runs} run(s), {players} player(s), {classes} class(es).").format(
            total=total, source=source, target=target, runs=copied.rows.get("runs", 0), players=copied.rows.get("players", 0),
            classes=copied.rows.get("classes", 0),
        )
    )
    if copied.mismatched:
        for line in copied.mismatched:
            print(_("DIFFERS {line}").format(line=line))
        print(
            _("Replayed {replayed} run(s): {differences} difference(s); the copy is not the same store.").format(
                replayed=copied.replayed, differences=len(copied.mismatched)
            )
        )
        return EXIT_FINDINGS
    print(_("Replayed {replayed} run(s) in both: every one as in the source.").format(replayed=copied.replayed))
    return EXIT_OK
