"""Exact analysis of a scenario: best and worst playthroughs, reachable endings, score range.

The search first finds every distinct state, a state being the rules' `CoreState` plus
the scorer's memory, then values each one for the best and the worst overall score (and,
when a report asks, for every rubric dimension), one strongly connected component at a
time, sinks first. Because
scoring is a state machine too, the best is exact: a reply met again in a loop earns no
new credit, so no loop adds points. The worst is exact only without loops (a loop of
penalties could repeat for ever), and says so. Past `state_limit` states, or at
`max_turns` when a reply condition does arithmetic on a counter, the search stops and
every figure is flagged as an estimate.

The values found here also grade each reply of a run against the best one available
at that moment (`ValueGraph.decisions`, scored by scoring/grading.py): every state knows
the best total still reachable from it, and the points per skill along that best
continuation. With a rubric that does not grade, a ScoreCard's percentages are against
the best playthrough's total and its points in each dimension.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain
from operator import add, gt, itemgetter, lt
from typing import NamedTuple, TypeVar

from game.i18n import N_, _, rubric_text
from game.engine.rules import CoreState, StateEnv, advance, apply_effects, available, initial_state, mood, once_key
from scoring.gcpause import gc_paused
from game.scenario.compile import story_components
from game.scenario.model import ChoiceSpec, Scenario, Value
from scoring.grading import Decision, DecisionGrade, Option
from scoring.scorer import Horizon, Maxima, Points, Scorer, ScoreState

DEFAULT_STATE_LIMIT = 200_000

# (reply key, next state's number, points earned, the same points as objective gains)
Edge = tuple[str, int, Points, tuple[float, ...]]
# What one reply's scoring input does to one score state: (next score state, points, gains).
Move = tuple[int, Points, tuple[float, ...]]
# A core or score state with one part left out (see _state_parts).
CorePart = Callable[[CoreState], object]
ScorePart = Callable[[ScoreState], object]


@dataclass(frozen=True)
class PathResult:
    """One playthrough picked by the analysis: its replies, ending and points."""

    choices: tuple[str, ...]
    ending: str
    points: dict[str, float]
    total: float
    percent: float
    band: str | None

    def to_json(self) -> dict[str, object]:
        """A plain dict for JSON output."""
        return {
            "percent": round(self.percent, 1),
            "band": self.band,
            "raw": round(self.total, 2),
            "choices": list(self.choices),
            "ending": self.ending,
            "dimensions": {name: round(value, 2) for name, value in self.points.items()},
        }


# How a part of the searched states is named (StatePart.label); `visits("x")` and `chose("x")`
# are written as in a condition, the same in every language.
PART_WORDS = {
    "meter": N_("meter {name}"),
    "variable": N_("variable {name}"),
    # Translators: `turn` is the condition word for the number of replies made so far.
    "turn": N_("turn"),
    "pattern": N_("pattern {name} ({title})"),
    "credited": N_("replies already credited (in loops)"),
}
# A whole family of parts, measured together.
FAMILY_WORDS = {
    "variables": N_("all the variables together"),
    "visits": N_("all the visits() counts together"),
    "chose": N_("all the replies remembered for chose() together"),
    "scorer": N_("all the scorer's memory together (patterns and credit)"),
}


@dataclass(frozen=True)
class StatePart:
    """One part of the searched states and what it costs the search.

    `values` is how many values the part takes across the states searched; `factor` is how
    many times more states there are than if the part were not told apart (1.0: it costs
    nothing). Parts interact, so the factors of several parts do not multiply to the total.
    """

    kind: str  # meter, variable, visits, chose, turn, pattern (the scorer's memory of one), credited, all (a family)
    name: str  # the meter, variable, node, reply key or pattern; empty for turn and credited
    values: int
    factor: float
    title: str = ""  # a pattern's title

    @property
    def label(self) -> str:
        """How an author would name the part, in the active locale (a pattern by its rubric title, translated)."""
        if self.kind in ("visits", "chose"):
            return f'{self.kind}("{self.name}")'  # written as in a condition: a code in every language
        if self.kind == "pattern":
            template = PART_WORDS["pattern"]  # not `_(PART_WORDS["pattern"])`: Babel before 2.13 extracts the key as a message
            return _(template).format(name=self.name, title=rubric_text(self.title))
        if self.kind == "all":
            words = FAMILY_WORDS.get(self.name)
            return _(words) if words is not None else self.name
        words = PART_WORDS.get(self.kind)
        return _(words).format(name=self.name) if words is not None else self.kind

    def to_json(self) -> dict[str, object]:
        """A plain dict for JSON output."""
        return {"part": self.label, "kind": self.kind, "name": self.name, "values": self.values, "factor": round(self.factor, 2)}


@dataclass(frozen=True)
class Analysis:
    """What the search found about one scenario under one rubric."""

    scenario_id: str
    nodes: int
    decision_nodes: int
    states: int
    exact: bool
    worst_exact: bool
    maxima: Maxima  # the targets a ScoreCard is judged against: the best playthrough's points
    dimension_maxima: Mapping[str, float]  # the most any playthrough earns in each dimension, worked out on first request
    best_by_dimension: Mapping[str, PathResult]  # worked out on first request
    worst_by_dimension: Mapping[str, PathResult]
    reachable_nodes: frozenset[str]
    reachable_choices: frozenset[str]
    reachable_endings: frozenset[str]
    silent_nodes: frozenset[str]  # reached in a state where none of their lines is said
    endings: dict[str, str] = field(default_factory=dict)  # id -> outcome
    node_ids: tuple[str, ...] = ()
    choice_keys: tuple[str, ...] = ()
    graph: ValueGraph | None = field(default=None, repr=False, compare=False)
    # The best and the worst playthrough, each graded as a run would be on first request: lint
    # and reports read them; play, grading and the bots never do (they read `graph` and `maxima`).
    playthroughs: _Playthroughs | None = field(default=None, repr=False, compare=False)

    @property
    def best(self) -> PathResult:
        """The best playthrough: the model answer a run is graded against."""
        assert self.playthroughs is not None  # analyze always sets it
        return self.playthroughs.result(0)

    @property
    def worst(self) -> PathResult:
        """The worst playthrough (on a loop, the worst that does not go round it: see worst_exact)."""
        assert self.playthroughs is not None
        return self.playthroughs.result(self.playthroughs.worst)

    def to_json(self) -> dict[str, object]:
        """The `dojo analyze --json` contract."""
        return {
            "scenario": self.scenario_id,
            "nodes": self.nodes,
            "decision_nodes": self.decision_nodes,
            "states": self.states,
            "exact": self.exact,
            "worst_exact": self.worst_exact,
            "endings": {
                ending_id: {"outcome": outcome, "reachable": ending_id in self.reachable_endings}
                for ending_id, outcome in self.endings.items()
            },
            "best": self.best.to_json(),
            "worst": self.worst.to_json(),
            "range": {"min_percent": round(self.worst.percent, 1), "max_percent": round(self.best.percent, 1)},
            "targets": {name: round(value, 2) for name, value in self.maxima.dimensions.items()},
            "maxima": {name: round(value, 2) for name, value in self.dimension_maxima.items()},
            "dimensions": {
                name: {
                    "best": self.best_by_dimension[name].to_json(),
                    "worst": self.worst_by_dimension[name].to_json(),
                }
                for name in self.best_by_dimension
            },
            "unreachable_nodes": sorted(set(self.node_ids) - self.reachable_nodes),
            "unchosen_choices": sorted(set(self.choice_keys) - self.reachable_choices),
            "state_parts": [part.to_json() for part in self.state_parts()],
        }

    def state_parts(self) -> list[StatePart]:
        """What the searched states are made of, the dearest part first (see StatePart)."""
        return [] if self.graph is None else self.graph.state_parts()


class ValueGraph:
    """Every searched state's worth: the best total still reachable, and per skill the points
    along that best continuation; with the edges, what each reply on offer is worth.

    It reads the search's own tables (no copy is made): states are numbers, the start is 0.
    """

    def __init__(self, search: _Search):
        self._search = search

    def state_parts(self) -> list[StatePart]:
        """What the searched states are made of, the dearest part first (see StatePart); worked out on request."""
        return _state_parts(self._search)

    def states(self) -> Iterator[tuple[CoreState, ScoreState]]:
        """Each searched state, by number, as the search holds it: only what can still change
        the rest of a run (a run in that state may carry more). For tests and reports."""
        search = self._search
        for c, s in zip(search.state_core, search.state_score):
            yield search.cores[c], search.scores[s]

    def successors(self) -> list[list[int]]:
        """The searched state graph as plain lists: state i's children (by number), the start being
        state 0; for benchmarks and reports."""
        search = self._search
        return [search.children(state) for state in range(len(search.state_core))]

    def options(self, core: CoreState, score: ScoreState) -> tuple[Option, ...] | None:
        """What each reply on offer in this state is worth; None if the search never valued it."""
        state = self._search.state_of(core, score)
        return None if state is None else self.options_at(state)

    def options_at(self, state: int) -> tuple[Option, ...] | None:
        """What each reply on offer in a state (by number) is worth; None at an ending."""
        search = self._search
        edges = search.edges(state)
        if edges is None:
            return None
        value, along = search.value, search.along
        options = []
        for choice_key, child, points, gains in edges:
            future = value[child]
            further = along[child]
            if future is None or further is None:
                continue  # no ending reachable from there within the limits: not valued
            options.append(_new_tuple(Option, (choice_key, gains[0] + future[0], tuple(map(add, points, further)))))
        return tuple(options)

    def decisions(self, scenario: Scenario, scorer: Scorer, choice_keys: Iterable[str]) -> list[Decision | None]:
        """One entry per reply of a run: the replies on offer and the one chosen, or None
        where only one reply was on offer or the moment was not valued."""
        core, score = initial_state(scenario), scorer.initial_state()
        found: list[Decision | None] = []
        for choice_key in choice_keys:
            choice = scenario.choices_by_key[choice_key]
            options = self.options(core, score)
            offered = options is not None and len(options) >= 2 and any(o.key == choice_key for o in options)
            found.append(Decision(options, choice_key) if offered and options is not None else None)
            core = advance(scenario, core, choice)
            score, __ = scorer.step(score, choice.tags, once_key(scenario, choice))
        return found


# AnalysisError's messages (game/engine/lint.py marks the same words for its DOJO203 and DOJO404).
NO_ENDING = N_("scenario '{scenario}': no playthrough can reach an ending")
STOPPED_AT_TURNS = N_(
    "scenario '{scenario}': the search stopped at max_turns ({turns} replies), which a reply condition doing "
    "arithmetic on turn or visits() needs before finding a playthrough that reaches an ending"
)
STOPPED_AT_LIMIT = N_(
    "scenario '{scenario}': the search stopped at its limit of {limit} states before finding a playthrough that reaches an ending"
)


class AnalysisError(Exception):
    """The search found no playthrough that reaches an ending within the limits.

    `estimate` is True when the search stopped at a limit, so an ending may exist
    beyond it; False when the whole state graph was searched and none is reachable.
    """

    def __init__(self, template: str, estimate: bool, **values: object):
        super().__init__(template.format(**values))  # the English, as logs and `args` keep it
        self.template = template
        self.values = values
        self.estimate = estimate

    def __str__(self) -> str:
        """The message in the active locale."""
        return _(self.template).format(**self.values)


# What the search knows of a core state (the rules' part of a state) once it has met one.
_UNSEEN, _NODE, _ENDING, _CUT = 0, 1, 2, 3
_SHIFT = 32  # a state's number in `_Search.index` is its core's number << _SHIFT | its score's number
_new_tuple = tuple.__new__  # makes a NamedTuple from a tuple of its fields, in C
_NO_CHOICES: frozenset[str] = frozenset()
_NO_WAY = float("-inf")  # a negated minimum where no run that avoids loops reaches an ending


class _Table:
    """Per state, its values for a set of objectives: `count` maxima, then the same minima negated
    (see _Search); and on a loop of the state graph the edge chosen per objective."""

    def __init__(self, count: int, value: list[tuple[float, ...] | None]):
        self.count = count
        self.value = value
        # States on a loop of the state graph: the edge chosen per objective (maxima, then
        # minima). Elsewhere the chosen edge is the first that achieves the value.
        self.pointers: dict[int, list[int]] = {}
        # Per points object, its objectives' gains; None where an edge's own gains (its totals) are these.
        self.gains: dict[int, tuple[float, ...]] | None = None


class _Search:
    """Explore the state graph, then solve every objective on it.

    Objectives are the overall total and each dimension (K in all), each maximised and
    minimised. A state's value for an objective is the best sum of points from it to an
    ending. A state's values are one tuple of 2K: the K maxima, then the K minima negated
    (-inf where no run avoiding loops reaches an ending), so that valuing a state is one
    element-wise sum and one element-wise max per edge; None where no ending is reachable.
    Objective o is the o-th of those 2K (0 the best total, K the worst).

    The search values every state for the best and the worst total alone (`table`, K = 1:
    what play, grading and lint read, and the points along each best continuation); every
    objective is valued on first request (`full`), in a second pass over the same graph.

    The rules' part of a state (`CoreState`) and the scorer's (`ScoreState`) are each
    numbered, and what a reply does to each is worked out once per core and once per score
    state, not once per state: a state is a pair of numbers, and most of the search is
    looking those pairs up. States are numbered in the order found (the start is 0) and
    kept in flat lists; so are edges: state i's edges are its core's moves, in order, and
    `child[first[i] + k]` is where move k leads (-1 where the state limit left it out).
    Few objects are made per state, which also keeps the garbage collector's first pass
    after the search short.
    """

    def __init__(self, scenario: Scenario, scorer: Scorer, state_limit: int, forget: bool = True):
        self.scenario = scenario
        self.scorer = scorer
        self.state_limit = state_limit
        self.forget = forget
        self.count = 1 + len(scorer.dimension_names)
        # The turn number only matters when a reply condition reads it; otherwise it is
        # left out, so a loop that returns to the same situation returns to the same
        # state. Counters compared only with numbers are capped (see counter_cap), which
        # keeps the state graph finite; the rest need the max_turns depth limit.
        self.keep_turn = scenario.uses_turn
        self.cap = scenario.counter_cap
        self.depth_limited = self.cap is None and (scenario.uses_turn or bool(scenario.visit_nodes))
        self.exact = True
        self.worst_exact = True
        self.cut_by_turns = False  # why the search was not exact: max_turns, else the state limit
        self.nodes: set[str] = set()
        self.choices: set[str] = set()
        self.endings: set[str] = set()
        # Nodes whose every line has a condition that reads only meters and variables
        # (those the state holds exactly): the search can tell if one is ever silent.
        self.maybe_silent = {
            node.id
            for node in scenario.nodes.values()
            if all(
                line.when is not None and not (line.when.nodes or line.when.choices or line.when.uses_turn)
                for line in node.lines
            )
        }
        self.silent: set[str] = set()
        # What each node's future can still read or show (see _Future): what a state there
        # must remember, and what it may forget.
        self.future = _futures(scenario, self.maybe_silent) if forget else {}
        self.horizons: list[Horizon | None] = [None]  # None: forget nothing
        horizon_at: dict[str, int] = {}
        if forget:
            numbers: dict[tuple[frozenset[str], frozenset[str]], int] = {}
            for node_id, future in self.future.items():
                shown = (future.tags, future.once_keys)
                if shown not in numbers:
                    numbers[shown] = len(self.horizons)
                    self.horizons.append(scorer.horizon(*shown))
                horizon_at[node_id] = numbers[shown]
            self.ended = len(self.horizons)  # the horizon of an ending: nothing more happens
            self.horizons.append(scorer.horizon((), ()))
            self.horizon_at = {**horizon_at, **dict.fromkeys(scenario.endings, self.ended)}
        else:
            self.ended = 0
            self.horizon_at = dict.fromkeys([*scenario.nodes, *scenario.endings], 0)
        # What the scorer sees of a reply, and where it leads: each distinct (tags, once-key)
        # with the horizon of its next node, or of an ending (a meter threshold), numbered.
        self.input_of: dict[str, dict[int, int]] = {}
        inputs: dict[tuple[tuple[str, ...], str | None, int], int] = {}
        for choice_key, choice in scenario.choices_by_key.items():
            seen = (choice.tags, once_key(scenario, choice))
            by_horizon = self.input_of[choice_key] = {}
            for horizon in (self.horizon_at[choice.next], self.ended):
                if horizon not in by_horizon:
                    by_horizon[horizon] = inputs.setdefault((*seen, horizon), len(inputs))
        self.inputs = list(inputs)
        # What `successor` works out once: per target (a node or an ending), what a state there
        # keeps of the turn and visits (see _Target); per reply and the meters and variables it
        # meets, where it leads and the meters and variables kept there; per visit counts and
        # target, the counts kept there.
        self.targets = {target: self._target(target) for target in [*scenario.nodes, *scenario.endings]}
        # Two core states at one node differ in their meters and variables unless the state also
        # keeps visit counts, replies chosen or the turn: only then is a move met twice.
        self.shared_moves = bool(scenario.visit_nodes) or scenario.uses_chose or self.keep_turn
        self._moves: dict[tuple[tuple[int, ...], tuple[Value, ...]], dict[str, tuple[str, tuple[int, ...], tuple[Value, ...], _Target, int]]] = {}
        self._visits: dict[tuple[tuple[tuple[str, int], ...], str], tuple[tuple[str, int], ...]] = {}
        # Core states by number: what each is (_NODE, _ENDING, _CUT), its replies' keys, where
        # each leads (the next core state) and the scorer's input for it, and for an ending its
        # objective values. Keys and inputs are tuples shared by the core states that have the same.
        self.core_ids: dict[CoreState, int] = {}
        self.cores: list[CoreState] = []
        self.core_kind: list[int] = []
        # (Empty tuples, shared, until a core state is met at a node: most core states of the
        # full state are endings, which have no replies.)
        self.core_keys: list[tuple[str, ...]] = []
        self.core_moves: list[tuple[int, ...]] = []
        self.core_inputs: list[tuple[int, ...]] = []
        self._shared: dict[tuple[object, ...], tuple[object, ...]] = {}  # see _meet
        self._offers: dict[str, tuple[tuple[ChoiceSpec, ...], tuple[str, ...]]] = {}  # see _offer
        self._offered: dict[tuple[object, ...], tuple[tuple[ChoiceSpec, ...], tuple[str, ...]]] = {}
        self._readers: dict[str, _Reads] = {}
        # Per node in maybe_silent, what its lines' conditions read; per node and values read, silent or not.
        self._line_reads: dict[str, tuple[Callable[[tuple[Value, ...]], object], Callable[[tuple[Value, ...]], object]]] = {}
        self._silences: dict[tuple[str, object, object], bool] = {}
        self.core_finish: dict[int, tuple[Points, tuple[float, float]]] = {}
        self.finishes: dict[tuple[str, int], tuple[Points, tuple[float, float]]] = {}  # (ending, mood meter) -> see _finish
        self.mood_index = scenario.meter_index[scenario.mood_meter]
        self._ends: dict[tuple[str, int], CoreState] = {}  # (ending, mood meter) -> see _ending
        # Score states by number, and per score state and input: (next score, points, gains).
        self.score_ids: dict[ScoreState, int] = {}
        self.scores: list[ScoreState] = []
        self.score_moves: list[list[Move | None]] = []
        self._narrowed: dict[tuple[ScoreState, int], ScoreState] = {}  # see _step
        # Points met, each as one shared object with its totals (see _points).
        self.gains: dict[Points, tuple[Points, tuple[float, float]]] = {}
        # States by number: their parts, and their edges (see the class's docstring).
        self.index: dict[int, int] = {}  # core << _SHIFT | score -> state
        self.state_core: list[int] = []
        self.state_score: list[int] = []
        self.first: list[int] = []  # -1 for an ending
        self.child: list[int] = []
        self.expanded: list[int] = []  # states given edges, in the order searched
        self.terminal: list[int] = []  # states at an ending
        # Values, filled by solve(): per state the best and the worst total (`table`, whose `value`
        # is this), and the points per dimension along the best continuation (for the total).
        self.table = _Table(1, [])
        self.value: list[tuple[float, ...] | None] = self.table.value
        self.along: list[Points | None] = []
        self._alongs: dict[tuple[int, int], tuple[Points, Points, Points]] = {}  # see _value
        self._order: list[tuple[bool, list[int]]] | None = None  # see _schedule
        self._full: _Table | None = None  # every objective, on request (see full)

    def _silent(self, core: CoreState) -> bool:
        """Whether no line of a node in `maybe_silent` is said in a core state there; worked out once
        per node and the meters and variables its lines' conditions read (all they can read)."""
        at = core.at
        pickers = self._line_reads.get(at)
        if pickers is None:
            conditions = [line.when for line in self.scenario.nodes[at].lines if line.when is not None]
            pickers = self._line_reads[at] = self._pickers(frozenset().union(*(condition.names for condition in conditions)))
        seen = (at, pickers[0](core.meters), pickers[1](core.vars))
        found = self._silences.get(seen)
        if found is None:
            env = StateEnv(self.scenario, core)
            found = self._silences[seen] = not any(line.when.evaluate(env) for line in self.scenario.nodes[at].lines)  # type: ignore[union-attr]
        return found

    def _pickers(self, names: frozenset[str]) -> tuple[Callable[[tuple[Value, ...]], object], Callable[[tuple[Value, ...]], object]]:
        """Functions picking, from a core state's meters and from its variables, those named (see _picker)."""
        scenario = self.scenario
        meters = sorted(scenario.meter_index[name] for name in names if name in scenario.meter_index)
        variables = sorted(scenario.var_index[name] for name in names if name in scenario.var_index)
        return _picker(meters), _picker(variables)

    def normal(self, core: CoreState) -> CoreState:
        """The part of a core state that can still change the rest of a run, and nothing else."""
        at, turn, visits = core.at, core.turn, core.visits
        if self.forget and at in self.scenario.endings:
            return self._ended(core)
        if self.cap is not None:
            cap = self.cap
            turn = min(turn, cap) if self.keep_turn else 0
            if visits and any(count > cap for __, count in visits):
                visits = tuple((node, min(count, cap)) for node, count in visits)
        elif not self.keep_turn:
            turn = 0
        future = self.future.get(at)
        if future is None:
            return core if turn == core.turn and visits is core.visits else CoreState(at, core.meters, core.vars, visits, core.chosen, turn)
        # What no reply condition (nor a line whose silence the search checks) can read
        # from here on is set back to where it started, or dropped.
        meters, variables, chosen = core.meters, core.vars, core.chosen
        if future.meter_starts:
            meters = tuple(value if start is None else start for value, start in zip(meters, future.meter_starts))
        if future.var_starts:
            variables = tuple(value if start is None else start for value, start in zip(variables, future.var_starts))
        if visits:
            visits = tuple(pair for pair in visits if pair[0] in future.visit_nodes)
        if chosen:
            chosen = chosen & future.chose_keys
        # The turn also decides where a depth-limited search stops, so it is kept there.
        if self.cap is not None and not future.turn:
            turn = 0
        return CoreState(at, meters, variables, visits, chosen, turn)

    def _target(self, at: str) -> _Target:
        """What a state arriving at `at` (a node or an ending) keeps, as `normal` decides it."""
        ended = self.forget and at in self.scenario.endings
        future = None if ended else self.future.get(at)
        if ended:
            turn = -1
        elif self.cap is not None:
            turn = -1 if not self.keep_turn or (future is not None and not future.turn) else self.cap
        else:
            turn = _NO_CAP if self.keep_turn else -1
        return _Target(ended, future, turn)

    def successor(self, core: CoreState, choice: ChoiceSpec) -> tuple[CoreState, int]:
        """`normal(advance(scenario, core, choice))`, and the scorer's input for the move (see input_of)."""
        return self._successors(core, (choice,))[0]

    def _successors(self, core: CoreState, offered: Iterable[ChoiceSpec]) -> list[tuple[CoreState, int]]:
        """`successor` of each reply offered in one core state.

        Where core states hold more than a node, meters and variables (see shared_moves), a
        reply's effects and its target are worked out once per distinct meters and variables
        (`apply_effects`, the rules' own), with what the target keeps of them; likewise the visit
        counts per distinct counts and target. So the new state is the only object made. (One
        core state's replies are done together: what they share is looked up once.) Elsewhere no
        two core states meet the same move, so nothing is kept.
        """
        meters, variables, visits, chosen, turn = core.meters, core.vars, core.visits, core.chosen, core.turn + 1
        found = []
        if not self.shared_moves:
            # Core states are told apart by node, meters and variables alone (see shared_moves):
            # each move is met once, and the visits and replies chosen (none) and the turn (0) stay.
            move = self._move
            for choice in offered:
                at, kept_meters, kept_vars, __, number = move(choice, meters, variables)
                found.append((_new_tuple(CoreState, (at, kept_meters, kept_vars, visits, chosen, 0)), number))
            return found
        moves = self._moves.get((meters, variables))
        if moves is None:
            moves = self._moves[meters, variables] = {}
        visit_nodes = self.scenario.visit_nodes
        uses_chose = self.scenario.uses_chose
        for choice in offered:
            key = choice.key
            known = moves.get(key)
            if known is None:
                known = moves[key] = self._move(choice, meters, variables)
            at, kept_meters, kept_vars, target, number = known
            kept_visits = visits
            if visits or at in visit_nodes:
                pair = (visits, at)
                kept_visits = self._visits.get(pair)  # type: ignore[assignment]
                if kept_visits is None:
                    kept_visits = self._visits[pair] = self._kept_visits(visits, at, target)
            kept_chosen = chosen
            if uses_chose and key not in chosen:
                kept_chosen = chosen | {key}
            if target.ended:
                kept_chosen = _NO_CHOICES
            elif target.future is not None and kept_chosen:
                kept_chosen = kept_chosen & target.future.chose_keys
            cap = target.turn
            state = (at, kept_meters, kept_vars, kept_visits, kept_chosen, 0 if cap < 0 else turn if turn < cap else cap)
            found.append((_new_tuple(CoreState, state), number))  # CoreState(...), without its __new__
        return found

    def _move(
        self, choice: ChoiceSpec, meters: tuple[int, ...], variables: tuple[Value, ...]
    ) -> tuple[str, tuple[int, ...], tuple[Value, ...], _Target, int]:
        """A reply's target, the meters and variables kept there, its _Target and the scorer's input."""
        at, meters, variables = apply_effects(self.scenario, meters, variables, choice)
        target = self.targets[at]
        if target.ended:
            kept = self._ending(at, meters[self.mood_index])
            meters, variables = kept.meters, kept.vars
        elif target.future is not None:
            future = target.future
            if future.meter_starts:
                meters = tuple(value if start is None else start for value, start in zip(meters, future.meter_starts))
            if future.var_starts:
                variables = tuple(value if start is None else start for value, start in zip(variables, future.var_starts))
        return at, meters, variables, target, self.input_of[choice.key][self.horizon_at[at]]

    def _kept_visits(self, visits: tuple[tuple[str, int], ...], at: str, target: _Target) -> tuple[tuple[str, int], ...]:
        """The visit counts after entering `at`, as a state there keeps them (see `normal`)."""
        if at in self.scenario.visit_nodes:
            counts = dict(visits)
            counts[at] = counts.get(at, 0) + 1
            visits = tuple(sorted(counts.items()))
        if target.ended:
            return ()
        cap = self.cap
        if cap is not None and visits and any(count > cap for __, count in visits):
            visits = tuple((node, min(count, cap)) for node, count in visits)
        if target.future is not None and visits:
            visits = tuple(pair for pair in visits if pair[0] in target.future.visit_nodes)
        return visits

    def _ended(self, core: CoreState) -> CoreState:
        """A state at an ending, as the rest of a run sees it: the ending and the final mood."""
        return self._ending(core.at, core.meters[self.mood_index])

    def _ending(self, at: str, mood_value: int) -> CoreState:
        """The state at ending `at` with the mood meter at `mood_value`, and every other meter and
        variable at its start: one object per such pair, made once."""
        key = (at, mood_value)
        found = self._ends.get(key)
        if found is None:
            scenario = self.scenario
            meters = tuple(
                mood_value if i == self.mood_index else meter.start for i, meter in enumerate(scenario.meters.values())
            )
            found = self._ends[key] = CoreState(at, meters, tuple(scenario.vars.values()), (), _NO_CHOICES, 0)
        return found

    def narrow(self, score: ScoreState, at: str) -> ScoreState:
        """The part of a score state that can still change the rest of a run from `at`."""
        horizon = self.horizons[self.horizon_at[at]]
        return score if horizon is None else self.scorer.narrow(score, horizon)

    def state_of(self, core: CoreState, score: ScoreState) -> int | None:
        """The number of the state a run is in, or None if the search did not reach it."""
        c = self.core_ids.get(self.normal(core))
        s = self.score_ids.get(self.narrow(score, core.at))
        if c is None or s is None:
            return None
        return self.index.get(c << _SHIFT | s)

    def edges(self, state: int) -> list[Edge] | None:
        """A state's edges as (reply key, next state, points, gains); None for an ending."""
        start = self.first[state]
        if start < 0:
            return None
        c = self.state_core[state]
        row = self.score_moves[self.state_score[state]]
        found: list[Edge] = []
        for k, (key, number) in enumerate(zip(self.core_keys[c], self.core_inputs[c])):
            child = self.child[start + k]
            if child >= 0:
                __, points, gains = row[number]  # type: ignore[misc]  # every move made was worked out
                found.append((key, child, points, gains))
        return found

    def objectives(self, points: Points) -> tuple[float, ...]:
        """Points as the values of every objective (see the class's docstring): the weighted total,
        then each dimension; then the same negated, for the minima."""
        values = (self.scorer.total(points), *points)
        return (*values, *(-value for value in values))

    def totals(self, points: Points) -> tuple[float, float]:
        """Points as the values of the search's own two objectives: the weighted total, and the same
        negated (the best and the worst playthrough; see solve)."""
        total = self.scorer.total(points)
        return (total, -total)

    def _core(self, core: CoreState) -> int:
        """The number of a (normal) core state, numbering it if new."""
        number = self.core_ids.get(core)
        return self._new_core(core) if number is None else number

    def _new_core(self, core: CoreState) -> int:
        """Number a new (normal) core state. One at an ending is met at once (valued: see _finish);
        the others when the search first reaches them (see _meet)."""
        number = self.core_ids[core] = len(self.cores)
        self.cores.append(core)
        self.core_keys.append(())
        self.core_moves.append(())
        self.core_inputs.append(())
        if core.at in self.scenario.endings:
            self.core_kind.append(_ENDING)
            self.core_finish[number] = self._finish(core)
        else:
            self.core_kind.append(_UNSEEN)
        return number

    def _score(self, score: ScoreState) -> int:
        """The number of a score state, numbering it if new."""
        number = self.score_ids.get(score)
        if number is None:
            number = self.score_ids[score] = len(self.scores)
            self.scores.append(score)
            self.score_moves.append([None] * len(self.inputs))
        return number

    def _meet(self, c: int) -> int:
        """Work out, once, what a core state not at an ending is: cut at max_turns, or a node with replies."""
        scenario, core = self.scenario, self.cores[c]
        if self.depth_limited and core.turn >= scenario.max_turns:
            kind = _CUT
        else:
            self.nodes.add(core.at)
            if core.at in self.maybe_silent and core.at not in self.silent and self._silent(core):
                self.silent.add(core.at)
            offered, keys = self._offer(core)
            moves: list[int] = []
            inputs: list[int] = []
            core_ids, cores, finish = self.core_ids, self.cores, self._finish
            # (What _new_core does, for the many new core states a node meets.)
            core_kind, core_keys, core_moves, core_inputs, core_finish = (
                self.core_kind, self.core_keys, self.core_moves, self.core_inputs, self.core_finish
            )
            endings, finishes, mood_index = scenario.endings, self.finishes, self.mood_index
            for after, number in self._successors(core, offered):
                known = core_ids.get(after)
                if known is None:
                    known = core_ids[after] = len(cores)
                    cores.append(after)
                    core_keys.append(())
                    core_moves.append(())
                    core_inputs.append(())
                    if after.at in endings:
                        core_kind.append(_ENDING)
                        # (_finish's own look-up first: most ending core states share one.)
                        core_finish[known] = finishes.get((after.at, after.meters[mood_index])) or finish(after)
                    else:
                        core_kind.append(_UNSEEN)
                moves.append(known)
                inputs.append(number)
            shared = self._shared
            self.core_keys[c] = keys
            self.core_moves[c] = tuple(moves)
            found = tuple(inputs)
            self.core_inputs[c] = shared.setdefault(found, found)  # type: ignore[assignment]  # the same tuple
            kind = _NODE
        self.core_kind[c] = kind
        return kind

    def _offer(self, core: CoreState) -> tuple[tuple[ChoiceSpec, ...], tuple[str, ...]]:
        """The replies on offer in a core state (`available`) and their keys, as tuples shared by the
        core states offered the same replies; worked out once per node whose replies have no
        condition. Where core states hold more than a node, meters and variables (see
        shared_moves), many at one node share what its reply conditions read: the offer is worked
        out once per node and those values (see _reads). Elsewhere once per core state."""
        at = core.at
        plain = self._offers.get(at)
        if plain is not None:
            return plain
        if not self.shared_moves:
            return self._offer_now(core)
        reads = self._readers.get(at)
        if reads is None:
            reads = self._readers[at] = self._reads(at)
        read_meters, read_vars, nodes, keys_read, uses_turn = reads
        visits, chosen = core.visits, core.chosen
        seen = (
            at,
            read_meters(core.meters),
            read_vars(core.vars),
            tuple(pair for pair in visits if pair[0] in nodes) if visits and nodes else (),
            chosen & keys_read if chosen else chosen,
            core.turn if uses_turn else 0,
        )
        found = self._offered.get(seen)
        if found is None:
            found = self._offered[seen] = self._offer_now(core)
        return found

    def _offer_now(self, core: CoreState) -> tuple[tuple[ChoiceSpec, ...], tuple[str, ...]]:
        """`available` and the keys, as tuples shared by the core states offered the same replies
        (and kept per node whose replies have no condition: see _offer)."""
        offered = available(self.scenario, core)
        keys = tuple(choice.key for choice in offered)
        found = self._shared.setdefault(keys, (offered, keys))
        if all(choice.when is None for choice in self.scenario.nodes[core.at].choices):
            self._offers[core.at] = found  # type: ignore[assignment]
        return found  # type: ignore[return-value]

    def _reads(self, at: str) -> _Reads:
        """What the reply conditions at one node read of a core state (see _offer)."""
        conditions = [choice.when for choice in self.scenario.nodes[at].choices if choice.when is not None]
        return (
            *self._pickers(frozenset().union(*(condition.names for condition in conditions))),
            frozenset().union(*(condition.nodes for condition in conditions)),
            frozenset().union(*(condition.choices for condition in conditions)),
            any(condition.uses_turn for condition in conditions),
        )

    def _finish(self, core: CoreState) -> tuple[Points, tuple[float, float]]:
        """What an ending core state's ending and final mood earn: the points, and their totals.

        They depend on the ending and the mood meter alone, so each such pair is worked out
        once and shared by every core state that has it (in the full state, many core states
        reach the same ending with the same mood).
        """
        at = core.at
        key = (at, core.meters[self.mood_index])
        found = self.finishes.get(key)
        if found is None:
            outcome = self.scenario.endings[at].outcome.value
            found = self.finishes[key] = self._points(self.scorer.finish_points(outcome, mood(self.scenario, core)))
        return found

    def _points(self, points: Points) -> tuple[Points, tuple[float, float]]:
        """Points as one shared object, with their totals (see totals): equal points are one pair."""
        found = self.gains.get(points)
        if found is None:
            found = self.gains[points] = (points, self.totals(points))
        return found

    def _step(self, s: int, number: int) -> Move:
        """What one input does to one score state: (next score state, points, gains)."""
        tags, key, horizon = self.inputs[number]
        score, points = self.scorer.advance(self.scores[s], tags, key)
        forget = self.horizons[horizon]
        if forget is not None:
            # Many steps meet the same score state and horizon: each is narrowed once.
            narrowed = self._narrowed.get((score, horizon))
            if narrowed is None:
                narrowed = self._narrowed[score, horizon] = self.scorer.narrow(score, forget)
            score = narrowed
        # (_score's and _points' look-ups first: most steps meet a known score state and points.)
        after = self.score_ids.get(score)
        if after is None:
            after = self._score(score)
        known = self.gains.get(points) or self._points(points)
        move = self.score_moves[s][number] = (after, *known)
        return move

    # Phase 1: every reachable state and its edges -----------------------------------

    def explore(self) -> int:
        """Find every reachable state and its edges (phase 1); returns the start's number (0)."""
        root_core = self._core(self.normal(initial_state(self.scenario)))
        root_score = self._score(self.narrow(self.scorer.initial_state(), self.scenario.start))
        index, state_core, state_score, first, child_of = self.index, self.state_core, self.state_score, self.first, self.child
        index[root_core << _SHIFT | root_score] = 0
        state_core.append(root_core)
        state_score.append(root_score)
        first.append(-1)
        core_kind, core_moves, core_inputs, score_moves = self.core_kind, self.core_moves, self.core_inputs, self.score_moves
        expanded, terminal = self.expanded, self.terminal
        step, meet = self._step, self._meet
        limit = self.state_limit
        pending = [0]
        while pending:
            state = pending.pop()
            c = state_core[state]
            kind = core_kind[c] or meet(c)
            if kind != _NODE:
                if kind == _ENDING:
                    terminal.append(state)
                    continue
                self.exact = False  # counters in arithmetic: longer runs are not searched
                self.cut_by_turns = True
            expanded.append(state)
            first[state] = len(child_of)
            s = state_score[state]
            row = score_moves[s]
            for next_core, number in zip(core_moves[c], core_inputs[c]):
                move = row[number] or step(s, number)
                packed = next_core << _SHIFT | move[0]
                child = index.get(packed)
                if child is None:
                    child = len(state_core)
                    if child >= limit:
                        self.exact = False  # unexplored: this edge is left out
                        child_of.append(-1)
                        continue
                    index[packed] = child
                    state_core.append(next_core)
                    state_score.append(move[0])
                    first.append(-1)
                    # A state at an ending has no edges: it is not searched further. (The
                    # order states are numbered in is the same: it comes from the rest.)
                    (terminal if core_kind[next_core] == _ENDING else pending).append(child)
                child_of.append(child)
        # The successor memos only speed up the search: dropped now, their objects are freed
        # before the garbage collector's next pass, which would otherwise walk every one.
        self._moves.clear()
        self._visits.clear()
        self._narrowed.clear()
        self.choices.update(chain.from_iterable(self.core_keys))
        # The endings reached: those of the states searched (a core state at an ending is valued
        # when numbered, but a state with it may have been left out at the state limit).
        cores = self.cores
        self.endings.update(cores[c].at for c in set(map(state_core.__getitem__, terminal)))
        return 0

    # Phase 2: values, one strongly connected component at a time, sinks first ------

    def solve(self) -> None:
        """Value every state for the search's own objectives, the best and the worst total: endings
        first, then components sinks first (phase 2). The rest are valued on request (see full)."""
        size = len(self.state_core)
        nothing: list[tuple[float, ...] | None] = [None]
        table = self.table = _Table(1, nothing * size)
        self.value = value = table.value
        self.along = along = nothing * size
        state_core, core_finish = self.state_core, self.core_finish
        for state in self.terminal:
            # Core states at the same ending with the same mood share one pair (see _finish).
            along[state], value[state] = core_finish[state_core[state]]
        for on_loop, states in self._schedule():
            if on_loop:
                self._solve_loop(states, table)
            else:
                self._value(states)
        self._alongs.clear()  # it only speeds up valuing

    def _schedule(self) -> list[tuple[bool, list[int]]]:
        """The order states are valued in, children before parents: runs of states off any loop, and
        the loops of the state graph (strongly connected components), each flagged as one."""
        schedule = self._order
        if schedule is not None:
            return schedule
        state_core = self.state_core
        if not self.scenario.loop_nodes:
            # No loop in the story, so none in the state graph: a state's children lie
            # further down the story, and valuing states node by node from the last
            # node to the first values every child before its parents.
            place = {node: i for i, node in enumerate(_story_order(self.scenario))}
            rank = [place.get(core.at, 0) for core in self.cores]
            layers: list[list[int]] = [[] for __ in place]
            for state in self.expanded:
                layers[rank[state_core[state]]].append(state)
            schedule = [(False, layer) for layer in layers if layer]
        else:
            schedule = []
            components, itself = _components(self, self.expanded)
            plain: list[int] = []  # states off any loop, valued together until the next loop
            for component in components:
                if len(component) == 1 and component[0] not in itself:
                    plain.append(component[0])
                else:
                    schedule += [(False, plain), (True, component)]
                    plain = []
            schedule.append((False, plain))
        self._order = schedule
        return schedule

    def full(self) -> _Table:
        """Every state valued for every objective (see the class's docstring), worked out on first
        request: the per-dimension playthroughs and maxima read it; play, lint and grading never do.
        Safe from several threads: a table worked out twice is the same table."""
        found = self._full
        if found is None:
            found = _Table(self.count, [None] * len(self.state_core))
            found.gains = {id(points): self.objectives(points) for points, __ in self.gains.values()}
            value, state_core, core_finish = found.value, self.state_core, self.core_finish
            for state in self.terminal:
                value[state] = found.gains[id(core_finish[state_core[state]][0])]
            with gc_paused():
                for on_loop, states in self._schedule():
                    if on_loop:
                        self._solve_loop(states, found)
                    else:
                        self._value_all(states, found)
            self._full = found
        return found

    def children(self, state: int) -> list[int]:
        """The states a state's edges lead to (none for an ending), in order."""
        start = self.first[state]
        if start < 0:
            return []
        return [child for child in self.child[start : start + len(self.core_moves[self.state_core[state]])] if child >= 0]

    def _value(self, states: Iterable[int]) -> None:
        """Value states off any loop for the best and the worst total, each from its valued children;
        and the points along each one's best continuation."""
        value, along = self.value, self.along
        core_inputs, score_moves, state_core, state_score = self.core_inputs, self.score_moves, self.state_core, self.state_score
        first, child_of = self.first, self.child
        # The same points added to the same continuation (endings especially are shared by
        # many states) give the same sum: made once, found by the two objects' ids. The memo
        # holds the objects whose ids it is keyed by, so no id can be reused while it lives.
        alongs = self._alongs
        for state in states:
            inputs = core_inputs[state_core[state]]
            row = score_moves[state_score[state]]
            start = first[state]
            chosen: Move | None = None
            chosen_child, high, low = 0, 0.0, 0.0
            for number, child in zip(inputs, child_of[start : start + len(inputs)]):
                if child < 0:
                    continue
                child_value = value[child]
                if child_value is None:
                    continue
                move = row[number]
                gains = move[2]  # type: ignore[index]  # every move made was worked out
                total = gains[0] + child_value[0]
                worst = gains[1] + child_value[1]  # the worst total, negated
                if chosen is None:
                    chosen, chosen_child, high, low = move, child, total, worst
                    continue
                if total > high:  # the first edge best for the total: the best continuation
                    chosen, chosen_child, high = move, child, total
                if worst > low:
                    low = worst
            if chosen is None:
                continue  # no ending reachable: not valued
            value[state] = (high, low)
            points, rest = chosen[1], along[chosen_child]
            assert rest is not None  # the chosen child is valued, so its continuation is set
            continued = alongs.get((id(points), id(rest)))
            if continued is None:
                continued = alongs[id(points), id(rest)] = (tuple(map(add, points, rest)), points, rest)
            along[state] = continued[0]

    def _value_all(self, states: Iterable[int], table: _Table) -> None:
        """Value states off any loop for every objective of a table, each from its valued children.

        (Its walk over a state's valued edges is _value's, written out again: shared through a
        generator, it would cost a frame switch per edge in the search's hottest loop.)"""
        value, gains_of = table.value, table.gains
        core_inputs, score_moves, state_core, state_score = self.core_inputs, self.score_moves, self.state_core, self.state_score
        first, child_of = self.first, self.child
        # The same gains added to the same child's values give the same candidate: made once,
        # found by the two objects' ids; likewise the maxima of the same candidates (states
        # that differ only in what no later reply reads meet the same candidates). Each memo
        # holds the objects whose ids it is keyed by, so no id can be reused while it lives.
        sums: dict[int, dict[int, tuple[float, ...]]] = {}
        bests: dict[tuple[int, ...], tuple[tuple[float, ...], list[tuple[float, ...]]]] = {}
        for state in states:
            inputs = core_inputs[state_core[state]]
            row = score_moves[state_score[state]]
            start = first[state]
            candidates = []
            for number, child in zip(inputs, child_of[start : start + len(inputs)]):
                if child < 0:
                    continue
                child_value = value[child]
                if child_value is None:
                    continue
                gains = gains_of[id(row[number][1])]  # type: ignore[index]  # every move made was worked out
                known = sums.get(id(gains))
                if known is None:
                    known = sums[id(gains)] = {}
                candidate = known.get(id(child_value))
                if candidate is None:
                    candidate = known[id(child_value)] = tuple(map(add, gains, child_value))
                candidates.append(candidate)
            if not candidates:
                continue
            if len(candidates) == 1:
                value[state] = candidates[0]
                continue
            key = tuple(map(id, candidates))
            found = bests.get(key)
            if found is None:
                found = bests[key] = (tuple(map(max, *candidates)), candidates)  # the list keeps the ids taken
            value[state] = found[0]

    def _solve_loop(self, component: list[int], table: _Table) -> None:
        """Value the states of one loop of the state graph (a strongly connected component)."""
        count = table.count
        value = table.value
        gains_of = table.gains
        full = {state: self.edges(state) or [] for state in component}
        edges = {
            state: [(child, (gains if gains_of is None else gains_of[id(points)])[:count]) for _key, child, points, gains in out]
            for state, out in full.items()
        }
        # Per state on this loop: the maxima and the minima found so far (None: no ending yet).
        highs: dict[int, list[float] | None] = dict.fromkeys(component)
        lows: dict[int, list[float] | None] = dict.fromkeys(component)
        pointers = {state: [-1] * (2 * count) for state in component}

        def known(child: int, maximise: bool) -> Sequence[float] | None:
            """A child's maxima or minima, on this loop or off it (valued already)."""
            inside = highs if maximise else lows
            if child in inside:
                return inside[child]
            found = value[child]
            if found is None:
                return None
            if maximise:
                return found[:count]
            return None if found[count] == _NO_WAY else [0.0 - v for v in found[count:]]

        def relax(state: int, maximise: bool, allowed: Callable[[int], bool] | None = None) -> bool:
            """Improve one state's maxima or minima from its edges; returns whether any moved.

            Objective by objective, an edge is recorded where it is strictly better than the
            best so far, in edge order. For the maxima, an edge whose child has not moved since
            this state was last relaxed is passed over: it gives what it gave then, which the
            state's maxima (that only rise) already match or beat.
            """
            table, offset, better = (highs, 0, gt) if maximise else (lows, count, lt)
            own = table[state]
            chosen = pointers[state]
            changed = False
            since = relaxed.get(state, -1) if maximise else -1
            for index, (child, gains) in enumerate(edges[state]):
                if moved.get(child, 0) <= since or (allowed is not None and not allowed(child)):
                    continue
                future = known(child, maximise)
                if future is None:
                    continue
                candidate = list(map(add, gains, future))
                if own is None:
                    own = table[state] = candidate
                    chosen[offset : offset + count] = [index] * count
                    changed = True
                elif any(map(better, candidate, own)):
                    for o in range(count):
                        if better(candidate[o], own[o]):
                            own[o] = candidate[o]
                            chosen[offset + o] = index
                    changed = True
            if maximise:
                tick[0] += 1
                relaxed[state] = tick[0]
                if changed:
                    moved[state] = tick[0]
            return changed

        # Maxima: every cycle earns <= 0 in each dimension (positive credit is once per
        # reply, patterns fire once), so repeated relaxation converges on the exact best.
        tick = [0]
        relaxed: dict[int, int] = {}  # per state, the tick it was last relaxed at
        moved: dict[int, int] = {}  # per state, the tick its maxima last moved at (0: off this loop, or never)
        for __ in range(len(component)):
            if not any([relax(state, maximise=True) for state in component]):
                break
        # Minima: a loop of penalties could repeat for ever, so the worst is taken over
        # runs that do not go round a loop: one pass in Tarjan's order, which is acyclic.
        position = {state: i for i, state in enumerate(component)}
        for i, state in enumerate(component):

            def earlier(child: int, i: int = i) -> bool:
                return position.get(child, -1) < i

            relax(state, maximise=False, allowed=earlier)
        self.worst_exact = False
        for state in component:
            high, low = highs[state], lows[state]
            if high is not None:
                value[state] = (*high, *((_NO_WAY,) * count if low is None else (-v for v in low)))
        table.pointers.update(pointers)
        if table is self.table:
            self._along_loop(component, full)

    def _along_loop(self, component: list[int], edges: dict[int, list[Edge]]) -> None:
        """The points along each loop state's best continuation, followed along the chosen edges.

        Each state once; where equal values make those edges go round the loop, the loop
        adds nothing.
        """
        zero = (0.0,) * (self.count - 1)
        along, pointers = self.along, self.table.pointers
        for start in component:
            trail: list[tuple[int, Points]] = []
            on_trail: set[int] = set()
            state = start
            while along[state] is None and state not in on_trail:
                out = edges.get(state)  # off this loop, a state's continuation is known already
                if not out or (index := pointers[state][0]) < 0:
                    break
                _key, child, points, _gains = out[index]
                trail.append((state, points))
                on_trail.add(state)
                state = child
            future = along[state] or zero
            for state, points in reversed(trail):
                future = tuple(p + f for p, f in zip(points, future))
                along[state] = future

    def pointer(self, state: int, objective: int, edges: list[Edge]) -> int:
        """Which of a state's edges achieves its value for one objective (-1: none).

        On a loop, the edge the relaxation recorded; elsewhere the first edge that achieves
        the value, as a pass over the edges keeping only strict improvements would record.
        """
        # The best and the worst total are the search's own table; the rest are in `full`.
        if objective in (0, self.count):
            table, objective = self.table, (0 if objective == 0 else 1)
        else:
            table = self.full()
        recorded = table.pointers.get(state)
        if recorded is not None:
            return recorded[objective]
        value, gains_of = table.value, table.gains
        own = value[state]
        if own is None or own[objective] == _NO_WAY:
            return -1
        target, o = own[objective], objective
        for i, (_key, child, points, gains) in enumerate(edges):
            child_values = value[child]
            if gains_of is not None:
                gains = gains_of[id(points)]
            if child_values is not None and gains[o] + child_values[o] == target:
                return i
        return -1

    def path(self, root: int, objective: int) -> tuple[tuple[str, ...], str, Points, list[int]]:
        """Follow the chosen edges for one objective (see objectives) from the root to an ending; also
        the states passed."""
        choices: list[str] = []
        states: list[int] = []
        points = self.scorer.zero()
        state = root
        while (edges := self.edges(state)) is not None:
            states.append(state)
            choice_key, state, gained, __ = edges[self.pointer(state, objective, edges)]
            choices.append(choice_key)
            points = self.scorer.add(points, gained)
        core = self.cores[self.state_core[state]]
        outcome = self.scenario.endings[core.at].outcome.value
        finish = self.scorer.finish(outcome, mood(self.scenario, core))
        return tuple(choices), core.at, self.scorer.add(points, finish.points), states

