"""Tests for game.store.classes: opening and reopening a class, its join code, names by identity,
the trainer's secret kept as sha256, closing and reopening, the trainer's message and rounds."""

from __future__ import annotations

import hashlib
import itertools
import tempfile
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from game.store.classes import (
    CODE_ALPHABET,
    CODE_LENGTH,
    MAX_CLASS_NAME,
    MAX_MESSAGE,
    _new_code,
    check_class_name,
    class_by_id,
    close_class,
    end_round,
    find_class,
    list_classes,
    next_round,
    normal_code,
    open_class,
    open_class_by_code,
    reopen_class,
    send_message,
    token_digest,
    trainer_allowed,
)
from game.store.errors import StoreError
from game.store.tables import classes
from tests.store_helpers import MONDAY, open_tmp

pytestmark = pytest.mark.usefixtures("db_engine")  # every test here runs on SQLite and on PostgreSQL


NAME = "September hires"
_numbers = itertools.count(1)


def test_open_class_creates_a_class_with_a_code_of_the_alphabet(store, clock):
    """A new class has a CODE_LENGTH code of CODE_ALPHABET, its mode and scenarios in order, and is open."""
    info, token, reopened = open_class(store, "  September   hires ", "ranked", ["b", "a"])
    assert reopened is False and token
    assert info.name == NAME  # trimmed, inner spaces collapsed
    assert len(info.code) == CODE_LENGTH and set(info.code) <= set(CODE_ALPHABET)
    assert (info.mode, info.scenarios) == ("ranked", ("b", "a"))
    assert info.opened_at == MONDAY and info.is_open and not info.round_over
    assert (info.message, info.message_seq) == (None, 0)


def test_reopening_keeps_the_code_and_takes_the_new_mode_and_scenarios(store, clock):
    """Opening the same name again (other case and spacing) keeps the code, takes the new mode and list, clears the round and message."""
    first, _, _ = open_class(store, NAME, "practice", ["a"])
    send_message(store, first.id, "hello")
    end_round(store, first.id)
    clock.now += 100
    again, _, reopened = open_class(store, "SEPTEMBER  Hires", "ranked", ["c", "d"])
    assert reopened is True
    assert (again.id, again.code, again.name) == (first.id, first.code, NAME)  # the name as first typed stays
    assert (again.mode, again.scenarios, again.opened_at) == ("ranked", ("c", "d"), MONDAY + 100)
    assert (again.message, again.round_over) == (None, False)
    assert again.message_seq == 1  # the count goes on, so an app never shows an old message as new
    assert len(list_classes(store)) == 1


def test_the_trainer_secret_is_stored_only_as_its_sha256(store):
    """The stored token is the sha256 hex of the secret, never the secret; the secret is allowed, others are not."""
    info, token, _ = open_class(store, NAME, "ranked", ["a"])
    with store.read() as connection:
        stored = connection.execute(select(classes.c.trainer_token).where(classes.c.id == info.id)).scalar()
    assert stored == hashlib.sha256(token.encode()).hexdigest() == token_digest(token)
    assert stored != token
    assert trainer_allowed(store, info.id, token)
    assert not trainer_allowed(store, info.id, stored)  # the digest itself is no key
    assert not trainer_allowed(store, info.id, token + "x")
    assert not trainer_allowed(store, info.id, "")
    assert not trainer_allowed(store, info.id, None)
    assert not trainer_allowed(store, info.id + 1, token)


def test_opening_again_gives_a_new_secret_and_the_old_one_stops_working(store):
    """Each opening makes a new secret: the address printed last time no longer lets anyone in."""
    info, old, _ = open_class(store, NAME, "ranked", ["a"])
    _, new, _ = open_class(store, NAME, "ranked", ["a"])
    assert new != old
    assert trainer_allowed(store, info.id, new) and not trainer_allowed(store, info.id, old)


@pytest.mark.parametrize(
    ("name", "mode", "scenarios"),
    [
        ("", "ranked", ["a"]),
        ("   ", "ranked", ["a"]),
        ("x" * (MAX_CLASS_NAME + 1), "ranked", ["a"]),
        ("bad\u200bname", "ranked", ["a"]),
        (NAME, "tournament", ["a"]),
        (NAME, "ranked", []),
    ],
)
def test_bad_opening_is_a_store_error_and_stores_nothing(store, name, mode, scenarios):
    """A blank, too long or invisible-character name, an unknown mode or no scenarios: StoreError, no class stored."""
    with pytest.raises(StoreError):
        open_class(store, name, mode, scenarios)
    assert list_classes(store) == []


