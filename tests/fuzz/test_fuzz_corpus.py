"""Replay every saved fuzz input: each must now pass the property of the target that found it.

`tests/fuzz/corpus/<target>/` holds the inputs that once made a target fail (and a few
pathological ones worth keeping). A file's name says what it was; its content is the
raw input: scenario or rubric bytes, a condition's text, or an engine case as JSON.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.scenario.compile import MAX_HINTS
from game.scenario.diagnostics import Diagnostic, DiagnosticError
from game.scenario.loader import MAX_SHAPE_DIAGNOSTICS, load_scenario_text
from scoring.safe_yaml import MAX_DUPLICATES
from tests.fuzz.harness import CORPUS
from tests.fuzz.test_fuzz_conditions import ENV_SAMPLES, check_condition
from tests.fuzz.test_fuzz_engine import run_case
from tests.fuzz.test_fuzz_loader import READER_CODES, check_and_exercise
from tests.fuzz.test_fuzz_rubric import check_rubric
from tests.work_helpers import fuzzy_matching, parser_events

pytestmark = pytest.mark.fuzz

# The fuzzy "did you mean" searches one file may cost: the references' budget, plus a few
# per shape finding shown when it has unknown or missing fields (DOJO102, DOJO101). The
# slow files here once cost a search per broken reference or unknown field: thousands.
SHAPE_SEARCHES = 20 * MAX_SHAPE_DIAGNOSTICS


def fuzzy_budget(found: list[Diagnostic]) -> int:
    """How many fuzzy searches a file with these findings may cost."""
    return MAX_HINTS + (SHAPE_SEARCHES if any(d.code in ("DOJO101", "DOJO102") for d in found) else 0)


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
    """A saved scenario file loads, or fails with located DOJO errors, and what loads plays; hints keep to their budget, duplicates to their limit, and reading stops at a fatal finding."""
    raw = path.read_bytes()
    check_and_exercise(raw)  # the loader's property under the harness's hang guard, then play
    found: list[Diagnostic] = []
    with fuzzy_matching() as fuzzy, parser_events() as events:
        try:
            load_scenario_text(raw, path.name)
        except DiagnosticError as error:
            found = error.diagnostics
    budget = fuzzy_budget(found)
    assert fuzzy.searches <= budget, f"{fuzzy.searches:,} fuzzy searches (budget {budget:,}): a search per finding again?"
    duplicates = sum(d.code == "DOJO005" for d in found)
    assert duplicates <= MAX_DUPLICATES + 1, f"{duplicates:,} duplicate keys reported: reading no longer stops after {MAX_DUPLICATES}"
    if found and all(d.code in READER_CODES for d in found) and any(d.line for d in found):
        stop = max(d.line for d in found)
        assert events.last_line <= stop + 1, f"read on to line {events.last_line:,}, past the finding on line {stop:,}"


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