def analyze(scenario: Scenario, scorer: Scorer, state_limit: int = DEFAULT_STATE_LIMIT, *, forget: bool = True) -> Analysis:
    """Search every distinct state of a scenario; raises AnalysisError if no ending can be reached.

    A state holds only what can still change the rest of a run (see `_Future` and
    `Scorer.narrow`); `forget=False` keeps everything the rules and the scorer carry, which
    finds the same values in more states (for tests and benchmarks).
    """
    search = _Search(scenario, scorer, state_limit, forget)
    with gc_paused():
        root = search.explore()
        search.solve()
    if search.value[root] is None:
        if search.exact:
            raise AnalysisError(NO_ENDING, estimate=False, scenario=scenario.id)
        if search.cut_by_turns:
            raise AnalysisError(STOPPED_AT_TURNS, estimate=True, scenario=scenario.id, turns=scenario.max_turns)
        raise AnalysisError(STOPPED_AT_LIMIT, estimate=True, scenario=scenario.id, limit=f"{state_limit:,}")
    count = search.count
    names = scorer.dimension_names
    values = search.value[root]
    assert values is not None
    # The best playthrough is the model answer: each skill is judged against what it
    # shows (not against odd detours that collect more of one skill at others' cost).
    best_path = search.path(root, 0)
    maxima = Maxima(
        dict(zip(names, best_path[2])),
        total=float(values[0]),
        skills=tuple(skill for skill in scenario.skills if skill in names),
    )

    graph = ValueGraph(search)
    playthroughs = _Playthroughs(search, graph, maxima, root, best_path)
    return Analysis(
        scenario_id=scenario.id,
        nodes=len(scenario.nodes),
        decision_nodes=scenario.decision_nodes,
        states=len(search.state_core),
        exact=search.exact,
        worst_exact=search.exact and search.worst_exact,
        maxima=maxima,
        dimension_maxima=_DimensionMaxima(search, names),
        best_by_dimension=_PerDimension(playthroughs, {name: 1 + d for d, name in enumerate(names)}),
        worst_by_dimension=_PerDimension(playthroughs, {name: count + 1 + d for d, name in enumerate(names)}),
        reachable_nodes=frozenset(search.nodes),
        reachable_choices=frozenset(search.choices),
        reachable_endings=frozenset(search.endings),
        silent_nodes=frozenset(search.silent),
        endings={ending_id: ending.outcome.value for ending_id, ending in scenario.endings.items()},
        node_ids=tuple(scenario.nodes),
        choice_keys=tuple(scenario.choices_by_key),
        graph=graph,
        playthroughs=playthroughs,
    )


