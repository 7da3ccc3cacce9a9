"""Tests for game.export.report.analytics: item statistics on hand-made runs with known answers."""

from __future__ import annotations

import itertools

import pytest

from game.export.report.analytics import (
    RunFacts,
    UnfinishedFacts,
    bad_ending_precursors,
    bad_rate,
    band_counts,
    choice_frequencies,
    counting,
    discrimination,
    ended_early_at,
    group_size,
    like_with_like,
    modes,
    overall_trend,
    path_lengths,
    pooled_slope,
    score_histogram,
    skill_averages,
    skill_trends,
    slope,
    taken_back,
    trainee_summaries,
    unfinished_at,
)

_ids = itertools.count(1)


def run(player: str, path: str, outcome: str = "resolved", percent: float = 50.0, **extra: object) -> RunFacts:
    """A run of `player` along `path` ('a/x b/y'), with its outcome and score."""
    number = next(_ids)
    values: dict = {"finished_at": float(number), "ending": outcome, "band": None}
    values.update(extra)
    scenario = values.pop("scenario_id", "s")
    return RunFacts(f"r{number}", player, scenario, percent, outcome=outcome, path=tuple(path.split()), **values)  # type: ignore[arg-type]


def ten_runs() -> list[RunFacts]:
    """Ten runs: 'b/risky' is on five of them and four of those end in a walkout."""
    return [
        *(run(f"p{i}", "a/open b/risky", "walked-out", 10.0) for i in range(4)),
        run("p4", "a/open b/risky c/recover", "resolved", 70.0),
        *(run(f"p{i}", "a/open b/safe c/recover", "resolved", 90.0) for i in range(5, 9)),
        run("p9", "a/rude b/safe", "policy-broken", 5.0),
    ]


def test_reply_before_the_walkout_four_times_in_five():
    """'b/risky' is on 5 runs, 4 of them bad and 4 times the last reply: rate 0.8."""
    found = {item.key: item for item in bad_ending_precursors(ten_runs())}
    risky = found["b/risky"]
    assert (risky.runs_with, risky.bad_with, risky.last_before_bad) == (5, 4, 4)
    assert risky.rate == pytest.approx(0.8)
    assert found["a/open"].bad_with == 4 and found["a/open"].runs_with == 9
    assert found["a/rude"].rate == 1.0 and found["b/safe"].bad_with == 1
    assert "c/recover" not in found  # never on the path of a bad run


def test_precursors_are_ordered_by_bad_endings_then_rate():
    """Most bad endings first; at equal counts the higher rate first; then by key."""
    keys = [item.key for item in bad_ending_precursors(ten_runs())]
    assert keys == ["b/risky", "a/open", "a/rude", "b/safe"]


def test_bad_rate_counts_walkouts_policy_breaks_and_escalations():
    """walked-out, policy-broken and escalated are bad endings; resolved and partly-resolved are not."""
    runs = [run("a", "x/y", outcome) for outcome in ("walked-out", "policy-broken", "escalated", "resolved", "partly-resolved")]
    assert bad_rate(runs) == pytest.approx(0.6)
    assert bad_rate([]) == 0.0


def test_choice_frequencies_per_node():
    """Each node counts the decisions made there and the runs that made one; rates divide by decisions."""
    nodes = choice_frequencies(ten_runs())
    assert nodes["a"].decisions == 10 and nodes["a"].chosen["a/open"] == 9
    assert nodes["b"].chosen == {"b/risky": 5, "b/safe": 5}
    assert nodes["b"].rate("b/risky") == 0.5
    assert nodes["c"].decisions == 5 and nodes["c"].runs_reaching == 5


def test_a_loop_counts_every_decision_but_one_run():
    """A node met three times in one run is three decisions and one run reaching it."""
    nodes = choice_frequencies([run("a", "n/again n/again n/done")])
    assert nodes["n"].decisions == 3 and nodes["n"].runs_reaching == 1
    assert nodes["n"].rate("n/again") == pytest.approx(2 / 3)


