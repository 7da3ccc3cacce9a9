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
- A database that cannot be written (a read-only file, folder or disk, or a data folder
  that cannot be created) still opens, read-only: boards and runs can be read, and
  `Store.read_only` holds the one-line reason that every `write()` raises (kind READ_ONLY).
  Where there is no file yet, the store is an empty one in memory. A disk too full to
  even open the database (WAL needs room for its `-shm` file) gives the same read-only
  store, of kind FULL, and every write first tries to open it properly again. A disk that
  fills up later fails the write (kind FULL), its transaction rolls back, and the file
  stays as it was.
"""

from __future__ import annotations

import errno
import os
import re
import sqlite3
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import platformdirs
from sqlalchemy import Connection, Engine, create_engine, event, inspect, select, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.pool import StaticPool

from game.store.errors import BUSY, DAMAGED, FULL, OTHER, READ_ONLY, StoreError
from game.store.files import name_problem, shown
from game.store.migrate_v4 import to_version_4
from game.store.tables import APP_NAME, SCHEMA_VERSION, meta, metadata

ENV_VAR = "DOJO_DB"
DB_FILE_NAME = "dojo.db"
BUSY_TIMEOUT_MS = 30_000
SQLITE_HEADER = b"SQLite format 3\x00"
_VERSION = re.compile(r"[1-9][0-9]{0,8}")



def _to_version_2(connection: Connection) -> None:
    """Version 2 (boards you can trust): player identities and PINs, runs' pack and seal key,
    the official pack and the stored analyses. Rows sealed before seals had a key become
    'legacy': they were sealed with a plain sha256 anyone can make, so they are not shown as
    verified until the owner adopts them (`dojo verify --reseal`)."""
    from game.store.names import identity
    from game.store.tables import analyses, official_pack, players, runs, standings, totals

    connection.execute(text("ALTER TABLE players ADD COLUMN identity TEXT NOT NULL DEFAULT ''"))
    connection.execute(text("ALTER TABLE players ADD COLUMN pin_hash TEXT"))
    taken: set[str] = set()
    for player_id, name in connection.execute(select(players.c.id, players.c.name).order_by(players.c.id)).all():
        key = identity(name)
        # Two old players whose names now mean one identity (or a name of invisible characters):
        # the later one keeps their runs under an identity nobody can type, shown by their name.
        if key in taken or not key:
            key = f"\x00legacy-{player_id}"
        taken.add(key)
        connection.execute(players.update().where(players.c.id == player_id).values(identity=key))
    connection.execute(text("ALTER TABLE runs ADD COLUMN pack VARCHAR(16) NOT NULL DEFAULT 'custom'"))
    connection.execute(text("ALTER TABLE runs ADD COLUMN seal_key VARCHAR(16) NOT NULL DEFAULT 'legacy'"))
    connection.execute(runs.update().where(runs.c.status == "verified").values(status="legacy"))
    for index in runs.indexes:
        connection.execute(text(f"DROP INDEX IF EXISTS {index.name}"))
        index.create(connection)
    for index in players.indexes:
        if index.name == "ix_players_identity":
            index.create(connection)
    for table in (official_pack, analyses, standings, totals):
        table.create(connection)  # with their indexes
    _start_official_pack(connection, time.time())


def _start_official_pack(connection: Connection, now: float) -> None:
    """A new (or upgraded) store's official pack: the bundled scenarios and rubric, sealed with the owner's key."""
    from game.store.keys import load_key
    from game.store.official import bundled_pack, write_pack

    write_pack(connection, bundled_pack(), load_key(), now)


def _to_version_3(connection: Connection) -> None:
    """Version 3: a claimed name counts wrong PINs and locks for a while after too many."""
    connection.execute(text("ALTER TABLE players ADD COLUMN pin_failures INTEGER NOT NULL DEFAULT 0"))
    connection.execute(text("ALTER TABLE players ADD COLUMN pin_locked_until FLOAT"))


# Migrations: target version -> a function that upgrades the previous version's data in
# place, inside the caller's transaction. Each must use explicit DDL (not
# `metadata.create_all`), since it runs on old tables.
MIGRATIONS: dict[int, Callable[[Connection], None]] = {2: _to_version_2, 3: _to_version_3, 4: to_version_4}

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
    problem = name_problem(value)
    if problem is not None:
        raise StoreError(f"cannot use the database {shown(value)}: {problem}")
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
    """Read the table list (and our marker row) with a read-only connection that writes nothing."""
    try:
        connection = connect_read_only(path)
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
        version = connection.execute(f"SELECT value FROM {meta.name} WHERE key = 'schema_version'").fetchone()
        if not version or parse_version(version[0]) is None:
            return FileState("bad", f"its schema version ({_shown_version(version)}) is not one any Service Dojo writes")
        if deep:
            verdict = connection.execute("PRAGMA quick_check").fetchone()
            if not verdict or verdict[0] != "ok":
                return FileState("bad", "SQLite reports it damaged")
        return FileState("dojo")
    except sqlite3.OperationalError as error:
        if "locked" in str(error) or "busy" in str(error):
            raise StoreError(f"the database {path} stayed busy (another dojo writing?); try again", kind=BUSY) from None
        if _code_name(error).startswith(_NOT_THE_FILES_FAULT):
            # The disk, not the file: calling it damaged would advise moving a good database aside.
            raise StoreError(f"cannot read the database {path}: {error}", kind=error_kind(error)) from None
        return FileState("bad", f"SQLite cannot read it ({error})")
    except sqlite3.DatabaseError as error:
        return FileState("bad", f"SQLite reports it damaged ({error})")
    finally:
        connection.close()


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
        if not _code_name(error).startswith(("SQLITE_CANTOPEN", "SQLITE_IOERR_SHM")) and "unable to open" not in str(error):
            return connection  # some other problem: the caller's first query reports it
        connection.close()
    return sqlite3.connect(f"{uri}?mode=ro&immutable=1", **options)


# SQLite error codes that are about the disk or the folder, never about the file's content.
_NOT_THE_FILES_FAULT = ("SQLITE_IOERR", "SQLITE_CANTOPEN", "SQLITE_FULL", "SQLITE_NOMEM", "SQLITE_READONLY")


def _code_name(error: BaseException) -> str:
    """SQLite's error name (e.g. SQLITE_FULL) when the driver gives it (Python 3.11+), else ''."""
    return str(getattr(error, "sqlite_errorname", "") or "")


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
    try:
        os.replace(path, target)
        for suffix in ("-wal", "-shm", "-journal"):
            companion = path.with_name(path.name + suffix)
            if companion.exists():
                os.replace(companion, target.with_name(target.name + suffix))
    except OSError as error:
        raise StoreError(
            f"cannot move {path} aside: {error.strerror or error}; move it yourself or point --db at another file",
            kind=READ_ONLY if error.errno in _READ_ONLY_ERRNOS else OTHER,
        ) from None
    return target


