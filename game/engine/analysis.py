"""Exact analysis of a scenario: best and worst playthroughs, reachable endings, score range.

The search first finds every distinct state, a state being the rules' `CoreState` plus
the scorer's memory, then values each one for the overall score and for every rubric
dimension at once, one strongly connected component at a time, sinks first. Because
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

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from game.engine.rules import CoreState, StateEnv, advance, available, initial_state, is_over, mood, once_key
from scoring.gcpause import gc_paused
from game.scenario.model import Scenario
from scoring.grading import Decision, Option
from scoring.scorer import Maxima, Points, Scorer, ScoreState

DEFAULT_STATE_LIMIT = 200_000

StateKey = tuple[CoreState, ScoreState]
# (reply key, next state, points earned, the same points as objective gains)
Edge = tuple[str, StateKey, Points, tuple[float, ...]]


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
    dimension_maxima: dict[str, float]  # the most any playthrough earns in each dimension
    best: PathResult
    worst: PathResult
    best_by_dimension: dict[str, PathResult]
    worst_by_dimension: dict[str, PathResult]
    reachable_nodes: frozenset[str]
    reachable_choices: frozenset[str]
    reachable_endings: frozenset[str]
    silent_nodes: frozenset[str]  # reached in a state where none of their lines is said
    endings: dict[str, str] = field(default_factory=dict)  # id -> outcome
    node_ids: tuple[str, ...] = ()
    choice_keys: tuple[str, ...] = ()
    graph: ValueGraph | None = field(default=None, repr=False, compare=False)

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
        }


class ValueGraph:
    """Every searched state's worth: the best total still reachable, and per skill the points
    along that best continuation; with the edges, what each reply on offer is worth."""

    def __init__(self, search: _Search):
        self._key = search.key
        assert search.root is not None, "explore() before valuing"
        self._root: StateKey = search.root
        self._edges = search.edges
        self._best = {key: values[0] for key, values in search.value.items()}
        self._along = search.along()

    def successors(self) -> list[list[int]]:
        """The searched state graph as plain lists: state i's children (by index), for benchmarks and reports."""
        numbers = {self._root: 0}
        order = [self._root]
        for key in order:  # breadth first from the root, which is state 0
            for _, child, _, _ in self._edges.get(key, ()):
                if child not in numbers:
                    numbers[child] = len(order)
                    order.append(child)
        return [[numbers[child] for _, child, _, _ in self._edges.get(key, ())] for key in order]

    def options(self, core: CoreState, score: ScoreState) -> tuple[Option, ...] | None:
        """What each reply on offer in this state is worth; None if the search never valued it."""
        edges = self._edges.get(self._key(core, score))
        if edges is None:
            return None
        options = []
        for choice_key, child, points, gains in edges:
            future = self._best.get(child)
            along = self._along.get(child)
            if future is None or along is None:
                continue  # beyond the state limit: not valued
            options.append(Option(choice_key, gains[0] + future, tuple(p + a for p, a in zip(points, along))))
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
            score, _ = scorer.step(score, choice.tags, once_key(scenario, choice))
        return found


class AnalysisError(Exception):
    """The search found no playthrough that reaches an ending within the limits.

    `estimate` is True when the search stopped at a limit, so an ending may exist
    beyond it; False when the whole state graph was searched and none is reachable.
    """

    def __init__(self, message: str, estimate: bool):
        super().__init__(message)
        self.estimate = estimate


