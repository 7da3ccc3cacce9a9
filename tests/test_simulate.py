"""Tests for game.engine.simulate: each bot's choices, reproducibility, coverage, the JSON summary,
skilled:P, and figures that do not depend on the order replies are listed in."""

from __future__ import annotations

import random
import statistics
from pathlib import Path

import pytest

from game.engine import simulate as simulate_module
from game.engine.analysis import Analysis, analyze
from game.engine.bots import BotError, view_of
from game.engine.session import Session
from game.engine.simulate import BOT_NAMES, FORM_READERS, SKILL_BOTS, make_bot, simulate
from game.scenario.loader import load_scenario
from game.scenario.model import Scenario
from scoring.rubric import default_rubric
from scoring.scorer import Scorer
from tests.conftest import EXAMPLE, MINI, REPO, scenario_from, tiny_scenario

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


def pick(bot_name: str, scorer: Scorer, text: str = PICKY, seed: int = 0) -> str:
    """The reply id `bot_name` picks at the first decision of `text` (PICKY by default)."""
    scenario = scenario_from(text).scenario
    session = Session(scenario, scorer=scorer)
    return make_bot(bot_name, scorer)(session, view_of(session, 0), random.Random(seed))


def first_pick(bot_name: str, scorer: Scorer) -> str:
    """The reply id `bot_name` picks at PICKY's only decision."""
    return pick(bot_name, scorer)


def reversed_replies(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every Session offer its replies in the reverse of the order it would show."""
    shown = Session.offered.fget  # type: ignore[attr-defined]
    monkeypatch.setattr(Session, "offered", property(lambda self: tuple(reversed(shown(self)))))
    monkeypatch.setattr(Session, "replies", property(lambda self: tuple(reply.choice for reply in self.offered)))


def test_bot_names() -> None:
    """The bots are random, coverage, one per single skill and the form bots."""
    assert BOT_NAMES == (
        "random", "coverage", "empathy-only", "firm-only", "listen-only",
        "longest", "shortest", "warmest", "most-concessions", "first", "last",
    )
    assert SKILL_BOTS == {"empathy-only": "empathy", "firm-only": "refusal", "listen-only": "listening"}
    assert FORM_READERS == ("longest", "shortest", "warmest", "most-concessions")


def test_unknown_bot_is_a_value_error(scorer: Scorer) -> None:
    """make_bot refuses a name it doesn't know, listing the bots."""
    with pytest.raises(ValueError, match="unknown bot 'clever'"):
        make_bot("clever", scorer)


def test_unknown_bot_is_told_in_chinese(scorer: Scorer) -> None:
    """In Chinese, the refusal of an unknown bot is Chinese, the bot names kept as they are."""
    from game.i18n import use_locale

    use_locale("zh-Hans")
    with pytest.raises(ValueError, match=r"^未知的机器人 'clever'（可用的机器人：random, coverage, .*FILE.py:FUNCTION）$"):
        make_bot("clever", scorer)


@pytest.mark.parametrize(
    ("bot", "replies"),
    [("listen-only", {"hear"}), ("firm-only", {"firm"}), ("empathy-only", {"kind", "kind-too"})],
)
def test_single_skill_bot_picks_its_best_reply(scorer: Scorer, bot: str, replies: set[str]) -> None:
    """Each single-skill bot picks the reply earning most in its dimension (one of the tied ones)."""
    assert {pick(bot, scorer, seed=seed) for seed in range(20)} == replies


def test_single_skill_bot_ignores_other_dimensions(scorer: Scorer) -> None:
    """listen-only counts only listening points: 'firm' loses listening points, so it is never picked."""
    text = PICKY.replace("      - {id: hear,", "      - {id: hear-not,").replace(
        "tags: [listening.let-vent, listening.paraphrase]", "tags: [empathy.cold]")
    picks = {pick("listen-only", scorer, text, seed) for seed in range(40)}
    assert picks == {"cold", "hear-not", "kind", "kind-too"}  # every reply with 0 listening points, none other


def test_single_skill_tie_goes_to_the_seed_not_the_order(scorer: Scorer, monkeypatch: pytest.MonkeyPatch) -> None:
    """A tie is broken by the seeded generator: the same seed picks the same reply whichever order they are listed in."""
    authored = [pick("empathy-only", scorer, seed=seed) for seed in range(20)]
    reversed_replies(monkeypatch)
    assert [pick("empathy-only", scorer, seed=seed) for seed in range(20)] == authored
    assert set(authored) == {"kind", "kind-too"}


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
    """The coverage bot walks into every node of the example within 80 runs."""
    result = simulate(example, scorer, "coverage", 80, seed=0, analysis=example_analysis)
    data = result.to_json()
    assert result.nodes_seen == set(example.nodes)
    assert data["node_coverage"] == 1.0
    assert data["nodes_missed"] == []
    assert data["choice_coverage"] == 1.0


def test_coverage_bot_prefers_the_least_chosen(mini_scenario: Scenario, scorer: Scorer) -> None:
    """Across runs the coverage bot spreads its picks: two runs of MINI open with both first replies."""
    bot = make_bot("coverage", scorer)
    rng = random.Random(0)
    picks = []
    for _ in range(2):
        session = Session(mini_scenario, scorer=scorer)
        picks.append(bot(session, view_of(session, 0), rng))
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
        "scenario", "bot", "runs", "seed", "finished", "mean", "median", "min", "max", "mean_percent", "spread",
        "bands", "band_shares", "endings", "unfinished", "node_coverage", "choice_coverage", "nodes_missed",
    }
    assert (data["scenario"], data["bot"], data["runs"], data["seed"]) == ("mini", "random", 30, 2)
    assert set(data["spread"]) == {"min", "p25", "median", "p75", "max"}
    spread = data["spread"]
    assert spread["min"] <= spread["p25"] <= spread["median"] <= spread["p75"] <= spread["max"]
    assert spread["min"] <= data["mean_percent"] <= spread["max"]
    assert sum(data["bands"].values()) == sum(data["endings"].values()) == data["finished"] == 30 - data["unfinished"]
    assert (data["min"], data["median"], data["max"]) == (spread["min"], spread["median"], spread["max"])
    assert data["mean"] == data["mean_percent"]


