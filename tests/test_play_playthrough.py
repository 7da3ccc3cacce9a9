"""Saving and recording around a session (game/play/playthrough.py)."""

from __future__ import annotations

import dataclasses
import json

import pytest

from game.engine.session import Session
from game.store import db
from game.store.db import open_store
from game.store.errors import StoreError
from game.store.runs import list_runs
from game.store.sessions import SessionStore
from game.store.verify import integrity, verify_store
from game.play.playthrough import Playthrough, Profile, discard_save, restore_unsaved, resumable, save_or_spill
from tests.store_helpers import Clock, DiskLimit, fill, remount_read_only, tmpfs
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
    assert run.problem is not None and run.problem.startswith("Could not save: cannot save the session")
    assert run.problem.endswith("your run is kept and saving is tried again after your next reply.")
    assert len(run.session.turns) == 1 and run.unsaved
    store.close()


# A full disk, a read-only database ----------------------------------------------------------------


def playthrough(store, name: str = "Dana", seed: int = 0) -> Playthrough:
    """A fresh run of the example scenario on `store`."""
    example = entry()
    return Playthrough(example, Session(example.scenario, seed=seed), Profile(name, "2024-09"), store)


def test_a_full_disk_keeps_the_run_and_saves_it_when_there_is_room(tmp_path):
    """While the disk is full each reply says so and keeps the run; once there is room the next reply stores it all."""
    store = open_store(str(tmp_path / "dojo.db"))
    limit = DiskLimit(store.engine)
    limit.full = True
    run = playthrough(store)
    keys = keys_for(BEST)
    run.choose(int(keys[0]))
    where = tmp_path / "dojo.db"
    assert run.problem == f"Cannot save to {where}: the disk is full; your run is kept and will be saved when there is room."
    assert run.unsaved and run.leave() == run.problem
    limit.full = False
    run.choose(int(keys[1]))
    assert run.problem is None and not run.unsaved and run.leave() is None
    saved = SessionStore(store).load_resumable("Dana", run.session.scenario.id)
    assert [t.choice.id for t in saved.turns] == BEST[:2]
    store.close()


def test_a_finished_run_that_waited_is_recorded_by_a_later_reply_with_its_real_finish_time(tmp_path):
    """A run finished on a full disk is recorded by the next run's first reply once there is room, and finished when it did."""
    clock = Clock(1_000.0)
    store = open_store(str(tmp_path / "dojo.db"), clock=clock)
    limit = DiskLimit(store.engine)
    first = playthrough(store)
    first.choose(int(keys_for(BEST)[0]))  # saved while there is room
    limit.full = True
    for key in keys_for(BEST)[1:]:
        first.choose(int(key))
    assert first.session.is_over and first.record is None and "the disk is full" in first.problem
    clock.now = 5_000.0
    limit.full = False
    second = playthrough(store)
    second.choose(int(keys_for(BEST)[0]))
    assert second.problem is None and first.record is not None and first.record.finished_at == 1_000.0
    assert [r.band for r in list_runs(store, player="Dana")] == ["Gold"]
    # The second run's save (made after the first finished) survives the late record.
    assert len(SessionStore(store).load_resumable("Dana", second.session.scenario.id).turns) == 1
    store.close()


def test_a_really_full_disk_keeps_the_run_until_space_is_freed(tmp_path):
    """On a tiny tmpfs filled up, replies report the full disk; after freeing space the run is recorded and the file verifies."""
    with tmpfs(tmp_path / "disk", "1m") as disk:
        store = open_store(str(disk / "dojo.db"))
        run = playthrough(store)
        keys = keys_for(BEST)
        run.choose(int(keys[0]))
        assert run.problem is None
        filler = fill(disk)
        for key in keys[1:-1]:
            run.choose(int(key))
        assert run.problem is not None and "the disk is full; your run is kept" in run.problem
        filler.unlink()
        run.choose(int(keys[-1]))
        assert run.problem is None and run.record is not None and run.record.band == "Gold"
        store.close()
        with open_store(str(disk / "dojo.db")) as again:
            assert integrity(again) == "ok" and verify_store(again, include_practice=True).flagged == []


def test_a_read_only_store_says_so_from_the_start_and_writes_the_run_to_a_file_at_quit(tmp_path, monkeypatch):
    """Read-only: the note shows before the first reply; at quit the run goes to a file, which restores the same run."""
    monkeypatch.setattr(db.os, "access", lambda target, mode: False)
    store = open_store(str(tmp_path / "ro.db"))
    monkeypatch.undo()
    run = playthrough(store)
    expected = f"Cannot save to {tmp_path / 'ro.db'}: its folder {tmp_path} is read-only; your run is kept in memory and written to a file when you quit."
    assert run.problem == expected
    for key in keys_for(BEST):
        run.choose(int(key))
    assert run.record is None and run.problem == expected
    away = tmp_path / "away"
    away.mkdir()
    message = save_or_spill(store, [tmp_path / "missing", away], clock=lambda: 1_714_953_600.0)
    spilled = away / "dojo-unsaved-20240506T000000Z.json"
    assert message == (
        f"Cannot save to {tmp_path / 'ro.db'}: its folder {tmp_path} is read-only; your unsaved run was written to "
        f"{spilled} instead: store it later with: dojo restore {spilled}"
    )
    assert save_or_spill(store, [away]) is None  # written once: nothing waits any more
    store.close()
    with open_store(str(tmp_path / "good.db")) as good:
        assert restore_unsaved(good, spilled) == 1
        (restored,) = list_runs(good, player="Dana")
        assert (restored.band, restored.cohort, restored.status) == ("Gold", "2024-09", "verified")
        assert round(restored.percent, 6) == round(run.scorecard().percent, 6)


