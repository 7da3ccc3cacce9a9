"""Tests for game.engine.review: the per-decision review every debrief shows."""

from __future__ import annotations

import pytest

from game.engine.analysis import cached_analysis
from game.engine.review import GRADE_WORDS, OK_GRADES, review_rows
from game.engine.session import Session
from game.scenario.loader import load_scenario
from tests.conftest import REPO

FLAGSHIPS = ("angry-shoe-buyer", "haggling-client", "wrong-fish-diner")


def best_reply(session: Session, analysis) -> str:
    """The key of the reply worth the most in the session's current state."""
    options = analysis.graph.options(session.core_state, session.score_state)
    return max(options, key=lambda option: option.total).key


@pytest.mark.parametrize("scenario_id", FLAGSHIPS)
def test_the_best_path_is_best_at_every_turn(scenario_id):
    """Played along the analysis's best path, every graded reply is 'best' and none names a better one."""
    scenario = load_scenario(REPO / "scenarios" / f"{scenario_id}.yaml").scenario
    session = Session(scenario)
    analysis = cached_analysis(scenario, session.scorer)
    for key in analysis.best.choices:
        session.choose(key)
    rows = review_rows(session, session.scorecard(analysis))
    assert {row.grade for row in rows} <= {"best", None} and all(row.better is None for row in rows)


@pytest.mark.parametrize("scenario_id", FLAGSHIPS)
def test_one_changed_reply_is_the_only_turn_below_good_and_names_the_best(scenario_id):
    """Swap one best-path reply for a poor one, play best after it: exactly that turn is below good, with the best reply named."""
    scenario = load_scenario(REPO / "scenarios" / f"{scenario_id}.yaml").scenario
    probe = Session(scenario)
    analysis = cached_analysis(scenario, probe.scorer)
    swapped_at = None
    for turn, key in enumerate(analysis.best.choices):
        options = analysis.graph.options(probe.core_state, probe.score_state)
        best = max(options, key=lambda option: option.total)
        poor = min(options, key=lambda option: option.total)
        if best.total - poor.total >= 20 and swapped_at is None and turn >= 1:
            swapped_at, best_key, poor_key = turn, best.key, poor.key
            break
        probe.choose(key)
    assert swapped_at is not None, "the best path has a decision with something at stake"
    session = Session(scenario)
    for key in analysis.best.choices[:swapped_at]:
        session.choose(key)
    session.choose(poor_key)
    while not session.is_over:
        session.choose(best_reply(session, analysis))
    rows = review_rows(session, session.scorecard(analysis))
    below = [row for row in rows if row.grade is not None and row.grade not in OK_GRADES]
    assert [row.turn for row in below] == [swapped_at + 1]
    assert below[0].better == best_key.split("/")[-1]
    assert below[0].better_text == scenario.choices_by_key[best_key].text


def test_rows_say_what_each_grade_means():
    """Every grade has words, and a row without a grade says it was the only reply."""
    assert set(GRADE_WORDS) == {"best", "good", "slip", "mistake", "blunder"}
    scenario = load_scenario(REPO / "scenarios" / "late-birthday-parcel.yaml").scenario
    session = Session(scenario)
    for reply in ("invite", "paraphrase", "what-matters", "check-now", "honest-options", "small-gesture"):
        session.choose(reply)
    rows = review_rows(session, session.scorecard())
    assert rows[0].words.startswith("best, ") and rows[0].to_json()["better"] is None


def test_grades_are_shown_by_name_in_the_active_language():
    """A grade's code stays in the data; its name and meaning are shown in the active language."""
    from game.engine.review import GRADE_NAMES, ReviewRow, grade_name
    from game.i18n import use_locale

    row = ReviewRow(1, "start", "ask", "Tell me more.", "slip", 3.0, "listen", "I hear you.")
    assert row.words == "slip, a better reply was on offer" and set(GRADE_NAMES) == set(GRADE_WORDS)
    use_locale("zh-Hans")
    assert grade_name("blunder") == "严重失误" and row.words == "小失误，当时有更好的回复可选"
    assert row.to_json()["grade"] == "slip"
