"""Tests for game.export.report.gather: runs and saves read from the store and replayed into facts."""

from __future__ import annotations

import pytest

from game.engine.session import Event
from game.export.report.gather import (
    Filter,
    cohort_players,
    gather,
    player_known,
    undone,
)
from game.store.copies import default_rubric_text
from game.store.runs import record_run
from game.store.tables import scenario_copies
from tests.fixtures.report.data import (
    MINI_TEXT,
    WALKOUT,
    loaded,
    mini_store,
    play,
    record,
)
from tests.store_helpers import BEST, GOOD, MONDAY, open_tmp, tamper


pytestmark = pytest.mark.usefixtures("db_engine")  # every test here runs on SQLite and on PostgreSQL


def test_runs_are_replayed_into_paths_and_outcomes(tmp_path):
    """Each run's path is its reply keys in order; the outcome comes from the stored copy."""
    found = gather(mini_store(tmp_path), Filter(scenario="mini"))
    assert len(found.runs) == 8 and found.unreadable == 0
    first = found.runs[0]
    assert (first.player, first.path, first.ending, first.outcome) == ("Ann", ("hello/listen", "ask/again", "ask/firm"), "fixed", "resolved")
    walkout = next(run for run in found.runs if run.player == "Bob" and run.ending == "gone")
    assert walkout.path == ("hello/refuse", "ask/again") and walkout.outcome == "walked-out"
    assert first.skills["listening"] == 100.0 and found.skill_titles["refusal"] == "Refusal technique"
    assert first.cohort == "spring" and first.ending_title == "Fixed"
    assert list(found.versions) == [first.content_hash]


def test_filters_pick_one_player_or_one_cohort(tmp_path):
    """Filter(player) reads that trainee's runs and saves; Filter(cohort) the cohort's."""
    store = mini_store(tmp_path)
    ann = gather(store, Filter(player="Ann"))
    assert {run.player for run in ann.runs} == {"Ann"} and len(ann.runs) == 2
    assert [(save.player, save.at_node, save.replies) for save in ann.saves] == [("Ann", "ask", 1)]
    autumn = gather(store, Filter(cohort="autumn"))
    assert {run.player for run in autumn.runs} == {"Di"} and autumn.saves == []
    assert gather(store, Filter(scenario="other")).runs == []


def test_unfinished_saves_are_found_where_they_stand(tmp_path):
    """A save with no reply stands at the start node; one after 'listen' at 'ask'."""
    saves = gather(mini_store(tmp_path), Filter(scenario="mini")).saves
    assert sorted((save.player, save.at_node) for save in saves) == [("Ann", "ask"), ("Eli", "hello")]


def test_undone_replies_are_off_the_path_and_counted_as_taken_back(tmp_path):
    """A practice run that undid 'again' once has it once on the path and once in taken_back."""
    store = open_tmp(tmp_path)
    record(store, MINI_TEXT, "Ann", BEST, MONDAY, mode="practice", undo_after=1)
    run = gather(store, Filter(player="Ann")).runs[0]
    assert run.path == ("hello/listen", "ask/again", "ask/firm")
    assert run.taken_back == ("ask/again",) and run.mode == "practice"


def test_undone_walks_the_event_stack():
    """Undo takes back the latest reply still standing."""
    events = [Event("choose", "a/x", 0), Event("choose", "b/y", 0), Event("undo", None, 0), Event("undo", None, 0), Event("choose", "a/z", 0)]
    assert undone(events) == ("b/y", "a/x")


def test_a_run_that_does_not_replay_is_counted_unreadable(tmp_path):
    """Events edited into nonsense keep the run out of the facts and count it."""
    store = open_tmp(tmp_path)
    record(store, MINI_TEXT, "Ann", GOOD, MONDAY)
    record(store, MINI_TEXT, "Ann", WALKOUT, MONDAY + 60)
    uid = gather(store, Filter(player="Ann")).runs[1].run_uid
    tamper(store, uid, events='[{"kind": "choose", "choice": "hello/nope", "at": 1}]')
    found = gather(store, Filter(player="Ann"))
    assert len(found.runs) == 1 and found.unreadable == 1


def test_a_missing_copy_is_counted_unreadable(tmp_path):
    """A run whose scenario copy was edited (hash no longer matches) is left out, not a crash."""
    store = open_tmp(tmp_path)
    record(store, MINI_TEXT, "Ann", GOOD, MONDAY)
    with store.write() as connection:
        connection.execute(scenario_copies.update().values(text=MINI_TEXT.replace("Fixed", "Mended")))
    found = gather(store, Filter(player="Ann"))
    assert found.runs == [] and found.unreadable == 1
    (kept,) = found.unreadable_runs
    assert (kept.player, kept.scenario_id, kept.ending, kept.finished_at) == ("Ann", "mini", "fixed", MONDAY)
    assert kept.problem.startswith("the stored scenario copy") and "is damaged" in kept.problem


def test_a_run_that_does_not_replay_says_why(tmp_path):
    """Replies that no longer replay keep the run's row, with the reason."""
    store = open_tmp(tmp_path)
    record(store, MINI_TEXT, "Ann", GOOD, MONDAY)
    tamper(store, gather(store, Filter(player="Ann")).runs[0].run_uid, events='[{"kind": "choose", "choice": "hello/nope", "at": 1}]')
    (kept,) = gather(store, Filter(player="Ann")).unreadable_runs
    assert kept.problem == "its stored replies do not replay on its scenario copy"


def test_sessions_are_kept_only_when_asked(tmp_path):
    """keep_sessions keeps each run's replayed Session by run uid; by default none are kept."""
    store = mini_store(tmp_path)
    assert gather(store, Filter(player="Ann")).sessions == {}
    found = gather(store, Filter(player="Ann"), keep_sessions=True)
    assert set(found.sessions) == {run.run_uid for run in found.runs}
    assert [turn.choice.key for turn in found.sessions[found.runs[0].run_uid].turns] == list(found.runs[0].path)


def test_flagged_runs_are_read_with_their_status(tmp_path):
    """A run whose stored score was edited is flagged and reported as such (figures skip it)."""
    store = open_tmp(tmp_path)
    session = play(loaded(MINI_TEXT), GOOD)
    run = record_run(store, player="Ann", session=session, scenario_text=MINI_TEXT, rubric_text=default_rubric_text())
    tamper(store, run.run_uid, status="flagged")
    assert [item.status for item in gather(store, Filter(player="Ann")).runs] == ["flagged"]


def test_player_and_cohort_lookups(tmp_path):
    """player_known goes by the name's identity ('ann' is Ann); cohort_players lists names by name."""
    store = mini_store(tmp_path)
    assert player_known(store, "Ann") and player_known(store, "ann") and not player_known(store, "Anne")
    assert cohort_players(store, "spring") == ["Ann", "Bob", "Cy"]
    assert cohort_players(store, "nope") == []
