"""The kind of a database error (game/store/error_kinds.py), so callers can react to it."""

from __future__ import annotations

import sqlite3

import pytest

from game.store.errors import BUSY, DAMAGED, FULL, OTHER, READ_ONLY
from game.store.location import resolve_url


@pytest.mark.parametrize(
    "driver_message, kind",
    [
        ("database disk image is malformed", DAMAGED),
        ("database is locked", BUSY),
        ("attempt to write a readonly database", READ_ONLY),
        ("database or disk is full", FULL),
        ("no such table: x", OTHER),
    ],
)
def test_translated_errors_carry_their_kind(tmp_path, driver_message, kind):
    """The StoreError says what kind of failure it was, so the game can keep a run and retry."""
    from sqlalchemy.exc import DBAPIError

    from game.store.error_messages import translate_error

    error = DBAPIError.instance("SELECT 1", (), sqlite3.OperationalError(driver_message), sqlite3.Error)
    assert translate_error(error, resolve_url(str(tmp_path / "dojo.db"), {})).kind == kind