def test_a_name_of_exactly_the_limit_is_accepted(store):
    """MAX_CLASS_NAME characters (after trimming) is still a class name."""
    name = "y" * MAX_CLASS_NAME
    assert check_class_name(f"  {name}  ") == name
    assert open_class(store, name, "practice", ["a"])[0].name == name


def test_check_class_name_speaks_of_a_class_not_a_player():
    """The errors of a bad class name are about a class name (the player-name rule is reused, not its word)."""
    for bad in ("", "a\u200bb"):
        with pytest.raises(StoreError) as caught:
            check_class_name(bad)
        assert "class name" in caught.value.message and "player" not in caught.value.message


def test_find_class_by_code_as_typed_or_by_name(store):
    """A code in lower case with spaces or dashes finds the class, as does its name in any case or spacing; others find nothing."""
    info, _, _ = open_class(store, NAME, "ranked", ["a"])
    typed = f" {info.code[:3].lower()}-{info.code[3:].lower()} "
    assert find_class(store, typed) == info
    assert find_class(store, "september HIRES") == info
    assert find_class(store, "  September\thires ") == info
    assert find_class(store, "October hires") is None
    assert find_class(store, "") is None
    assert find_class(store, "   ") is None


def test_class_by_id_of_a_missing_class_is_a_store_error(store):
    """An id no class has is a StoreError, not None or a traceback."""
    info, _, _ = open_class(store, NAME, "ranked", ["a"])
    assert class_by_id(store, info.id) == info
    with pytest.raises(StoreError):
        class_by_id(store, info.id + 7)


def test_open_class_by_code_only_lets_into_an_open_class(store):
    """The code (as typed) finds the open class; a malformed or unknown code or a closed class gives None."""
    info, _, _ = open_class(store, NAME, "ranked", ["a"])
    assert open_class_by_code(store, info.code.lower()) == info
    assert open_class_by_code(store, info.code[:-1]) is None  # too short
    assert open_class_by_code(store, info.code + "A") is None  # too long
    assert open_class_by_code(store, "O" * CODE_LENGTH) is None  # O is not in the alphabet
    assert open_class_by_code(store, NAME) is None  # a name is not a code
    wrong = next(code for code in ("AAAAAA", "BBBBBB") if code != info.code)
    assert open_class_by_code(store, wrong) is None
    close_class(store, info.code)
    assert open_class_by_code(store, info.code) is None


def test_close_then_reopen(store, clock):
    """Closing stops the code and the trainer's secret; reopening lets the code in again with the same class, the secret stays void."""
    info, token, _ = open_class(store, NAME, "ranked", ["a"])
    end_round(store, info.id)
    clock.now += 60
    closed = close_class(store, "september hires")
    assert (closed.is_open, closed.closed_at) == (False, MONDAY + 60)
    assert not trainer_allowed(store, info.id, token)
    reopened = reopen_class(store, info.code)
    assert reopened.is_open and not reopened.round_over
    assert (reopened.id, reopened.code, reopened.mode, reopened.scenarios) == (info.id, info.code, "ranked", ("a",))
    assert open_class_by_code(store, info.code) == reopened
    assert not trainer_allowed(store, info.id, token)  # a new `dojo serve --class` gives a new secret
    _, fresh, again = open_class(store, NAME, "ranked", ["a"])
    assert again and trainer_allowed(store, info.id, fresh)


def test_closing_or_reopening_an_unknown_class_is_a_store_error(store):
    """An unknown name or code: StoreError for close and reopen alike."""
    for change in (close_class, reopen_class):
        with pytest.raises(StoreError):
            change(store, "nobody's class")


def test_messages_count_up_and_are_one_trimmed_line(store, clock):
    """Each message adds one to message_seq, is flattened to one line and cut at MAX_MESSAGE; a blank one is refused."""
    info, _, _ = open_class(store, NAME, "ranked", ["a"])
    clock.now += 5
    first = send_message(store, info.id, "  Five   minutes\nleft  ")
    assert (first.message, first.message_at, first.message_seq) == ("Five minutes left", MONDAY + 5, 1)
    second = send_message(store, info.id, "z" * (MAX_MESSAGE + 50))
    assert (second.message, second.message_seq) == ("z" * MAX_MESSAGE, 2)
    with pytest.raises(StoreError):
        send_message(store, info.id, " \n\t ")
    assert class_by_id(store, info.id).message_seq == 2
    with pytest.raises(StoreError):
        send_message(store, info.id + 1, "to nobody")


