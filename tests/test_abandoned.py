"""Tests for game.store.abandoned: a ranked run given up before its ending is kept as abandoned, never ranked, never lost."""

from __future__ import annotations

import pytest

import itertools

from game.engine.session import Session
from game.store.abandoned import REPLACED, START_OVER, continues, list_abandoned
from game.store.boards import BoardSpec, leaderboard
from game.store.runs import list_runs
from game.store.sessions import SessionStore
from tests.store_helpers import BEST, MINI_TEXT, mini, open_tmp, record


pytestmark = pytest.mark.usefixtures("db_engine")  # every test here runs on SQLite and on PostgreSQL


def started(mode: str, replies: list[str], seed: int = 0) -> Session:
    """A MINI session in `mode` after `replies`."""
    ticks = itertools.count(1_000)
    session = Session(mini().scenario, seed=seed, mode=mode, clock=lambda: float(next(ticks)))  # type: ignore[arg-type]
    for reply in replies:
        session.choose(reply)
    return session


def test_starting_over_a_ranked_run_keeps_it_as_abandoned(tmp_path):
    """Discarding a ranked save with a reply keeps it (start-over, with its reply count); the save itself is gone."""
    store = open_tmp(tmp_path)
    saves = SessionStore(store)
    saves.save("Ann", started("ranked", ["listen"]), MINI_TEXT)
    assert saves.discard("Ann", "mini")
    [attempt] = list_abandoned(store, player="Ann")
    assert (attempt.scenario_id, attempt.mode, attempt.replies, attempt.how) == ("mini", "ranked", 1, START_OVER)
    assert attempt.words == "abandoned after 1 reply (started over)"
    assert attempt.to_json()["status"] == "abandoned" and "percent" not in attempt.to_json()
    assert saves.saved("Ann") == []


def test_practice_and_untouched_saves_are_not_abandoned_attempts(tmp_path):
    """A practice save, or a ranked one with no reply yet, is dropped without a trace."""
    store = open_tmp(tmp_path)
    saves = SessionStore(store)
    saves.save("Ann", started("practice", ["listen"]), MINI_TEXT)
    saves.discard("Ann", "mini")
    saves.save("Ann", started("ranked", []), MINI_TEXT)
    saves.discard("Ann", "mini")
    assert list_abandoned(store) == []


def test_a_new_run_saved_over_a_ranked_one_keeps_the_old_as_replaced(tmp_path):
    """Saving another run (another seed) over a ranked save keeps the old one; playing on the same run does not."""
    store = open_tmp(tmp_path)
    saves = SessionStore(store)
    saves.save("Ann", started("ranked", ["listen"]), MINI_TEXT)
    saves.save("Ann", started("ranked", ["listen", "again"]), MINI_TEXT)  # the same run, one reply on
    assert list_abandoned(store) == []
    saves.save("Ann", started("practice", ["refuse"], seed=7), MINI_TEXT)
    [attempt] = list_abandoned(store)
    assert (attempt.how, attempt.replies) == (REPLACED, 2)


def test_a_finished_run_is_recorded_not_abandoned(tmp_path):
    """Recording the finished run removes its save without calling it abandoned."""
    store = open_tmp(tmp_path)
    SessionStore(store).save("Ann", started("ranked", ["listen"]), MINI_TEXT)
    record(store, "Ann", BEST)
    assert list_abandoned(store) == [] and len(list_runs(store, player="Ann")) == 1


def test_abandoned_attempts_are_never_on_a_board(tmp_path):
    """Boards and the runs list ignore abandoned attempts: only the finished ranked run ranks."""
    store = open_tmp(tmp_path)
    saves = SessionStore(store)
    saves.save("Bob", started("ranked", ["refuse"]), MINI_TEXT)
    saves.discard("Bob", "mini")
    record(store, "Ann", BEST)
    board = leaderboard(store, BoardSpec(scenario="mini"), limit=10)
    assert [entry.player for entry in board.rows()] == ["Ann"]
    assert [run.player for run in list_runs(store)] == ["Ann"] and len(list_abandoned(store, player="Bob")) == 1


def test_continues_needs_the_same_seed_mode_and_earlier_events():
    """A state continues another only if seed, mode and copy match and its events extend the other's."""
    old = {"seed": 1, "mode": "ranked", "content_hash": "h", "events": [{"kind": "choose", "choice": "a", "at": 1.0}]}
    assert continues(old, {**old, "events": [*old["events"], {"kind": "choose", "choice": "b", "at": 2.0}]})
    assert not continues(old, {**old, "seed": 2}) and not continues(old, {**old, "events": []})
