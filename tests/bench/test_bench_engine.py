"""Benchmark: random playthroughs per second, layer by layer, against a bare graph walk.

Each playthrough picks replies with `random.Random(i)` for playthrough i, choosing an
index among what is on offer until the scene ends. The layers, cheapest first:

* floor: the story graph as plain dicts (node -> list of next targets), no conditions,
  effects, thresholds or scoring;
* rules: `rules.available` + `rules.advance` on a `CoreState`;
* rules + scorer: the same, plus `Scorer.step` on each reply's tags;
* Session: `Session.choose` until `is_over`, with one shared Scorer, then with the
  Session's default (a new Scorer, so cold caches, per playthrough).

The rules, scorer and Session layers see the same replies and so walk the same paths;
the floor ignores conditions and the walk-out threshold, so its paths differ a little,
and the per-reply cost is the fair comparison.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest

from game.engine.rules import advance, available, initial_state, is_over, once_key
from game.engine.session import Session
from game.scenario.loader import load_scenario
from game.scenario.model import Scenario
from scoring.rubric import default_rubric
from scoring.scorer import Scorer
from tests.bench import median_seconds, print_table
from tests.bench.generate import generate_scenario
from tests.conftest import EXAMPLE

REPEAT = 5
PLAYTHROUGHS = 500


def _floor(scenario: Scenario) -> Callable[[int], int]:
    """A walker over the graph as plain dicts; returns the number of replies made."""
    graph = {node_id: [choice.next for choice in node.choices] for node_id, node in scenario.nodes.items()}
    start = scenario.start

    def play(seed: int) -> int:
        rng = random.Random(seed)
        at, turns = start, 0
        while at in graph:
            options = graph[at]
            at = options[rng.randrange(len(options))]
            turns += 1
        return turns

    return play


def _rules(scenario: Scenario) -> Callable[[int], int]:
    """Pure rules: available + advance, no scoring, no Session bookkeeping."""

    def play(seed: int) -> int:
        rng = random.Random(seed)
        state = initial_state(scenario)
        while not is_over(scenario, state):
            options = available(scenario, state)
            state = advance(scenario, state, options[rng.randrange(len(options))])
        return state.turn

    return play


def _rules_and_scorer(scenario: Scenario, scorer: Scorer) -> Callable[[int], int]:
    """The rules plus Scorer.step on each reply."""

    def play(seed: int) -> int:
        rng = random.Random(seed)
        state, score = initial_state(scenario), scorer.initial_state()
        while not is_over(scenario, state):
            options = available(scenario, state)
            choice = options[rng.randrange(len(options))]
            state = advance(scenario, state, choice)
            score, _ = scorer.step(score, choice.tags, once_key(scenario, choice))
        return state.turn

    return play


def _session(scenario: Scenario, scorer: Scorer | None) -> Callable[[int], int]:
    """Session.choose until the scene is over; scorer None means the Session's default."""

    def play(seed: int) -> int:
        rng = random.Random(seed)
        session = Session(scenario, seed=seed, scorer=scorer)
        while not session.is_over:
            replies = session.replies
            session.choose(replies[rng.randrange(len(replies))].id)
        return len(session.turns)

    return play


def _rate(play: Callable[[int], int]) -> tuple[float, float]:
    """(playthroughs per second, mean replies per playthrough), median of REPEAT rounds."""
    turns = sum(play(seed) for seed in range(PLAYTHROUGHS))
    seconds = median_seconds(lambda: [play(seed) for seed in range(PLAYTHROUGHS)], REPEAT)
    return PLAYTHROUGHS / seconds, turns / PLAYTHROUGHS


@pytest.fixture(scope="module")
def scenarios(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Scenario]:
    """The example scenario and a generated 500-node one (written into a temporary folder)."""
    path = Path(tmp_path_factory.mktemp("generated")) / "generated-500.yaml"
    path.write_text(generate_scenario(500), encoding="utf-8")
    return {"example": load_scenario(EXAMPLE).scenario, "generated-500": load_scenario(path).scenario}


@pytest.mark.bench
@pytest.mark.parametrize("name", ["example", "generated-500"])
def test_playthroughs_per_second(scenarios: dict[str, Scenario], name: str) -> None:
    """Prints random playthroughs/s of each engine layer and its cost per reply against the floor."""
    scenario = scenarios[name]
    scorer = Scorer(default_rubric())
    layers = [
        ("floor: graph as plain dicts", _floor(scenario)),
        ("rules.available + rules.advance", _rules(scenario)),
        ("rules + Scorer.step", _rules_and_scorer(scenario, scorer)),
        ("Session, shared Scorer", _session(scenario, scorer)),
        ("Session, default Scorer", _session(scenario, None)),
    ]
    measured = [(label, *_rate(play)) for label, play in layers]
    floor_rate, floor_turns = measured[0][1], measured[0][2]
    floor_per_turn = 1 / (floor_rate * floor_turns)
    rows = []
    for label, rate, turns in measured:
        per_turn = 1 / (rate * turns)
        rows.append((label, rate, turns, per_turn * 1e6, floor_rate / rate, per_turn / floor_per_turn))
    print_table(
        f"Random playthroughs of {name} ({len(scenario.nodes):,} nodes), {PLAYTHROUGHS} runs, median of {REPEAT}",
        ["layer", "runs/s", "replies/run", "us/reply", "x floor (runs)", "x floor (per reply)"],
        rows,
    )
    # The layers above the floor must agree on the paths, or the comparison means nothing.
    assert measured[1][2] == measured[2][2] == measured[3][2] == measured[4][2]