class _Playthroughs:
    """The playthroughs the analysis reports, one per objective, each graded as a run would be.

    Each is worked out once, on request (the best and the worst too: see Analysis.best);
    objectives whose playthroughs make the same replies share one result (they pass the same
    states), and each state's decision is graded once for all of them. (The states a path
    passes are those `ValueGraph.decisions` would reach by replaying its replies.) Safe from
    several threads: a result worked out twice is the same result.
    """

    def __init__(
        self, search: _Search, graph: ValueGraph, maxima: Maxima, root: int,
        best: tuple[tuple[str, ...], str, Points, list[int]],
    ):
        self._search = search
        self._graph = graph
        self._maxima = maxima
        self._root = root
        self.worst = search.count  # the objective of the worst total (see _Search)
        self._paths = {0: best}  # the best path, followed already for the maxima
        self._found: dict[int, PathResult] = {}
        self._by_choices: dict[tuple[str, ...], PathResult] = {}
        self._graded: dict[tuple[int, str], DecisionGrade | None] = {}

    def result(self, objective: int) -> PathResult:
        """The playthrough that is best (or worst) for one objective (see _Search.objectives)."""
        found = self._found.get(objective)
        if found is None:
            path = self._paths.pop(objective, None) or self._search.path(self._root, objective)
            found = self._by_choices.get(path[0])
            if found is None:
                found = self._by_choices.setdefault(path[0], self._graded_result(*path))
            self._found[objective] = found
        return found

    def _graded_result(self, choices: tuple[str, ...], ending: str, points: Points, states: list[int]) -> PathResult:
        scorer, maxima = self._search.scorer, self._maxima
        names = scorer.dimension_names
        total = scorer.total(points)
        by_name = dict(zip(names, points))
        if scorer.rubric.grading is None:
            return PathResult(choices, ending, by_name, total, scorer.percent_of(total, maxima), scorer.band_of(by_name, maxima))
        run = scorer.grade([self._review(state, key) for state, key in zip(states, choices)])
        skills = [p for name in (maxima.skills or names) if (p := run.skills.get(name)) is not None]
        band = scorer.rubric.band_for(run.percent, skills, run.mistakes, run.counts["blunder"])
        return PathResult(choices, ending, by_name, total, run.percent, band)

    def _review(self, state: int, choice_key: str) -> DecisionGrade | None:
        """The grade of one reply in one state (None where it is the only reply on offer)."""
        key = (state, choice_key)
        if key not in self._graded:
            options = self._graph.options_at(state)
            offered = options is not None and len(options) >= 2 and any(o.key == choice_key for o in options)
            decision = Decision(options, choice_key) if offered and options is not None else None
            self._graded[key] = (self._search.scorer.review([decision]) or [None])[0]
        return self._graded[key]


