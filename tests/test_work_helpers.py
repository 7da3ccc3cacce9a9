"""The work counters of tests/work_helpers.py see the work they count, so a test that asserts few counts means it."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.scenario.diagnostics import DiagnosticError
from game.scenario.loader import load_scenario, load_scenario_text
from game.scenario.source import read_yaml
from scoring.rubric import DEFAULT_RUBRIC_PATH, parse_rubric
from tests.conftest import EXAMPLE, MINI
from tests.work_helpers import files_opened, fuzzy_matching, parser_events, python_calls


def test_parser_events_counts_every_event_of_a_scenario_read() -> None:
    """Reading `a: [1, 2]` counts at least its nine events (document, mapping, key, list, two items, three ends), none past line 2."""
    with parser_events() as events:
        read_yaml(b"a: [1, 2]\n", "s.yaml")
    assert events.count >= 9 and events.last_line in (1, 2)


def test_parser_events_sees_how_far_a_scenario_is_read() -> None:
    """A whole scenario is read to its last line; nothing is counted once the block is left."""
    with parser_events() as events:
        load_scenario_text(MINI)
    assert events.last_line >= MINI.count("\n") - 1
    counted = events.count
    load_scenario_text(MINI)
    assert events.count == counted


def test_parser_events_counts_a_rubric_read() -> None:
    """The rubric reader's events are counted too."""
    text = DEFAULT_RUBRIC_PATH.read_text(encoding="utf-8")
    with parser_events() as events:
        parse_rubric(text, "default.yaml")
    assert events.count > 100


def test_python_calls_counts_calls_and_stops_counting_after() -> None:
    """A thousand calls of a function are at least a thousand calls; none are counted after the block."""

    def noop() -> None:
        """Do nothing."""

    with python_calls() as calls:
        for _ in range(1_000):
            noop()
    assert 1_000 <= calls.count < 1_100
    counted = calls.count
    noop()
    assert calls.count == counted


def test_fuzzy_matching_counts_the_loaders_did_you_mean() -> None:
    """An unknown field costs one fuzzy search against every known field, counted though the loader imported difflib's function by name."""
    with fuzzy_matching() as fuzzy, pytest.raises(DiagnosticError) as caught:
        load_scenario_text(MINI.replace("title: Mini", "titel: Mini"))
    assert any("did you mean 'title'" in d.message for d in caught.value.diagnostics)
    assert fuzzy.searches >= 1 and fuzzy.comparisons > fuzzy.searches


def test_files_opened_records_a_scenario_file(tmp_path: Path) -> None:
    """Loading a scenario file records its path; a file opened after the block is not recorded."""
    with files_opened() as opened:
        load_scenario(EXAMPLE)
    assert str(EXAMPLE) in opened.paths
    (tmp_path / "later.txt").write_text("x")
    assert str(tmp_path / "later.txt") not in opened.paths
