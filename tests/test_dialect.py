"""Tests for game.store.dialect: what PostgreSQL does differently (the write lock, snapshot reads,
64-bit seeds, psycopg's errors as our kinds), against the tests' throwaway PostgreSQL server."""

from __future__ import annotations

import threading
import time

import psycopg
import pytest
from psycopg import errors as pg
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.schema import CreateTable

from game.cli import main
from game.store import dialect
from game.store.db import open_store
from game.store.errors import BUSY, DAMAGED, FULL, OTHER, READ_ONLY, StoreError
from game.store.runs import count_runs
from game.store.tables import runs
from tests.store_helpers import GOOD, Clock, record


@pytest.fixture()
def pg_url(pg_server):  # type: ignore[no-untyped-def]
    """An empty PostgreSQL database for the test, as a new one (given back after it, see tests/pg_server.py)."""
    url = pg_server.take_database()
    yield url
    pg_server.give_back(url)


def raw(pg_server, url: str) -> psycopg.Connection:
    """A plain psycopg connection to the test's database (autocommit), behind the store's back."""
    name = url.split("@/", 1)[1].split("?", 1)[0]
    return psycopg.connect(host=str(pg_server.folder), port=5432, user="dojo", dbname=name, autocommit=True)


def test_seeds_are_bigint_on_postgresql_and_integer_on_sqlite():
    """A run's seed is BIGINT in PostgreSQL's DDL (64-bit seeds fit) and stays INTEGER in SQLite's."""
    assert "seed BIGINT NOT NULL" in str(CreateTable(runs).compile(dialect=postgresql.dialect()))
    assert "seed INTEGER NOT NULL" in str(CreateTable(runs).compile(dialect=sqlite.dialect()))


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (pg.DiskFull("x"), FULL),
        (pg.ReadOnlySqlTransaction("x"), READ_ONLY),
        (pg.LockNotAvailable("x"), BUSY),
        (pg.DeadlockDetected("x"), BUSY),
        (pg.QueryCanceled("x"), BUSY),
        (pg.DataCorrupted("x"), DAMAGED),
        (pg.IndexCorrupted("x"), DAMAGED),
        (pg.UndefinedColumn("x"), OTHER),
    ],
)
def test_psycopg_errors_get_our_kinds_by_sqlstate(error, kind):
    """Each psycopg error's SQLSTATE gives our kind; one that is not PostgreSQL's gives None."""
    assert dialect.postgresql_kind(error) == kind
    assert dialect.postgresql_kind(ValueError("disk is full")) is None


def test_a_lost_or_missing_server_is_unreachable():
    """Connection failures and a server shutting down are 'unreachable'; a bad column is not."""
    assert dialect.unreachable(pg.ConnectionFailure("x")) and dialect.unreachable(pg.AdminShutdown("x"))
    assert dialect.unreachable(psycopg.OperationalError("connection refused"))
    assert not dialect.unreachable(pg.UndefinedColumn("x")) and not dialect.unreachable(OSError("x"))


def test_a_server_that_is_not_there_is_one_message_and_exit_2(tmp_path, capsys, monkeypatch):
    """--db naming a server nobody runs: exit 2, one line naming it, no traceback; DOJO_DB the same."""
    url = f"postgresql+psycopg://dojo@/nowhere?host={tmp_path}&port=5999"
    assert main(["runs", "--db", url]) == 2
    err = capsys.readouterr().err
    assert "cannot reach the database" in err and "nowhere" in err and err.count("\n") == 1 and "Traceback" not in err
    monkeypatch.setenv("DOJO_DB", url)
    assert main(["leaderboard"]) == 2
    assert "cannot reach the database" in capsys.readouterr().err


def test_dojo_db_names_a_postgresql_store(pg_url, tmp_path, capsys, monkeypatch):
    """DOJO_DB set to a PostgreSQL URL: `dojo run --player` records there and `dojo runs` lists it."""
    scenario = tmp_path / "mini.yaml"
    from tests.store_helpers import MINI_TEXT

    scenario.write_text(MINI_TEXT, encoding="utf-8")
    monkeypatch.setenv("DOJO_DB", pg_url)
    assert main(["run", str(scenario), "--choices", "listen,firm", "--player", "Ann", "--seed", str(2**63 - 1)]) == 0
    capsys.readouterr()
    with open_store(pg_url) as store:
        assert count_runs(store) == 1
    assert main(["runs"]) == 0
    assert "Ann" in capsys.readouterr().out


