"""Tests for game.engine.analysis: exact best/worst, maxima, reachability and the limit flag."""

from __future__ import annotations

import pytest

from game.engine.analysis import analyze
from game.engine.session import Session
from game.scenario.loader import load_scenario
from scoring.rubric import default_rubric
from scoring.scorer import Scorer
from tests.conftest import EXAMPLE


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer(default_rubric())


def all_runs(scenario, limit=8):
    """Every playthrough of at most `limit` replies, by brute force."""
    runs = []
    frontier = [()]
    while frontier:
        path = frontier.pop()
        session = Session(scenario, events=())
        for reply in path:
            session.choose(reply)
        if session.is_over:
            runs.append(session)
        elif len(path) < limit:
            frontier += [path + (choice.key,) for choice in session.replies]
    return runs


def test_best_and_worst_match_brute_force(mini, scorer):
    """The analysis' best and worst totals equal the best and worst of every enumerated run."""
    result = analyze(mini.scenario, scorer)
    totals = []
    for session in all_runs(mini.scenario):
        card = session.scorecard(result)
        totals.append(card.raw_total)
    assert max(totals) == pytest.approx(result.best.total)
    assert min(totals) == pytest.approx(result.worst.total)


def test_best_path_replays_to_its_score(mini, scorer):
    """Playing the reported best choices reproduces the reported score and ending."""
    result = analyze(mini.scenario, scorer)
    session = Session(mini.scenario, scorer=scorer)
    for key in result.best.choices:
        session.choose(key)
    card = session.scorecard(result)
    assert session.ending.id == result.best.ending
    assert card.raw_total == pytest.approx(result.best.total)


def test_per_dimension_maxima_are_the_best_of_each_skill(mini, scorer):
    """Each dimension's maximum is the most any playthrough earns in it, and some run earns it."""
    result = analyze(mini.scenario, scorer)
    best_seen = {name: float("-inf") for name in result.dimension_maxima}
    for session in all_runs(mini.scenario):
        card = session.scorecard(result)
        for name, score in card.dimensions.items():
            best_seen[name] = max(best_seen[name], score.raw)
    assert best_seen == pytest.approx(result.dimension_maxima)


def test_targets_are_the_best_playthroughs_points(mini, scorer):
    """A ScoreCard's per-skill targets are what the best playthrough earns in each skill."""
    result = analyze(mini.scenario, scorer)
    assert dict(result.maxima.dimensions) == pytest.approx(result.best.points)
    assert result.maxima.total == pytest.approx(result.best.total)
    assert result.best.percent == 100.0


def test_reachable_endings_and_loops(mini, scorer):
    """All three endings are reachable; the loop makes the analysis depth-bounded."""
    result = analyze(mini.scenario, scorer)
    assert result.reachable_endings == {"fixed", "refunded", "gone"}
    assert result.reachable_nodes == {"hello", "ask"}


def test_state_limit_marks_an_estimate(scorer):
    """Past the state limit the result is flagged as an estimate."""
    scenario = load_scenario(EXAMPLE).scenario
    assert analyze(scenario, scorer).exact
    assert not analyze(scenario, scorer, state_limit=300).exact


def test_example_best_reaches_gold(scorer):
    """The example scenario's best path is Gold and its worst is far below."""
    result = analyze(load_scenario(EXAMPLE).scenario, scorer)
    assert result.best.percent >= 90
    assert result.worst.percent < 20
    data = result.to_json()
    assert {"scenario", "nodes", "decision_nodes", "endings", "best", "worst", "exact"} <= set(data)
    assert all(item["reachable"] for item in data["endings"].values())


# Property test: no playthrough beats the analysis' best ----------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from game.scenario.loader import load_scenario_text  # noqa: E402
from tests.strategies import scenario_data, scenario_yaml  # noqa: E402


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=scenario_data(max_nodes=6, loops=2), picks=st.lists(st.integers(0, 8), max_size=30))
def test_no_playthrough_beats_the_best(data, picks):
    """A random playthrough scores between the analysis' worst (when exact) and its best; the best replays."""
    scenario = load_scenario_text(scenario_yaml(data)).scenario
    scorer = Scorer(default_rubric())
    result = analyze(scenario, scorer)
    session = Session(scenario, scorer=scorer)
    for step in range(300):
        if session.is_over:
            break
        offered = session.replies
        session.choose(offered[picks[step] % len(offered) if step < len(picks) else 0].id)
    assert session.is_over
    card = session.scorecard(result)
    assert result.exact, "generated conditions compare counters with numbers, so the search is finite"
    assert card.raw_total <= result.best.total + 1e-6
    if result.worst_exact:
        assert card.raw_total >= result.worst.total - 1e-6
    replay = Session(scenario, scorer=scorer)
    for key in result.best.choices:
        replay.choose(key)
    assert replay.scorecard(result).raw_total == pytest.approx(result.best.total)
