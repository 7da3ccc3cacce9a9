"""Tests for game.scenario.model: meter arithmetic and what a loaded scenario exposes."""

from __future__ import annotations

from game.scenario.model import MeterSpec


def meter(good_high: bool = True) -> MeterSpec:
    """A 0..100 meter."""
    return MeterSpec("m", "M", 50, 0, 100, good_high, ())


def test_clamp_keeps_values_in_range():
    """Values past either end stop at the end."""
    assert (meter().clamp(-5), meter().clamp(50), meter().clamp(130)) == (0, 50, 100)


def test_goodness_follows_the_good_end():
    """High is good by default; for a 'good: low' meter the scale flips."""
    assert meter().goodness(75) == 0.75
    assert meter(good_high=False).goodness(75) == 0.25


def test_goodness_of_a_flat_meter_is_full():
    """A meter whose min equals max cannot be bad."""
    assert MeterSpec("m", "M", 3, 3, 3, True, ()).goodness(3) == 1.0


def test_loaded_scenario_indexes_and_decisions(mini):
    """Meter and variable order, choice keys and decision counts are exposed for the engine."""
    scenario = mini.scenario
    assert scenario.meter_names == ("anger",) and scenario.var_names == ("heard",)
    assert scenario.meter_index == {"anger": 0}
    assert set(scenario.choices_by_key) == {"hello/listen", "hello/refuse", "ask/firm", "ask/again", "ask/cave"}
    assert scenario.decision_nodes == 2
    assert scenario.is_ending("gone") and not scenario.is_ending("ask")
    assert scenario.loop_nodes == {"ask"}
    assert len(scenario.content_hash) == 64


def test_effect_plans_and_threshold_checks_resolve_names_to_indexes(mini):
    """Each reply's plan lists its meter effects as (index, add, value, min, max) and its variable
    effects apart, in the order written; the threshold checks list (meter index, at least, bound, ending)."""
    scenario = mini.scenario
    for key, choice in scenario.choices_by_key.items():
        plan = scenario.effect_plans[key]
        meters = [e for e in choice.effects if e.is_meter]
        variables = [e for e in choice.effects if not e.is_meter]
        assert [(scenario.meter_names[i], add, value) for i, add, value, _, _ in plan.meters] == [
            (e.target, e.op == "add", e.value) for e in meters
        ]
        assert all((low, high) == (scenario.meters[scenario.meter_names[i]].min, scenario.meters[scenario.meter_names[i]].max) for i, _, _, low, high in plan.meters)
        assert [(scenario.var_names[j], add, value) for j, add, value in plan.variables] == [(e.target, e.op == "add", e.value) for e in variables]
    expected = [(i, kind == "at_least", bound, ending) for i, m in enumerate(scenario.meters.values()) for kind, bound, ending in m.thresholds]
    assert list(scenario.threshold_checks) == expected and expected
    assert scenario.effect_plans is scenario.effect_plans  # worked out once
