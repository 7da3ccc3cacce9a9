"""Tests for game.store.sessions: in-progress saves resume at the same point, even after edits."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from game.engine.session import Session
from game.store.copies import default_rubric_text
from game.store.db import StoreError
from game.store.sessions import SessionStore
from game.store.tables import sessions
from tests.store_helpers import MINI_TEXT, Clock, finished, mini, open_tmp


pytestmark = pytest.mark.usefixtures("db_engine")  # every test here runs on SQLite and on PostgreSQL


def test_save_and_resume_at_the_same_point(tmp_path):
    """A resumed session has the same events, node, meters, lines, seed and mode."""
    store = open_tmp(tmp_path)
    original = finished(["listen", "again"], mode="ranked", seed=7)
    SessionStore(store).save("Ann", original, MINI_TEXT)
    resumed = SessionStore(store).load_resumable("Ann", "mini")  # a new store object, as after a restart
    assert resumed.to_json() == original.to_json()
    assert resumed.node.id == original.node.id == "ask"
    assert resumed.meters == original.meters and resumed.lines == original.lines
    assert (resumed.seed, resumed.mode) == (7, "ranked")


def test_every_save_replaces_the_previous_one(tmp_path):
    """Saving after each reply keeps only the latest state, one row per player and scenario."""
    store = open_tmp(tmp_path)
    saves = SessionStore(store)
    session = Session(mini().scenario)
    session.choose("listen")
    saves.save("Ann", session, MINI_TEXT)
    session.choose("again")
    saves.save("Ann", session, MINI_TEXT)
    assert [turn.choice.id for turn in saves.load_resumable("Ann", "mini").turns] == ["listen", "again"]
    with store.read() as connection:
        assert len(connection.execute(select(sessions)).all()) == 1


def test_undo_is_saved_too(tmp_path):
    """A practice undo is an event like any other and survives a resume."""
    store = open_tmp(tmp_path)
    session = finished(["refuse"], mode="practice")
    session.undo()
    SessionStore(store).save("Ann", session, MINI_TEXT)
    resumed = SessionStore(store).load_resumable("Ann", "mini")
    assert resumed.turns == () and [event.kind for event in resumed.events] == ["choose", "undo"]


def test_resume_needs_no_scenario_file(tmp_path):
    """The save replays on its stored copy, so an edited or deleted scenario file does not matter."""
    store = open_tmp(tmp_path)
    SessionStore(store).save("Ann", finished(["listen"]), MINI_TEXT)
    resumed = SessionStore(store).load_resumable("Ann", "mini")
    assert resumed.scenario.content_hash == mini().scenario.content_hash
    assert [line.text for line in resumed.lines][0] in {"Well?", "So?", "And?"}


def test_nothing_saved_gives_none(tmp_path):
    """An unknown player or scenario has nothing to resume."""
    store = open_tmp(tmp_path)
    saves = SessionStore(store)
    assert saves.load_resumable("Nobody", "mini") is None
    saves.save("Ann", finished(["listen"]), MINI_TEXT)
    assert saves.load_resumable("Ann", "other") is None


def test_discard_forgets_the_save(tmp_path):
    """discard removes the save and says whether there was one."""
    store = open_tmp(tmp_path)
    saves = SessionStore(store)
    saves.save("Ann", finished(["listen"]), MINI_TEXT)
    assert saves.saved("Ann") == ["mini"]
    assert saves.discard("Ann", "mini") is True
    assert saves.discard("Ann", "mini") is False
    assert saves.discard("Nobody", "mini") is False
    assert saves.load_resumable("Ann", "mini") is None and saves.saved("Ann") == []


def test_players_keep_separate_saves(tmp_path):
    """Two players' saves of one scenario do not touch each other."""
    store = open_tmp(tmp_path)
    saves = SessionStore(store)
    saves.save("Ann", finished(["listen"]), MINI_TEXT)
    saves.save("Bob", finished(["refuse"]), MINI_TEXT)
    assert saves.load_resumable("Ann", "mini").turns[0].choice.id == "listen"
    assert saves.load_resumable("Bob", "mini").turns[0].choice.id == "refuse"


def test_damaged_save_is_reported_not_crashed(tmp_path):
    """A save whose events no longer replay raises StoreError, and can then be discarded."""
    store = open_tmp(tmp_path)
    saves = SessionStore(store)
    saves.save("Ann", finished(["listen"]), MINI_TEXT)
    with store.write() as connection:
        connection.execute(sessions.update().values(state='{"format": 1, "events": "garbage"}'))
    with pytest.raises(StoreError, match="cannot be resumed"):
        saves.load_resumable("Ann", "mini")
    assert saves.discard("Ann", "mini")


def test_wrong_texts_are_refused(tmp_path):
    """Saving with a scenario text or rubric text that is not what is being played is refused."""
    store = open_tmp(tmp_path)
    saves = SessionStore(store)
    with pytest.raises(StoreError, match="cannot save the session"):
        saves.save("Ann", finished(["listen"]), MINI_TEXT.replace("Mini", "Maxi"))
    with pytest.raises(StoreError, match="not the rubric"):
        saves.save("Ann", finished(["listen"]), MINI_TEXT, default_rubric_text().replace("points: +10", "points: +12", 1))
    assert saves.load_resumable("Ann", "mini") is None


def test_save_time_comes_from_the_store_clock(tmp_path):
    """updated_at is the store's (injectable) clock."""
    store = open_tmp(tmp_path, Clock(1234.5))
    SessionStore(store).save("Ann", finished(["listen"]), MINI_TEXT)
    with store.read() as connection:
        assert connection.execute(select(sessions.c.updated_at)).scalar() == 1234.5