class _Search:
    """Explore the state graph, then solve every objective on it.

    Objectives are the overall total and each dimension, maximised (indices 0..K-1) and
    minimised (K..2K-1). A state's value for an objective is the best sum of points from
    it to an ending; `pointer` records which edge achieves it.
    """

    def __init__(self, scenario: Scenario, scorer: Scorer, state_limit: int):
        self.scenario = scenario
        self.scorer = scorer
        self.state_limit = state_limit
        self.count = 1 + len(scorer.dimension_names)
        # The turn number only matters when a reply condition reads it; otherwise it is
        # left out, so a loop that returns to the same situation returns to the same
        # state. Counters compared only with numbers are capped (see counter_cap), which
        # keeps the state graph finite; the rest need the max_turns depth limit.
        self.keep_turn = scenario.uses_turn
        self.cap = scenario.counter_cap
        self.depth_limited = self.cap is None and (scenario.uses_turn or bool(scenario.visit_nodes))
        self.edges: dict[StateKey, list[Edge]] = {}
        self.finish: dict[StateKey, tuple[float, ...]] = {}
        self.seen: set[StateKey] = set()
        self.exact = True
        self.worst_exact = True
        self.cut_by_turns = False  # why the search was not exact: max_turns, else the state limit
        self.nodes: set[str] = set()
        self.choices: set[str] = set()
        self.endings: set[str] = set()
        self.value: dict[StateKey, list[float | None]] = {}
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
        self.pointer: dict[StateKey, list[int]] = {}
        self.root: StateKey | None = None

    def _silent(self, core: CoreState) -> bool:
        env = StateEnv(self.scenario, core)
        return not any(line.when.evaluate(env) for line in self.scenario.nodes[core.at].lines)  # type: ignore[union-attr]

    def key(self, core: CoreState, score: ScoreState) -> StateKey:
        """The memo key of a state: what can still change the rest of a run, and nothing else."""
        if self.cap is not None:
            cap = self.cap
            core = core._replace(
                turn=min(core.turn, cap) if self.keep_turn else 0,
                visits=tuple((node, min(count, cap)) for node, count in core.visits),
            )
        elif not self.keep_turn:
            core = core._replace(turn=0)
        return (core, score)

    def objectives(self, points: Points) -> tuple[float, ...]:
        """Points as the values the search optimises: the weighted total, then each dimension."""
        return (self.scorer.total(points), *points)

    # Phase 1: every reachable state and its edges -----------------------------------

    def explore(self) -> StateKey:
        """Find every reachable state and its edges (phase 1); returns the root's key."""
        root = self.root = self.key(initial_state(self.scenario), self.scorer.initial_state())
        self.seen.add(root)
        pending = [root]
        while pending:
            key = pending.pop()
            core = key[0]
            if is_over(self.scenario, core):
                self.endings.add(core.at)
                outcome = self.scenario.endings[core.at].outcome.value
                self.finish[key] = self.objectives(self.scorer.finish(outcome, mood(self.scenario, core)).points)
                continue
            if self.depth_limited and core.turn >= self.scenario.max_turns:
                self.exact = False  # counters in arithmetic: longer runs are not searched
                self.cut_by_turns = True
                self.edges[key] = []
                continue
            self.nodes.add(core.at)
            if core.at in self.maybe_silent and self._silent(core):
                self.silent.add(core.at)
            edges: list[Edge] = []
            for choice in available(self.scenario, core):
                self.choices.add(choice.key)
                next_core = advance(self.scenario, core, choice)
                next_score, result = self.scorer.step(key[1], choice.tags, once_key(self.scenario, choice))
                child = self.key(next_core, next_score)
                if child not in self.seen:
                    if len(self.seen) >= self.state_limit:
                        self.exact = False  # unexplored: this edge is left out
                        continue
                    self.seen.add(child)
                    pending.append(child)
                edges.append((choice.key, child, result.points, self.objectives(result.points)))
            self.edges[key] = edges
        return root

    # Phase 2: values, one strongly connected component at a time, sinks first ------

    def solve(self) -> None:
        """Value every state for every objective, endings first, then components sinks first (phase 2)."""
        for key, values in self.finish.items():
            self.value[key] = [*values, *values]
            self.pointer[key] = [-1] * (2 * self.count)
        for component in _components(self.edges):
            self._solve_component(component)

    def _solve_component(self, component: list[StateKey]) -> None:
        for key in component:
            self.value[key] = [None] * (2 * self.count)
            self.pointer[key] = [-1] * (2 * self.count)
        first = component[0]
        looped = len(component) > 1 or any(edge[1] == first for edge in self.edges[first])
        if not looped:
            self._relax(first, maximise=True)
            self._relax(first, maximise=False)
            return
        # Maxima: every cycle earns <= 0 in each dimension (positive credit is once per
        # reply, patterns fire once), so repeated relaxation converges on the exact best.
        for _ in range(len(component)):
            if not any([self._relax(key, maximise=True) for key in component]):
                break
        # Minima: a loop of penalties could repeat for ever, so the worst is taken over
        # runs that do not go round a loop: one pass in Tarjan's order, which is acyclic.
        position = {key: i for i, key in enumerate(component)}
        for i, key in enumerate(component):

            def earlier(child: StateKey, i: int = i) -> bool:
                return position.get(child, -1) < i

            self._relax(key, maximise=False, allowed=earlier)
        self.worst_exact = False

    def _relax(self, key: StateKey, maximise: bool, allowed: Callable[[StateKey], bool] | None = None) -> bool:
        """Improve one state's maxima or minima from its edges; returns whether any moved."""
        count = self.count
        offset = 0 if maximise else count
        values = self.value[key]
        pointers = self.pointer[key]
        changed = False
        for index, (_, child, _, gains) in enumerate(self.edges[key]):
            child_values = self.value.get(child)
            if child_values is None or (allowed is not None and not allowed(child)):
                continue
            for o in range(count):
                future = child_values[offset + o]
                if future is None:
                    continue
                candidate = gains[o] + future
                current = values[offset + o]
                if current is None or (candidate > current if maximise else candidate < current):
                    values[offset + o] = candidate
                    pointers[offset + o] = index
                    changed = True
        return changed

    def along(self) -> dict[StateKey, tuple[float, ...]]:
        """Per dimension, the points each state's best continuation (for the total) earns.

        Followed along the recorded best edges from every state, each state once; where
        equal values make those edges go round a loop, the loop adds nothing.
        """
        zero = (0.0,) * (self.count - 1)
        along: dict[StateKey, tuple[float, ...]] = {key: values[1:] for key, values in self.finish.items()}
        for start in self.value:
            trail: list[tuple[StateKey, Points]] = []
            on_trail: set[StateKey] = set()
            key = start
            while key not in along and key not in on_trail:
                index = self.pointer[key][0]
                if index < 0 or not self.edges.get(key):
                    break
                _, child, points, _ = self.edges[key][index]
                trail.append((key, points))
                on_trail.add(key)
                key = child
            future = along.get(key, zero)
            for key, points in reversed(trail):
                future = tuple(p + f for p, f in zip(points, future))
                along[key] = future
        return along

    def path(self, root: StateKey, objective: int) -> tuple[tuple[str, ...], str, Points]:
        """Follow the recorded edges for one objective from the root to an ending."""
        choices: list[str] = []
        points = self.scorer.zero()
        key = root
        while key not in self.finish:
            choice_key, key, gained, _ = self.edges[key][self.pointer[key][objective]]
            choices.append(choice_key)
            points = self.scorer.add(points, gained)
        core = key[0]
        outcome = self.scenario.endings[core.at].outcome.value
        finish = self.scorer.finish(outcome, mood(self.scenario, core))
        return tuple(choices), core.at, self.scorer.add(points, finish.points)


