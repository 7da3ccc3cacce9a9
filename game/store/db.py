"""Where the database lives, how it is opened, and how its schema is kept up to date.

- The location: `--db` or `DOJO_DB` (a SQLAlchemy URL, or a path meaning a SQLite file),
  else `dojo.db` in the user's data directory (platformdirs).
- SQLite is opened in WAL mode with a busy timeout, `synchronous=FULL` and foreign keys,
  and with pysqlite's own transaction handling switched off: SQLAlchemy's "begin" event
  emits the BEGIN itself, `BEGIN IMMEDIATE` for write transactions. A transaction that
  reads and then writes under a plain BEGIN fails with "database is locked" when several
  processes write at once, whatever the timeout (see pitfalls.md); IMMEDIATE takes the
  write lock up front, so writers queue on the busy timeout instead.
- A file that is not SQLite, is damaged, or is some other program's database is never
  touched: opening fails with one message that says how to move it aside, and
  `reset=True` (the commands' `--reset-db`) does the move and starts a new database.
- The schema carries a version in `dojo_meta`. A fresh database is created from the
  current tables; an older one is first copied to a backup beside it, then brought up to
  date by the `MIGRATIONS`, all in one transaction, so an upgrade never loses data.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import platformdirs
from sqlalchemy import Connection, Engine, create_engine, event, inspect, select
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.pool import StaticPool

from game.store.errors import StoreError
from game.store.tables import APP_NAME, SCHEMA_VERSION, meta, metadata

ENV_VAR = "DOJO_DB"
DB_FILE_NAME = "dojo.db"
BUSY_TIMEOUT_MS = 30_000
SQLITE_HEADER = b"SQLite format 3\x00"

# Migrations: target version -> a function that upgrades version-1 data in place, inside
# the caller's transaction. Version 1 is the first schema, so there are none yet. A new
# one must use explicit DDL (not `metadata.create_all`), since it runs on old tables.
MIGRATIONS: dict[int, Callable[[Connection], None]] = {}

Clock = Callable[[], float]


# Where ------------------------------------------------------------------------------------


def default_db_path() -> Path:
    """`dojo.db` in the user's data directory for Service Dojo."""
    return platformdirs.user_data_path(APP_NAME, appauthor=False) / DB_FILE_NAME


def resolve_url(db: str | None = None, environ: Mapping[str, str] | None = None) -> URL:
    """The database URL from `--db`, else `DOJO_DB`, else the default file."""
    env = os.environ if environ is None else environ
    value = db or env.get(ENV_VAR) or ""
    if not value.strip():
        return URL.create("sqlite", database=str(default_db_path()))
    if "://" in value:
        try:
            return make_url(value)
        except ArgumentError:
            raise StoreError(f"'{value}' is not a database URL (e.g. sqlite:///path/dojo.db) or a file path") from None
    return URL.create("sqlite", database=str(Path(value).expanduser().absolute()))


def sqlite_file(url: URL) -> Path | None:
    """The file behind a SQLite URL, or None (in-memory, or not SQLite)."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


def describe(url: URL) -> str:
    """The database as a person should see it: the file path, or the URL without password."""
    path = sqlite_file(url)
    return str(path) if path else url.render_as_string(hide_password=True)


# Checking a file before SQLite touches it ---------------------------------------------------------


@dataclass(frozen=True)
class FileState:
    """What is at the database path: 'new' (nothing yet), 'dojo', or a problem ('bad')."""

    kind: str
    reason: str = ""


def inspect_file(path: Path, deep: bool = False) -> FileState:
    """Look at the file without changing it; `deep` also runs SQLite's quick_check."""
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file")
    if not path.exists() or path.stat().st_size == 0:
        return FileState("new")
    try:
        with open(path, "rb") as stream:
            header = stream.read(len(SQLITE_HEADER))
    except OSError as error:
        raise StoreError(f"cannot read the database {path}: {error.strerror or error}") from None
    if header != SQLITE_HEADER:
        return FileState("bad", "it is not an SQLite database at all")
    return _inspect_sqlite(path, deep)


