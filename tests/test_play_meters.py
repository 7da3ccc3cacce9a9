"""Meters as both games read them (game/play/meters.py): level words, which way is better, good/warn/bad."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from game.play.meters import GOOD_FROM, WARN_FROM, MeterView, better_words, level_word, meter_views, tone
from tests.test_play_controller import entry


def test_level_words_at_their_limits():
    """Below a third is low, below two thirds medium, from there high."""
    assert [level_word(f) for f in (0.1, 0.34, 0.5, 0.67, 0.9)] == ["low", "medium", "medium", "high", "high"]


def test_a_meter_reads_in_words_and_numbers():
    """Anger 62 of 0-100, lower better: '62/100 medium', 'lower is better', middling."""
    meter = MeterView("anger", "Anger", 62, 0, 100, good_high=False)
    assert meter.reading == "62/100 medium" and meter.hint == "lower is better" and meter.tone == "warn"
    assert better_words(True) == "higher is better"


def test_the_scenarios_meters_in_declaration_order():
    """meter_views gives every meter of a scenario, in its order, at the values given."""
    scenario = entry().scenario
    values = {name: spec.start for name, spec in scenario.meters.items()}
    views = meter_views(scenario.meters, values)
    assert [view.name for view in views] == list(scenario.meters)
    assert all(view.value == values[view.name] and view.label == scenario.meters[view.name].label for view in views)


def test_a_meter_without_a_range_reads_best():
    """A meter whose low and high are the same reads good, not a division by zero."""
    assert MeterView("m", "M", 5, 5, 5, good_high=False).tone == "good"


@given(st.integers(-50, 150), st.booleans())
def test_goodness_and_tone_agree_with_the_limits(value, good_high):
    """Goodness runs one way or the other with the value, and the tone follows the shared limits."""
    meter = MeterView("m", "M", value, 0, 100, good_high)
    expected = value / 100 if good_high else 1 - value / 100
    assert abs(meter.goodness - expected) < 1e-9
    assert meter.tone == ("good" if expected >= GOOD_FROM else "warn" if expected >= WARN_FROM else "bad") == tone(expected)
