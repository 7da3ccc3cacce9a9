"""The rules of play as pure functions over a small immutable state.

`CoreState` is everything that decides what happens next: where the story is, the
meters and variables, visit counts and past replies (kept only when a condition can see
them) and the turn number. `available` lists the replies on offer and `advance` applies
one reply: its effects (clamped to each meter's range), then any meter threshold that
ends the scene, else its `next`. The `Session` replays events through these functions and
the analysis searches with them, so play and analysis can never disagree.
"""

from __future__ import annotations

from collections.abc import Mapping, Set as AbstractSet
from typing import NamedTuple

from game.scenario.model import ChoiceSpec, Scenario, Value


class CoreState(NamedTuple):
    """The state that decides the rest of a run (text shown is derived elsewhere)."""

    at: str  # a node id, or an ending id once the scene is over
    meters: tuple[int, ...]
    vars: tuple[Value, ...]
    visits: tuple[tuple[str, int], ...]  # sorted (node, count), only for nodes reply conditions read
    chosen: frozenset[str]  # reply keys; empty unless reply conditions use chose()
    turn: int


class StateEnv:
    """Gives conditions read access to a CoreState (implements ConditionEnv).

    Reply conditions read the state alone. Line conditions may read visits and past
    replies the state does not track; the Session passes its full history for those.
    """

    __slots__ = ("_scenario", "_state", "_meter_index", "_var_index", "_visits", "_chosen")

    def __init__(
        self,
        scenario: Scenario,
        state: CoreState,
        visits: Mapping[str, int] | None = None,
        chosen: AbstractSet[str] | None = None,
    ):
        self._scenario = scenario
        self._state = state
        self._meter_index = scenario.meter_index
        self._var_index = scenario.var_index
        self._visits = visits if visits is not None else dict(state.visits)
        self._chosen = chosen if chosen is not None else state.chosen

    def value(self, name: str) -> Value:
        """A meter's or variable's current value."""
        index = self._meter_index.get(name)
        if index is not None:
            return self._state.meters[index]
        return self._state.vars[self._var_index[name]]

    def visits(self, node_id: str) -> int:
        """How many times the story has entered `node_id`."""
        return self._visits.get(node_id, 0)

    def chose(self, choice_key: str) -> bool:
        """Whether the reply `node/choice` was chosen earlier in this run."""
        return choice_key in self._chosen

    @property
    def turn(self) -> int:
        """Replies made so far."""
        return self._state.turn


def initial_state(scenario: Scenario) -> CoreState:
    """The state as the scene opens, standing at the start node."""
    visits = ((scenario.start, 1),) if scenario.start in scenario.visit_nodes else ()
    return CoreState(
        at=scenario.start,
        meters=tuple(meter.start for meter in scenario.meters.values()),
        vars=tuple(scenario.vars.values()),
        visits=visits,
        chosen=frozenset(),
        turn=0,
    )


def is_over(scenario: Scenario, state: CoreState) -> bool:
    """True once the story has reached an ending."""
    return state.at in scenario.endings


def available(scenario: Scenario, state: CoreState) -> tuple[ChoiceSpec, ...]:
    """The replies on offer now, in authored order (none once the scene is over)."""
    node = scenario.nodes.get(state.at)
    if node is None:
        return ()
    env: StateEnv | None = None
    offered = []
    for choice in node.choices:
        if choice.when is not None:
            env = env or StateEnv(scenario, state)
            if not choice.when.evaluate(env):
                continue
        offered.append(choice)
    return tuple(offered)


def advance(scenario: Scenario, state: CoreState, choice: ChoiceSpec) -> CoreState:
    """Apply one reply: effects, then a threshold ending if one fires, else the reply's next."""
    target, meters, variables = apply_effects(scenario, state.meters, state.vars, choice)
    visits = state.visits
    if target in scenario.visit_nodes:
        counts = dict(visits)
        counts[target] = counts.get(target, 0) + 1
        visits = tuple(sorted(counts.items()))
    chosen = state.chosen | {choice.key} if scenario.uses_chose else state.chosen
    return CoreState(target, meters, variables, visits, chosen, state.turn + 1)


def apply_effects(
    scenario: Scenario, meters: tuple[int, ...], variables: tuple[Value, ...], choice: ChoiceSpec
) -> tuple[str, tuple[int, ...], tuple[Value, ...]]:
    """What one reply does to the meters and variables (clamped to each meter's range), and where
    it leads: a threshold ending if one fires, else its `next`. The result depends on these
    three alone (`advance` builds on it; the analysis works it out once per distinct input).
    `variables` is returned as is, the same object, when the reply changes none."""
    plan = scenario.effect_plans[choice.key]
    changed = list(meters)
    for i, add, value, low, high in plan.meters:
        moved = changed[i] + value if add else value
        changed[i] = low if moved < low else high if moved > high else moved  # clamped
    if plan.variables:
        listed = list(variables)
        for j, add, change in plan.variables:
            listed[j] = listed[j] + change if add else change  # type: ignore[operator]
        variables = tuple(listed)
    target = choice.next
    for i, at_least, bound, ending in scenario.threshold_checks:
        value = changed[i]
        if (value >= bound) if at_least else (value <= bound):
            target = ending
            break
    return target, tuple(changed), variables


def mood(scenario: Scenario, state: CoreState) -> float:
    """The customer's mood from 0.0 (worst) to 1.0 (best), read off the mood meter."""
    index = scenario.meter_index[scenario.mood_meter]
    return scenario.meters[scenario.mood_meter].goodness(state.meters[index])


def meters_dict(scenario: Scenario, state: CoreState) -> dict[str, int]:
    """The meters of a state by name."""
    return dict(zip(scenario.meter_names, state.meters))


def vars_dict(scenario: Scenario, state: CoreState) -> dict[str, Value]:
    """The variables of a state by name."""
    return dict(zip(scenario.var_names, state.vars))


def once_key(scenario: Scenario, choice: ChoiceSpec) -> str | None:
    """The scorer's once-only key for a reply that a loop can offer again, else None."""
    return choice.key if choice.node in scenario.loop_nodes else None