def _inspect_sqlite(path: Path, deep: bool) -> FileState:
    """Read the table list (and our marker row) with a plain connection that writes nothing."""
    try:
        connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    except sqlite3.Error as error:
        raise StoreError(f"cannot open the database {path}: {error}") from None
    try:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables:
            return FileState("new")
        if meta.name not in tables:
            return FileState("bad", "it is another program's database (it has no Service Dojo tables)")
        row = connection.execute(f"SELECT value FROM {meta.name} WHERE key = 'app'").fetchone()
        if not row or row[0] != APP_NAME:
            return FileState("bad", "it is another program's database")
        if deep:
            verdict = connection.execute("PRAGMA quick_check").fetchone()
            if not verdict or verdict[0] != "ok":
                return FileState("bad", "SQLite reports it damaged")
        return FileState("dojo")
    except sqlite3.OperationalError as error:
        if "locked" in str(error) or "busy" in str(error):
            raise StoreError(f"the database {path} stayed busy (another dojo writing?); try again") from None
        return FileState("bad", f"SQLite cannot read it ({error})")
    except sqlite3.DatabaseError as error:
        return FileState("bad", f"SQLite reports it damaged ({error})")
    finally:
        connection.close()


def move_aside_advice(path: Path, reason: str) -> str:
    """The one message for a database file we will not touch."""
    return (
        f"{path} is not a usable Service Dojo database: {reason}. Nothing was changed. "
        f"To keep it and start a new one, move it aside: mv '{path}' '{path}.bak' "
        f"(or run again with --reset-db, which does exactly that)"
    )


