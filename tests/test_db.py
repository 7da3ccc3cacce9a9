"""The open Store and opening it (game/store/db.py): transactions, --reset-db, full disks at open and later."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select, text

from game.store import db
from game.store.db import open_store
from game.store.errors import FULL, StoreError
from game.store.runs import count_runs, list_runs
from game.store.tables import SCHEMA_VERSION, meta
from game.store.upgrade import schema_version
from game.store.verify import integrity, verify_store
from tests.store_helpers import Clock, DiskLimit, fill, open_tmp, record, tmpfs


pytestmark = pytest.mark.usefixtures("db_engine")  # every test here runs on SQLite and on PostgreSQL


def test_write_rolls_back_on_error(tmp_path):
    """An exception inside write() leaves nothing behind."""
    store = open_tmp(tmp_path)
    with pytest.raises(RuntimeError), store.write() as connection:
        connection.execute(meta.insert().values(key="probe", value="1"))
        raise RuntimeError("boom")
    with store.read() as connection:
        assert connection.execute(select(meta.c.value).where(meta.c.key == "probe")).first() is None


def test_reopening_keeps_data(tmp_path):
    """Opening an existing database again neither recreates nor loses anything."""
    with open_tmp(tmp_path) as store:
        run = record(store, "Ann")
    with open_tmp(tmp_path) as store, store.read() as connection:
        assert connection.execute(text("SELECT run_uid FROM runs")).scalar() == run.run_uid


@pytest.mark.sqlite_only("moves a damaged SQLite file aside")
def test_reset_moves_a_bad_file_aside_and_starts_new(tmp_path):
    """--reset-db renames the bad file (contents intact) and opens a fresh database."""
    path = tmp_path / "dojo.db"
    path.write_text("not a database")
    clock = Clock(1_714_953_600.0)
    with open_store(str(path), reset=True, clock=clock) as store:
        assert store.moved_aside == tmp_path / "dojo.db.broken-20240506T000000Z"
        with store.read() as connection:
            assert schema_version(connection) == SCHEMA_VERSION
    assert store.moved_aside.read_text() == "not a database"


@pytest.mark.sqlite_only("moves a damaged SQLite file aside")
def test_reset_leaves_a_healthy_database_alone(tmp_path):
    """--reset-db on a good database moves nothing and keeps every run."""
    with open_tmp(tmp_path) as store:
        run = record(store, "Ann")
    with open_store(str(tmp_path / "dojo.db"), reset=True) as store:
        assert store.moved_aside is None
        with store.read() as connection:
            assert connection.execute(text("SELECT run_uid FROM runs")).scalar() == run.run_uid


def runs_and_check(path: Path) -> tuple[int, str, list]:
    """Reopen the database at `path`: how many runs, SQLite's quick_check and dojo verify's findings."""
    with open_store(str(path)) as store:
        report = verify_store(store, include_practice=True)
        return count_runs(store), integrity(store), report.flagged


@pytest.mark.sqlite_only("fills the disk (or SQLite's page limit) under the file")
def test_a_full_database_rolls_back_and_still_opens_and_verifies(tmp_path):
    """SQLITE_FULL mid-write is one FULL StoreError; nothing half-written: the file reopens, checks ok and verifies."""
    store = open_tmp(tmp_path)
    record(store, "Ann")
    limit = DiskLimit(store.engine)
    limit.full = True
    stored = 1
    with pytest.raises(StoreError) as caught:
        for number in range(200):  # the pages in hand fill up after a few small runs
            record(store, f"Player {number}")
            stored += 1
    assert caught.value.kind == FULL and "the disk is full" in caught.value.message
    store.close()
    assert runs_and_check(tmp_path / "dojo.db") == (stored, "ok", [])


@pytest.mark.sqlite_only("fills the disk (or SQLite's page limit) under the file")
def test_a_really_full_disk_rolls_back_and_the_database_recovers(tmp_path):
    """On a tiny tmpfs filled to the last byte a record fails as FULL; freed, the same store records again."""
    with tmpfs(tmp_path / "disk", "1m") as disk:
        store = open_store(str(disk / "dojo.db"))
        record(store, "Ann")
        filler = fill(disk)
        with pytest.raises(StoreError) as caught:
            record(store, "Bob")
        assert caught.value.kind == FULL and str(disk / "dojo.db") in caught.value.message
        store.close()
        assert runs_and_check(disk / "dojo.db") == (1, "ok", [])
        filler.unlink()
        with open_store(str(disk / "dojo.db")) as again:
            record(again, "Bob")
        assert runs_and_check(disk / "dojo.db") == (2, "ok", [])


@pytest.mark.sqlite_only("fills the disk (or SQLite's page limit) under the file")
def test_a_disk_too_full_to_open_the_database_gives_a_store_that_writes_once_there_is_room(tmp_path):
    """Full before start (no room for WAL's -shm): the file is not called damaged, even with --reset-db; reads work, and
    the same store records once space is freed."""
    with tmpfs(tmp_path / "disk", "1m") as disk:
        with open_store(str(disk / "dojo.db")) as store:
            record(store, "Ann")
        filler = fill(disk)
        store = open_store(str(disk / "dojo.db"), reset=True)
        assert store.moved_aside is None and store.read_only_kind == FULL and "the disk is full" in store.read_only
        assert [r.player for r in list_runs(store)] == ["Ann"]
        with pytest.raises(StoreError) as caught:
            record(store, "Bob")
        assert caught.value.kind == FULL
        filler.unlink()
        record(store, "Bob")
        assert store.read_only is None and sorted(r.player for r in list_runs(store)) == ["Ann", "Bob"]
        store.close()
        assert runs_and_check(disk / "dojo.db") == (2, "ok", [])


@pytest.mark.sqlite_only("fills the disk (or SQLite's page limit) under the file")
def test_a_full_disk_at_open_falls_back_to_reading_and_retries_each_write(tmp_path, monkeypatch):
    """When opening for writing fails for want of room, the store reads; each write tries to open it again."""
    with open_tmp(tmp_path) as store:
        record(store, "Ann")
    attempts: list[int] = []
    writable = db._open_writable

    def no_room_yet(url, clock, moved):
        attempts.append(1)
        if len(attempts) < 3:
            raise StoreError("cannot save to x: the disk is full", kind=FULL)
        return writable(url, clock, moved)

    monkeypatch.setattr(db, "_open_writable", no_room_yet)
    store = open_tmp(tmp_path)
    assert store.read_only_kind == FULL and [r.player for r in list_runs(store)] == ["Ann"]
    with pytest.raises(StoreError) as caught:
        record(store, "Bob")
    assert caught.value.kind == FULL and len(attempts) == 2
    record(store, "Bob")
    assert store.read_only is None and len(attempts) == 3 and count_runs(store) == 2
    store.close()
