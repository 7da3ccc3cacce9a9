"""Tests for game.store.runs: recording finished runs, listing them, and surviving crashes and crowds."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from sqlalchemy import select

from game.store.copies import default_rubric_text
from game.store.db import StoreError, open_store
from game.store.runs import count_runs, events_of, iter_all_runs, list_runs, record_run
from game.store.sessions import SessionStore
from game.store.tables import rubric_copies, scenario_copies
from tests.conftest import REPO
from tests.store_helpers import BAD, BEST, DATABASES, GOOD, MINI_TEXT, MONDAY, Clock, db_url, finished, open_tmp, record, run_row

pytestmark = pytest.mark.usefixtures("db_engine")

CHILD_ENV = {**os.environ, "PYTHONPATH": str(REPO)}


def test_record_keeps_everything_needed_to_verify(tmp_path):
    """A run stores player, scenario hash and copy, rubric, mode, seed, events, summary, ending and UTC times."""
    store = open_tmp(tmp_path, Clock(MONDAY + 7200))
    session = finished(GOOD)
    run = record_run(
        store, player="Ann", session=session, scenario_text=MINI_TEXT, rubric_text=default_rubric_text(),
        file_name="mini.yaml", cohort="2024-09", team="north",
    )
    row = run_row(store, run.run_uid)
    card = session.scorecard()
    assert (run.player, run.cohort, run.team, run.scenario_id, run.mode) == ("Ann", "2024-09", "north", "mini", "ranked")
    assert row["content_hash"] == session.scenario.content_hash
    assert row["rubric_digest"] == session.scorer.rubric.digest and run.rubric == "default 1.0"
    assert json.loads(row["events"]) == session.to_json()["events"]
    summary = json.loads(row["summary"])
    assert summary["percent"] == round(card.percent, 1) and summary["percent_exact"] == card.percent
    assert abs(row["percent"] - card.percent) < 1e-6 and row["band"] == card.band == "Gold"
    assert row["ending"] == "fixed" and row["status"] == "verified" and row["problem"] is None
    assert row["started_at"] == 1000.0 and row["finished_at"] == MONDAY + 7200
    assert row["duration"] == MONDAY + 7200 - 1000.0
    assert len(row["run_uid"]) == 32 and len(row["seal"]) == 64
    with store.read() as connection:
        assert connection.execute(
            select(scenario_copies.c.text).where(scenario_copies.c.content_hash == session.scenario.content_hash)
        ).scalar() == MINI_TEXT
        assert connection.execute(select(rubric_copies.c.text)).scalar() == default_rubric_text()


def test_every_run_gets_its_own_id(tmp_path):
    """Recording the same play twice makes two runs with different ids."""
    store = open_tmp(tmp_path)
    assert record(store, "Ann").run_uid != record(store, "Ann").run_uid
    assert count_runs(store) == 2


def test_unfinished_session_is_refused(tmp_path):
    """A session that has not reached an ending cannot be recorded."""
    store = open_tmp(tmp_path)
    with pytest.raises(StoreError, match="only a finished run"):
        record_run(store, player="Ann", session=finished(["listen"]), scenario_text=MINI_TEXT, rubric_text=default_rubric_text())
    assert count_runs(store) == 0


def test_wrong_scenario_text_or_rubric_is_refused(tmp_path):
    """The copy must be the text that was played, and the rubric the one that scored it."""
    store = open_tmp(tmp_path)
    with pytest.raises(StoreError, match="does not match the scenario that was played"):
        record_run(
            store, player="Ann", session=finished(GOOD),
            scenario_text=MINI_TEXT.replace("I want a refund.", "Refund!"), rubric_text=default_rubric_text(),
        )
    with pytest.raises(StoreError, match="not the rubric that scored"):
        record_run(
            store, player="Ann", session=finished(GOOD), scenario_text=MINI_TEXT,
            rubric_text=default_rubric_text().replace("points: +10", "points: +11", 1),
        )
    assert count_runs(store) == 0


def test_scenario_bytes_are_accepted(tmp_path):
    """The copy may be given as the file's bytes; it is stored as text."""
    store = open_tmp(tmp_path)
    run = record_run(
        store, player="Ann", session=finished(GOOD), scenario_text=MINI_TEXT.encode(), rubric_text=default_rubric_text()
    )
    assert run.status == "verified"


