"""Tests for game.play.spill_check: only sealed spill files, with every field checked, are restored."""

from __future__ import annotations

import pytest

from game.play.spill_check import check_item, check_seal, seal_document
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
