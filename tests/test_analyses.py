"""Tests for game.store.analyses: a pair is analysed once, bounded, at record time; views and verify never search again."""

from __future__ import annotations

import pytest

from game.engine import analysis
from game.store import analyses
from game.store.boards import BoardSpec, leaderboard
from game.store.runs import list_runs
from game.store.verify import verify_store
from tests.store_helpers import BEST, mini, open_tmp, record


pytestmark = pytest.mark.usefixtures("db_engine")  # every test here runs on SQLite and on PostgreSQL


def test_the_first_run_stores_its_pairs_analysis(tmp_path):
    """Recording MINI stores 'ok' with its states and targets; a second run finds it stored."""
    store = open_tmp(tmp_path)
    record(store, "Ann", BEST)
    loaded = mini()
    with store.read() as connection:
        found = analyses.stored(connection, loaded.scenario.content_hash, _digest())
    assert found is not None and found.status == analyses.OK and found.states > 0 and "total" in found.targets


def _digest() -> str:
    """The bundled rubric's digest."""
    from scoring.rubric import default_rubric

    return default_rubric().digest


def test_a_pair_past_the_bound_is_recorded_flagged_and_never_searched_again(tmp_path, monkeypatch):
    """Finding 4: a scenario whose analysis passes the bound is kept, flagged 'too costly', and verify does not search it."""
    monkeypatch.setattr(analyses, "STATE_BOUND", 3)
    analysis._CACHE.clear()
    limits: list[int] = []
    real = analysis.analyze

    def bounded_only(scenario, scorer, state_limit=analysis.DEFAULT_STATE_LIMIT, **kwargs):
        limits.append(state_limit)
        return real(scenario, scorer, state_limit, **kwargs)

    monkeypatch.setattr(analysis, "analyze", bounded_only)
    store = open_tmp(tmp_path)
    run = record(store, "Ann", BEST)
    assert run.status == "flagged" and "too costly" in (run.problem or "") and run.percent == 0.0
    assert limits == [3]  # one bounded search at record time, never the full one

    def no_search(*_args, **_kwargs):
        raise AssertionError("analysed again")

    analysis._CACHE.clear()
    monkeypatch.setattr(analysis, "analyze", no_search)
    report = verify_store(store)
    assert [finding.problem for finding in report.flagged] == [run.problem]
    assert [r.status for r in list_runs(store)] == ["flagged"]


@pytest.mark.parametrize("spec", [BoardSpec("mini"), BoardSpec(), BoardSpec(custom=True), BoardSpec("mini", window="week")])
def test_a_board_view_never_analyses_or_replays(tmp_path, monkeypatch, spec):
    """Finding 4: with the process's analyses forgotten, building any board searches nothing."""
    store = open_tmp(tmp_path)
    record(store, "Ann", BEST)
    analysis._CACHE.clear()

    def no_search(*_args, **_kwargs):
        raise AssertionError("a board view analysed a scenario")

    monkeypatch.setattr(analysis, "analyze", no_search)
    leaderboard(store, spec, player="Ann")
