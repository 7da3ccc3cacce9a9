"""Tests for game.store.errors: StoreError carries its message and exit code."""

from __future__ import annotations

from game.store.errors import EXIT_USAGE, StoreError


def test_store_error_defaults_to_usage_exit_code():
    """A StoreError without a code leaves with 2 (bad usage or unreadable input)."""
    error = StoreError("the database is damaged")
    assert error.message == "the database is damaged" and str(error) == error.message
    assert error.code == EXIT_USAGE == 2
    assert StoreError("x", 1).code == 1
