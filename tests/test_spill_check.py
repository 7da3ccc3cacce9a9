"""Tests for game/play/spill_check.py: a file of unsaved runs is read within limits and each run's fields are checked."""

from __future__ import annotations

import json
import math

import pytest

from game.play import spill_check
from game.play.spill_check import check_runs, read_spill, run_problem
from game.store.errors import StoreError


def sound_run() -> dict:
    """A run whose fields are all of the right type and range."""
    return {
        "player": "Dana",
        "cohort": "2024-09",
        "team": None,
        "scenario": "mini",
        "file_name": "mini.yaml",
        "finished": True,
        "finished_at": 1_714_953_600.0,
        "session": {"seed": 0, "mode": "ranked", "events": []},
        "scenario_text": "format: 1\n",
        "rubric_text": "id: default\n",
    }


def test_a_sound_run_has_no_problem():
    """A run as the game writes it passes the field checks."""
    assert run_problem(sound_run()) is None


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("player", None, "its player is not text"),
        ("cohort", {"a": 1}, "its cohort is not text"),
        ("finished", 1, "its finished is not true or false"),
        ("finished_at", -1e12, "its finished_at is not a time between 1970 and 9999"),
        ("finished_at", math.inf, "its finished_at is not a time between 1970 and 9999"),
        ("finished_at", "2024", "its finished_at is not a time between 1970 and 9999"),
        ("session", [], "its session is not a mapping"),
    ],
)
def test_each_bad_field_is_named(field, value, problem):
    """A field of the wrong type or out of range is named in the problem."""
    run = sound_run()
    run[field] = value
    assert run_problem(run) == problem


@pytest.mark.parametrize(
    ("seed", "problem"),
    [(2**70, "its session seed is out of range (a 64-bit whole number)"), (True, "its session seed is not a whole number"), (1.5, "its session seed is not a whole number")],
)
def test_the_seed_must_fit_the_store(seed, problem):
    """A seed past 64 bits, or not a whole number, is refused before the store would overflow."""
    run = sound_run()
    run["session"]["seed"] = seed
    assert run_problem(run) == problem


def test_check_runs_names_the_first_bad_run_and_stores_nothing(tmp_path):
    """The message names the file, the run's number and the field; a list of sound runs comes back as it is."""
    bad = sound_run()
    bad["team"] = 5
    with pytest.raises(StoreError, match=r"run 2 cannot be restored: its team is not text; nothing was stored"):
        check_runs(tmp_path / "f.json", [sound_run(), bad])
    assert check_runs(tmp_path / "f.json", [sound_run()]) == [sound_run()]
    with pytest.raises(StoreError, match="its runs are not a list"):
        check_runs(tmp_path / "f.json", {"a": 1})


def test_read_spill_refuses_deep_huge_and_broken_files(tmp_path, monkeypatch):
    """Deep nesting, a file past the size limit and invalid JSON are each one StoreError."""
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(StoreError, match="nested too deeply"):
        read_spill(deep)
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(StoreError, match="not valid JSON"):
        read_spill(broken)
    monkeypatch.setattr(spill_check, "MAX_SPILL_BYTES", 10)
    big = tmp_path / "big.json"
    big.write_text(json.dumps({"runs": []}) + " " * 20, encoding="utf-8")
    with pytest.raises(StoreError, match="larger than"):
        read_spill(big)