_T = TypeVar("_T")


class _ByDimension(Mapping[str, _T]):
    """A value per rubric dimension, each worked out on first request (see the subclasses)."""

    def __init__(self, names: Iterable[str]):
        self._index = {name: d for d, name in enumerate(names)}

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)

    def __repr__(self) -> str:
        return repr(dict(self.items()))


class _PerDimension(_ByDimension[PathResult]):
    """Per rubric dimension, the playthrough best (or worst) for it, worked out on first request
    (`dojo analyze --json` reports them; play, lint and grading never read them)."""

    def __init__(self, playthroughs: _Playthroughs, objectives: dict[str, int]):
        super().__init__(objectives)
        self._playthroughs = playthroughs
        self._objectives = objectives

    def __getitem__(self, name: str) -> PathResult:
        return self._playthroughs.result(self._objectives[name])


class _DimensionMaxima(_ByDimension[float]):
    """Per rubric dimension, the most any playthrough earns in it, worked out on first request
    (from the search's full table: see _Search.full)."""

    def __init__(self, search: _Search, names: Sequence[str]):
        super().__init__(names)
        self._search = search

    def __getitem__(self, name: str) -> float:
        d = self._index[name]
        values = self._search.full().value[0]
        assert values is not None  # the start is valued, or analyze would have raised
        return float(values[1 + d])


