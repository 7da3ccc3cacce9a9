"""Fuzz the scenario loader: damaged files load or fail with located DOJO codes, for bounded work.

Inputs are the bundled scenarios with stacked text mutations (tests/fuzz/mutate.py),
the same scenarios with their data tree mutated and dumped again, and raw bytes. What
loads is also played a little and analysed with a small state limit, so mutations that
survive the loader reach the engine too.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from game.engine.analysis import Analysis, AnalysisError, analyze
from game.engine.lint import analysis_findings
from game.engine.session import Session
from game.scenario.diagnostics import DiagnosticError
from game.scenario.loader import Loaded, load_scenario_text
from scoring.safe_yaml import MAX_DEPTH, MAX_EXPANDED_NODES, MAX_FILE_BYTES
from scoring.scorer import default_scorer
from tests.conftest import MINI
from tests.fuzz.harness import SEED_SCENARIOS, Hang, check_diagnostic, check_loader, fuzz_settings, saving, time_bound
from tests.fuzz.mutate import ODD_SCALARS, mutated
from tests.work_helpers import parser_events, python_calls

pytestmark = pytest.mark.fuzz

SEEDS = [path.read_bytes() for path in SEED_SCENARIOS] + [MINI.encode("utf-8")]
SEED_DATA = [yaml.safe_load(seed) for seed in SEEDS]


def exercise(loaded: Loaded) -> None:
    """Play a loaded scenario a little and analyse it: nothing but documented errors."""
    scenario = loaded.scenario
    with time_bound():
        session = Session(scenario)
        for step in range(60):
            if session.is_over:
                break
            offered = session.replies
            assert offered, "a node offered no reply"
            session.choose(offered[step % len(offered)].id)
        try:
            result = analyze(scenario, default_scorer(), state_limit=3_000)
        except AnalysisError:
            result = None
        assert result is None or isinstance(result, Analysis)
        for diagnostic in analysis_findings(loaded, default_scorer(), state_limit=3_000):
            check_diagnostic(diagnostic, loaded.doc.file, 10**9)


def check_and_exercise(raw: bytes) -> None:
    """The loader property, then the engine on whatever loaded."""
    with saving("loader", raw, ".yaml"):
        loaded = check_loader(raw)
        if loaded is not None:
            exercise(loaded)


@fuzz_settings(120)
@given(raw=mutated(SEEDS))
def test_mutated_scenarios_load_or_fail_located(raw: bytes) -> None:
    """A bundled scenario with stacked text mutations loads (and plays) or gives located DOJO errors."""
    check_and_exercise(raw)


@fuzz_settings(80)
@given(raw=st.binary(max_size=512))
def test_arbitrary_bytes_load_or_fail_located(raw: bytes) -> None:
    """Any bytes at all give a scenario or located DOJO errors, never another exception."""
    check_and_exercise(raw)


# --------------------------------------------------------------------------- data-tree mutations

_ODD_VALUES: list[Any] = [
    None, True, False, 0, -1, 10**9, 10**12, -(10**12), 10**100, 1.5, float("nan"), float("inf"), "", "x", "../x",
    "/etc/passwd", "a\x00b", "\u202e", "x" * 5000, [], {}, [1], {"a": 1}, [[[]]], {"set": 10**20}, {"set": "x"},
]  # fmt: skip


@st.composite
def mutated_data(draw: st.DrawFn) -> bytes:
    """A bundled scenario's data with a few values replaced, keys deleted or lists changed."""
    data = copy.deepcopy(SEED_DATA[draw(st.integers(0, len(SEED_DATA) - 1))])
    for _ in range(draw(st.integers(1, 4))):
        parent, key = _pick_place(draw, data)
        action = draw(st.sampled_from(["replace", "delete", "duplicate", "rename"]))
        if action == "replace":
            parent[key] = copy.deepcopy(draw(st.sampled_from(_ODD_VALUES)))  # never share (and later mutate) the pool
        elif action == "delete" and isinstance(parent, dict):
            del parent[key]
        elif action == "duplicate" and isinstance(parent, list):
            parent.extend(copy.deepcopy(parent[key]) for _ in range(draw(st.integers(1, 12))))
        elif action == "rename" and isinstance(parent, dict):
            parent[draw(st.sampled_from(["", "x" * 100, "Bad Id", "turn", "and", "a-b", "0", "ünï"]))] = parent.pop(key)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=draw(st.booleans())).encode("utf-8")


def _pick_place(draw: st.DrawFn, data: Any) -> tuple[Any, Any]:
    """A (container, key) somewhere in the tree, walking down a random path."""
    parent, key = data, next(iter(data))
    node = data
    for _ in range(draw(st.integers(1, 7))):
        if isinstance(node, dict) and node:
            key = draw(st.sampled_from(list(node)))
        elif isinstance(node, list) and node:
            key = draw(st.integers(0, len(node) - 1))
        else:
            break
        parent, node = node, node[key]
    return parent, key