def analyze(scenario: Scenario, scorer: Scorer, state_limit: int = DEFAULT_STATE_LIMIT) -> Analysis:
    """Search every distinct state of a scenario; raises AnalysisError if no ending can be reached."""
    search = _Search(scenario, scorer, state_limit)
    with gc_paused():
        root = search.explore()
        search.solve()
    if search.value[root][0] is None:
        if search.exact:
            raise AnalysisError(f"scenario '{scenario.id}': no playthrough can reach an ending", estimate=False)
        where = (
            f"at max_turns ({scenario.max_turns} replies), which a reply condition doing arithmetic on turn or visits() needs"
            if search.cut_by_turns
            else f"at its limit of {state_limit:,} states"
        )
        raise AnalysisError(
            f"scenario '{scenario.id}': the search stopped {where} before finding a playthrough that reaches an ending",
            estimate=True,
        )
    count = search.count
    names = scorer.dimension_names
    values = search.value[root]
    # The best playthrough is the model answer: each skill is judged against what it
    # shows (not against odd detours that collect more of one skill at others' cost).
    best_choices, _, best_points = search.path(root, 0)
    maxima = Maxima(
        dict(zip(names, best_points)),
        total=float(values[0]),  # type: ignore[arg-type]
        skills=tuple(skill for skill in scenario.skills if skill in names),
    )

    graph = ValueGraph(search)

    def result(objective: int) -> PathResult:
        """The playthrough that is best (or worst) for one objective, graded as a run would be."""
        choices, ending, points = search.path(root, objective)
        total = scorer.total(points)
        by_name = dict(zip(names, points))
        reviews = scorer.review(graph.decisions(scenario, scorer, choices))
        if reviews is None:
            return PathResult(
                choices, ending, by_name, total, scorer.percent_of(total, maxima), scorer.band_of(by_name, maxima)
            )
        run = scorer.grade(reviews)
        skills = [p for name in (maxima.skills or names) if (p := run.skills.get(name)) is not None]
        band = scorer.rubric.band_for(run.percent, skills, run.mistakes, run.counts["blunder"])
        return PathResult(choices, ending, by_name, total, run.percent, band)

    return Analysis(
        scenario_id=scenario.id,
        nodes=len(scenario.nodes),
        decision_nodes=scenario.decision_nodes,
        states=len(search.seen),
        exact=search.exact,
        worst_exact=search.exact and search.worst_exact,
        maxima=maxima,
        dimension_maxima={name: float(values[1 + d]) for d, name in enumerate(names)},  # type: ignore[arg-type]
        best=result(0),
        worst=result(count),
        best_by_dimension={name: result(1 + d) for d, name in enumerate(names)},
        worst_by_dimension={name: result(count + 1 + d) for d, name in enumerate(names)},
        reachable_nodes=frozenset(search.nodes),
        reachable_choices=frozenset(search.choices),
        reachable_endings=frozenset(search.endings),
        silent_nodes=frozenset(search.silent),
        endings={ending_id: ending.outcome.value for ending_id, ending in scenario.endings.items()},
        node_ids=tuple(scenario.nodes),
        choice_keys=tuple(scenario.choices_by_key),
        graph=graph,
    )


def _components(edges: dict[StateKey, list[Edge]]) -> list[list[StateKey]]:
    """Strongly connected components of the state graph, sinks first (Tarjan, no recursion)."""
    index: dict[StateKey, int] = {}
    low: dict[StateKey, int] = {}
    on_stack: set[StateKey] = set()
    stack: list[StateKey] = []
    found: list[list[StateKey]] = []
    counter = 0
    for root in edges:
        if root in index:
            continue
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter(edges[root]))]
        while work:
            node, outgoing = work[-1]
            descended = False
            for _, child, _, _ in outgoing:
                if child not in edges:
                    continue  # an ending: solved already
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(edges[child])))
                    descended = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if descended:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                found.append(component)
    return found


_CACHE: dict[tuple[str, str], Analysis] = {}


def cached_analysis(scenario: Scenario, scorer: Scorer) -> Analysis:
    """`analyze` once per scenario content and rubric in this process."""
    key = (scenario.content_hash, scorer.rubric.digest)
    if key not in _CACHE:
        if len(_CACHE) >= 64:
            _CACHE.clear()
        _CACHE[key] = analyze(scenario, scorer)
    return _CACHE[key]
