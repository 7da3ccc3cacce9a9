"""One clear message for a database error (never a traceback), with its kind; and the one
message for a database file we will not touch."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from game.i18n import _
from game.store.dialect import unreachable
from game.store.engines import BUSY_TIMEOUT_MS
from game.store.error_kinds import code_name, error_kind
from game.store.errors import BUSY, DAMAGED, FULL, READ_ONLY, StoreError
from game.store.location import describe, sqlite_file


def move_aside_advice(path: Path, reason: str) -> str:
    """The one message for a database file we will not touch."""
    return _(
        "{path} is not a usable Service Dojo database: {reason}. Nothing was changed. "
        "To keep it and start a new one, move it aside: mv '{path}' '{path}.bak' "
        "(or run again with --reset-db, which does exactly that)"
    ).format(path=path, reason=reason)


def translate_error(error: DBAPIError | sqlite3.Error, url: URL) -> StoreError:
    """One clear message for a database error (never a traceback), with its kind."""
    orig = error.orig if isinstance(error, DBAPIError) and error.orig is not None else error
    lines = str(orig).strip().splitlines()
    text = lines[0].strip() if lines else type(orig).__name__  # PostgreSQL adds LINE/DETAIL/HINT lines: one line is said
    where = describe(url)
    kind = error_kind(orig)
    if unreachable(orig):
        return StoreError(
            _("cannot reach the database {where}: {reason} (is the server running, and the address right?)").format(where=where, reason=text),
            kind=kind,
        )
    if kind == DAMAGED:
        path = sqlite_file(url)
        if path is None:
            return StoreError(_("database error in {where}: the server reports damaged data ({reason})").format(where=where, reason=text), kind=kind)
        return StoreError(move_aside_advice(path, _("SQLite reports it damaged ({reason})").format(reason=text)), kind=kind)
    if kind == BUSY:
        return StoreError(
            _("the database {where} stayed busy for {seconds} s (another dojo writing?); try again").format(
                where=where, seconds=BUSY_TIMEOUT_MS // 1000
            ),
            kind=kind,
        )
    if kind == FULL:
        return StoreError(
            _("cannot save to {where}: the disk is full; nothing was written (free some space and try again)").format(where=where), kind=kind
        )
    if kind == READ_ONLY:
        return StoreError(_("cannot save to {where}: the database is read-only ({reason})").format(where=where, reason=text), kind=kind)
    if code_name(orig).startswith("SQLITE_IOERR") or "i/o error" in text.lower():
        return StoreError(_("the disk holding {where} reported an error ({reason}); is it full or unplugged?").format(where=where, reason=text), kind=kind)
    return StoreError(_("database error in {where}: {reason}").format(where=where, reason=text), kind=kind)