def test_ended_early_counts_walkouts_at_their_last_node():
    """Only walkouts end early, counted at the node of their last reply."""
    assert ended_early_at(ten_runs()) == {"b": 4}
    assert ended_early_at([run("a", "x/y z/w", "policy-broken")]) == {}


def test_unfinished_saves_by_node():
    """Saves are counted where they stand; one that reached an ending counts under None."""
    saves = [
        UnfinishedFacts("a", "s", "b", 1, 0.0),
        UnfinishedFacts("c", "s", "b", 2, 0.0),
        UnfinishedFacts("d", "s", None, 3, 0.0),
    ]
    assert unfinished_at(saves) == {"b": 2, None: 1}


def test_discrimination_sign_follows_who_chooses():
    """Strong trainees choose 'b/safe' (positive index), weak ones 'b/risky' (negative).

    Upper group: p5-p8 score 90, the top three of them; lower group: p9 (5, chose b/safe)
    and two of p0-p3 (10, chose b/risky).
    """
    index = discrimination(ten_runs())
    assert group_size(10) == 3
    assert index["b/safe"].index == pytest.approx(1.0 - 1 / 3)
    assert index["b/risky"].index == pytest.approx(0.0 - 2 / 3)
    assert index["a/open"].index == pytest.approx(1.0 - 2 / 3)  # the bottom three include p9, who was rude
    assert index["c/recover"].upper_rate == 1.0 and index["c/recover"].group_size == 3


def test_discrimination_uses_each_trainees_share_of_runs():
    """A trainee's rate is the share of their runs holding the reply; missing keys count 0."""
    runs = [
        run("strong", "a/x", percent=90), run("strong", "a/y", percent=80),
        run("weak", "a/y", percent=10), run("weak", "a/y", percent=20),
    ]
    index = discrimination(runs, keys=["a/x", "a/y", "a/never"])
    assert index["a/x"].index == pytest.approx(0.5)
    assert index["a/y"].index == pytest.approx(-0.5)
    assert index["a/never"].index == 0.0


def test_discrimination_needs_two_trainees():
    """One trainee has no upper and lower group: no index at all."""
    assert discrimination([run("solo", "a/x"), run("solo", "a/y")]) == {}


def test_group_size_is_27_percent_rounded_half_up():
    """27% of the trainees, at least one, never more than half."""
    assert [group_size(n) for n in (1, 2, 3, 4, 10, 11, 100)] == [0, 1, 1, 1, 3, 3, 27]


def test_taken_back_counts_undone_replies():
    """Replies undone in practice are counted per key."""
    runs = [run("a", "x/y", taken_back=("x/z", "x/z")), run("b", "x/y", taken_back=("x/w",))]
    assert taken_back(runs) == {"x/z": 2, "x/w": 1}


def test_counting_keeps_verified_runs_only():
    """Flagged runs are left out of every figure."""
    runs = [run("a", "x/y"), run("a", "x/y", status="flagged")]
    assert [item.status for item in counting(runs)] == ["verified"]


def test_skill_trend_direction_and_slope():
    """Percents rising 10 points a run give slope 10 and 'rising'; a skill without a score is skipped."""
    runs = [run("a", "x/y", skills={"listening": 40.0 + 10 * i, "empathy": 50.0, "refusal": None}) for i in range(4)]
    trends = skill_trends(runs)
    assert trends["listening"].slope == pytest.approx(10.0)
    assert trends["listening"].change == pytest.approx(30.0)
    assert trends["listening"].direction == "rising" and trends["empathy"].direction == "steady"
    assert "refusal" not in trends
    assert trends["listening"].values == [40.0, 50.0, 60.0, 70.0]


def test_trend_follows_finishing_time_not_input_order():
    """Runs are put in time order before the trend is fitted."""
    late = run("a", "x/y", percent=20.0, finished_at=200.0)
    early = run("a", "x/y", percent=80.0, finished_at=100.0)
    trend = overall_trend([late, early])
    assert trend.values == [80.0, 20.0] and trend.direction == "falling"
    assert overall_trend([early]).direction == "one run"


