"""Tests for game.store.identity: a served player's PIN, claimed once, stored hashed, asked before their name is used."""

from __future__ import annotations

import pytest

from game.store.errors import StoreError
from game.store.identity import check_pin_text, clear_pin, hash_pin, is_owner, may_act_for, needs_pin, pin_matches, sign_in
from game.store.keys import ENV_VAR
from game.store.players import get_player
from game.store.copies import default_rubric_text
from game.store.runs import record_run
from tests.store_helpers import GOOD, MINI_TEXT, finished, open_tmp

OTHER_KEY = "someone-elses-key-0123456789abcdef0123456789"


def test_pins_are_stored_salted_and_hashed():
    """The stored form never holds the PIN, differs per salt, and matches only the same PIN."""
    stored = hash_pin("1234")
    assert "1234" not in stored.split("$", 3)[-1] and hash_pin("1234") != stored
    assert pin_matches("1234", stored) and not pin_matches("1235", stored) and not pin_matches("1234", "garbage")


def test_a_pin_is_four_to_twelve_digits():
    """Letters, too few or too many digits are refused."""
    for bad in ["123", "abcd", "1234567890123", "١٢٣٤"]:
        with pytest.raises(StoreError):
            check_pin_text(bad)
    assert check_pin_text("0000") == "0000"


def test_the_first_sign_in_claims_the_name_and_later_ones_must_match(tmp_path):
    """Finding 6: 'alice' is claimed with a PIN; 'ALICE' with another PIN is refused; the owner can clear it."""
    store = open_tmp(tmp_path)
    sign_in(store, "alice", "1234", cohort="2024-09")
    assert needs_pin(store, "Alice")
    with pytest.raises(StoreError, match="wrong PIN"):
        sign_in(store, "ALICE", "9999", cohort="2025-01")
    assert get_player(store, "alice").cohort == "2024-09"
    sign_in(store, "Alice", "1234", cohort="2025-01")
    assert get_player(store, "alice").cohort == "2025-01"
    clear_pin(store, "alice")
    assert not needs_pin(store, "alice")


def test_someone_without_the_pin_or_the_key_cannot_act_for_a_pin_holder(tmp_path, monkeypatch):
    """Finding 6: opting a PIN holder out, or recording a run (and a new cohort) as them, needs their PIN or the owner's key."""
    store = open_tmp(tmp_path)
    sign_in(store, "alice", "1234", cohort="2024-09")
    assert is_owner(store)
    may_act_for(store, "alice", None)  # the owner may
    monkeypatch.setenv(ENV_VAR, OTHER_KEY)
    assert not is_owner(store)
    with pytest.raises(StoreError, match="PIN"):
        may_act_for(store, "alice", None)
    may_act_for(store, "alice", "1234")
    with pytest.raises(StoreError, match="holds a PIN"):
        record_run(store, player="ALICE", session=finished(GOOD), scenario_text=MINI_TEXT, rubric_text=default_rubric_text(), cohort="2099-01")
    assert get_player(store, "alice").cohort == "2024-09"


def test_a_pin_holders_saved_run_cannot_be_resumed_or_overwritten_without_the_key(tmp_path, monkeypatch):
    """Finding 6: without the store's key (and so without a served seat's PIN check) a PIN holder's save is not touched."""
    from game.store.sessions import SessionStore

    store = open_tmp(tmp_path)
    sign_in(store, "alice", "1234")
    SessionStore(store).save("alice", finished(["listen"], mode="practice"), MINI_TEXT)
    assert SessionStore(store).load_resumable("ALICE", "mini") is not None  # the owner's key: allowed
    monkeypatch.setenv(ENV_VAR, OTHER_KEY)
    with pytest.raises(StoreError, match="holds a PIN"):
        SessionStore(store).load_resumable("alice", "mini")
    with pytest.raises(StoreError, match="holds a PIN"):
        SessionStore(store).save("alice", finished(["refuse"], mode="practice"), MINI_TEXT)
