"""Tests for game.store.standings: boards kept up to date as runs are recorded agree with boards computed from the runs."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import select

from game.store.boards import BoardSpec, build_board, leaderboard
from game.store.standings import rebuild
from game.store.tables import standings, totals
from tests.store_helpers import MONDAY, Clock, insert_fake, open_tmp

pytestmark = pytest.mark.usefixtures("db_engine")  # every test here runs on SQLite and on PostgreSQL


NOW = MONDAY + 3 * 86_400.0
SPECS = [
    BoardSpec("s1"), BoardSpec("s2", window="week"), BoardSpec("s1", window="month"), BoardSpec("s3", cohort="c1"),
    BoardSpec(), BoardSpec(window="week"), BoardSpec(cohort="c0", window="month"), BoardSpec(team="t1"),
]


def view(board) -> list[tuple]:
    """What a board shows, comparable across the two ways of building it."""
    return [(e.rank, e.player, round(e.percent, 6), e.band, e.finished_at, sorted(e.runs), e.scenarios) for e in board.rows()]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """Three hundred fake runs over three scenarios, five weeks, twenty players, some practice, some flagged."""
    rng = random.Random(7)
    store = open_tmp(tmp_path_factory.mktemp("standings"), Clock(NOW))
    for _ in range(300):
        insert_fake(
            store, f"p{rng.randrange(20):02d}", f"s{rng.randrange(1, 4)}", round(rng.uniform(0, 100), 1),
            NOW - rng.uniform(0, 35 * 86_400), mode="ranked" if rng.random() < 0.8 else "practice",
            status="verified" if rng.random() < 0.95 else "flagged",
            cohort=f"c{rng.randrange(2)}", team=f"t{rng.randrange(2)}", band=None,
        )
    return store


@pytest.mark.parametrize("spec", SPECS)
def test_boards_from_standings_equal_boards_from_the_runs(store, spec):
    """Every board shape, with a player's neighbourhood, is the same read from the standings or computed from every run."""
    with store.read() as connection:
        for player in (None, "p07"):
            fast = build_board(connection, spec, 5, player, 2, NOW)
            slow = build_board(connection, spec, 5, player, 2, NOW, excluded=frozenset({"no-such-run"}))
            assert view(fast) == view(slow) and fast.scenario_set == slow.scenario_set


@pytest.mark.parametrize("spec", [spec for spec in SPECS if spec.scenario is None])
def test_an_overall_rows_runs_come_in_scenario_order_as_from_the_runs(store, spec):
    """An overall row's runs (read with the row on PostgreSQL, after it on SQLite) are its best runs in scenario order,
    exactly as computed from every run, for the top rows and a player's neighbours."""
    with store.read() as connection:
        fast = build_board(connection, spec, 5, "p07", 2, NOW)
        slow = build_board(connection, spec, 5, "p07", 2, NOW, excluded=frozenset({"no-such-run"}))
    assert [e.runs for e in fast.rows()] == [e.runs for e in slow.rows()]
    assert any(len(e.runs) > 1 for e in fast.rows())


def test_rebuild_gives_what_recording_kept(store):
    """Recomputing every standing from the runs changes nothing."""
    with store.read() as connection:
        before = (connection.execute(select(standings).order_by(*standings.primary_key)).all(),
                  connection.execute(select(totals).order_by(*totals.primary_key)).all())
    with store.write() as connection:
        rebuild(connection)
    with store.read() as connection:
        after = (connection.execute(select(standings).order_by(*standings.primary_key)).all(),
                 connection.execute(select(totals).order_by(*totals.primary_key)).all())
    assert before == after


def test_an_edited_standing_is_not_believed(tmp_path):
    """A standings row raised behind the store's back does not agree with its run: the board is computed from the runs."""
    store = open_tmp(tmp_path, Clock(NOW))
    insert_fake(store, "Ann", "s", 60.0, MONDAY)
    insert_fake(store, "Bob", "s", 70.0, MONDAY)
    with store.write() as connection:
        connection.execute(standings.update().where(standings.c.percent == 60.0).values(percent=100.0))
    shown = leaderboard(store, BoardSpec("s"))
    assert [(e.player, e.percent) for e in shown.top] == [("Bob", 70.0), ("Ann", 60.0)]
