"""`dojo class`: the classes on a store: list them, close one, reopen one.

A class is opened by `dojo serve --class NAME` (see serve_cmd). `list` shows each class's
name, join code, mode, scenarios, members and runs, and whether it is open; `close NAME`
(or its code) stops its code letting anyone in and its trainer address working; `reopen`
opens a closed class again with its code (the next `dojo serve --class NAME` prints a new
trainer address).
"""

from __future__ import annotations

import argparse
import time
from typing import TYPE_CHECKING

from game.i18n import N_, _
from game.commands.common import EXIT_OK, CommandError, add_json_option, print_json
from game.store.display import printable
from game.store.errors import StoreError
from game.store.options import add_db_options, store_from_args
from game.store.run_words import mode_word

if TYPE_CHECKING:
    from game.store.db import Store

NAME = "class"
HELP = N_("the classes on the store (dojo serve --class opens one): list them, close one, reopen one")


def add_parser(parser: argparse.ArgumentParser) -> None:
    """Options of `dojo class`."""
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=type(parser))
    listing = actions.add_parser("list", help=_("every class, the most recently opened first"))
    add_db_options(listing)
    add_json_option(listing)
    for action, text in (("close", N_("close a class: its code and trainer address stop working")), ("reopen", N_("open a closed class again"))):
        sub = actions.add_parser(action, help=_(text))
        sub.add_argument("name", metavar="NAME_OR_CODE", help=_("the class's name or join code"))
        add_db_options(sub)


def execute(args: argparse.Namespace) -> int:
    """List, close or reopen."""
    from game.store.classes import close_class, reopen_class

    try:
        with store_from_args(args) as store:
            if args.action == "list":
                return _list(store, args.json)
            change = close_class if args.action == "close" else reopen_class
            info = change(store, args.name)
    except StoreError as error:
        raise CommandError(error.message, error.code) from None
    if info.closed_at is not None:
        said = _("Class \"{name}\" (code {code}) is closed.")
    else:
        said = _("Class \"{name}\" (code {code}) is open again (start `dojo serve --class` to teach it).")
    print(said.format(name=printable(info.name), code=info.code))
    return EXIT_OK


def _list(store: Store, as_json: bool) -> int:
    """Print the classes, with how many joined and how many runs each has."""
    from game.store.class_seats import changed_at, roster
    from game.store.classes import list_classes

    listed = [(info, len(roster(store, info.id)), changed_at(store, info.id)[1]) for info in list_classes(store)]
    if as_json:
        print_json(
            [
                {
                    "name": info.name,
                    "code": info.code,
                    "mode": info.mode,
                    "scenarios": list(info.scenarios),
                    "open": info.is_open,
                    "opened_at": info.opened_at,
                    "closed_at": info.closed_at,
                    "members": members,
                    "runs": run_count,
                }
                for info, members, run_count in listed
            ]
        )
        return EXIT_OK
    if not listed:
        print(_("No classes yet: `dojo serve --class NAME` opens one."))
        return EXIT_OK
    for info, members, run_count in listed:
        opened = time.strftime("%Y-%m-%d %H:%M", time.localtime(info.opened_at))
        state = _("open") if info.is_open else _("closed")
        print(
            _("{code}  {name}  [{state}, {mode}]  opened {opened}  {members} member(s), {runs} run(s); scenarios: {scenarios}").format(
                code=info.code, name=printable(info.name), state=state, mode=mode_word(info.mode), opened=opened, members=members,
                runs=run_count, scenarios=", ".join(info.scenarios),
            )
        )
    return EXIT_OK
