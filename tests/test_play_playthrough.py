"""Saving and recording around a session (game/play/playthrough.py)."""

from __future__ import annotations

import dataclasses

from game.engine.session import Session
from game.store.db import open_store
from game.store.runs import list_runs
from game.store.sessions import SessionStore
from game.play.playthrough import Playthrough, Profile, discard_save, resumable
from tests.test_tui_app import BEST, entry, keys_for


def test_every_reply_and_undo_is_saved_and_the_finish_is_recorded(tmp_path):
    """After each reply the save holds the events; the finished run is recorded and the save gone."""
    store = open_store(str(tmp_path / "dojo.db"))
    example = entry()
    run = Playthrough(example, Session(example.scenario, seed=0), Profile("Dana", "2024-09"), store)
    saves = SessionStore(store)
    keys = keys_for(BEST)
    run.choose(int(keys[0]))
    assert [t.choice.id for t in saves.load_resumable("Dana", example.scenario.id).turns] == ["invite"]
    run.undo()
    assert saves.load_resumable("Dana", example.scenario.id).turns == ()
    for key in keys:
        run.choose(int(key))
    assert run.record is not None and run.record.band == "Gold" and run.record.cohort == "2024-09"
    assert saves.saved("Dana") == []
    assert [r.run_uid for r in list_runs(store, player="Dana")] == [run.record.run_uid]
    store.close()


def test_resumable_offers_a_save_and_refuses_one_from_another_version(tmp_path):
    """A save of this version is offered; one whose scenario changed is not, with a note."""
    store = open_store(str(tmp_path / "dojo.db"))
    example = entry()
    profile = Profile("Dana")
    run = Playthrough(example, Session(example.scenario, seed=0), profile, store)
    run.choose(int(keys_for(BEST)[0]))
    saved, note = resumable(store, profile, example)
    assert saved is not None and note is None and len(saved.turns) == 1
    edited = dataclasses.replace(example.scenario, content_hash="0" * 64)
    saved, note = resumable(store, profile, dataclasses.replace(example, scenario=edited))
    assert saved is None and "changed" in note
    discard_save(store, profile, example)
    assert resumable(store, profile, example) == (None, None)
    store.close()


def test_without_a_store_play_goes_on(tmp_path):
    """No database: replies work, nothing is recorded, and no problem is reported."""
    example = entry()
    run = Playthrough(example, Session(example.scenario, seed=0), Profile("Dana"))
    for key in keys_for(BEST):
        run.choose(int(key))
    assert run.session.is_over and run.record is None and run.problem is None
    assert resumable(None, Profile("Dana"), example) == (None, None)


def test_a_store_failure_is_reported_not_raised(tmp_path):
    """A save that fails leaves the run playable and says why in `problem`."""
    store = open_store(str(tmp_path / "dojo.db"))
    example = entry()
    bad = dataclasses.replace(example, raw=b"format: 1\n")  # not the text that was played
    run = Playthrough(bad, Session(example.scenario, seed=0), Profile("Dana"), store)
    run.choose(1)
    assert run.problem is not None and run.problem.startswith("Could not save")
    assert len(run.session.turns) == 1
    store.close()
