"""Fuzz the engine: random scenarios, random sessions, and analysis held to what play finds.

A scenario is generated with random meters (ranges, thresholds, good high or low),
variables of every type, loops, and reply and line conditions built from the grammar
over its own names, visits(), chose() and turn. A session then takes random actions:
choose an offered reply, choose one that is not on offer, undo, save and restore
through JSON, restore a damaged save. After each action the session must be
consistent (meters in range, replies on offer really allowed, a replay of its events
identical), and at the end the analysis must agree with what play reached.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from game.engine.analysis import AnalysisError, analyze
from game.engine.lint import analysis_findings
from game.engine.rules import StateEnv
from game.engine.session import InvalidChoice, Session, SessionError, UndoNotAllowed
from game.scenario.loader import load_scenario_text
from scoring.rubric import default_rubric
from scoring.scorer import Scorer
from tests.fuzz.harness import check_diagnostic, fuzz_settings, saving, time_bound

pytestmark = pytest.mark.fuzz

RUBRIC = default_rubric()
SCORER = Scorer(RUBRIC)
TAGS = sorted(RUBRIC.behaviours)
OUTCOMES = ["delighted", "resolved", "partly-resolved", "escalated", "walked-out", "policy-broken"]
STATE_LIMIT = 4_000


# --------------------------------------------------------------------------- scenarios


def _condition(draw: st.DrawFn, kind: str, names: dict[str, str], nodes: list[str], keys: list[str], depth: int) -> str:
    """A well-typed condition of `kind` over the scenario's own names."""
    if depth <= 0 or draw(st.integers(0, 2)) == 0:
        return _leaf(draw, kind, names, nodes, keys)
    sub = depth - 1
    if kind == "bool":
        shape = draw(st.sampled_from(["and", "or", "not", "cmp", "eq"]))
        if shape in ("and", "or"):
            return f"({_condition(draw, 'bool', names, nodes, keys, sub)} {shape} {_condition(draw, 'bool', names, nodes, keys, sub)})"
        if shape == "not":
            return f"(not {_condition(draw, 'bool', names, nodes, keys, sub)})"
        if shape == "cmp":
            op = draw(st.sampled_from(["<", "<=", ">", ">="]))
            return f"({_condition(draw, 'int', names, nodes, keys, sub)} {op} {_condition(draw, 'int', names, nodes, keys, sub)})"
        side = draw(st.sampled_from(["int", "bool", "str"]))
        op = draw(st.sampled_from(["==", "!="]))
        return f"({_condition(draw, side, names, nodes, keys, sub)} {op} {_condition(draw, side, names, nodes, keys, sub)})"
    if kind == "int" and draw(st.booleans()):
        op = draw(st.sampled_from(["+", "-"]))
        return f"({_condition(draw, 'int', names, nodes, keys, sub)} {op} {_condition(draw, 'int', names, nodes, keys, sub)})"
    return _leaf(draw, kind, names, nodes, keys)


def _leaf(draw: st.DrawFn, kind: str, names: dict[str, str], nodes: list[str], keys: list[str]) -> str:
    declared = [name for name, type_ in names.items() if type_ == kind]
    options: list[str] = declared[:]
    if kind == "int":
        options += [str(draw(st.integers(0, 120))), "turn", f'visits("{draw(st.sampled_from(nodes))}")', "-5"]
    elif kind == "bool":
        options += ["true", "false", f'chose("{draw(st.sampled_from(keys))}")']
    else:
        options += ["'calm'", "''", "'x'"]
    return draw(st.sampled_from(options))