def test_a_really_read_only_disk_lets_the_game_play_and_spill(tmp_path):
    """On a read-only mount the store opens, a whole run is played, and quitting writes it to the next folder."""
    with tmpfs(tmp_path / "disk") as disk:
        open_store(str(disk / "dojo.db")).close()
        remount_read_only(disk)
        store = open_store(str(disk / "dojo.db"))
        run = playthrough(store)
        for key in keys_for(BEST):
            run.choose(int(key))
        assert "the disk it is on is read-only" in run.problem
        message = save_or_spill(store, [disk, tmp_path])
        store.close()
        assert message is not None and f"{disk}: Read-only file system" not in message
        (spilled,) = tmp_path.glob("dojo-unsaved-*.json")
        assert str(spilled) in message and json.loads(spilled.read_text(encoding="utf-8"))["runs"][0]["finished"]


def test_when_no_folder_takes_the_run_the_message_says_it_is_lost(tmp_path, monkeypatch):
    """Every fallback folder failing is said plainly, naming each folder and why."""
    monkeypatch.setattr(db.os, "access", lambda target, mode: False)
    store = open_store(str(tmp_path / "ro.db"))
    monkeypatch.undo()
    run = playthrough(store)
    run.choose(1)
    message = save_or_spill(store, [tmp_path / "nowhere"])
    assert message.endswith(f"could not be written anywhere else either ({tmp_path / 'nowhere'}: No such file or directory) and is lost")
    store.close()


def test_a_run_waiting_in_memory_is_offered_for_resume_and_start_over_drops_it(tmp_path):
    """Resume offers the unsaved newer state (not the older saved one); starting over forgets it."""
    store = open_store(str(tmp_path / "dojo.db"))
    limit = DiskLimit(store.engine)
    run = playthrough(store)
    keys = keys_for(BEST)
    run.choose(int(keys[0]))  # saved
    limit.full = True
    run.choose(int(keys[1]))  # only in memory
    saved, note = resumable(store, run.profile, run.entry)
    assert note is None and [t.choice.id for t in saved.turns] == BEST[:2] and saved is not run.session
    limit.full = False
    discard_save(store, run.profile, run.entry)
    assert not run.unsaved
    assert resumable(store, run.profile, run.entry) == (None, None)  # the stored save was discarded too
    store.close()


def test_nothing_waiting_means_nothing_to_say_at_quit(tmp_path):
    """A store that took every save gives no quit message, and neither does no store at all."""
    store = open_store(str(tmp_path / "dojo.db"))
    playthrough(store).choose(1)
    assert save_or_spill(store) is None and save_or_spill(None) is None
    store.close()


def test_a_file_that_is_not_an_unsaved_runs_file_is_refused(tmp_path):
    """restore_unsaved refuses a file of the wrong kind with one StoreError."""
    other = tmp_path / "other.json"
    other.write_text('{"format": "something-else"}', encoding="utf-8")
    with open_store(str(tmp_path / "dojo.db")) as store:
        with pytest.raises(StoreError, match="not a file of unsaved Service Dojo runs"):
            restore_unsaved(store, other)
        with pytest.raises(StoreError, match="cannot read"):
            restore_unsaved(store, tmp_path / "missing.json")


def test_the_profile_the_terminal_game_makes_equals_the_one_the_window_game_makes():
    """game.play.playthrough's Profile is game.play.profile's, so equal names and groups compare equal."""
    from game.play import profile

    assert Profile is profile.Profile
    assert Profile("Dana", "2024-09") == profile.Profile("Dana", "2024-09")


def test_practice_coaching_review_is_the_debriefs_grade(tmp_path):
    """The grade coaching shows for each reply is the grade the finished run's debrief gives it; ranked gets none."""
    from game.engine.review import review_rows
    from game.engine.session import Session
    from game.play.playthrough import Playthrough
    from game.play.profile import Profile
    from tests.conftest import MINI, scenario_from

    scenario = scenario_from(MINI).scenario
    practice = Playthrough(entry=None, session=Session(scenario), profile=Profile("Ann"))  # type: ignore[arg-type]
    seen = []
    for reply in ("listen", "firm"):
        practice.session.choose(reply)
        seen.append(practice.last_review())
    final = review_rows(practice.session, practice.scorecard())
    assert [row.grade for row in seen] == [row.grade for row in final]
    ranked = Playthrough(entry=None, session=Session(scenario, mode="ranked"), profile=Profile("Bo"))  # type: ignore[arg-type]
    ranked.session.choose("listen")
    assert ranked.last_review() is None


def test_the_scorecard_is_built_once_when_the_run_finishes_and_kept(tmp_path, monkeypatch):
    """Finishing and recording a run builds its ScoreCard once (the store's check replays its own copy); later asks return the same card until the run changes."""
    store = open_store(str(tmp_path / "dojo.db"))
    example = entry()
    run = Playthrough(example, Session(example.scenario, seed=0), Profile("Dana"), store)
    built = []
    original = Session.scorecard
    monkeypatch.setattr(Session, "scorecard", lambda self, analysis=None: built.append(self is run.session) or original(self, analysis))
    for key in keys_for(BEST):
        run.choose(int(key))
    assert run.record is not None and built.count(True) == 1
    card = run.scorecard()
    assert run.scorecard() is card and run.review() is run.review() and built.count(True) == 1
    run.undo()
    run.choose(int(keys_for(BEST)[-1]))
    assert run.scorecard() is not card and built.count(True) == 2
    store.close()