# The engine -------------------------------------------------------------------------------------


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

    def __init__(
        self,
        engine: Engine,
        url: URL,
        clock: Clock = time.time,
        moved_aside: Path | None = None,
        read_only: str | None = None,
        read_only_kind: str = READ_ONLY,
        reopen: Callable[[], Store] | None = None,
    ):
        self.engine = engine
        self.url = url
        self.clock = clock
        self.moved_aside = moved_aside  # where a bad file went, when --reset-db moved it
        # Why nothing can be written here (one line, naming the file), or None when it can;
        # the kind is READ_ONLY, or FULL when a full disk kept the database from opening.
        self.read_only = read_only
        self.read_only_kind = read_only_kind
        self._reopen = reopen  # for FULL: opens the database for writing once there is room

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
        """A write transaction, opened with BEGIN IMMEDIATE on SQLite; commits on success.

        On a read-only store it raises StoreError (kind READ_ONLY) before touching anything.
        """
        if self.read_only is not None and self._reopen is not None:
            self._become_writable()
        if self.read_only is not None:
            raise StoreError(self.read_only, kind=self.read_only_kind)
        with self._errors(), self.engine.connect() as connection:
            connection.execution_options(dojo_begin="IMMEDIATE")
            with connection.begin():
                yield connection

    def _become_writable(self) -> None:
        """Opened read-only for want of room: try again now, and switch over if it works."""
        assert self._reopen is not None
        try:
            writable = self._reopen()
        except StoreError:
            return
        self.engine.dispose()
        self.engine, self.read_only, self._reopen = writable.engine, None, None

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
        except sqlite3.Error as error:  # raised by our own connect hook (the WAL switch), unwrapped
            raise translate_error(error, self.url) from None


