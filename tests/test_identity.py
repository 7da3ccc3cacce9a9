"""Tests for game.store.identity: a served player's PIN, claimed once, stored hashed, asked before their name is used."""

from __future__ import annotations

import pytest

from game.store.errors import StoreError
from game.store.identity import FREE_TRIES, check_pin_text, clear_pin, hash_pin, is_owner, lock_seconds, may_act_for, needs_pin, pin_matches, sign_in
from game.store.keys import ENV_VAR
from game.store.players import get_player
from game.store.copies import default_rubric_text
from game.store.runs import record_run
from tests.store_helpers import GOOD, MINI_TEXT, Clock, finished, open_tmp

pytestmark = pytest.mark.usefixtures("db_engine")  # every test here runs on SQLite and on PostgreSQL


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


def test_too_many_wrong_pins_lock_the_name_for_a_while(tmp_path):
    """After FREE_TRIES wrong PINs in a row even the right PIN waits out the lock; then it works and the count starts again."""
    clock = Clock()
    store = open_tmp(tmp_path, clock=clock)
    sign_in(store, "alice", "1234")
    for _ in range(FREE_TRIES):
        with pytest.raises(StoreError, match="wrong PIN"):
            sign_in(store, "alice", "0000")
    with pytest.raises(StoreError, match="locked after too many wrong PINs"):
        sign_in(store, "alice", "1234")
    clock.now += lock_seconds(FREE_TRIES) + 1
    assert sign_in(store, "alice", "1234").name == "alice"
    for _ in range(FREE_TRIES - 1):  # the right PIN reset the count: these do not lock it
        with pytest.raises(StoreError, match="wrong PIN"):
            sign_in(store, "alice", "0000")
    assert sign_in(store, "alice", "1234").name == "alice"


def test_locks_grow_and_the_owner_can_clear_one(tmp_path):
    """Each wrong PIN past the free tries doubles the lock, up to a day; clearing the PIN ends it."""
    assert lock_seconds(FREE_TRIES - 1) == 0
    assert lock_seconds(FREE_TRIES + 1) == 2 * lock_seconds(FREE_TRIES)
    assert lock_seconds(FREE_TRIES + 40) == 86_400
    store = open_tmp(tmp_path, clock=Clock())
    sign_in(store, "bob", "4321")
    for _ in range(FREE_TRIES):
        with pytest.raises(StoreError):
            sign_in(store, "bob", "0000")
    clear_pin(store, "bob")
    assert sign_in(store, "bob", "5555").name == "bob"  # claimed afresh by its owner