def test_a_run_failing_its_own_replay_is_kept_flagged(tmp_path, monkeypatch):
    """If the replay at record time disagrees, the run is still stored (never lost), flagged with the reason."""
    monkeypatch.setattr("game.store.runs.check_row", lambda row, connection, cache: "stored score 1% but the replay scores 2%")
    store = open_tmp(tmp_path)
    run = record(store, "Ann")
    assert (run.status, run.problem) == ("flagged", "stored score 1% but the replay scores 2%")
    assert count_runs(store) == 1


def test_practice_runs_are_recorded_as_practice(tmp_path):
    """A practice run is kept (with its undos) and marked practice."""
    store = open_tmp(tmp_path)
    session = finished(["refuse"], mode="practice")
    session.undo()
    session.choose("listen")
    session.choose("firm")
    run = record_run(store, player="Ann", session=session, scenario_text=MINI_TEXT, rubric_text=default_rubric_text())
    assert run.mode == "practice" and run.status == "verified"
    assert [event["kind"] for event in events_of(store, run.run_uid)] == ["choose", "undo", "choose", "choose"]


def test_recording_discards_the_in_progress_save(tmp_path):
    """Once a run is recorded the player's saved session of that scenario is gone."""
    store = open_tmp(tmp_path)
    saves = SessionStore(store)
    saves.save("Ann", finished(["listen"]), MINI_TEXT)
    assert saves.load_resumable("Ann", "mini") is not None
    record(store, "Ann")
    assert saves.load_resumable("Ann", "mini") is None


def test_a_run_recorded_late_keeps_a_save_made_after_it_finished(tmp_path):
    """A run stored after waiting (disk full) must not delete the newer save of a run started since."""
    clock = Clock(MONDAY + 3600)
    store = open_tmp(tmp_path, clock)
    saves = SessionStore(store)
    clock.now = MONDAY + 7200
    saves.save("Ann", finished(["listen"]), MINI_TEXT)
    clock.now = MONDAY + 9000
    late = record(store, "Ann", at=MONDAY + 3600)  # it finished before that save was made
    assert late.finished_at == MONDAY + 3600
    assert saves.load_resumable("Ann", "mini") is not None
    record(store, "Ann", at=MONDAY + 8000)  # one that finished after the save replaces it, as before
    assert saves.load_resumable("Ann", "mini") is None


def test_list_runs_newest_first_and_filtered(tmp_path):
    """list_runs orders by finish time, newest first, and filters by player and scenario."""
    store = open_tmp(tmp_path)
    record(store, "Ann", GOOD, at=MONDAY + 10)
    record(store, "Bob", BAD, at=MONDAY + 30)
    record(store, "Ann", BEST, at=MONDAY + 20)
    assert [run.finished_at for run in list_runs(store)] == [MONDAY + 30, MONDAY + 20, MONDAY + 10]
    assert [run.player for run in list_runs(store, player="Ann")] == ["Ann", "Ann"]
    assert list_runs(store, scenario="other") == []
    assert len(list_runs(store, limit=1)) == 1
    with pytest.raises(StoreError, match="no player called 'Zed'"):
        list_runs(store, player="Zed")


def test_iter_all_runs_pages_through_everything(tmp_path):
    """iter_all_runs yields every run once, in recording order, whatever the page size."""
    store = open_tmp(tmp_path)
    uids = [record(store, f"p{i}").run_uid for i in range(5)]
    assert [run.run_uid for run in iter_all_runs(store, page_size=2)] == uids


def test_odd_names_are_recorded_as_given(tmp_path):
    """A name with markup is stored and listed exactly; one with control or reordering characters is refused."""
    store = open_tmp(tmp_path)
    name = "[red]Bob[/red] <b>"
    record(store, name)
    assert list_runs(store, player=name)[0].player == name
    with pytest.raises(StoreError, match="invisible"):
        record(store, "Bob\x1b[2J\u202e")