def _state_parts(search: _Search) -> list[StatePart]:
    """Each part of the searched states that takes more than one value: how many it takes, and the
    factor by which telling its values apart multiplies the states (see StatePart)."""
    scenario = search.scenario
    state_core, state_score = search.state_core, search.state_score
    total = len(state_core)
    cores = [search.cores[c] for c in sorted(set(state_core))]
    core_numbers = sorted(set(state_core))
    scores = [search.scores[s] for s in sorted(set(state_score))]
    score_numbers = sorted(set(state_score))
    found: list[StatePart] = []

    def left(core_part: CorePart | None, score_part: ScorePart | None) -> int:
        """How many states remain once one part of the core or score state is not told apart."""
        core_of = list(range(len(search.cores)))
        score_of = list(range(len(search.scores)))
        if core_part is not None:
            merged: dict[object, int] = {}
            for number, core in zip(core_numbers, cores):
                core_of[number] = merged.setdefault(core_part(core), len(merged))
        if score_part is not None:
            merged = {}
            for number, score in zip(score_numbers, scores):
                score_of[number] = merged.setdefault(score_part(score), len(merged))
        return len({core_of[c] << _SHIFT | score_of[s] for c, s in zip(state_core, state_score)})

    def part(kind: str, name: str, values: int, core_part: CorePart | None = None, score_part: ScorePart | None = None) -> None:
        if values > 1:
            title = search.scorer.rubric.patterns[name].title if kind == "pattern" else ""
            found.append(StatePart(kind, name, values, total / left(core_part, score_part), title))

    def without_meter(i: int) -> CorePart:
        return lambda core: core._replace(meters=core.meters[:i] + core.meters[i + 1 :])

    def without_var(i: int) -> CorePart:
        return lambda core: core._replace(vars=core.vars[:i] + core.vars[i + 1 :])

    def without_visits(node: str) -> CorePart:
        return lambda core: core._replace(visits=tuple(pair for pair in core.visits if pair[0] != node))

    def without_chose(key: str) -> CorePart:
        return lambda core: core._replace(chosen=core.chosen - {key})

    def without_pattern(i: int) -> ScorePart:
        return lambda score: (*score.patterns[:i], *score.patterns[i + 1 :], score.credited)

    for i, name in enumerate(scenario.meter_names):
        part("meter", name, len({core.meters[i] for core in cores}), without_meter(i))
    for i, name in enumerate(scenario.var_names):
        part("variable", name, len({core.vars[i] for core in cores}), without_var(i))
    for node in sorted({node for core in cores for node, __ in core.visits}):
        part("visits", node, len({dict(core.visits).get(node, 0) for core in cores}), without_visits(node))
    for key in sorted({key for core in cores for key in core.chosen}):
        part("chose", key, len({key in core.chosen for core in cores}), without_chose(key))
    part("turn", "", len({core.turn for core in cores}), lambda core: core._replace(turn=0))
    for i, name in enumerate(search.scorer.rubric.patterns):
        part("pattern", name, len({score.patterns[i] for score in scores}), score_part=without_pattern(i))
    part("credited", "", len({score.credited for score in scores}), score_part=lambda score: score.patterns)
    # Parts that tell the same states apart hide each other (leaving one out merges nothing
    # while the others remain), so each family is also measured as a whole.
    kinds = [found_part.kind for found_part in found]
    if kinds.count("variable") > 1:
        part("all", "variables", len({core.vars for core in cores}), lambda core: core._replace(vars=()))
    if kinds.count("visits") > 1:
        part("all", "visits", len({core.visits for core in cores}), lambda core: core._replace(visits=()))
    if kinds.count("chose") > 1:
        part("all", "chose", len({core.chosen for core in cores}), lambda core: core._replace(chosen=frozenset()))
    if kinds.count("pattern") + kinds.count("credited") > 1:
        part("all", "scorer", len(scores), score_part=lambda score: ())
    return sorted(found, key=lambda found_part: -found_part.factor)