def test_summary_figures_are_the_runs_statistics(mini_scenario: Scenario, scorer: Scorer) -> None:
    """mean, median, min and max are those of the finished runs' percents; band shares are fractions summing to 1."""
    result = simulate(mini_scenario, scorer, "random", 41, seed=3)
    data = result.to_json()
    assert data["mean"] == round(statistics.mean(result.percents), 1)
    assert data["median"] == round(statistics.median(result.percents), 1)
    assert (data["min"], data["max"]) == (round(min(result.percents), 1), round(max(result.percents), 1))
    assert list(data["band_shares"]) == ["Gold", "Silver", "Bronze", "none"]
    assert list(data["bands"]) == ["Gold", "Silver", "Bronze", "none"]
    assert sum(data["band_shares"].values()) == pytest.approx(1.0, abs=1e-3)
    for band, count in data["bands"].items():
        assert data["band_shares"][band] == round(count / data["finished"], 4)
    assert sum(data["endings"].values()) == data["finished"]


def test_unfinished_runs_are_counted(monkeypatch: pytest.MonkeyPatch, scorer: Scorer) -> None:
    """Runs cut at the reply limit count as unfinished and stay out of the scores and endings."""
    monkeypatch.setattr(simulate_module, "MAX_REPLIES_PER_RUN", 15)
    scenario = scenario_from(TREADMILL).scenario
    result = simulate(scenario, scorer, "listen-only", 4, seed=0)
    data = result.to_json()
    assert (data["unfinished"], data["endings"], data["finished"]) == (4, {}, 0)
    assert data["bands"] == {"Gold": 0, "Silver": 0, "Bronze": 0, "none": 0}
    assert data["band_shares"] == {"Gold": 0.0, "Silver": 0.0, "Bronze": 0.0, "none": 0.0}
    assert data["mean_percent"] == data["mean"] == data["median"] == 0.0
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



def test_max_replies_cuts_runs_short(scorer: Scorer) -> None:
    """With max_replies given, a run still going after that many replies counts as unfinished."""
    scenario = scenario_from(TREADMILL).scenario
    result = simulate(scenario, scorer, "listen-only", 3, seed=0, max_replies=7)
    assert result.unfinished == 3


# skilled:P -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shoe() -> tuple[Scenario, Analysis]:
    """The angry shoe buyer and its analysis, found once."""
    scenario = load_scenario(REPO / "scenarios" / "angry-shoe-buyer.yaml").scenario
    return scenario, analyze(scenario, Scorer(default_rubric()))


def test_skilled_one_always_reaches_one_hundred(example: Scenario, scorer: Scorer, example_analysis: Analysis) -> None:
    """skilled:1.0 plays the best reply at every moment, so every run scores 100% and reaches Gold."""
    result = simulate(example, scorer, "skilled:1.0", 30, seed=1, analysis=example_analysis)
    assert result.percents == [pytest.approx(100.0)] * 30
    assert result.bands == {"Gold": 30}


