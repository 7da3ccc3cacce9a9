"""Replay every saved fuzz input: each must now pass the property of the target that found it.

`tests/fuzz/corpus/<target>/` holds the inputs that once made a target fail (and a few
pathological ones worth keeping). A file's name says what it was; its content is the
raw input: scenario or rubric bytes, a condition's text, or an engine case as JSON.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.fuzz.harness import CORPUS, check_loader
from tests.fuzz.test_fuzz_conditions import ENV_SAMPLES, check_condition
from tests.fuzz.test_fuzz_engine import run_case
from tests.fuzz.test_fuzz_loader import check_and_exercise
from tests.fuzz.test_fuzz_rubric import check_rubric

pytestmark = pytest.mark.fuzz


def corpus(target: str) -> list[object]:
    """Every file saved for one target, as pytest params named after the file."""
    files = sorted(path for path in (CORPUS / target).iterdir() if path.is_file() and path.name != "README.md")
    return [pytest.param(path, id=path.name) for path in files]


def test_every_target_has_a_corpus() -> None:
    """Each target's folder exists and holds at least one saved input."""
    for target in ("loader", "conditions", "engine", "rubric"):
        assert corpus(target), target


@pytest.mark.parametrize("path", corpus("loader"))
def test_loader_corpus(path: Path) -> None:
    """A saved scenario file loads, or fails with located DOJO errors, and what loads plays."""
    raw = path.read_bytes()
    check_loader(raw, seconds=3.0)  # the slowest of them once took 9 s
    check_and_exercise(raw)


@pytest.mark.parametrize("path", corpus("conditions"))
def test_conditions_corpus(path: Path) -> None:
    """A saved condition parses and evaluates to a bool, or raises ConditionError with a sane offset."""
    check_condition(path.read_bytes().decode("utf-8", "surrogatepass"), ENV_SAMPLES)


@pytest.mark.parametrize("path", corpus("engine"))
def test_engine_corpus(path: Path) -> None:
    """A saved engine case replays with every session invariant holding and analysis agreeing with play."""
    run_case(json.loads(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("path", corpus("rubric"))
def test_rubric_corpus(path: Path) -> None:
    """A saved rubric loads and scores within 0-100%, or raises RubricError naming its source."""
    check_rubric(path.read_bytes())
