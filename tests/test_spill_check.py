"""Tests for game.play.spill_check: only sealed spill files, with every field checked, are restored."""

from __future__ import annotations

import json
import math

import pytest

from game.play import spill_check
from game.play.spill_check import check_item, check_runs, check_seal, read_spill, seal_document
from game.store.errors import StoreError
from game.store.keys import SealKey

KEY = SealKey(b"k" * 40)
NOW = 1_800_000_000.0


def item(**changes):
    """A well-formed spilled run, with some fields changed."""
    good = {
        "player": "Dana", "cohort": "2024-09", "team": None, "scenario": "mini", "file_name": "mini.yaml",
        "finished": True, "finished_at": NOW - 60, "scenario_text": "x", "rubric_text": "y",
        "session": {"seed": 1, "mode": "ranked", "events": [{"kind": "choose", "choice": "a/b", "at": NOW - 90}]},
    }
    return {**good, **changes}


def test_a_sealed_document_checks_and_any_change_breaks_it():
    """The game's seal checks; a changed field, another key or a missing seal is a StoreError."""
    document = seal_document({"format": "f", "runs": [item()]}, KEY)
    check_seal(document, KEY)
    with pytest.raises(StoreError, match="changed"):
        check_seal({**document, "runs": [item(player="Mallory")]}, KEY)
    with pytest.raises(StoreError, match="another key"):
        check_seal(document, SealKey(b"z" * 40))
    with pytest.raises(StoreError, match="no seal"):
        check_seal({"format": "f"}, KEY)


@pytest.mark.parametrize(
    "changes",
    [
        {"finished_at": -1e12}, {"finished_at": float("inf")}, {"finished_at": 1e300}, {"cohort": {"a": 1}},
        {"player": "\u200b"}, {"session": {"seed": 2**70, "mode": "ranked", "events": []}},
        {"session": {"seed": 1, "mode": "god", "events": []}}, {"finished": "yes"}, {"scenario_text": 5},
    ],
)
def test_every_field_is_checked(changes):
    """Out-of-range times, odd types, invisible names, huge seeds and unknown modes are each refused."""
    with pytest.raises(StoreError):
        check_item(item(**changes), NOW)


def test_a_good_item_passes():
    """A well-formed run comes back unchanged."""
    assert check_item(item(), NOW) == item()


NOW = 1_765_000_000.0  # a moment after every time below


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


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("player", None, "player is not text"),
        ("cohort", {"a": 1}, "cohort is not a short text"),
        ("finished", 1, "finished flag"),
        ("finished_at", -1e12, "not a plausible time"),
        ("finished_at", math.inf, "finish time is not a number"),
        ("finished_at", "2024", "finish time is not a number"),
        ("session", [], "not a saved session"),
    ],
)
def test_each_bad_field_is_named(field, value, words):
    """A field of the wrong type or out of range is named in the error."""
    run = sound_run()
    run[field] = value
    with pytest.raises(StoreError, match=words):
        check_item(run, NOW)


@pytest.mark.parametrize("seed", [2**70, -(2**64), True, 1.5])
def test_the_seed_must_fit_the_store(seed):
    """A seed past 64 bits, or not a whole number, is refused before the store would overflow."""
    run = sound_run()
    run["session"]["seed"] = seed
    with pytest.raises(StoreError, match="seed"):
        check_item(run, NOW)


def test_a_negative_seed_the_store_keeps_is_accepted():
    """Seeds are signed 64-bit numbers in the store, so a negative one is a sound run."""
    run = sound_run()
    run["session"]["seed"] = -5
    assert check_item(run, NOW) is run


def test_check_runs_names_the_first_bad_run_and_stores_nothing(tmp_path):
    """The message names the file, the run's number and the field; a list of sound runs comes back as it is."""
    bad = sound_run()
    bad["team"] = 5
    with pytest.raises(StoreError, match=r"run 2 cannot be restored \(its team is not a short text\); nothing from it was stored"):
        check_runs(tmp_path / "f.json", [sound_run(), bad], NOW)
    assert check_runs(tmp_path / "f.json", [sound_run()], NOW) == [sound_run()]
    with pytest.raises(StoreError, match="its runs are not a list"):
        check_runs(tmp_path / "f.json", {"a": 1}, NOW)


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