def test_skilled_one_on_the_flagship(shoe: tuple[Scenario, Analysis], scorer: Scorer) -> None:
    """On the flagship too, skilled:1 scores 100% in every run and ends where the best playthrough ends."""
    scenario, analysis = shoe
    result = simulate(scenario, scorer, "skilled:1", 10, seed=2, analysis=analysis)
    assert result.percents == [pytest.approx(100.0)] * 10
    assert set(result.endings) == {analysis.best.ending}


def test_skilled_figures_rise_with_p(shoe: tuple[Scenario, Analysis], scorer: Scorer) -> None:
    """On a bundled scenario the mean and the share of runs reaching a band rise with P."""
    scenario, analysis = shoe
    results = [simulate(scenario, scorer, f"skilled:{p}", 150, seed=5, analysis=analysis) for p in (0.0, 0.3, 0.6, 0.9, 1.0)]
    means = [r.mean_percent for r in results]
    assert means == sorted(means) and len(set(means)) == len(means), means
    banded = [1 - r.band_shares["none"] for r in results]
    assert banded == sorted(banded) and banded[0] < banded[-1] == 1.0, banded


def test_skilled_zero_never_plays_the_best_reply(shoe: tuple[Scenario, Analysis], scorer: Scorer) -> None:
    """skilled:0 picks among the other replies wherever there is another, so no run reaches Gold."""
    scenario, analysis = shoe
    result = simulate(scenario, scorer, "skilled:0", 50, seed=0, analysis=analysis)
    assert "Gold" not in result.bands and max(result.percents) < 100.0


@pytest.mark.parametrize("spec", ["skilled", "skilled:", "skilled:1.5", "skilled:-0.1", "skilled:half", "skilled:nan", "skilled:inf"])
def test_skilled_rejects_a_bad_p(scorer: Scorer, example_analysis: Analysis, spec: str) -> None:
    """P must be a number from 0 to 1; anything else is a BotError that says so."""
    with pytest.raises(BotError, match="must be a number from 0 to 1"):
        make_bot(spec, scorer, example_analysis)


def test_skilled_needs_the_analysis(scorer: Scorer) -> None:
    """skilled:P without an analysis to read is a BotError, not a crash mid-run."""
    with pytest.raises(BotError, match="needs the scenario's analysis"):
        make_bot("skilled:0.5", scorer, None)


# Reply order -------------------------------------------------------------------------------


@pytest.mark.parametrize("bot", [*SKILL_BOTS, *FORM_READERS, "random", "coverage", "skilled:0.5"])
def test_figures_do_not_depend_on_the_reply_order(
    example: Scenario, scorer: Scorer, example_analysis: Analysis, monkeypatch: pytest.MonkeyPatch, bot: str
) -> None:
    """Every bot but first and last gives exactly the same figures when the replies are listed in reverse."""
    authored = simulate(example, scorer, bot, 60, seed=7, analysis=example_analysis).to_json()
    reversed_replies(monkeypatch)
    assert simulate(example, scorer, bot, 60, seed=7, analysis=example_analysis).to_json() == authored


def test_first_and_last_follow_the_order_shown(mini_scenario: Scenario, scorer: Scorer, monkeypatch: pytest.MonkeyPatch) -> None:
    """first and last read the shown order, so reversing the list swaps what they play (one seeded run each)."""
    first = simulate(mini_scenario, scorer, "first", 1, seed=0)
    last = simulate(mini_scenario, scorer, "last", 1, seed=0)
    reversed_replies(monkeypatch)
    assert simulate(mini_scenario, scorer, "first", 1, seed=0).choices_seen == last.choices_seen
    assert simulate(mini_scenario, scorer, "last", 1, seed=0).choices_seen == first.choices_seen
    assert first.choices_seen != last.choices_seen


def test_unknown_names_and_file_bots(scorer: Scorer, tmp_path: Path) -> None:
    """A name that is no bot is a ValueError listing the bots; FILE.py:FUNCTION loads the function."""
    with pytest.raises(ValueError, match=r"unknown bot 'clever' \(bots: random, coverage, .*skilled:P, FILE.py:FUNCTION\)"):
        make_bot("clever", scorer)
    path = tmp_path / "mine.py"
    path.write_text("def pick(view):\n    return max(reply.id for reply in view.replies)\n", encoding="utf-8")
    result = simulate(scenario_from(MINI).scenario, scorer, f"{path}:pick", 3, seed=0)
    assert result.choices_seen == {"hello/refuse", "ask/cave"}