def test_to_json_uses_iso_utc_times(tmp_path):
    """A run's JSON shows ISO 8601 UTC times and the rounded percent."""
    store = open_tmp(tmp_path)
    data = record(store, "Ann", at=MONDAY + 90).to_json()
    assert data["finished_at"] == "2024-05-06T00:01:30Z"
    assert data["percent"] == 93.7 and data["status"] == "verified"


RECORDER = """
import sys
from tests.store_helpers import GOOD, record
from game.store.db import open_store
print("ready", flush=True)
sys.stdin.readline()  # wait for "go": every process starts writing at the same moment
store = open_store(sys.argv[1])
for i in range(int(sys.argv[3])):
    print(record(store, sys.argv[2] + "-" + str(i % 3), GOOD).run_uid, flush=True)
"""


def test_eight_processes_recording_at_once_lose_nothing(tmp_path):
    """8 processes recording into one new database at once: none fails, every run stored once (0 lost, 0 duplicated)."""
    path = db_url(tmp_path, "shared.db")
    per_process = 25
    children = [
        subprocess.Popen(
            [sys.executable, "-c", RECORDER, path, f"proc{n}", str(per_process)],
            cwd=REPO, env=CHILD_ENV, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for n in range(8)
    ]
    for child in children:
        assert child.stdout.readline().strip() == "ready", child.stderr.read()
    for child in children:
        child.stdin.write("go\n")
        child.stdin.flush()
    reported: list[str] = []
    for child in children:
        out, err = child.communicate(timeout=300)
        assert child.returncode == 0, err
        assert "locked" not in err
        reported += out.split()
    assert len(reported) == 8 * per_process
    assert len(set(reported)) == len(reported)
    with open_store(path) as store:
        stored = [run.run_uid for run in iter_all_runs(store)]
        assert sorted(stored) == sorted(reported)
        assert count_runs(store) == 8 * per_process
        assert {run.status for run in iter_all_runs(store)} == {"verified"}


CRASHER = """
import sys
from tests.store_helpers import GOOD, MINI_TEXT, finished, record
from game.store.db import open_store
from game.store.sessions import SessionStore
store = open_store(sys.argv[1])
saves = SessionStore(store)
for i in range(1000):
    print("run", record(store, "Runner", GOOD).run_uid, flush=True)
    saves.save("Kim", finished(["listen"], mode="ranked", seed=i), MINI_TEXT)
    print("save", i, flush=True)
"""


def test_sigkill_mid_writes_keeps_every_committed_run(tmp_path):
    """Killing a writer part-way through 1,000 runs: every reported run is there, the file is sound, the save resumes."""
    path = db_url(tmp_path, "crash.db")
    child = subprocess.Popen(
        [sys.executable, "-c", CRASHER, path],
        cwd=REPO, env=CHILD_ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    runs_seen: list[str] = []
    last_save = -1
    deadline = time.monotonic() + 120
    while len(runs_seen) < 60 and time.monotonic() < deadline:
        line = child.stdout.readline()
        if not line:
            break
        kind, value = line.split()
        if kind == "run":
            runs_seen.append(value)
        else:
            last_save = int(value)
    child.send_signal(signal.SIGKILL)
    rest, err = child.communicate(timeout=60)
    assert child.returncode == -signal.SIGKILL, err
    for line in rest.splitlines():  # lines written before the kill but not yet read
        kind, value = line.split()
        if kind == "run":
            runs_seen.append(value)
        else:
            last_save = int(value)
    assert 60 <= len(runs_seen) < 1000, f"the writer reported {len(runs_seen)} runs before the kill (wanted 60 within 120 s, and not all 1,000)"
    if DATABASES.engine == "sqlite":  # PostgreSQL checks its own pages; SQLite's file is ours to check
        with sqlite3.connect(path) as check:
            assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with open_store(path) as store:
        stored = [run.run_uid for run in iter_all_runs(store)]
        assert set(runs_seen) <= set(stored)
        assert len(stored) - len(runs_seen) <= 1  # at most the one committed as the kill landed
        resumed = SessionStore(store).load_resumable("Kim", "mini")
    assert resumed is not None
    assert resumed.seed in (last_save, last_save + 1)  # the last save reported, or one committed just after
    assert resumed.node.id == "ask" and [turn.choice.id for turn in resumed.turns] == ["listen"]