def test_a_writer_waits_for_the_write_lock_and_then_sees_the_earlier_commit(pg_server, pg_url):
    """While another transaction holds the write lock a write waits (it does not fail or retry); once it is
    released the write goes through and finds what the holder committed."""
    store = open_store(pg_url, clock=Clock())
    record(store, "Ann", GOOD)
    holder = raw(pg_server, pg_url)
    holder.execute("BEGIN")
    holder.execute("SELECT pg_advisory_xact_lock(%s)", (dialect.WRITE_LOCK_KEY,))
    holder.execute("UPDATE players SET team = 'held' WHERE name = 'Ann'")
    done: list[object] = []

    def write() -> None:
        try:
            with store.write() as connection:
                done.append(connection.exec_driver_sql("SELECT team FROM players WHERE name = 'Ann'").scalar())
        except BaseException as error:  # reported below
            done.append(error)

    writer = threading.Thread(target=write)
    writer.start()
    watcher = raw(pg_server, pg_url)
    for _ in range(600):  # until the writer is seen waiting on the lock (at most about a minute)
        waiting = watcher.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted").fetchone()
        if waiting and waiting[0]:
            break
        time.sleep(0.1)
    assert waiting and waiting[0] == 1 and done == []
    holder.execute("COMMIT")
    writer.join(120)
    assert done == ["held"]
    for connection in (holder, watcher):
        connection.close()
    store.close()


def test_a_write_that_waits_too_long_is_busy(pg_server, pg_url, monkeypatch):
    """A write lock held past the lock timeout: StoreError of kind BUSY, one line, nothing written."""
    monkeypatch.setattr(dialect, "LOCK_TIMEOUT_MS", 200)
    store = open_store(pg_url, clock=Clock())
    holder = raw(pg_server, pg_url)
    holder.execute("BEGIN")
    holder.execute("SELECT pg_advisory_xact_lock(%s)", (dialect.WRITE_LOCK_KEY,))
    with pytest.raises(StoreError) as caught:
        record(store, "Ann", GOOD)
    assert caught.value.kind == BUSY and "busy" in caught.value.message
    holder.execute("ROLLBACK")
    holder.close()
    assert count_runs(store) == 0
    store.close()


def test_a_read_is_one_snapshot(pg_server, pg_url):
    """Inside one read transaction a run committed meanwhile is not seen; the next read sees it."""
    store = open_store(pg_url, clock=Clock())
    record(store, "Ann", GOOD)
    with store.read() as connection:
        before = connection.exec_driver_sql("SELECT count(*) FROM runs").scalar()
        record(store, "Bob", GOOD)
        assert connection.exec_driver_sql("SELECT count(*) FROM runs").scalar() == before == 1
    assert count_runs(store) == 2
    store.close()


def test_a_read_only_database_refuses_writes_with_kind_read_only(pg_server, pg_url):
    """A database whose transactions are read-only (as on a standby): a write is READ_ONLY, reads still work."""
    store = open_store(pg_url, clock=Clock())
    record(store, "Ann", GOOD)
    store.close()
    name = pg_url.split("@/", 1)[1].split("?", 1)[0]
    pg_server.admin().execute(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on')
    store = open_store(pg_url, clock=Clock())
    with pytest.raises(StoreError) as caught:
        record(store, "Bob", GOOD)
    assert caught.value.kind == READ_ONLY and "read-only" in caught.value.message
    assert count_runs(store) == 1
    store.close()


def test_a_new_postgresql_store_has_statistics_on_the_boards_key(pg_server, pg_url, tmp_path):
    """PostgreSQL: the standings and totals are created with extended statistics on (pack, window, start), so the
    planner knows a start of 0 is the whole all-time window; SQLite gets none and opens as before."""
    open_store(pg_url).close()
    connection = raw(pg_server, pg_url)
    found = connection.execute(
        "SELECT c.relname, s.stxkind, (SELECT array_agg(a.attname::text ORDER BY a.attnum) FROM pg_attribute a"
        " WHERE a.attrelid = s.stxrelid AND a.attnum = ANY(s.stxkeys)) FROM pg_statistic_ext s JOIN pg_class c ON c.oid = s.stxrelid"
        " ORDER BY c.relname"
    ).fetchall()
    connection.close()
    assert [(table, sorted(kinds), columns) for table, kinds, columns in found] == [
        ("standings", ["d", "f"], ["pack", "window", "start"]),
        ("totals", ["d", "f"], ["pack", "window", "start"]),
    ]
    with open_store(str(tmp_path / "dojo.db")) as store, store.read() as sqlite:
        assert sqlite.exec_driver_sql("SELECT count(*) FROM standings").scalar() == 0
