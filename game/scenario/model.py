"""The immutable runtime scenario: what the engine plays, built once by `compile.py`.

Unlike the authoring models in `schema.py`, everything here is resolved: conditions are
parsed, effects know their target and operation, speakers are filled in, and every node,
reply, line and variant has its stable id. A scenario carries the content hash of its
data, so runs and analytics can tell which version they were played on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal, NamedTuple

from game.scenario.conditions import Condition
from game.scenario.schema import Outcome

Value = bool | int | str
EffectOp = Literal["add", "set"]


@dataclass(frozen=True)
class Person:
    """A cast member."""

    id: str
    name: str
    role: str
    portrait: str | None
    expression: str | None = None  # how they look until a line of theirs names one

    @property
    def is_narrator(self) -> bool:
        """True for the narrator: a voice, not a person, so never drawn as a face."""
        return self.role == "narrator"


@dataclass(frozen=True)
class MeterSpec:
    """A meter's range, label and the thresholds that end the scene."""

    name: str
    label: str
    start: int
    min: int
    max: int
    good_high: bool
    thresholds: tuple[tuple[Literal["at_least", "at_most"], int, str], ...]

    def clamp(self, value: int) -> int:
        """Keep a value within the meter's range."""
        return min(max(value, self.min), self.max)

    def goodness(self, value: int) -> float:
        """Where `value` sits between the bad end (0.0) and the good end (1.0)."""
        if self.max == self.min:
            return 1.0
        fraction = (value - self.min) / (self.max - self.min)
        return fraction if self.good_high else 1.0 - fraction


@dataclass(frozen=True)
class Effect:
    """One change a reply makes: add to or set a meter or variable."""

    target: str
    op: EffectOp
    value: Value
    is_meter: bool


@dataclass(frozen=True)
class LineSpec:
    """A line: who says it, when, and its text or pool of variants (each with a stable id)."""

    id: str
    speaker: str
    when: Condition | None
    variants: tuple[tuple[str, str], ...]  # (variant id, text); one entry for a plain line
    expression: str | None = None  # how the speaker looks saying it; None: their fallback face


@dataclass(frozen=True)
class ChoiceSpec:
    """A reply: its stable key `node/choice`, text, tags, effects, condition and target.

    `text` is the reply's first (or only) wording, which authoring tools show; the session
    draws one of `wordings` each time the reply is offered.
    """

    id: str
    key: str
    node: str
    text: str
    tags: tuple[str, ...]
    effects: tuple[Effect, ...]
    when: Condition | None
    next: str
    feedback: str | None
    variants: tuple[tuple[str, str], ...] = ()  # (variant id, text); empty for a plain reply

    @property
    def wordings(self) -> tuple[tuple[str, str], ...]:
        """(variant id, text) per wording: the variants, or the one text under the reply's key."""
        return self.variants or ((self.key, self.text),)


@dataclass(frozen=True)
class NodeSpec:
    """A moment in the story."""

    id: str
    lines: tuple[LineSpec, ...]
    choices: tuple[ChoiceSpec, ...]

    @property
    def is_decision(self) -> bool:
        """True where the trainee has more than one reply to weigh."""
        return len(self.choices) > 1


@dataclass(frozen=True)
class EndingSpec:
    """An ending: its outcome type, title and closing text."""

    id: str
    outcome: Outcome
    title: str
    text: str


class EffectPlan(NamedTuple):
    """A reply's effects resolved against its scenario, in the order written, meters and variables
    apart (they never touch each other): what `game.engine.rules.apply_effects` runs."""

    meters: tuple[tuple[int, bool, int, int, int], ...]  # (meter index, add (else set), value, min, max)
    variables: tuple[tuple[int, bool, Value], ...]  # (variable index, add (else set), value)


@dataclass(frozen=True)
class Scenario:
    """A loaded, checked, immutable scenario."""

    id: str
    title: str
    summary: str
    difficulty: int
    skills: tuple[str, ...]
    tags: tuple[str, ...]
    minutes: int
    locale: str
    cast: dict[str, Person]
    meters: dict[str, MeterSpec]
    mood_meter: str
    vars: dict[str, Value]
    start: str
    nodes: dict[str, NodeSpec]
    endings: dict[str, EndingSpec]
    max_turns: int
    content_hash: str
    source: str = "<memory>"
    # What reply conditions read, and so what the engine's state must track.
    visit_nodes: frozenset[str] = frozenset()
    uses_chose: bool = False
    uses_turn: bool = False
    # Counts (turn, visits) at or above this cap act alike in every reply condition,
    # so analysis may cap them; None when a condition does arithmetic on a counter.
    counter_cap: int | None = 0
    choices_by_key: dict[str, ChoiceSpec] = field(default_factory=dict)
    loop_nodes: frozenset[str] = frozenset()  # nodes on a cycle of the story graph
    meter_index: dict[str, int] = field(default_factory=dict)
    var_index: dict[str, int] = field(default_factory=dict)

    @property
    def meter_names(self) -> tuple[str, ...]:
        """Meters in declaration order (the order of meter tuples in engine states)."""
        return tuple(self.meters)

    @property
    def var_names(self) -> tuple[str, ...]:
        """Variables in declaration order."""
        return tuple(self.vars)

    @property
    def decision_nodes(self) -> int:
        """How many nodes offer a real choice."""
        return sum(1 for node in self.nodes.values() if node.is_decision)

    def is_ending(self, target: str) -> bool:
        """True if `target` names an ending rather than a node."""
        return target in self.endings

    @cached_property
    def effect_plans(self) -> dict[str, EffectPlan]:
        """Each reply's effects by reply key, resolved once (worked out on first use, then kept)."""
        plans = {}
        for key, choice in self.choices_by_key.items():
            meters = []
            variables = []
            for effect in choice.effects:
                if effect.is_meter:
                    spec = self.meters[effect.target]
                    value = effect.value  # the compiler let only numbers at meters
                    meters.append((self.meter_index[effect.target], effect.op == "add", value, spec.min, spec.max))
                else:
                    variables.append((self.var_index[effect.target], effect.op == "add", effect.value))
            plans[key] = EffectPlan(tuple(meters), tuple(variables))  # type: ignore[arg-type]
        return plans

    @cached_property
    def threshold_checks(self) -> tuple[tuple[int, bool, int, str], ...]:
        """Every meter threshold that ends the scene, in the order checked (meters, then each one's
        thresholds): (meter index, at least (else at most), bound, ending)."""
        return tuple(
            (i, kind == "at_least", bound, ending)
            for i, spec in enumerate(self.meters.values())
            for kind, bound, ending in spec.thresholds
        )
