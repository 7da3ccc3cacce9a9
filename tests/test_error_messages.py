"""Database errors as one clear message (game/store/error_messages.py), never a traceback."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import text

from game.store.errors import StoreError
from game.store.location import resolve_url
from tests.store_helpers import open_tmp


def test_database_errors_become_one_message(tmp_path):
    """A SQL error inside a transaction surfaces as StoreError naming the database, not a traceback."""
    store = open_tmp(tmp_path)
    with pytest.raises(StoreError, match=r"database error in .*dojo\.db: no such table"), store.read() as connection:
        connection.execute(text("SELECT * FROM no_such_table"))


@pytest.mark.parametrize(
    "driver_message, expected",
    [
        ("database disk image is malformed", "mv '"),
        ("file is not a database", "--reset-db"),
        ("database is locked", "stayed busy"),
        ("attempt to write a readonly database", "the database is read-only"),
        ("database or disk is full", "the disk is full; nothing was written (free some space"),
        ("disk I/O error", "reported an error (disk I/O error); is it full or unplugged?"),
        ("no such table: x", "database error in"),
    ],
)
def test_translate_error_gives_one_clear_message(tmp_path, driver_message, expected):
    """Each kind of driver error becomes a one-line StoreError with advice that fits it."""
    from sqlalchemy.exc import DBAPIError

    from game.store.error_messages import translate_error

    error = DBAPIError.instance("SELECT 1", (), sqlite3.OperationalError(driver_message), sqlite3.Error)
    message = translate_error(error, resolve_url(str(tmp_path / "dojo.db"), {})).message
    assert expected in message and "\n" not in message


@pytest.mark.parametrize(
    "error, expected",
    [
        ("ConnectionFailure", "cannot reach the database postgresql+psycopg://dojo:***@db/dojo: server closed"),
        ("AdminShutdown", "cannot reach the database"),
        ("DiskFull", "the disk is full; nothing was written"),
        ("ReadOnlySqlTransaction", "the database is read-only"),
        ("LockNotAvailable", "stayed busy"),
        ("DataCorrupted", "the server reports damaged data (server closed the connection unexpectedly)"),
        ("UndefinedTable", "database error in postgresql+psycopg://dojo:***@db/dojo: "),
    ],
)
def test_postgresql_errors_give_one_clear_message_without_the_password(error, expected):
    """psycopg's errors get the same one-line messages by their SQLSTATE, naming the server without its password."""
    from psycopg import errors as pg
    from sqlalchemy.exc import DBAPIError

    from game.store.error_messages import translate_error

    orig = getattr(pg, error)("server closed the connection unexpectedly\nThis probably means...")
    wrapped = DBAPIError.instance("SELECT 1", (), orig, pg.Error)
    message = translate_error(wrapped, resolve_url("postgresql+psycopg://dojo:secret@db/dojo", {})).message
    assert expected in message and "\n" not in message and "secret" not in message
