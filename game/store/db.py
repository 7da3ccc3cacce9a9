"""The open database (`Store`) and opening it: `open_store` finds the database (location),
refuses or moves aside a file that is not ours (file_check), makes the engine (engines) and
creates or upgrades the schema (upgrade, migrations); a database that cannot be written still
opens, read-only (readonly).

- `Store.read_only` holds the one-line reason that every `write()` raises (kind READ_ONLY)
  when the database cannot be written. A disk too full to even open the database (WAL needs
  room for its `-shm` file) gives the same read-only store, of kind FULL, and every write
  first tries to open it properly again. A disk that fills up later fails the write (kind
  FULL), its transaction rolls back, and the file stays as it was.
- Every driver error inside a transaction becomes one StoreError with its kind
  (error_messages), never a traceback.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from game.store.engines import make_engine
from game.store.error_messages import move_aside_advice, translate_error
from game.store.errors import FULL, READ_ONLY, StoreError
from game.store.file_check import inspect_file, move_aside
from game.store.location import ENV_VAR, describe, resolve_url, sqlite_file
from game.store.readonly import read_only_engine, unwritable
from game.store.upgrade import check_read_only_schema, prepare_schema

Clock = Callable[[], float]


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
        """A read transaction: one consistent snapshot (WAL on SQLite, REPEATABLE READ on PostgreSQL)."""
        with self._errors(), self.engine.connect() as connection, connection.begin():
            yield connection

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A write transaction, opened with BEGIN IMMEDIATE on SQLite and behind the database's write
        lock on PostgreSQL (dialect.py), so writers queue instead of racing; commits on success.

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
    blocked = unwritable(path, default=not (db or env.get(ENV_VAR))) if path is not None else None
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
    engine = read_only_engine(url, path, reason, clock)
    store = Store(engine, url, clock, read_only=reason, read_only_kind=kind, reopen=reopen)
    try:
        check_read_only_schema(store)
    except BaseException:
        engine.dispose()
        raise
    return store


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
