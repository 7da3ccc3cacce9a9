"""Fuzz the rubric and the scorer: damaged rubric files load or fail with RubricError.

Inputs are the bundled rubric with stacked text mutations, its data tree with values
replaced (huge, negative, NaN, infinite, the wrong type), and pathological YAML. The
property: `parse_rubric` returns a Rubric or raises RubricError naming the source,
for bounded work; and a rubric that loads scores any run without an exception, with every
percentage between 0 and 100.
"""

from __future__ import annotations

import copy
import functools
import math
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from scoring.rubric import DEFAULT_RUBRIC_PATH, Rubric, RubricError, parse_rubric
from scoring.scorer import EndingInput, Maxima, Scorer
from tests.fuzz.harness import fuzz_settings, saving, time_bound
from tests.fuzz.mutate import mutated
from tests.work_helpers import parser_events, python_calls

pytestmark = pytest.mark.fuzz

SEED = DEFAULT_RUBRIC_PATH.read_bytes()
# The comments are most of the file; mutations hit data more often without them.
BARE = yaml.safe_dump(yaml.safe_load(SEED), sort_keys=False, allow_unicode=True).encode("utf-8")
SEED_DATA = yaml.safe_load(SEED)
SOURCE = "fuzz-rubric.yaml"


def check_rubric(raw: bytes) -> Rubric | None:
    """The rubric property (see the module docstring)."""
    text = raw.decode("utf-8", errors="replace")
    with saving("rubric", raw, ".yaml"), time_bound():
        try:
            rubric = parse_rubric(text, SOURCE)
        except RubricError as error:
            message = str(error)
            assert message.startswith(SOURCE), message
            assert "Traceback" not in message
            return None
        exercise(rubric)
        return rubric


def exercise(rubric: Rubric) -> None:
    """Score runs made of every behaviour, then every pattern's tags, under the rubric."""
    scorer = Scorer(rubric)
    tags = list(rubric.behaviours)
    state = scorer.initial_state()
    points = scorer.zero()
    for index, tag in enumerate(tags * 2 + ["unknown.tag"]):
        state, result = scorer.step(state, [tag, tags[(index * 7) % len(tags)]] if tags else [tag], f"k{index % 3}")
        points = scorer.add(points, result.points)
    for outcome in [*rubric.outcomes, "nothing"]:
        for mood in (0.0, 0.5, 1.0):
            scorer.finish(outcome, mood)
    total = scorer.total(points)
    assert not math.isnan(total)
    for best in (0.0, 1.0, abs(total) + 1.0, 1e300):
        maxima = Maxima({name: best for name in scorer.dimension_names}, total=best, skills=tuple(scorer.dimension_names[:2]))
        card = scorer.score([], EndingInput("e", next(iter(rubric.outcomes), "x"), 0.5), maxima)
        assert 0.0 <= card.percent <= 100.0, card.percent
        assert card.band is None or card.band in {band.name for band in rubric.bands}
        for score in card.dimensions.values():
            assert score.percent is None or 0.0 <= score.percent <= 100.0
        band = scorer.band_of(dict(zip(scorer.dimension_names, points)), maxima)
        assert band is None or band in {b.name for b in rubric.bands}


@fuzz_settings(100)
@given(raw=mutated([SEED, BARE]))
def test_mutated_rubric_loads_or_fails_cleanly(raw: bytes) -> None:
    """The bundled rubric with stacked text mutations loads and scores, or raises RubricError."""
    check_rubric(raw)


_ODD: list[Any] = [
    None, True, 0, -1, 1.5, 10**30, -(10**30), 10**400, float("nan"), float("inf"), -float("inf"), "", "x", "[", "*",
    "**", "a.b", [], {}, [1], {"a": 1}, "x" * 10_000,
]  # fmt: skip


@st.composite
def mutated_data(draw: st.DrawFn) -> bytes:
    """The rubric's data with a few values replaced or keys deleted."""
    data = copy.deepcopy(SEED_DATA)
    for _ in range(draw(st.integers(1, 3))):
        node, parent, key = data, None, None
        for _ in range(draw(st.integers(1, 4))):
            if isinstance(node, dict) and node:
                parent, key = node, draw(st.sampled_from(list(node)))
            elif isinstance(node, list) and node:
                parent, key = node, draw(st.integers(0, len(node) - 1))
            else:
                break
            node = parent[key]
        if parent is None:
            continue
        if isinstance(parent, dict) and draw(st.integers(0, 3)) == 0:
            del parent[key]
        else:
            parent[key] = copy.deepcopy(draw(st.sampled_from(_ODD)))  # never share (and later mutate) the pool
    return yaml.safe_dump(data, sort_keys=False).encode("utf-8")


@fuzz_settings(100)
@given(raw=mutated_data())
def test_rubric_with_odd_values_loads_or_fails_cleanly(raw: bytes) -> None:
    """Huge, negative, NaN or wrongly typed values give RubricError or a rubric that scores within 0-100%."""
    check_rubric(raw)


def _laughs(width: int, depth: int) -> str:
    lines = ['a0: &a0 {x: {title: t, description: d}}']
    for level in range(1, depth + 1):
        pairs = ", ".join(f"k{n}: *a{level - 1}" for n in range(width))
        lines.append(f"a{level}: &a{level} {{{pairs}}}")
    return "\n".join(lines) + f"\ndimensions: *a{depth}\n"


PATHOLOGICAL = {
    "deep-flow": "[" * 200_000 + "]" * 200_000,
    "deep-mapping": "{a: " * 100_000 + "b" + "}" * 100_000,
    "alias-bomb": _laughs(10, 8),
    "alias-bomb-in-rubric": SEED.decode().replace("dimensions:", "x: " + "\n".join(_laughs(9, 7).splitlines()[:1]) + "\ndimensions:", 1)
    + "\n" + "\n".join(_laughs(10, 7).splitlines()[1:-1]) + "\n",
    "huge-file": "# " + "x" * (9 * 1024 * 1024),
    "python-tag": "format: !!python/object/apply:os.system ['true']",
    "two-documents": "format: 1\n---\nformat: 1\n",
    "huge-points": SEED.decode().replace("points: +10\n", "points: +1" + "0" * 4000 + "\n", 1),
}


CALLS_PER_EVENT = 50  # reading, building and validating make a few dozen calls per parser event


@functools.cache
def seed_events() -> int:
    """How many parser events reading the bundled rubric takes (after one read to pay one-time costs)."""
    parse_rubric(SEED.decode("utf-8"), SOURCE)
    with parser_events() as events:
        parse_rubric(SEED.decode("utf-8"), SOURCE)
    return events.count


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_rubric_fails_with_bounded_work(name: str) -> None:
    """Alias bombs, deep nesting, tags and huge files give RubricError, never a crash, reading no more than the seed rubric and expanding nothing."""
    most = seed_events() + 500  # the pathological rubrics are the seed or smaller, with a bomb in
    with pytest.raises(RubricError):
        with time_bound(), parser_events() as events, python_calls() as calls:
            parse_rubric(PATHOLOGICAL[name], SOURCE)
    assert events.count <= most, f"{name}: read {events.count:,} parser events (the seed rubric takes {most - 500:,})"
    budget = CALLS_PER_EVENT * events.count + 2_000
    assert calls.count <= budget, f"{name}: {calls.count:,} calls for {events.count:,} parser events: aliases expanded, or work repeated"
