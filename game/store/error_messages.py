"""One clear message for a database error (never a traceback), with its kind; and the one
message for a database file we will not touch."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from game.store.dialect import unreachable
from game.store.engines import BUSY_TIMEOUT_MS
from game.store.error_kinds import code_name, error_kind
from game.store.errors import BUSY, DAMAGED, FULL, READ_ONLY, StoreError
from game.store.location import describe, sqlite_file


def move_aside_advice(path: Path, reason: str) -> str:
    """The one message for a database file we will not touch."""
    return (
        f"{path} is not a usable Service Dojo database: {reason}. Nothing was changed. "
        f"To keep it and start a new one, move it aside: mv '{path}' '{path}.bak' "
        f"(or run again with --reset-db, which does exactly that)"
    )


def translate_error(error: DBAPIError | sqlite3.Error, url: URL) -> StoreError:
    """One clear message for a database error (never a traceback), with its kind."""
    orig = error.orig if isinstance(error, DBAPIError) and error.orig is not None else error
    lines = str(orig).strip().splitlines()
    text = lines[0].strip() if lines else type(orig).__name__  # PostgreSQL adds LINE/DETAIL/HINT lines: one line is said
    where = describe(url)
    kind = error_kind(orig)
    if unreachable(orig):
        return StoreError(f"cannot reach the database {where}: {text} (is the server running, and the address right?)", kind=kind)
    if kind == DAMAGED:
        path = sqlite_file(url)
        if path is None:
            return StoreError(f"database error in {where}: the server reports damaged data ({text})", kind=kind)
        return StoreError(move_aside_advice(path, f"SQLite reports it damaged ({text})"), kind=kind)
    if kind == BUSY:
        return StoreError(
            f"the database {where} stayed busy for {BUSY_TIMEOUT_MS // 1000} s (another dojo writing?); try again", kind=kind
        )
    if kind == FULL:
        return StoreError(f"cannot save to {where}: the disk is full; nothing was written (free some space and try again)", kind=kind)
    if kind == READ_ONLY:
        return StoreError(f"cannot save to {where}: the database is read-only ({text})", kind=kind)
    if code_name(orig).startswith("SQLITE_IOERR") or "i/o error" in text.lower():
        return StoreError(f"the disk holding {where} reported an error ({text}); is it full or unplugged?", kind=kind)
    return StoreError(f"database error in {where}: {text}", kind=kind)
