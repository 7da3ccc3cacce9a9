"""Tests for game.engine.rules: effects, clamping, thresholds, visits and the condition env."""

from __future__ import annotations

from game.engine.rules import StateEnv, advance, apply_effects, available, initial_state, is_over, mood
from tests.conftest import scenario_from

LOOP = """
format: 1
id: loop
title: Loop
summary: Visits and clamping.
difficulty: 1
skills: [listening]
minutes: 1
cast: {c: {name: C}}
meters:
  calm: {start: 95, min: 0, max: 100}
vars:
  count: 0
  note: ""
start: a
nodes:
  a:
    say: ["Again?"]
    choices:
      - {id: more, text: More, tags: [listening.open-question], effects: {calm: +20, count: +1, note: x}, next: a}
      - {id: reset, text: Reset, tags: [listening.let-vent], effects: {calm: {set: 10}}, next: a}
      - {id: done, when: 'visits("a") >= 3', text: Done, tags: [listening.paraphrase], next: end}
endings:
  end: {outcome: resolved, title: End, text: Done.}
"""


def test_effects_add_clamp_and_set():
    """Numbers add and stop at the meter's max; {set: N} sets; text variables are set."""
    scenario = scenario_from(LOOP).scenario
    state = initial_state(scenario)
    more = scenario.nodes["a"].choices[0]
    state = advance(scenario, state, more)
    assert state.meters == (100,) and state.vars == (1, "x")
    state = advance(scenario, state, scenario.nodes["a"].choices[1])
    assert state.meters == (10,)


def test_visits_counted_only_when_conditions_use_them():
    """A condition on visits() unlocks a reply on the third visit."""
    scenario = scenario_from(LOOP).scenario
    assert scenario.visit_nodes == {"a"}
    state = initial_state(scenario)
    more = scenario.nodes["a"].choices[0]
    assert [c.id for c in available(scenario, state)] == ["more", "reset"]
    state = advance(scenario, advance(scenario, state, more), more)
    assert [c.id for c in available(scenario, state)] == ["more", "reset", "done"]
    assert StateEnv(scenario, state).visits("a") == 3
    assert StateEnv(scenario, state).turn == 2


def test_mood_reads_the_mood_meter_in_the_right_direction(mini):
    """Anger is good when low: 50 of 0..100 is 0.5, and an ending is reached by a next target."""
    scenario = mini.scenario
    state = initial_state(scenario)
    assert mood(scenario, state) == 0.5
    state = advance(scenario, state, scenario.nodes["hello"].choices[0])
    assert mood(scenario, state) == 0.6
    state = advance(scenario, state, scenario.nodes["ask"].choices[0])
    assert is_over(scenario, state)


def test_apply_effects_is_advance_without_visits_chosen_and_turn():
    """apply_effects gives advance's target, meters and variables; the variables tuple itself when a reply changes none."""
    scenario = scenario_from(LOOP).scenario
    state = initial_state(scenario)
    more, reset = scenario.nodes["a"].choices[:2]
    after = advance(scenario, state, more)
    assert apply_effects(scenario, state.meters, state.vars, more) == (after.at, after.meters, after.vars)
    at, meters, variables = apply_effects(scenario, after.meters, after.vars, reset)
    assert (at, meters) == ("a", (10,)) and variables is after.vars