def test_end_round_keeps_its_first_time_and_next_round_opens_it(store, clock):
    """Ending a round twice keeps when it first ended; the next round clears it."""
    info, _, _ = open_class(store, NAME, "ranked", ["a"])
    clock.now += 10
    ended = end_round(store, info.id)
    clock.now += 10
    assert ended.round_over and ended.round_ended_at == MONDAY + 10
    assert end_round(store, info.id).round_ended_at == MONDAY + 10
    assert not next_round(store, info.id).round_over
    with pytest.raises(StoreError):
        end_round(store, info.id + 1)


def test_list_classes_newest_opened_first(store, clock):
    """The class opened (or reopened) last comes first."""
    open_class(store, "A class", "ranked", ["a"])
    clock.now += 1
    open_class(store, "B class", "ranked", ["a"])
    clock.now += 1
    assert [info.name for info in list_classes(store)] == ["B class", "A class"]
    open_class(store, "a CLASS", "ranked", ["a"])
    assert [info.name for info in list_classes(store)] == ["A class", "B class"]


def test_new_codes_are_never_a_code_taken(store, monkeypatch):
    """When the random code is taken, another is drawn."""
    info, _, _ = open_class(store, NAME, "ranked", ["a"])
    draws = iter(info.code + "BBBBBB")
    monkeypatch.setattr("game.store.classes.secrets.choice", lambda alphabet: next(draws))
    with store.read() as connection:
        assert _new_code(connection) == "BBBBBB"


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.randoms(use_true_random=False))
def test_join_codes_are_always_code_length_characters_of_the_alphabet(store, rng):
    """Whatever the draws, a new class's code has CODE_LENGTH characters of CODE_ALPHABET, its normal form, unique in the store."""
    assert not set("0O1IL") & set(CODE_ALPHABET)  # nothing misread off a projector
    with mock.patch("game.store.classes.secrets.choice", rng.choice):
        info, _, _ = open_class(store, f"Class {next(_numbers)}", "practice", ["a"])
    assert len(info.code) == CODE_LENGTH and set(info.code) <= set(CODE_ALPHABET)
    assert normal_code(info.code) == info.code
    codes = [item.code for item in list_classes(store)]
    assert len(codes) == len(set(codes))


@given(st.text(max_size=30))
def test_normal_code_is_idempotent_and_drops_spacing(text):
    """normal_code of normal_code is the same, and it holds no space, tab or dash."""
    once = normal_code(text)
    assert normal_code(once) == once
    assert not set(once) & set(" -\t")


@given(
    st.text(alphabet=CODE_ALPHABET + CODE_ALPHABET.lower(), min_size=CODE_LENGTH, max_size=CODE_LENGTH),
    st.lists(st.sampled_from([" ", "-", "\t"]), max_size=4),
)
def test_a_code_typed_in_any_case_with_separators_reads_back(code, separators):
    """A code typed in lower case with spaces, tabs or dashes anywhere normalises to the code in capitals."""
    typed = code
    for index, separator in enumerate(separators):
        cut = (index * 2) % (len(typed) + 1)
        typed = typed[:cut] + separator + typed[cut:]
    assert normal_code(typed) == code.upper()


NAME_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789éÉüÜçÇñÑß'&.()- "


@settings(max_examples=60)
@given(
    st.text(alphabet=NAME_CHARS, min_size=1, max_size=MAX_CLASS_NAME + 10),
    st.sampled_from([str.upper, str.lower, str.swapcase, str.title]),
)
def test_any_accepted_name_round_trips_and_is_found_in_another_case_and_spacing(name, recase):
    """A name check_class_name accepts is stored as it returns it, and find_class finds it re-cased and re-spaced."""
    try:
        shown = check_class_name(name)
    except StoreError:
        assert not name.strip() or len(" ".join(name.split())) > MAX_CLASS_NAME
        return
    with tempfile.TemporaryDirectory() as folder:
        store = open_tmp(Path(folder))
        try:
            info, _, _ = open_class(store, name, "practice", ["a"])
            assert info.name == shown
            variant = "  " + "   ".join(recase(shown).split(" ")) + " "
            found = find_class(store, variant)
            assert found is not None and found.id == info.id
            assert find_class(store, info.code) == info
        finally:
            store.close()
