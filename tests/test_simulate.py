"""Tests for game.engine.simulate: each bot's choices, reproducibility, coverage, the JSON summary."""

from __future__ import annotations

import random

import pytest

from game.engine import simulate as simulate_module
from game.engine.analysis import Analysis, analyze
from game.engine.session import Session
from game.engine.simulate import BOT_NAMES, SKILL_BOTS, make_bot, simulate
from game.scenario.loader import load_scenario
from game.scenario.model import Scenario
from scoring.rubric import default_rubric
from scoring.scorer import Scorer
from tests.conftest import EXAMPLE, MINI, scenario_from, tiny_scenario

# One decision whose replies each suit one bot; 'kind' and 'kind-too' tie for empathy.
PICKY = tiny_scenario(
    "picky",
    """
nodes:
  hello:
    say: ["Well?"]
    choices:
      - {id: cold, text: Next., tags: [empathy.cold], next: done}
      - {id: firm, text: "No, because of the rules.", tags: [refusal.give-reason, listening.interrupt], next: done}
      - {id: hear, text: Go on., tags: [listening.let-vent, listening.paraphrase], next: done}
      - {id: kind, text: That sounds awful., tags: [empathy.acknowledge-feeling], next: done}
      - {id: kind-too, text: How awful., tags: [empathy.acknowledge-feeling], next: done}
endings:
  done: {outcome: resolved, title: Done, text: It is over.}
""",
)
# The best listening reply loops without moving anything, so listen-only never finishes.
TREADMILL = tiny_scenario(
    "treadmill",
    """
nodes:
  hello:
    say: ["And another thing..."]
    choices:
      - {id: more, text: Tell me more., tags: [listening.let-vent], next: hello}
      - {id: wrap, text: Let me sort it., tags: [resolution.act-fast], next: done}
endings:
  done: {outcome: resolved, title: Done, text: It is over.}
""",
)


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    """A scorer with the default rubric."""
    return Scorer(default_rubric())


@pytest.fixture(scope="module")
def mini_scenario() -> Scenario:
    """MINI, loaded once."""
    return scenario_from(MINI).scenario


@pytest.fixture(scope="module")
def example() -> Scenario:
    """The bundled example, loaded once."""
    return load_scenario(EXAMPLE).scenario


@pytest.fixture(scope="module")
def example_analysis(example: Scenario, scorer: Scorer) -> Analysis:
    """The example's analysis, computed once for every simulation of it."""
    return analyze(example, scorer)


def first_pick(bot_name: str, scorer: Scorer) -> str:
    """The reply id `bot_name` picks at PICKY's only decision."""
    scenario = scenario_from(PICKY).scenario
    session = Session(scenario, scorer=scorer)
    return make_bot(bot_name, scorer)(session, session.replies, random.Random(0)).id


def test_bot_names() -> None:
    """The bots are random, coverage and one per single skill."""
    assert BOT_NAMES == ("random", "coverage", "empathy-only", "firm-only", "listen-only")
    assert SKILL_BOTS == {"empathy-only": "empathy", "firm-only": "refusal", "listen-only": "listening"}


def test_unknown_bot_is_a_value_error(scorer: Scorer) -> None:
    """make_bot refuses a name it doesn't know, listing the bots."""
    with pytest.raises(ValueError, match="unknown bot 'clever'"):
        make_bot("clever", scorer)


@pytest.mark.parametrize(
    ("bot", "replies"),
    [("listen-only", {"hear"}), ("firm-only", {"firm"}), ("empathy-only", {"kind", "kind-too"})],
)
def test_single_skill_bot_picks_its_best_reply(scorer: Scorer, bot: str, replies: set[str]) -> None:
    """Each single-skill bot picks the reply earning most in its dimension (of two tied, one of them)."""
    assert first_pick(bot, scorer) in replies


def test_single_skill_bot_ignores_other_dimensions(scorer: Scorer) -> None:
    """listen-only counts only listening points: 'firm' loses listening points, so it is never picked."""
    scenario = scenario_from(PICKY.replace("      - {id: hear,", "      - {id: hear-not,").replace(
        "tags: [listening.let-vent, listening.paraphrase]", "tags: [empathy.cold]")).scenario
    session = Session(scenario, scorer=scorer)
    pick = make_bot("listen-only", scorer)(session, session.replies, random.Random(0))
    # Every reply but 'firm' earns 0 listening points: a tie, which goes to the first shown.
    assert pick.id == next(choice.id for choice in session.replies if choice.id != "firm")


def test_single_skill_tie_goes_to_the_reply_shown_first(scorer: Scorer) -> None:
    """Of two tied replies the bot picks whichever the session shows first, so over seeds each is picked (never by authored order)."""
    scenario = scenario_from(PICKY).scenario
    picked = set()
    for seed in range(20):
        session = Session(scenario, seed=seed, scorer=scorer)
        shown = [choice.id for choice in session.replies if choice.id in ("kind", "kind-too")]
        pick = make_bot("empathy-only", scorer)(session, session.replies, random.Random(0)).id
        assert pick == shown[0]
        picked.add(pick)
    assert picked == {"kind", "kind-too"}