_NO_CAP = 1 << 62  # a turn limit no run reaches (see _Target)


# What the reply conditions at one node read of a core state: its meters and its variables
# (each picked as one value), the nodes whose visits they count, the replies whose choice
# they test, and whether they read the turn.
_Reads = tuple[Callable[[tuple[Value, ...]], object], Callable[[tuple[Value, ...]], object], frozenset[str], frozenset[str], bool]


def _picker(indices: Sequence[int]) -> Callable[[tuple[Value, ...]], object]:
    """A function picking these places of a tuple (together, as one value to compare)."""
    return itemgetter(*indices) if indices else _nothing


def _nothing(values: tuple[Value, ...]) -> object:
    """None: nothing of a tuple is read."""
    return None


class _Target(NamedTuple):
    """What a state arriving at one node or ending keeps (as `_Search.normal` decides): whether it
    is an ending seen as ended (only the ending and the mood left), the node's _Future (None:
    forget nothing), and the turn: -1 for 0, else the turn capped at this."""

    ended: bool
    future: _Future | None
    turn: int


@dataclass(frozen=True)
class _Future:
    """What can still matter from one node on: what the reply conditions of this node and of every
    node reachable from it read (and the line conditions whose silence the search checks), and the
    tags and once-keys their replies have. Meters and variables read by none of them are kept at
    their start value (None: read, so kept as they are)."""

    meter_starts: tuple[int | None, ...]
    var_starts: tuple[Value | None, ...]
    visit_nodes: frozenset[str]
    chose_keys: frozenset[str]
    turn: bool
    tags: frozenset[str]
    once_keys: frozenset[str]


