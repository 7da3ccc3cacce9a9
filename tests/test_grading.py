"""Tests for scoring.grading: each reply graded against the best on offer, and the scale built from the grades."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.grading import GRADE_NAMES, Decision, GradingRules, Option, grade_decision, grade_run

RULES = GradingRules(stake_floor=20.0, limits=(0.02, 0.15, 0.35, 0.6), credit_power=2.0, curve=1.5)
DIMS = ("listening", "empathy")


def decision(chosen: str, **worth: float) -> Decision:
    """A decision whose replies are worth the given totals (skills: listening = total, empathy = 0)."""
    return Decision(tuple(Option(key, total, (total, 0.0)) for key, total in worth.items()), chosen)


def test_the_best_reply_loses_nothing_and_earns_full_credit():
    """The reply worth the most is graded best with loss 0 and credit 1."""
    graded = grade_decision(decision("a", a=100, b=60, c=20), RULES, DIMS)
    assert (graded.grade, graded.loss, graded.credit, graded.best) == ("best", 0.0, 1.0, "a")


def test_the_worst_reply_is_a_blunder_and_names_the_best():
    """The worst reply on offer gives up the whole stake: a blunder with no credit, the best reply named."""
    graded = grade_decision(decision("c", a=100, b=60, c=20), RULES, DIMS)
    assert (graded.grade, graded.loss, graded.share, graded.credit, graded.best) == ("blunder", 80.0, 1.0, 0.0, "a")


@pytest.mark.parametrize(
    ("worth_of_chosen", "grade"), [(100, "best"), (99, "best"), (90, "good"), (80, "slip"), (60, "mistake"), (30, "blunder")]
)
def test_grades_follow_the_share_of_the_stake_given_up(worth_of_chosen, grade):
    """With 100 points at stake, giving up 1, 10, 20, 40 and 70 points earns best, good, slip, mistake, blunder."""
    graded = grade_decision(decision("x", best=100, x=worth_of_chosen, worst=0), RULES, DIMS)
    assert graded.grade == grade


def test_a_small_stake_is_judged_against_the_floor():
    """Replies 4 points apart are not a blunder: the share is taken of at least stake_floor, the weight is the real stake."""
    graded = grade_decision(decision("b", a=10, b=6), RULES, DIMS)
    assert graded.stake == 4.0 and graded.share == pytest.approx(0.2) and graded.grade == "slip"


def test_a_catastrophe_on_offer_does_not_make_a_poor_reply_look_good():
    """With a walk-out 300 points down on offer, losing 40 is judged against the capped 60-point stake: a blunder, not 'good'."""
    rules = RULES._replace(stake_cap=60.0)
    graded = grade_decision(decision("poor", best=100, poor=60, walkout=-200), rules, DIMS)
    assert graded.stake == 60.0 and graded.grade == "blunder"


def test_a_skill_not_at_stake_is_not_judged():
    """A skill whose points are the same whatever the reply gets no grade at that decision."""
    graded = grade_decision(decision("b", a=100, b=50), RULES, DIMS)
    assert set(graded.skills) == {"listening"}


def test_skills_are_judged_against_the_reply_best_overall():
    """A reply that earns more of one skill than the best reply loses nothing in that skill."""
    options = (Option("best", 100.0, (10.0, 0.0)), Option("chatty", 50.0, (40.0, 0.0)))
    graded = grade_decision(Decision(options, "chatty"), RULES, DIMS)
    assert graded.skills["listening"].credit == 1.0 and graded.grade != "best"


def test_a_run_of_best_replies_scores_100():
    """Every decision graded best: 100 overall and in every skill judged."""
    grades = [grade_decision(decision("a", a=100, b=0), RULES, DIMS) for _ in range(5)]
    run = grade_run(grades, DIMS, RULES.curve)
    assert run.percent == 100.0 and run.skills == {"listening": 100.0, "empathy": None}
    assert run.counts["best"] == 5 and run.mistakes == 0


def test_the_percent_is_the_stake_weighted_mean_credit_on_the_curve():
    """A blunder at a 100-point stake and a best reply at a 20-point stake: (20 / 120) ** 1.5."""
    blunder = grade_decision(decision("b", a=100, b=0), RULES, DIMS)
    best = grade_decision(decision("a", a=20, b=0), RULES, DIMS)
    run = grade_run([blunder, best], DIMS, RULES.curve)
    assert run.percent == pytest.approx(100 * (20 / 120) ** 1.5)
    assert run.counts["blunder"] == 1 and run.mistakes == 1


def test_an_early_blunder_is_not_bought_back_by_later_good_replies():
    """After a blunder at a big stake, five best replies at small stakes leave the run well short of Gold."""
    grades = [grade_decision(decision("b", a=100, b=0), RULES, DIMS)]
    grades += [grade_decision(decision("a", a=20, b=0), RULES, DIMS) for _ in range(5)]
    assert grade_run(grades, DIMS, RULES.curve).percent < 60


def test_ungraded_decisions_do_not_count_and_an_empty_run_scores_100():
    """None (a single reply on offer) is left out; a run with no choices scores 100."""
    best = grade_decision(decision("a", a=100, b=0), RULES, DIMS)
    assert grade_run([None, best, None], DIMS).percent == 100.0
    assert grade_run([], DIMS).percent == 100.0


@given(
    totals=st.lists(st.floats(-500, 500, allow_nan=False), min_size=2, max_size=9),
    pick=st.integers(0, 8),
)
def test_any_decision_gets_a_grade_and_a_credit_between_0_and_1(totals, pick):
    """Whatever the worths, the chosen reply gets one of the five grades, loss >= 0 and credit in [0, 1]."""
    options = tuple(Option(f"r{i}", total, (total, -total)) for i, total in enumerate(totals))
    chosen = options[pick % len(options)].key
    graded = grade_decision(Decision(options, chosen), RULES, DIMS)
    assert graded.grade in GRADE_NAMES and graded.loss >= 0 and 0.0 <= graded.credit <= 1.0
    assert (graded.loss == 0) == (graded.best == chosen)


@given(st.lists(st.tuples(st.floats(0, 1), st.floats(0, 200)), max_size=20))
def test_a_run_percent_stays_between_0_and_100(pairs):
    """Any mix of graded decisions gives a percent between 0 and 100."""
    grades = []
    for share, stake in pairs:
        worst = -max(stake, 1.0)
        grades.append(grade_decision(decision("x", best=0.0, x=share * worst, worst=worst), RULES, DIMS))
    assert 0.0 <= grade_run(grades, DIMS, RULES.curve).percent <= 100.0