def test_random_is_reproducible_by_seed(mini_scenario: Scenario, scorer: Scorer) -> None:
    """The same seed repeats every run exactly; another seed plays differently."""
    one = simulate(mini_scenario, scorer, "random", 60, seed=5)
    again = simulate(mini_scenario, scorer, "random", 60, seed=5)
    other = simulate(mini_scenario, scorer, "random", 60, seed=6)
    assert one.percents == again.percents and one.endings == again.endings
    assert one.to_json() == again.to_json()
    assert one.percents != other.percents


def test_random_bot_reaches_every_ending_of_mini(mini_scenario: Scenario, scorer: Scorer) -> None:
    """Enough random runs of MINI see every ending and reply."""
    result = simulate(mini_scenario, scorer, "random", 200, seed=1)
    assert set(result.endings) == {"fixed", "refunded", "gone"}
    assert result.to_json()["choice_coverage"] == 1.0


def test_coverage_bot_reaches_every_node_of_the_example(
    example: Scenario, scorer: Scorer, example_analysis: Analysis
) -> None:
    """The coverage bot walks into every node of the example within a few dozen runs."""
    result = simulate(example, scorer, "coverage", 40, seed=0, analysis=example_analysis)
    data = result.to_json()
    assert result.nodes_seen == set(example.nodes)
    assert data["node_coverage"] == 1.0
    assert data["nodes_missed"] == []
    assert data["choice_coverage"] == 1.0


def test_coverage_bot_prefers_the_least_chosen(mini_scenario: Scenario, scorer: Scorer) -> None:
    """Across runs the coverage bot spreads its picks: two runs of MINI open with both first replies."""
    bot = make_bot("coverage", scorer)
    rng = random.Random(0)
    picks = [bot(Session(mini_scenario, scorer=scorer), Session(mini_scenario, scorer=scorer).replies, rng).id for _ in range(2)]
    assert sorted(picks) == ["listen", "refuse"]


def test_skill_bot_run_summary(mini_scenario: Scenario, scorer: Scorer) -> None:
    """listen-only on MINI keeps asking again until anger ends the scene: always 'gone'."""
    result = simulate(mini_scenario, scorer, "listen-only", 5, seed=0)
    assert dict(result.endings) == {"gone": 5}
    assert result.choices_seen == {"hello/listen", "ask/again"}
    assert result.to_json()["choice_coverage"] == 0.4


def test_json_fields(mini_scenario: Scenario, scorer: Scorer) -> None:
    """to_json() has the documented fields with consistent counts."""
    data = simulate(mini_scenario, scorer, "random", 30, seed=2).to_json()
    assert set(data) == {
        "scenario", "bot", "runs", "seed", "mean_percent", "spread", "bands", "endings",
        "unfinished", "node_coverage", "choice_coverage", "nodes_missed",
    }
    assert (data["scenario"], data["bot"], data["runs"], data["seed"]) == ("mini", "random", 30, 2)
    assert set(data["spread"]) == {"min", "p25", "median", "p75", "max"}
    spread = data["spread"]
    assert spread["min"] <= spread["p25"] <= spread["median"] <= spread["p75"] <= spread["max"]
    assert spread["min"] <= data["mean_percent"] <= spread["max"]
    assert sum(data["bands"].values()) == sum(data["endings"].values()) == 30 - data["unfinished"]


def test_unfinished_runs_are_counted(monkeypatch: pytest.MonkeyPatch, scorer: Scorer) -> None:
    """Runs cut at the reply limit count as unfinished and stay out of the scores and endings."""
    monkeypatch.setattr(simulate_module, "MAX_REPLIES_PER_RUN", 15)
    scenario = scenario_from(TREADMILL).scenario
    result = simulate(scenario, scorer, "listen-only", 4, seed=0)
    data = result.to_json()
    assert (data["unfinished"], data["endings"], data["bands"]) == (4, {}, {})
    assert data["mean_percent"] == 0.0
    assert data["spread"] == {"min": 0.0, "p25": 0.0, "median": 0.0, "p75": 0.0, "max": 0.0}
    assert result.choices_seen == {"hello/more"}


def test_progress_is_reported_per_run(mini_scenario: Scenario, scorer: Scorer) -> None:
    """The progress callback hears (done, total) after every run."""
    calls: list[tuple[int, int]] = []
    simulate(mini_scenario, scorer, "random", 4, seed=0, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 4), (2, 4), (3, 4), (4, 4)]


def test_percents_are_judged_against_the_best(mini_scenario: Scenario, scorer: Scorer) -> None:
    """Every finished run scores between 0 and 100, and the best run found equals the analysis' best."""
    result = simulate(mini_scenario, scorer, "random", 200, seed=4)
    assert all(0.0 <= p <= 100.0 for p in result.percents)
    assert max(result.percents) == pytest.approx(analyze(mini_scenario, scorer).best.percent)