def _futures(scenario: Scenario, maybe_silent: set[str]) -> dict[str, _Future]:
    """Each node's _Future, gathered from the node and, through the story graph, every node after it."""
    nodes = scenario.nodes
    # What each node itself reads and shows: names, visits(), chose(), turn, tags, once-keys.
    own: dict[str, tuple[set[str], set[str], set[str], bool, set[str], set[str]]] = {}
    for node_id, node in nodes.items():
        names: set[str] = set()
        visit_nodes: set[str] = set()
        chose_keys: set[str] = set()
        turn = False
        for choice in node.choices:
            if choice.when is not None:
                names |= choice.when.names
                visit_nodes |= choice.when.nodes
                chose_keys |= choice.when.choices
                turn = turn or choice.when.uses_turn
        if node_id in maybe_silent:
            for line in node.lines:
                names |= line.when.names if line.when is not None else set()
        tags = {tag for choice in node.choices for tag in choice.tags}
        keys = {choice.key for choice in node.choices} if node_id in scenario.loop_nodes else set()
        own[node_id] = (names, visit_nodes, chose_keys, turn, tags, keys)
    # A loop's nodes share one future: gather per strongly connected component, sinks first.
    gathered: dict[str, tuple[frozenset[str], frozenset[str], frozenset[str], bool, frozenset[str], frozenset[str]]] = {}
    for component in story_components(scenario.nodes):
        members = set(component)
        parts: list[set[str]] = [set(), set(), set(), set(), set()]
        turn = False
        for node_id in component:
            mine = own[node_id]
            for part, more in zip(parts, (mine[0], mine[1], mine[2], mine[4], mine[5])):
                part |= more
            turn = turn or mine[3]
            for choice in nodes[node_id].choices:
                later = gathered.get(choice.next)
                if later is not None and choice.next not in members:
                    for part, beyond in zip(parts, (later[0], later[1], later[2], later[4], later[5])):
                        part |= beyond
                    turn = turn or later[3]
        frozen = tuple(frozenset(part) for part in parts)
        for node_id in component:
            gathered[node_id] = (frozen[0], frozen[1], frozen[2], turn, frozen[3], frozen[4])
    # Meters with a threshold are read after every reply, and the mood meter at the end.
    always = {scenario.mood_meter, *(name for name, meter in scenario.meters.items() if meter.thresholds)}
    futures = {}
    for node_id, (read, visited, chosen, reads_turn, shown, again) in gathered.items():
        meter_starts = tuple(None if name in read or name in always else meter.start for name, meter in scenario.meters.items())
        var_starts = tuple(None if name in read else start for name, start in scenario.vars.items())
        futures[node_id] = _Future(
            meter_starts if any(start is not None for start in meter_starts) else (),
            var_starts if any(start is not None for start in var_starts) else (),
            visited,
            chosen,
            reads_turn,
            shown,
            again,
        )
    return futures


