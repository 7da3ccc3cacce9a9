"""Keeping a database's schema up to date: the version it carries in `dojo_meta`, a fresh
database created from the current tables, an older one first copied to a backup beside it
(a SQLite file; a PostgreSQL server keeps its own backups) and then brought up to date by the
`MIGRATIONS` in one transaction (DDL included, on both engines), so an upgrade never
loses data; a newer one refused, and a read-only one (which cannot be upgraded) taken only
at the current version."""

from __future__ import annotations

import errno
import os
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, inspect, select

from game.i18n import N_, _
from game.store.engines import BUSY_TIMEOUT_MS
from game.store.error_kinds import error_kind
from game.store.errors import DAMAGED, FULL, OTHER, READ_ONLY, StoreError
from game.store.location import sqlite_file
from game.store.migrations import MIGRATIONS, start_official_pack
from game.store.tables import APP_NAME, SCHEMA_VERSION, meta, metadata

if TYPE_CHECKING:
    from game.store.db import Store

_VERSION = re.compile(r"[1-9][0-9]{0,8}")
NEWER_SCHEMA = N_(
    "{where} was written by a newer Service Dojo (schema {version}; this one reads up to {newest}); upgrade dojo to use it. Nothing was changed"
)


def parse_version(value: object) -> int | None:
    """A stored schema version as a number (1 or more, written as plain digits), or None if it is not one."""
    text = str(value) if value is not None else ""
    return int(text) if _VERSION.fullmatch(text) else None


def shown_version(row: Any) -> str:
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
        raise StoreError(
            _("the database's schema version ({version}) is not one any Service Dojo writes").format(version=shown_version([value])), kind=DAMAGED
        )
    return version


def prepare_schema(store: Store) -> None:
    """Create the tables in a new database, or migrate an old one; refuse a newer one."""
    with store.read() as connection:
        version = schema_version(connection)
        foreign = version is None and bool(inspect(connection).get_table_names())
    if foreign:
        raise StoreError(_("{where} holds another program's tables; point --db at a new database").format(where=store.where))
    if version == SCHEMA_VERSION:
        return
    if version is not None and version > SCHEMA_VERSION:
        raise StoreError(_(NEWER_SCHEMA).format(where=store.where, version=version, newest=SCHEMA_VERSION))
    if version is not None:
        backup_before_migration(store, version)
    with store.write() as connection:
        create_or_migrate(connection, store.clock)


def check_read_only_schema(store: Store) -> None:
    """A read-only database must already be at this schema version: it cannot be upgraded."""
    with store.read() as connection:
        version = schema_version(connection)
    if version is None:
        raise StoreError(_("{where} holds another program's tables; point --db at a new database").format(where=store.where))
    if version > SCHEMA_VERSION:
        raise StoreError(_(NEWER_SCHEMA).format(where=store.where, version=version, newest=SCHEMA_VERSION))
    if version < SCHEMA_VERSION:
        if store.read_only_kind == FULL:  # the reason already says what failed (the backup, most likely)
            raise StoreError(store.read_only or "", kind=FULL)
        raise StoreError(
            _(
                "{where} was written by an older Service Dojo and must be upgraded, which needs it writable ({reason}). Nothing was changed"
            ).format(where=store.where, reason=store.read_only),
            kind=READ_ONLY,
        )


def create_or_migrate(connection: Connection, clock: Callable[[], float], official_on_create: bool = True) -> None:
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
            start_official_pack(connection, clock())
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
        if full:
            said = _("cannot back up {path} before upgrading it ({reason}); nothing was changed (free some space and try again)")
        else:
            said = _("cannot back up {path} before upgrading it ({reason}); nothing was changed (check the folder and try again)")
        raise StoreError(
            said.format(path=path, reason=error),
            kind=FULL if full else OTHER,
        ) from None
    return target
