"""Tests for game.store.transfer: a whole store copied between SQLite and PostgreSQL, both ways,
and checked by replaying every run in both."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from game.store.classes import open_class
from game.store.class_seats import link_run, take_seat
from game.store.db import open_store
from game.store.errors import StoreError
from game.store.ranking import BoardSpec
from game.store.boards import leaderboard
from game.store.runs import list_runs
from game.store.tables import players
from game.store.transfer import copy_store
from tests.store_helpers import BAD, BEST, GOOD, MONDAY, Clock, open_tmp, record, tamper


@pytest.fixture()
def pg_url(pg_server):  # type: ignore[no-untyped-def]
    """An empty PostgreSQL database, as a new one (given back after the test, see tests/pg_server.py)."""
    url = pg_server.take_database()
    yield url
    pg_server.give_back(url)


def filled(tmp_path) -> str:
    """A SQLite store with ranked and practice runs, a tampered (flagged) run and a class; its path."""
    store = open_tmp(tmp_path, Clock(MONDAY + 3600), name="source.db")
    record(store, "Ann", BEST, cohort="spring")
    record(store, "Bob", GOOD)
    cheat = record(store, "Cy", BAD).run_uid
    record(store, "Di", GOOD, mode="practice")
    info = open_class(store, "Monday group", "ranked", ["mini"])[0]
    take_seat(store, info.id, "Ann")
    link_run(store, info.id, record(store, "Ann", GOOD).run_uid)
    tamper(store, cheat, percent=99.0)
    from game.store.verify import verify_store

    verify_store(store, include_practice=True)  # Cy's raised score is flagged before the copy
    store.close()
    return str(tmp_path / "source.db")


def board_of(db: str) -> list[tuple[str, float]]:
    """The MINI board of the store at `db`: (player, percent) rows."""
    with open_store(db) as store:
        return [(entry.player, entry.percent) for entry in leaderboard(store, BoardSpec("mini")).top]


def test_sqlite_to_postgresql_and_back_keeps_every_run_and_replays_the_same(tmp_path, pg_url):
    """SQLite -> PostgreSQL -> SQLite: every row arrives, every run replays as in the source, the boards agree."""
    source = filled(tmp_path)
    there = copy_store(source, pg_url)
    assert there.mismatched == [] and there.replayed == there.rows["runs"] == 5
    assert there.rows["classes"] == 1 and there.rows["class_runs"] == 1
    back = str(tmp_path / "back.db")
    again = copy_store(pg_url, back)
    assert again.mismatched == [] and again.rows == there.rows
    assert [player for player, _ in board_of(source)] == ["Ann", "Bob"]  # Cy's raised score stays off
    assert board_of(source) == board_of(pg_url) == board_of(back)
    with open_store(source) as a, open_store(pg_url) as b:
        assert [(r.run_uid, r.status, r.percent) for r in list_runs(a, limit=100)] == [(r.run_uid, r.status, r.percent) for r in list_runs(b, limit=100)]


def test_a_copy_keeps_counting_ids_on_postgresql(tmp_path, pg_url):
    """After a copy, new players and runs on PostgreSQL get new ids (the sequences moved past the copied ones)."""
    copy_store(filled(tmp_path), pg_url)
    with open_store(pg_url, clock=Clock(MONDAY + 7200)) as store:
        record(store, "Eve", GOOD)
        with store.read() as connection:
            ids = list(connection.execute(select(players.c.id).order_by(players.c.id)).scalars())
    assert len(ids) == len(set(ids)) == 5


def test_a_target_that_holds_tables_is_refused_and_left_alone(tmp_path, pg_url):
    """A copy never merges: a target with tables is StoreError and keeps what it had."""
    source = filled(tmp_path)
    with open_store(pg_url, clock=Clock()) as store:
        record(store, "Zed", GOOD)
    with pytest.raises(StoreError, match="already holds tables"):
        copy_store(source, pg_url)
    with open_store(pg_url) as store:
        assert [run.player for run in list_runs(store)] == ["Zed"]


def test_bad_sources_are_refused(tmp_path, pg_url):
    """A missing file, an empty database and the same database twice are each one StoreError."""
    with pytest.raises(StoreError, match="nothing to copy"):
        copy_store(str(tmp_path / "none.db"), pg_url)
    with pytest.raises(StoreError, match="nothing to copy"):
        copy_store(pg_url, str(tmp_path / "x.db"))
    with pytest.raises(StoreError, match="same database"):
        copy_store(str(tmp_path / "x.db"), str(tmp_path / "x.db"))
