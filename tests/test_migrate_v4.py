"""Tests for game.store.migrate_v4: a schema 3 store gains the abandoned_runs table, keeps its runs, and records abandoned attempts."""

from __future__ import annotations

import sqlite3

from game.store.abandoned import list_abandoned
from game.store.db import MIGRATIONS, open_store, schema_version
from game.store.migrate_v4 import to_version_4
from game.store.runs import list_runs
from game.store.sessions import SessionStore
from game.store.tables import SCHEMA_VERSION
from tests.store_helpers import MINI_TEXT, open_tmp, record
from tests.test_abandoned import started


def schema_3_store(tmp_path):
    """A store with one run, turned back into schema 3 (no abandoned_runs table)."""
    store = open_tmp(tmp_path)
    record(store, "Ann")
    store.close()
    path = tmp_path / "dojo.db"
    with sqlite3.connect(path) as connection:
        connection.execute("DROP INDEX ix_abandoned_player")
        connection.execute("DROP TABLE abandoned_runs")
        connection.execute("UPDATE dojo_meta SET value = '3' WHERE key = 'schema_version'")
    return path


def test_version_4_is_this_migration():
    """Schema 4 is current and MIGRATIONS maps it to to_version_4."""
    assert SCHEMA_VERSION == 4 and MIGRATIONS[4] is to_version_4


def test_a_schema_3_store_is_upgraded_and_keeps_its_runs(tmp_path):
    """Opening a schema 3 store adds the table (with a backup first); its run is still there and abandoned attempts are kept."""
    path = schema_3_store(tmp_path)
    with open_store(str(path)) as store:
        with store.read() as connection:
            assert schema_version(connection) == 4
        assert [run.player for run in list_runs(store)] == ["Ann"]
        saves = SessionStore(store)
        saves.save("Ann", started("ranked", ["listen"]), MINI_TEXT)
        saves.discard("Ann", "mini")
        assert len(list_abandoned(store, player="Ann")) == 1
    assert (tmp_path / "dojo.db.schema-v3.bak").exists()
