"""`dojo xapi`: the store's xAPI outbox and settings (docs/xapi.md).

- `dojo xapi push [--lrs URL]` sends every statement not yet sent (first turning the runs that
  wait into statements), to `--lrs` or else to the LRS the store keeps from an earlier `--lrs`;
  exit 1 when some are still waiting at the end (the LRS is down or refused them).
- `dojo xapi status` says which LRS the store sends to and how many statements are sent and waiting.
- `dojo xapi config [--home-page URL] [--actor account|mbox]` sets the home page of the
  trainees' accounts, or identifies trainees whose names are e-mail addresses by them (mbox:
  only when the owner chooses it).
"""

from __future__ import annotations

import argparse
from urllib.parse import urlsplit

from game.i18n import N_, _
from game.commands.common import EXIT_FINDINGS, EXIT_OK, CommandError, add_json_option, print_json
from game.commands.lrs_option import add_lrs_option, lrs_target, report_line
from game.store.errors import StoreError
from game.store.options import add_db_options, store_from_args

NAME = "xapi"
HELP = N_("send recorded runs to a learning record store (xAPI): push the outbox, show it, set the trainees' home page")


def add_parser(parser: argparse.ArgumentParser) -> None:
    """Sub-commands of `dojo xapi`."""
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    push = actions.add_parser("push", help=_("send every statement not yet sent"))
    add_lrs_option(push)
    status = actions.add_parser("status", help=_("the LRS the store sends to, and the statements sent and waiting"))
    config = actions.add_parser("config", help=_("the trainees' home page, and whether an e-mail name is sent as an mbox"))
    config.add_argument("--home-page", metavar="URL", help=_("the homePage of every trainee's xAPI account (an http(s) address)"))
    config.add_argument(
        "--actor", choices=("account", "mbox"), help=_("account (default) or mbox: trainees named by an e-mail address are sent by it")
    )
    for sub in (push, status, config):
        add_db_options(sub)
        add_json_option(sub)


def execute(args: argparse.Namespace) -> int:
    """Run the action asked for."""
    try:
        if args.action == "push":
            return _push(args)
        if args.action == "config":
            return _config(args)
        return _status(args)
    except StoreError as error:
        raise CommandError(error.message, error.code) from None


def _push(args: argparse.Namespace) -> int:
    from game.export.xapi_push import push
    from game.store.outbox import settings

    target = lrs_target(args.lrs)
    with store_from_args(args) as store:
        if target is None:
            kept = settings(store).lrs
            if kept is None:
                raise CommandError(_("no LRS: give --lrs URL (the store keeps none from an earlier --lrs)"))
            target = lrs_target(kept)
        assert target is not None
        report = push(store, target)
    if args.json:
        print_json({"lrs": target.url, "built": report.built, "sent": report.sent, "waiting": report.waiting, "problem": report.problem})
    else:
        print(report_line(report))
    return EXIT_OK if report.waiting == 0 else EXIT_FINDINGS


def _status(args: argparse.Namespace) -> int:
    from game.store.outbox import counts, settings

    with store_from_args(args) as store:
        kept, numbers = settings(store), counts(store)
    data = {
        "lrs": kept.lrs,
        "home_page": kept.home_page,
        "actor": kept.actor,
        "runs_waiting": numbers.runs_waiting,
        "sent": numbers.sent,
        "waiting": numbers.waiting,
    }
    if args.json:
        print_json(data)
    else:
        print(_("LRS: {lrs}").format(lrs=kept.lrs or _("none (give --lrs to dojo run, serve or xapi push)")))
        print(_("Trainees: {actor} on {home_page}").format(actor=kept.actor, home_page=kept.home_page))
        print(
            _("Statements: {sent} sent, {waiting} waiting; runs not yet made into statements: {runs}").format(
                sent=numbers.sent, waiting=numbers.waiting, runs=numbers.runs_waiting
            )
        )
    return EXIT_OK


def _config(args: argparse.Namespace) -> int:
    from game.store.outbox import configure

    if args.home_page is not None:
        parts = urlsplit(args.home_page)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise CommandError(_("--home-page {address} is not an http:// or https:// address").format(address=repr(args.home_page)))
    with store_from_args(args) as store:
        kept = configure(store, home_page=args.home_page, actor=args.actor)
    if args.json:
        print_json({"lrs": kept.lrs, "home_page": kept.home_page, "actor": kept.actor})
    else:
        print(_("Trainees are sent as: {actor} on {home_page}").format(actor=kept.actor, home_page=kept.home_page))
    return EXIT_OK
