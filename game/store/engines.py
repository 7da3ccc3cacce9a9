"""The SQLAlchemy engines: SQLite in WAL mode with a busy timeout, `synchronous=FULL` and foreign
keys, and our own BEGIN; and engines and connections that only read a file.

pysqlite's own transaction handling is switched off: SQLAlchemy's "begin" event emits the
BEGIN itself, `BEGIN IMMEDIATE` for write transactions. A transaction that reads and then
writes under a plain BEGIN fails with "database is locked" when several processes write at
once, whatever the timeout (see pitfalls.md); IMMEDIATE takes the write lock up front, so
writers queue on the busy timeout instead.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL
from sqlalchemy.exc import NoSuchModuleError
from sqlalchemy.pool import StaticPool

from game.i18n import _
from game.store.dialect import POSTGRESQL, make_postgresql_engine
from game.store.error_kinds import code_name
from game.store.errors import StoreError
from game.store.location import describe, sqlite_file

BUSY_TIMEOUT_MS = 30_000


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection to `path` that works on a read-only disk too.

    A WAL database needs its `-shm` file even to be read; where that cannot be created
    (a read-only folder or disk: "unable to open database file"; a full disk: an
    SQLITE_IOERR_SHMSIZE) it is opened as immutable instead, which needs no `-shm`. Nobody
    can write it meanwhile (there would be no room, or no permission).
    """
    options: dict[str, Any] = {"timeout": BUSY_TIMEOUT_MS / 1000, "isolation_level": None, "check_same_thread": False, "uri": True}
    uri = path.absolute().as_uri()
    connection = sqlite3.connect(f"{uri}?mode=ro", **options)
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return connection
    except sqlite3.DatabaseError as error:
        if not code_name(error).startswith(("SQLITE_CANTOPEN", "SQLITE_IOERR_SHM")) and "unable to open" not in str(error):
            return connection  # some other problem: the caller's first query reports it
        connection.close()
    return sqlite3.connect(f"{uri}?mode=ro&immutable=1", **options)


def make_read_only_engine(url: URL, path: Path) -> Engine:
    """An engine that reads the SQLite file `path` and can never write it (see `connect_read_only`)."""
    engine = create_engine(url, creator=lambda: connect_read_only(path))
    event.listen(engine, "connect", _sqlite_read_only_on_connect)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_read_only_on_connect(dbapi_connection: Any, _record: Any) -> None:
    """No driver-managed transactions, and queries only (no WAL switch: that would write)."""
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA query_only = ON")
    finally:
        cursor.close()


def make_engine(url: URL) -> Engine:
    """An engine for `url`: for SQLite with WAL, the pragmas and our own BEGIN; PostgreSQL's is in dialect.py."""
    if url.get_backend_name() != "sqlite":
        try:
            return make_postgresql_engine(url) if url.get_backend_name() == POSTGRESQL else create_engine(url)
        except (NoSuchModuleError, ImportError) as error:
            raise StoreError(_("cannot use {where}: {reason}").format(where=describe(url), reason=error)) from None
    memory = sqlite_file(url) is None
    engine = create_engine(
        url,
        connect_args={"isolation_level": None, "timeout": BUSY_TIMEOUT_MS / 1000},
        poolclass=StaticPool if memory else None,
    )
    event.listen(engine, "connect", _sqlite_on_connect)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    """Per connection: no driver-managed transactions, a busy timeout, WAL, durability."""
    dbapi_connection.isolation_level = None  # pysqlite must not emit BEGIN/COMMIT by itself
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        _set_wal(cursor)
        # FULL: a committed run survives a power cut too (a closed laptop), not only a crash.
        cursor.execute("PRAGMA synchronous = FULL")
    finally:
        cursor.close()


def _set_wal(cursor: Any) -> None:
    """Switch to WAL; the switch needs a moment alone with the file, so retry while busy."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def _sqlite_begin(connection: Connection) -> None:
    """Emit BEGIN ourselves: IMMEDIATE when the connection was opened for writing."""
    kind = connection.get_execution_options().get("dojo_begin", "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {kind}")