def error_kind(error: BaseException) -> str:
    """FULL, READ_ONLY, BUSY, DAMAGED or OTHER for a driver error, by SQLite's code, else its text."""
    name = _code_name(error)
    lowered = str(error).lower()
    # SHMSIZE: the shared-memory file beside a WAL database could not grow (no room for it).
    if name.startswith(("SQLITE_FULL", "SQLITE_IOERR_SHMSIZE")) or "disk is full" in lowered:
        return FULL
    if name.startswith("SQLITE_READONLY") or "readonly" in lowered or "read-only" in lowered:
        return READ_ONLY
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in lowered or "busy" in lowered:
        return BUSY
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in lowered or "not a database" in lowered:
        return DAMAGED
    return OTHER


def translate_error(error: DBAPIError | sqlite3.Error, url: URL) -> StoreError:
    """One clear message for a database error (never a traceback), with its kind."""
    orig = error.orig if isinstance(error, DBAPIError) and error.orig is not None else error
    text = str(orig)
    where = describe(url)
    kind = error_kind(orig)
    if kind == DAMAGED:
        path = sqlite_file(url)
        return StoreError(move_aside_advice(path, f"SQLite reports it damaged ({text})") if path else f"{where}: {text}", kind=kind)
    if kind == BUSY:
        return StoreError(
            f"the database {where} stayed busy for {BUSY_TIMEOUT_MS // 1000} s (another dojo writing?); try again", kind=kind
        )
    if kind == FULL:
        return StoreError(f"cannot save to {where}: the disk is full; nothing was written (free some space and try again)", kind=kind)
    if kind == READ_ONLY:
        return StoreError(f"cannot save to {where}: the database is read-only ({text})", kind=kind)
    if _code_name(orig).startswith("SQLITE_IOERR") or "i/o error" in text.lower():
        return StoreError(f"the disk holding {where} reported an error ({text}); is it full or unplugged?", kind=kind)
    return StoreError(f"database error in {where}: {text}", kind=kind)


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

    A file, folder or disk that cannot be written gives a read-only store (see the module
    docstring) instead of an error, so the boards can still be shown.
    """
    env = os.environ if environ is None else environ
    url = resolve_url(db, env)
    path = sqlite_file(url)
    blocked = _unwritable(path, default=not (db or env.get(ENV_VAR))) if path is not None else None
    if path is None or blocked is None:
        moved = _check_file(url, reset, clock)
        try:
            return _open_writable(url, clock, moved)
        except StoreError as error:
            if path is None or error.kind not in (READ_ONLY, FULL):
                raise
            if error.kind == FULL:  # reads still work; writes wait for room (see Store.write)
                return open_read_only(url, path, error.message, clock, FULL, lambda: _open_writable(url, clock, None))
            blocked = error.message  # looked writable, but SQLite found otherwise (e.g. an immutable file)
    return open_read_only(url, path, blocked, clock)


def _open_writable(url: URL, clock: Clock, moved: Path | None) -> Store:
    """The usual store: create or migrate the schema, then hand it over."""
    engine = make_engine(url)
    store = Store(engine, url, clock, moved)
    try:
        prepare_schema(store)
    except BaseException:
        engine.dispose()
        raise
    return store


# Where nothing can be written ---------------------------------------------------------------------

_READ_ONLY_ERRNOS = (errno.EROFS, errno.EACCES, errno.EPERM)


def _unwritable(path: Path, default: bool) -> str | None:
    """Why the database at `path` cannot be written (one line naming it), or None if it can.

    SQLite in WAL mode writes companion files beside the database, so its folder must be
    writable too. The default folder is created here when it does not exist yet.
    """
    if not path.parent.is_dir():
        if not default:
            raise StoreError(f"cannot create the database {path}: the folder {path.parent} does not exist")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            return f"cannot save to {path}: its folder cannot be created ({error.strerror or error})"
    if path.exists() and not os.access(path, os.W_OK):
        return f"cannot save to {path}: {_why_not_writable(path, 'the file is read-only')}"
    if not os.access(path.parent, os.W_OK):
        return f"cannot save to {path}: {_why_not_writable(path.parent, f'its folder {path.parent} is read-only')}"
    return None


def _why_not_writable(target: Path, otherwise: str) -> str:
    """'the disk ... is read-only' when the whole file system is mounted read-only, else `otherwise`."""
    try:
        read_only_disk = bool(os.statvfs(target).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # no statvfs on Windows
        read_only_disk = False
    return "the disk it is on is read-only" if read_only_disk else otherwise


def open_read_only(
    url: URL,
    path: Path,
    reason: str,
    clock: Clock = time.time,
    kind: str = READ_ONLY,
    reopen: Callable[[], Store] | None = None,
) -> Store:
    """A store that reads `path` (an empty one in memory if there is no database there yet).

    `reason` (one line naming the file) becomes `Store.read_only`, raised by every write
    as a StoreError of `kind`; with `reopen` (a full disk) each write first tries it.
    A file that is not ours is refused as usual, but without the advice to move it aside
    or reset it, which a read-only folder does not allow.
    """
    state = inspect_file(path) if path.exists() else FileState("new")
    if state.kind == "bad":
        raise StoreError(
            f"{path} is not a usable Service Dojo database: {state.reason}; and {reason.split(': ', 1)[-1]}, "
            "so it cannot be replaced here either. Point --db at another file",
            kind=DAMAGED,
        )
    if state.kind == "new":
        engine = make_engine(URL.create("sqlite"))  # an empty database in memory: boards show nothing
        with engine.begin() as connection:
            _create_or_migrate(connection, clock, official_on_create=False)
    else:
        engine = make_read_only_engine(url, path)
    store = Store(engine, url, clock, read_only=reason, read_only_kind=kind, reopen=reopen)
    try:
        _check_read_only_schema(store)
    except BaseException:
        engine.dispose()
        raise
    return store


def _check_read_only_schema(store: Store) -> None:
    """A read-only database must already be at this schema version: it cannot be upgraded."""
    with store.read() as connection:
        version = schema_version(connection)
    if version is None:
        raise StoreError(f"{store.where} holds another program's tables; point --db at a new database")
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{store.where} was written by a newer Service Dojo (schema {version}; this one reads up to "
            f"{SCHEMA_VERSION}); upgrade dojo to use it. Nothing was changed"
        )
    if version < SCHEMA_VERSION:
        if store.read_only_kind == FULL:  # the reason already says what failed (the backup, most likely)
            raise StoreError(store.read_only or "", kind=FULL)
        raise StoreError(
            f"{store.where} was written by an older Service Dojo and must be upgraded, which needs it "
            f"writable ({store.read_only}). Nothing was changed",
            kind=READ_ONLY,
        )


def _check_file(url: URL, reset: bool, clock: Clock) -> Path | None:
    """Refuse (or, with reset, move aside) a file that is not ours."""
    path = sqlite_file(url)
    if path is None:
        return None
    state = inspect_file(path, deep=reset)
    if state.kind != "bad":
        return None
    if not reset:
        raise StoreError(move_aside_advice(path, state.reason))
    return move_aside(path, clock)


def parse_version(value: object) -> int | None:
    """A stored schema version as a number (1 or more, written as plain digits), or None if it is not one."""
    text = str(value) if value is not None else ""
    return int(text) if _VERSION.fullmatch(text) else None


def _shown_version(row: Any) -> str:
    """A stored version for a message: quoted and cut short, or 'none'."""
    return "none" if not row else repr(str(row[0])[:20])


def schema_version(connection: Connection) -> int | None:
    """The stored schema version, or None for a database without our tables.

    A version that is not a whole number from 1 up (0, -1, 'abc', '1.0') is damage:
    StoreError, kind DAMAGED (opening checks it first and gives the move-aside advice).
    """
    if not inspect(connection).has_table(meta.name):
        return None
    value = connection.execute(select(meta.c.value).where(meta.c.key == "schema_version")).scalar()
    if value is None:
        return None
    version = parse_version(value)
    if version is None:
        raise StoreError(f"the database's schema version ({_shown_version([value])}) is not one any Service Dojo writes", kind=DAMAGED)
    return version


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


def _create_or_migrate(connection: Connection, clock: Clock, official_on_create: bool = True) -> None:
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
        if official_on_create:
            _start_official_pack(connection, clock())
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
    # Copied under a temporary name and renamed when complete: a full disk must not leave
    # a truncated backup that a later upgrade would then trust and keep.
    partial = path.with_name(f"{target.name}.partial")
    try:
        source = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            copy = sqlite3.connect(partial)
            try:
                with copy:
                    source.backup(copy)
            finally:
                copy.close()
        finally:
            source.close()
        os.replace(partial, target)
    except (sqlite3.Error, OSError) as error:
        partial.unlink(missing_ok=True)
        full = error_kind(error) == FULL or getattr(error, "errno", None) == errno.ENOSPC
        advice = "free some space and try again" if full else "check the folder and try again"
        raise StoreError(
            f"cannot back up {path} before upgrading it ({error}); nothing was changed ({advice})",
            kind=FULL if full else OTHER,
        ) from None
    return target