def test_slope_of_few_values():
    """Fewer than two values have no slope; a straight line has its own."""
    assert slope([]) == 0.0 and slope([5.0]) == 0.0
    assert slope([1.0, 3.0, 5.0]) == pytest.approx(2.0)


def test_skill_averages_and_bands():
    """Skill means skip missing scores; bands count 'none' for runs below every band."""
    runs = [
        run("a", "x/y", band="Gold", skills={"listening": 90.0, "empathy": None}),
        run("b", "x/y", band=None, skills={"listening": 30.0, "empathy": 40.0}),
    ]
    averages = skill_averages(runs)
    assert averages["listening"].mean == 60.0 and averages["listening"].count == 2
    assert averages["empathy"].count == 1
    assert band_counts(runs) == {"Gold": 1, "none": 1}


def test_score_histogram_bins():
    """Ten bins of ten points; 100 falls in the last bin and 9.99 in the first."""
    assert score_histogram([0.0, 9.99, 10.0, 55.0, 100.0, 100.0]) == [2, 1, 0, 0, 0, 1, 0, 0, 0, 2]


def test_path_lengths():
    """How many runs took each number of replies."""
    assert path_lengths(ten_runs()) == {2: 5, 3: 5}


def test_trainee_summaries_best_mean_first():
    """Per trainee: runs, best, mean, latest; ordered by mean score."""
    runs = [
        run("low", "x/y", percent=10.0), run("high", "x/y", percent=80.0),
        run("high", "x/y", percent=60.0, band="Bronze"), run("low", "x/y", percent=30.0),
    ]
    summaries = trainee_summaries(runs)
    assert [item.player for item in summaries] == ["high", "low"]
    high = summaries[0]
    assert (high.runs, high.best, high.mean, high.latest) == (2, 80.0, 70.0, 60.0)
    assert high.bands == {"none": 1, "Bronze": 1}


def test_trend_compares_a_scenario_only_with_itself():
    """An easy scenario at 100% between repeats of a hard one that improve is a rise, not a fall."""
    history = [("easy", 100.0), ("hard", 10.0), ("easy", 100.0), ("hard", 30.0), ("hard", 50.0)]
    runs = [run("a", "x/y", percent=value, scenario_id=scenario, skills={"listening": value}) for scenario, value in history]
    trend = overall_trend(runs)
    assert trend.direction == "rising" and trend.slope == pytest.approx(16.0)  # (0 + 40) / (0.5 + 2), pooled
    assert skill_trends(runs)["listening"].direction == "rising"
    assert trend.values == [100.0, 10.0, 100.0, 30.0, 50.0]  # every run is still charted


def test_practice_and_ranked_runs_of_one_scenario_are_not_compared():
    """A ranked run after practice runs of the same scenario starts its own line."""
    runs = [run("a", "x/y", percent=100.0, mode="practice"), run("a", "x/y", percent=40.0, mode="ranked")]
    assert set(like_with_like(runs)) == {("practice", "s"), ("ranked", "s")}
    assert overall_trend(runs).direction == "no repeat"


def test_runs_of_different_scenarios_only_have_no_trend():
    """No scenario played twice: 'no repeat', whatever the scores."""
    runs = [run("a", "x/y", percent=90.0 - 30 * i, scenario_id=f"s{i}") for i in range(3)]
    assert overall_trend(runs).direction == "no repeat" and overall_trend(runs).change == 0.0


def test_pooled_slope_ignores_the_level_of_each_group():
    """Two groups at different levels, each rising 10 a run, pool to a slope of 10."""
    assert pooled_slope([[90.0, 100.0], [10.0, 20.0, 30.0]]) == pytest.approx(10.0)
    assert pooled_slope([[50.0]]) == 0.0 and pooled_slope([]) == 0.0


def test_modes_put_ranked_first():
    """A report shows ranked runs before practice ones."""
    assert modes([run("a", "x/y", mode="practice"), run("a", "x/y", mode="ranked")]) == ["ranked", "practice"]