@fuzz_settings(120)
@given(raw=mutated_data())
def test_mutated_data_loads_or_fails_located(raw: bytes) -> None:
    """A bundled scenario with values of the wrong kind, missing keys or long lists fails located or loads."""
    check_and_exercise(raw)


# --------------------------------------------------------------------------- pathological inputs


def _billion_laughs(width: int, depth: int, kind: str = "seq") -> bytes:
    lines = [b'a0: &a0 ["lol"]']
    for level in range(1, depth + 1):
        refs = ", ".join(f"*a{level - 1}" for _ in range(width))
        if kind == "seq":
            lines.append(f"a{level}: &a{level} [{refs}]".encode())
        else:
            pairs = ", ".join(f"k{n}: *a{level - 1}" for n in range(width))
            lines.append(f"a{level}: &a{level} {{{pairs}}}".encode())
    return b"\n".join(lines) + b"\n"


PATHOLOGICAL = {
    "billion-laughs-seq": _billion_laughs(10, 9),
    "billion-laughs-map": _billion_laughs(10, 9, "map"),
    "laughs-under-nodes": MINI.encode().replace(b"nodes:\n", b"x: " + b"\n".join(_billion_laughs(9, 7).split(b"\n")[0:1]) + b"\nnodes:\n", 1),
    "deep-flow-100k": b"[" * 100_000 + b"]" * 100_000,
    "deep-flow-mapping": b"{a: " * 50_000 + b"b" + b"}" * 50_000,
    "deep-block": b"".join(b"  " * i + b"k:\n" for i in range(2_000)) + b"  " * 2_000 + b"v\n",
    "deep-block-list": b"".join(b"  " * i + b"-\n" for i in range(3_000)),
    "just-over-depth": b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1),
    "open-flow-8mb": b"[" * (MAX_FILE_BYTES - 1),
    "many-scalars": b"[" + b"1," * (MAX_EXPANDED_NODES + 10) + b"]",
    "many-anchors": b"\n".join(b"k%d: &a%d v" % (i, i) for i in range(100_000)),
    "long-key": b"k" * 1_000_000 + b": v\n",
    "long-plain-line": b"title: " + b"x " * 2_000_000 + b"\n",
    "many-quotes": b'"' + b"\\\\" * 2_000_000 + b'"',
    "many-documents": b"---\n" * 100_000,
    "many-duplicate-keys": b"".join(b"k%d: v\n" % i for i in range(100_000)) * 2,
    "huge-int": b"format: " + b"9" * 1_000_000,
    "huge-float": b"format: 1." + b"9" * 1_000_000 + b"e99999999999",
    "self-alias": b"a: &a [*a]",
    "nested-self-alias": b"a: &a {b: {c: [*a]}}",
    "odd-scalars": "\n".join(f"k{i}: {value}" for i, value in enumerate(ODD_SCALARS)).encode(),
}


# Findings made while reading the YAML itself: reading stops at the first fatal one.
READER_CODES = frozenset(f"DOJO{number:03d}" for number in range(1, 11))
CALLS_PER_EVENT = 20  # the reader and the checks after it make a handful of calls per parser event


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_input_fails_with_bounded_work(name: str) -> None:
    """Alias bombs, deep nesting and huge scalars give located DOJO errors for bounded work: reading stops at the finding, nothing is expanded."""
    raw = PATHOLOGICAL[name]
    check_loader(raw, "bomb.yaml")  # the property, under the hang guard; also pays any one-time cost (imports, the rubric)
    with pytest.raises(DiagnosticError) as caught, parser_events() as events, python_calls() as calls:
        load_scenario_text(raw, "bomb.yaml")
    assert events.count <= MAX_EXPANDED_NODES + 10, f"{name}: read {events.count:,} parser events, past the node limit"
    budget = CALLS_PER_EVENT * events.count + 2_000
    assert calls.count <= budget, f"{name}: {calls.count:,} calls for {events.count:,} parser events: aliases expanded, or work repeated"
    found = caught.value.diagnostics
    if all(d.code in READER_CODES for d in found) and any(d.line for d in found):
        stop = max(d.line for d in found)
        assert events.last_line <= stop + 1, f"{name}: read on to line {events.last_line:,}, past the finding on line {stop:,}"


def test_a_hang_while_reading_fails_as_a_hang_not_as_a_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    """A reader stuck past the hang guard fails with Hang: the loader's last-resort `except Exception` cannot make it a DOJO004 refusal."""

    def stuck(self: Any) -> Any:
        while True:  # burns CPU until the guard's SIGPROF fires
            pass

    for cls in (getattr(yaml, "CSafeLoader", None), yaml.SafeLoader):
        if cls is not None:
            monkeypatch.setattr(cls, "get_event", stuck)
    with pytest.raises(Hang):
        check_loader(MINI.encode("utf-8"), seconds=0.2)
