"""The engines (game/store/engines.py): WAL and the pragmas, BEGIN IMMEDIATE for writes, the busy timeout, memory."""

from __future__ import annotations

import sqlite3

from sqlalchemy import event, select, text

from game.store import engines
from game.store.db import open_store
from game.store.tables import SCHEMA_VERSION, meta
from game.store.upgrade import schema_version
from tests.store_helpers import open_tmp, record


def test_new_database_has_schema_wal_and_pragmas(tmp_path):
    """A new database is WAL, has a busy timeout, foreign keys on, FULL sync and the schema version."""
    with open_tmp(tmp_path) as store, store.read() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == engines.BUSY_TIMEOUT_MS
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 2
        assert schema_version(connection) == SCHEMA_VERSION
        assert connection.execute(select(meta.c.value).where(meta.c.key == "app")).scalar() == "service-dojo"


def test_write_transactions_begin_immediate_and_reads_deferred(tmp_path):
    """write() opens with BEGIN IMMEDIATE, read() with a deferred BEGIN; pysqlite emits none of its own."""
    store = open_tmp(tmp_path)
    seen: list[str] = []
    event.listen(store.engine, "before_cursor_execute", lambda conn, cur, stmt, *rest: seen.append(stmt))
    with store.write() as connection:
        connection.execute(text("SELECT 1"))
    with store.read() as connection:
        connection.execute(text("SELECT 2"))
    assert seen == ["BEGIN IMMEDIATE", "SELECT 1", "BEGIN DEFERRED", "SELECT 2"]
    store.close()


def test_a_second_writer_waits_instead_of_failing(tmp_path):
    """While one process holds the write lock, another BEGIN IMMEDIATE waits on the busy timeout and then succeeds."""
    import threading

    store = open_tmp(tmp_path)
    holder = sqlite3.connect(tmp_path / "dojo.db", isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    threading.Timer(0.3, lambda: holder.execute("COMMIT")).start()
    with store.write() as connection:
        connection.execute(meta.insert().values(key="after-wait", value="1"))
    holder.close()
    with store.read() as connection:
        assert connection.execute(select(meta.c.value).where(meta.c.key == "after-wait")).scalar() == "1"


def test_in_memory_database_works():
    """sqlite:// (memory) opens with one shared connection and the schema."""
    with open_store("sqlite://") as store:
        record(store, "Ann")
        with store.read() as connection:
            assert connection.execute(text("SELECT count(*) FROM runs")).scalar() == 1
