"""The `--lrs URL` option of `dojo run`, `dojo serve` and `dojo xapi push`, and what it means for the store.

The URL is the learning record store's base address, ending in /xAPI/; the credentials come
only from DOJO_LRS_AUTH (user:password). A bad address or missing credentials is one line and
exit code 2, before anything is played or served. Giving `--lrs` also keeps the address in the
store, so every run recorded from then on (by any command, in any room) is noted for the LRS
and waits in the outbox until it is sent (docs/xapi.md).
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping
from typing import TYPE_CHECKING

from game.i18n import _
from game.commands.common import CommandError
from game.export.lrs import AUTH_ENV, LrsError, LrsTarget, target_from

if TYPE_CHECKING:
    from game.export.xapi_push import PushReport


def add_lrs_option(parser: argparse.ArgumentParser) -> None:
    """Add `--lrs URL` to a command."""
    parser.add_argument(
        "--lrs",
        metavar="URL",
        help=_(
            "send every recorded run as xAPI statements to this learning record store (its base address, ending in /xAPI/; "
            "credentials from ${variable}=user:password)"
        ).format(variable=AUTH_ENV),
    )


def lrs_target(url: str | None, environ: Mapping[str, str] | None = None) -> LrsTarget | None:
    """The LRS `--lrs` names (None without it); CommandError (exit 2) for a bad address or missing credentials."""
    if url is None:
        return None
    try:
        return target_from(url, os.environ if environ is None else environ)
    except LrsError as error:
        raise CommandError(str(error)) from None


def report_line(report: PushReport) -> str:
    """One line on what a push did, and what waits."""
    if report.waiting:
        line = _("xAPI: {sent} statement(s) sent to the LRS; {waiting} wait in the outbox ({problem}); send them later with: dojo xapi push.")
    else:
        line = _("xAPI: {sent} statement(s) sent to the LRS.")
    return line.format(sent=report.sent, waiting=report.waiting, problem=report.problem)
