"""Looking at a database file before SQLite touches it: nothing yet, ours, or not usable (not
SQLite, damaged, another program's); and moving a file we will not touch aside.

A file that is not ours is never changed: opening fails with one message that says how to
move it aside, and `reset=True` (the commands' `--reset-db`) does the move.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from game.i18n import _
from game.store.engines import connect_read_only
from game.store.error_kinds import NOT_THE_FILES_FAULT, READ_ONLY_ERRNOS, code_name, error_kind
from game.store.errors import BUSY, OTHER, READ_ONLY, StoreError
from game.store.tables import APP_NAME, meta
from game.store.upgrade import parse_version, shown_version

SQLITE_HEADER = b"SQLite format 3\x00"


@dataclass(frozen=True)
class FileState:
    """What is at the database path: 'new' (nothing yet), 'dojo', or a problem ('bad')."""

    kind: str
    reason: str = ""


def inspect_file(path: Path, deep: bool = False) -> FileState:
    """Look at the file without changing it; `deep` also runs SQLite's quick_check."""
    if path.is_dir():
        raise StoreError(_("{path} is a folder, not a database file").format(path=path))
    if not path.exists() or path.stat().st_size == 0:
        return FileState("new")
    try:
        with open(path, "rb") as stream:
            header = stream.read(len(SQLITE_HEADER))
    except OSError as error:
        raise StoreError(_("cannot read the database {path}: {reason}").format(path=path, reason=error.strerror or error)) from None
    if header != SQLITE_HEADER:
        return FileState("bad", _("it is not an SQLite database at all"))
    return _inspect_sqlite(path, deep)


def _inspect_sqlite(path: Path, deep: bool) -> FileState:
    """Read the table list (and our marker row) with a read-only connection that writes nothing."""
    try:
        connection = connect_read_only(path)
    except sqlite3.Error as error:
        raise StoreError(_("cannot open the database {path}: {reason}").format(path=path, reason=error)) from None
    try:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables:
            return FileState("new")
        if meta.name not in tables:
            return FileState("bad", _("it is another program's database (it has no Service Dojo tables)"))
        row = connection.execute(f"SELECT value FROM {meta.name} WHERE key = 'app'").fetchone()
        if not row or row[0] != APP_NAME:
            return FileState("bad", _("it is another program's database"))
        version = connection.execute(f"SELECT value FROM {meta.name} WHERE key = 'schema_version'").fetchone()
        if not version or parse_version(version[0]) is None:
            return FileState("bad", _("its schema version ({version}) is not one any Service Dojo writes").format(version=shown_version(version)))
        if deep:
            verdict = connection.execute("PRAGMA quick_check").fetchone()
            if not verdict or verdict[0] != "ok":
                return FileState("bad", _("SQLite reports it damaged"))
        return FileState("dojo")
    except sqlite3.OperationalError as error:
        if "locked" in str(error) or "busy" in str(error):
            raise StoreError(_("the database {path} stayed busy (another dojo writing?); try again").format(path=path), kind=BUSY) from None
        if code_name(error).startswith(NOT_THE_FILES_FAULT):
            # The disk, not the file: calling it damaged would advise moving a good database aside.
            raise StoreError(_("cannot read the database {path}: {reason}").format(path=path, reason=error), kind=error_kind(error)) from None
        return FileState("bad", _("SQLite cannot read it ({reason})").format(reason=error))
    except sqlite3.DatabaseError as error:
        return FileState("bad", _("SQLite reports it damaged ({reason})").format(reason=error))
    finally:
        connection.close()


def move_aside(path: Path, clock: Callable[[], float] = time.time) -> Path:
    """Rename the file (and its -wal/-shm/-journal companions) to `NAME.broken-TIME`; returns the new path."""
    stamp = datetime.fromtimestamp(clock(), tz=timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.broken-{stamp}")
    counter = 1
    while target.exists():
        counter += 1
        target = path.with_name(f"{path.name}.broken-{stamp}-{counter}")
    try:
        os.replace(path, target)
        for suffix in ("-wal", "-shm", "-journal"):
            companion = path.with_name(path.name + suffix)
            if companion.exists():
                os.replace(companion, target.with_name(target.name + suffix))
    except OSError as error:
        raise StoreError(
            _("cannot move {path} aside: {reason}; move it yourself or point --db at another file").format(path=path, reason=error.strerror or error),
            kind=READ_ONLY if error.errno in READ_ONLY_ERRNOS else OTHER,
        ) from None
    return target