@st.composite
def scenarios(draw: st.DrawFn) -> str:
    """A valid scenario as YAML text (see the module docstring)."""
    endings = {f"e{k}": {"outcome": draw(st.sampled_from(OUTCOMES)), "title": f"End {k}", "text": "It ends."} for k in range(draw(st.integers(1, 4)))}
    ending_ids = list(endings)
    meters: dict[str, Any] = {}
    for m in range(draw(st.integers(1, 3))):
        low = draw(st.integers(-60, 10))
        high = draw(st.integers(low + 1, low + 120))
        start = draw(st.integers(low, high))
        meter: dict[str, Any] = {"start": start, "min": low, "max": high, "good": draw(st.sampled_from(["high", "low"]))}
        thresholds = []
        if start < high and draw(st.booleans()):
            thresholds.append({"at_least": draw(st.integers(start + 1, high)), "ending": draw(st.sampled_from(ending_ids))})
        if start > low and draw(st.booleans()):
            thresholds.append({"at_most": draw(st.integers(low, start - 1)), "ending": draw(st.sampled_from(ending_ids))})
        if thresholds:
            meter["thresholds"] = thresholds
        meters[f"m{m}"] = meter
    variables: dict[str, Any] = {}
    for v in range(draw(st.integers(0, 3))):
        variables[f"v{v}"] = draw(st.one_of(st.booleans(), st.integers(-5, 5), st.sampled_from(["calm", "x", ""])))
    names = {name: "int" for name in meters}
    names.update({name: ("bool" if isinstance(value, bool) else "int" if isinstance(value, int) else "str") for name, value in variables.items()})
    node_count = draw(st.integers(1, 7))
    node_ids = [f"n{i}" for i in range(node_count)]
    reply_counts = [draw(st.integers(1, 5)) for _ in node_ids]
    keys = [f"n{i}/r{k}" for i, count in enumerate(reply_counts) for k in range(count)]
    nodes: dict[str, Any] = {}
    for i, node_id in enumerate(node_ids):
        replies = []
        for k in range(reply_counts[i]):
            if k == 0:
                target = node_ids[i + 1] if i + 1 < node_count else ending_ids[0]
            else:
                target = draw(st.sampled_from([*node_ids, *ending_ids]))
            reply: dict[str, Any] = {
                "id": f"r{k}",
                "text": f"Reply {k}.",
                "tags": draw(st.lists(st.sampled_from(TAGS), min_size=1, max_size=3, unique=True)),
                "next": target,
            }
            effects = _effects(draw, meters, variables)
            if effects:
                reply["effects"] = effects
            if k > 0 and draw(st.booleans()):
                reply["when"] = _condition(draw, "bool", names, node_ids, keys, 3)
            replies.append(reply)
        lines: list[Any] = [f"Line of {node_id}."]
        if draw(st.booleans()):
            lines.append({"variants": ["One.", "Two.", "Three."][: draw(st.integers(2, 3))]})
        if draw(st.booleans()):
            lines.append({"when": _condition(draw, "bool", names, node_ids, keys, 2), "text": "Sometimes."})
        nodes[node_id] = {"say": lines, "choices": replies}
    data = {
        "format": 1,
        "id": "fuzzed",
        "title": "Fuzzed",
        "summary": "A scenario made by the engine fuzzer.",
        "difficulty": 1,
        "skills": ["listening"],
        "minutes": 1,
        "cast": {"c": {"name": "Customer"}},
        "meters": meters,
        "vars": variables,
        "start": "n0",
        "nodes": nodes,
        "endings": endings,
        "max_turns": draw(st.integers(1, 25)),
    }
    return yaml.safe_dump(data, sort_keys=False)


def _effects(draw: st.DrawFn, meters: dict[str, Any], variables: dict[str, Any]) -> dict[str, Any]:
    effects: dict[str, Any] = {}
    for name in meters:
        if draw(st.integers(0, 2)) == 0:
            effects[name] = {"set": draw(st.integers(-100, 150))} if draw(st.integers(0, 4)) == 0 else draw(st.integers(-40, 40))
    for name, value in variables.items():
        if draw(st.integers(0, 2)) == 0:
            if isinstance(value, bool):
                effects[name] = draw(st.booleans())
            elif isinstance(value, int):
                effects[name] = draw(st.integers(-3, 3)) if draw(st.booleans()) else {"set": draw(st.integers(-3, 3))}
            else:
                effects[name] = draw(st.sampled_from(["calm", "x", ""]))
    return effects


ACTIONS = st.lists(
    st.one_of(
        st.tuples(st.just("choose"), st.integers(0, 8)),
        st.tuples(st.just("undo")),
        st.tuples(st.just("save")),
        st.tuples(st.just("bad"), st.sampled_from(["", "nope", "n0/zz", "r0 ", "R0", "../x", "\x00"])),
        st.tuples(st.just("damage"), st.integers(0, 11)),
    ),
    max_size=60,
)


# --------------------------------------------------------------------------- the property


def check_state(session: Session) -> None:
    """Everything a session reports agrees with itself and with the scenario."""
    scenario = session.scenario
    for name, value in session.meters.items():
        spec = scenario.meters[name]
        assert spec.min <= value <= spec.max, (name, value)
    assert 0.0 <= session.mood <= 1.0
    if session.is_over:
        assert session.node is None and session.replies == () and session.ending is not None
        return
    node = session.node
    assert node is not None and session.ending is None
    offered = session.replies
    assert offered, f"node '{node.id}' offers no reply"
    env = StateEnv(scenario, session.core_state)
    for choice in offered:
        assert choice in node.choices
        assert choice.when is None or choice.when.evaluate(env)
    for line in session.lines:
        assert line.speaker in scenario.cast and line.text


