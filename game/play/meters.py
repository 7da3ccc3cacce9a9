"""A scenario's meters as both games show them: the reading, the word for the level, which way is better.

A meter is drawn as a label, "62/100 high", a bar, and words for which way is better;
good, middling and bad are said in words and numbers first, colour only repeats them.
The words and the limits between them are decided here once; a front end draws them (an
animating bar asks `level_word` for the value it shows on the way).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from game.i18n import N_, _
from game.scenario.model import MeterSpec

LEVELS = ((0.34, N_("low")), (0.67, N_("medium")))  # a fraction below the limit gets the word; from 0.67 "high"
GOOD_FROM, WARN_FROM = 0.6, 0.35  # goodness (1 = best) from which a meter reads good, then middling

Tone = Literal["good", "warn", "bad"]


def level_word(fraction: float) -> str:
    """low, medium or high: where a value sits in its range, in one word."""
    for limit, word in LEVELS:
        if fraction < limit:
            return _(word)
    return _("high")


def tone(goodness: float) -> Tone:
    """How good a meter reads (goodness 1 is the best end): good, warn (middling) or bad."""
    return "good" if goodness >= GOOD_FROM else "warn" if goodness >= WARN_FROM else "bad"


def better_words(good_high: bool) -> str:
    """Which way is better, in words."""
    return _("higher is better") if good_high else _("lower is better")


@dataclass(frozen=True)
class MeterView:
    """One meter now: its value in its range, ready to read."""

    name: str
    label: str
    value: int
    low: int
    high: int
    good_high: bool

    @property
    def fraction(self) -> float:
        """Where the value sits between low (0) and high (1)."""
        span = self.high - self.low
        return (self.value - self.low) / span if span else 1.0

    @property
    def goodness(self) -> float:
        """How good the value is, 0 to 1, whichever way the meter is better (a meter with no range reads best)."""
        if self.high == self.low:
            return 1.0
        return self.fraction if self.good_high else 1.0 - self.fraction

    @property
    def level(self) -> str:
        """low, medium or high."""
        return level_word(self.fraction)

    @property
    def reading(self) -> str:
        """The value, its maximum and its level: '62/100 high'."""
        return f"{self.value}/{self.high} {self.level}"

    @property
    def hint(self) -> str:
        """Which way is better, in words."""
        return better_words(self.good_high)

    @property
    def tone(self) -> Tone:
        """good, warn or bad (a front end's colour only repeats it)."""
        return tone(self.goodness)


def meter_views(specs: Mapping[str, MeterSpec], values: Mapping[str, int]) -> tuple[MeterView, ...]:
    """Every meter of a scenario at these values, in declaration order."""
    return tuple(
        MeterView(name, spec.label, values[name], spec.min, spec.max, spec.good_high) for name, spec in specs.items()
    )