def _story_order(scenario: Scenario) -> list[str]:
    """The nodes of a story without loops, each after every node its replies lead to."""
    nodes = scenario.nodes
    order: list[str] = []
    seen: set[str] = set()
    for root in nodes:
        if root in seen:
            continue
        seen.add(root)
        work = [(root, iter([choice.next for choice in nodes[root].choices]))]
        while work:
            node, targets = work[-1]
            for target in targets:
                if target in nodes and target not in seen:
                    seen.add(target)
                    work.append((target, iter([choice.next for choice in nodes[target].choices])))
                    break
            else:
                work.pop()
                order.append(node)
    return order


def _components(search: _Search, roots: list[int]) -> tuple[list[list[int]], set[int]]:
    """Strongly connected components of the state graph, sinks first (Tarjan, no recursion),
    and the states with an edge to themselves.

    `roots` are the states with edges, in the order searched; endings (no edges) are left
    out, being valued already.
    """
    size = len(search.state_core)
    index = [-1] * size
    low = [0] * size
    on_stack = bytearray(size)
    first, child_of, state_core = search.first, search.child, search.state_core
    width = [len(moves) for moves in search.core_moves]
    stack: list[int] = []
    found: list[list[int]] = []
    itself: set[int] = set()
    counter = 0
    for root in roots:
        if index[root] >= 0:
            continue
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack[root] = 1
        start = first[root]
        work = [(root, iter(child_of[start : start + width[state_core[root]]]))]
        while work:
            node, outgoing = work[-1]
            descended = False
            for child in outgoing:
                if child < 0 or first[child] < 0:
                    continue  # left out at the state limit, or an ending: valued already
                if index[child] < 0:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack[child] = 1
                    start = first[child]
                    work.append((child, iter(child_of[start : start + width[state_core[child]]])))
                    descended = True
                    break
                if on_stack[child]:
                    if child == node:
                        itself.add(node)
                    if index[child] < low[node]:
                        low[node] = index[child]
            if descended:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                if low[node] < low[parent]:
                    low[parent] = low[node]
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack[member] = 0
                    component.append(member)
                    if member == node:
                        break
                found.append(component)
    return found, itself


# Analyses found in this process, by (content hash, rubric digest). Filled from worker threads
# (the games search while the trainee reads), so every change goes through _CACHE_LOCK, and one
# lock per key makes a second thread asking for the same analysis wait for the first search
# instead of repeating it.
_CACHE: dict[tuple[str, str], Analysis] = {}
_CACHE_LOCK = threading.Lock()
_KEY_LOCKS: dict[tuple[str, str], threading.Lock] = {}
_CACHE_SIZE = 64


def _key_lock(key: tuple[str, str]) -> threading.Lock:
    """The lock held while the analysis under `key` is searched (made on first use)."""
    with _CACHE_LOCK:
        lock = _KEY_LOCKS.get(key)
        if lock is None:
            lock = _KEY_LOCKS[key] = threading.Lock()
        return lock


def _once(key: tuple[str, str], search: Callable[[], Analysis | None]) -> Analysis | None:
    """The cached analysis under `key`, or `search()`'s (kept unless None), searched by one thread at a time."""
    found = _CACHE.get(key)
    if found is None:
        with _key_lock(key):
            found = _CACHE.get(key)  # another thread may have searched it while this one waited
            if found is None:
                found = search()
                if found is not None:
                    _remember(key, found)
    return found


def _remember(key: tuple[str, str], found: Analysis) -> None:
    """Keep `found` under `key`, emptying the cache first when it is full."""
    with _CACHE_LOCK:
        if key not in _CACHE and len(_CACHE) >= _CACHE_SIZE:
            _CACHE.clear()
        _CACHE[key] = found
        _KEY_LOCKS.pop(key, None)  # later callers find the analysis and need no lock


def bounded_analysis(scenario: Scenario, scorer: Scorer, state_limit: int) -> Analysis | None:
    """The exact analysis if it needs at most `state_limit` states (cached as `cached_analysis`'s), else None.

    Never searches more than `state_limit` states: what a store does before trusting a run of
    content nobody vetted (a scenario past the bound costs its search once, bounded, then never again).
    """
    def search() -> Analysis | None:
        try:
            found = analyze(scenario, scorer, state_limit)
        except AnalysisError:
            return None
        return found if found.exact else None  # an estimate is not kept: a later, bigger bound may search again

    found = _once((scenario.content_hash, scorer.rubric.digest), search)
    return found if found is not None and found.exact and found.states <= state_limit else None


def known_analysis(scenario: Scenario, scorer: Scorer) -> Analysis | None:
    """The analysis this process already has for the scenario and rubric, or None (never searches)."""
    return _CACHE.get((scenario.content_hash, scorer.rubric.digest))


def cached_analysis(scenario: Scenario, scorer: Scorer) -> Analysis:
    """`analyze` once per scenario content and rubric in this process (safe from several threads)."""
    found = _once((scenario.content_hash, scorer.rubric.digest), lambda: analyze(scenario, scorer))
    assert found is not None  # analyze returns an analysis or raises
    return found