def same_run(a: Session, b: Session) -> None:
    """Two sessions are at the same point of the same run."""
    assert a.core_state == b.core_state
    assert a.lines == b.lines
    assert a.points == b.points
    assert [t.choice.key for t in a.turns] == [t.choice.key for t in b.turns]


DAMAGE = [
    lambda d: d.pop("events"),
    lambda d: d.update(format=2),
    lambda d: d.update(seed="x"),
    lambda d: d.update(seed=None),
    lambda d: d.update(mode="cheat"),
    lambda d: d.update(events="nope"),
    lambda d: d.update(events=[{"kind": "choose", "choice": "n0/zz", "at": 1}]),
    lambda d: d.update(events=[{"kind": "undo", "choice": None, "at": 1}]),
    lambda d: d.update(events=[{"kind": "fly", "choice": None, "at": 1}]),
    lambda d: d.update(events=[{"kind": "choose", "choice": None, "at": "x"}]),
    lambda d: d.update(events=[None]),
    lambda d: d.update(content_hash=0),
]


def run_case(case: dict[str, Any]) -> None:
    """Load the scenario, act on a session, and hold it to the property."""
    loaded = load_scenario_text(case["scenario"], "fuzzed.yaml")
    scenario = loaded.scenario
    clock = iter(range(10**6))
    session = Session(scenario, seed=case["seed"], mode=case["mode"], scorer=SCORER, clock=lambda: float(next(clock)))
    check_state(session)
    visited = {scenario.start}
    for action in case["actions"]:
        kind = action[0]
        if kind == "choose" and not session.is_over:
            offered = session.replies
            before = (session.core_state, session.lines, len(session.turns))
            turn = session.choose(offered[action[1] % len(offered)].id)
            assert turn.node == before[0].at and len(session.turns) == before[2] + 1
            if session.node is not None:
                visited.add(session.node.id)
            if session.mode == "practice" and action[1] % 3 == 0:
                session.undo()
                assert (session.core_state, session.lines, len(session.turns)) == before
                session.choose(turn.choice.key)
        elif kind == "undo":
            if session.can_undo:
                undone = session.undo()
                assert undone.choice.key in scenario.choices_by_key
            else:
                with pytest.raises(UndoNotAllowed):
                    session.undo()
        elif kind == "save":
            data = json.loads(json.dumps(session.to_json()))
            restored = Session.from_json(data, scenario, SCORER)
            same_run(session, restored)
        elif kind == "bad":
            with pytest.raises(InvalidChoice):
                session.choose(action[1])
        elif kind == "damage":
            data = json.loads(json.dumps(session.to_json()))
            DAMAGE[action[1] % len(DAMAGE)](data)
            try:
                Session.from_json(data, scenario, SCORER)
            except SessionError as error:
                assert str(error)
        check_state(session)
    same_run(session, Session(scenario, seed=session.seed, mode=session.mode, scorer=SCORER, events=session.events))
    check_analysis(loaded, session, visited)


def check_analysis(loaded: Any, session: Session, visited: set[str]) -> None:
    """The analysis agrees with play: what play reached is reachable, nothing beats the best."""
    scenario = loaded.scenario
    try:
        result = analyze(scenario, SCORER, state_limit=STATE_LIMIT)
    except AnalysisError as error:
        assert error.estimate or not session.is_over, f"analysis says no ending is reachable, play reached {session.ending}"
        return
    for diagnostic in analysis_findings(loaded, SCORER, STATE_LIMIT):
        check_diagnostic(diagnostic, "fuzzed.yaml", 10**6)
    if result.exact:
        assert visited <= result.reachable_nodes, visited - result.reachable_nodes
        assert {t.choice.key for t in session.turns} <= result.reachable_choices
    if not session.is_over:
        return
    card = session.scorecard(result)
    assert 0.0 <= card.percent <= 100.0
    assert card.band is None or card.band in {band.name for band in RUBRIC.bands}
    if result.exact:
        assert session.ending is not None and session.ending.id in result.reachable_endings
        assert card.raw_total <= result.best.total + 1e-6, (card.raw_total, result.best.total)
        if result.worst_exact:
            assert card.raw_total >= result.worst.total - 1e-6


@fuzz_settings(60)
@given(text=scenarios(), seed=st.integers(0, 2**32), mode=st.sampled_from(["practice", "ranked"]), actions=ACTIONS)
def test_random_sessions_on_random_scenarios(text: str, seed: int, mode: str, actions: list[tuple[Any, ...]]) -> None:
    """Random actions on a random scenario keep every session invariant, and analysis agrees with play."""
    case = {"scenario": text, "seed": seed, "mode": mode, "actions": [list(a) for a in actions]}
    with saving("engine", json.dumps(case, indent=1).encode(), ".json"), time_bound():
        run_case(case)