def move_aside(path: Path, clock: Clock = time.time) -> Path:
    """Rename the file (and its -wal/-shm/-journal companions) to `NAME.broken-TIME`; returns the new path."""
    stamp = datetime.fromtimestamp(clock(), tz=timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.broken-{stamp}")
    counter = 1
    while target.exists():
        counter += 1
        target = path.with_name(f"{path.name}.broken-{stamp}-{counter}")
    os.replace(path, target)
    for suffix in ("-wal", "-shm", "-journal"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            os.replace(companion, target.with_name(target.name + suffix))
    return target


# The engine -------------------------------------------------------------------------------------


def make_engine(url: URL) -> Engine:
    """An engine for `url`; for SQLite with WAL, the pragmas and our own BEGIN."""
    if url.get_backend_name() != "sqlite":
        try:
            return create_engine(url)
        except (NoSuchModuleError, ImportError) as error:
            raise StoreError(f"cannot use {describe(url)}: {error}") from None
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


# The store handle ------------------------------------------------------------------------------


class Store:
    """An open database: `read()` and `write()` transactions, and the clock for timestamps."""

    def __init__(self, engine: Engine, url: URL, clock: Clock = time.time, moved_aside: Path | None = None):
        self.engine = engine
        self.url = url
        self.clock = clock
        self.moved_aside = moved_aside  # where a bad file went, when --reset-db moved it

    @property
    def where(self) -> str:
        """The file path or the URL (without password), for messages."""
        return describe(self.url)

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read transaction (a consistent snapshot under WAL)."""
        with self._errors(), self.engine.connect() as connection, connection.begin():
            yield connection

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A write transaction, opened with BEGIN IMMEDIATE on SQLite; commits on success."""
        with self._errors(), self.engine.connect() as connection:
            connection.execution_options(dojo_begin="IMMEDIATE")
            with connection.begin():
                yield connection

    def close(self) -> None:
        """Close every pooled connection (the last one checkpoints the WAL)."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except DBAPIError as error:
            raise translate_error(error, self.url) from None


def translate_error(error: DBAPIError, url: URL) -> StoreError:
    """One clear message for a database error (never a traceback)."""
    text = str(error.orig) if error.orig is not None else str(error)
    where = describe(url)
    lowered = text.lower()
    if "malformed" in lowered or "not a database" in lowered:
        path = sqlite_file(url)
        return StoreError(move_aside_advice(path, f"SQLite reports it damaged ({text})") if path else f"{where}: {text}")
    if "locked" in lowered or "busy" in lowered:
        return StoreError(f"the database {where} stayed busy for {BUSY_TIMEOUT_MS // 1000} s (another dojo writing?); try again")
    if "readonly" in lowered or "read-only" in lowered:
        return StoreError(f"cannot write to the database {where}: {text}")
    return StoreError(f"database error in {where}: {text}")


# Opening ---------------------------------------------------------------------------------------


def open_store(
    db: str | None = None,
    *,
    reset: bool = False,
    clock: Clock = time.time,
    environ: Mapping[str, str] | None = None,
) -> Store:
    """Open (creating or upgrading as needed) the database named by `db`, `DOJO_DB` or the default.

    A bad file raises StoreError and is left alone, unless `reset` is true: then it is
    moved aside (see `move_aside`) and a new database is started in its place.
    """
    env = os.environ if environ is None else environ
    url = resolve_url(db, env)
    moved = _check_file(url, reset, clock, default=not (db or env.get(ENV_VAR)))
    engine = make_engine(url)
    store = Store(engine, url, clock, moved)
    try:
        prepare_schema(store)
    except BaseException:
        engine.dispose()
        raise
    return store


def _check_file(url: URL, reset: bool, clock: Clock, default: bool) -> Path | None:
    """Refuse (or, with reset, move aside) a file that is not ours; make the default folder."""
    path = sqlite_file(url)
    if path is None:
        return None
    if not path.parent.is_dir():
        if not default:
            raise StoreError(f"cannot create the database {path}: the folder {path.parent} does not exist")
        path.parent.mkdir(parents=True, exist_ok=True)
    state = inspect_file(path, deep=reset)
    if state.kind != "bad":
        return None
    if not reset:
        raise StoreError(move_aside_advice(path, state.reason))
    return move_aside(path, clock)


def schema_version(connection: Connection) -> int | None:
    """The stored schema version, or None for a database without our tables."""
    if not inspect(connection).has_table(meta.name):
        return None
    value = connection.execute(select(meta.c.value).where(meta.c.key == "schema_version")).scalar()
    return int(value) if value is not None else None


def prepare_schema(store: Store) -> None:
    """Create the tables in a new database, or migrate an old one; refuse a newer one."""
    with store.read() as connection:
        version = schema_version(connection)
        foreign = version is None and bool(inspect(connection).get_table_names())
    if foreign:
        raise StoreError(f"{store.where} holds another program's tables; point --db at a new database")
    if version == SCHEMA_VERSION:
        return
    if version is not None and version > SCHEMA_VERSION:
        raise StoreError(
            f"{store.where} was written by a newer Service Dojo (schema {version}; this one reads up to "
            f"{SCHEMA_VERSION}); upgrade dojo to use it. Nothing was changed"
        )
    if version is not None:
        backup_before_migration(store, version)
    with store.write() as connection:
        _create_or_migrate(connection, store.clock)


def _create_or_migrate(connection: Connection, clock: Clock) -> None:
    """Inside a write transaction: look again (another process may have done it) and act."""
    version = schema_version(connection)
    if version is None:
        metadata.create_all(connection)
        connection.execute(
            meta.insert(),
            [
                {"key": "app", "value": APP_NAME},
                {"key": "schema_version", "value": str(SCHEMA_VERSION)},
                {"key": "created_at", "value": repr(clock())},
            ],
        )
        return
    for target in range(version + 1, SCHEMA_VERSION + 1):
        MIGRATIONS[target](connection)
        connection.execute(meta.update().where(meta.c.key == "schema_version").values(value=str(target)))


def backup_before_migration(store: Store, version: int) -> Path | None:
    """Copy a SQLite file to `NAME.schema-vN.bak` before upgrading it (kept if one exists)."""
    path = sqlite_file(store.url)
    if path is None:
        return None
    target = path.with_name(f"{path.name}.schema-v{version}.bak")
    if target.exists():
        return target
    source = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        copy = sqlite3.connect(target)
        with copy:
            source.backup(copy)
        copy.close()
    finally:
        source.close()
    return target
