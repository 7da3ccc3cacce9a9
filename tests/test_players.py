"""Tests for game.store.players: names shown as typed but found by identity, cohorts and teams, opting out."""

from __future__ import annotations

import pytest

from game.store.db import StoreError
from game.store.players import MAX_NAME_LENGTH, check_name, ensure_player, get_player, list_players, set_opt_out
from tests.store_helpers import open_tmp

pytestmark = pytest.mark.usefixtures("db_engine")  # every test here runs on SQLite and on PostgreSQL


ODD_NAMES = [
    "[b]Bob[/b]",
    "<img src=x onerror=alert(1)>",
    "  padded  ",
    "王小明",
    "=1+1",
]
INVISIBLE = ["Bob\x1b[31mRED", "two\nlines", "nul\x00inside", "rtl\u202eevil", "al\u200bice", "al\u2060ice", "ali\u00adce", "\u3164alice"]


def test_names_with_markup_are_stored_exactly(tmp_path):
    """Every odd but visible name comes back byte for byte, as a separate player."""
    store = open_tmp(tmp_path)
    with store.write() as connection:
        for name in ODD_NAMES:
            ensure_player(connection, name, 0.0)
    assert sorted(player.name for player in list_players(store)) == sorted(ODD_NAMES)
    for name in ODD_NAMES:
        assert get_player(store, name).name == name


def test_names_differing_by_case_width_or_spaces_are_one_player(tmp_path):
    """Finding 6: 'Ann', 'ann', 'Ann ' and full-width 'Ａｎｎ' are one player, shown as first typed."""
    store = open_tmp(tmp_path)
    with store.write() as connection:
        ids = {ensure_player(connection, name, 0.0) for name in ["Ann", "ann", "Ann ", "\uff21\uff4e\uff4e", "ANN"]}
    assert len(ids) == 1
    assert get_player(store, "aNN").name == "Ann" and [p.name for p in list_players(store)] == ["Ann"]


def test_names_with_invisible_characters_are_refused():
    """Finding 6: zero-width, word-joiner, soft-hyphen, filler and control characters are refused, as are names of only those."""
    for bad in INVISIBLE + ["\u200b", "\u3164\u3164", "\u2060 \u00ad"]:
        with pytest.raises(StoreError, match="invisible|empty|visible"):
            check_name(bad)


def test_blank_and_overlong_names_are_refused():
    """An empty or whitespace name, or one past the limit, is a StoreError."""
    for bad in ["", "   ", "\t"]:
        with pytest.raises(StoreError, match="empty"):
            check_name(bad)
    with pytest.raises(StoreError, match="at most"):
        check_name("x" * (MAX_NAME_LENGTH + 1))
    assert check_name("x" * MAX_NAME_LENGTH) == "x" * MAX_NAME_LENGTH


def test_ensure_player_returns_the_same_id_and_updates_groups(tmp_path):
    """A known player keeps their id; a cohort or team given replaces the old one, None keeps it."""
    store = open_tmp(tmp_path)
    with store.write() as connection:
        first = ensure_player(connection, "Ann", 10.0, cohort="2024-09", team="north")
        again = ensure_player(connection, "Ann", 20.0)
    assert first == again
    player = get_player(store, "Ann")
    assert (player.cohort, player.team, player.created_at) == ("2024-09", "north", 10.0)
    with store.write() as connection:
        ensure_player(connection, "Ann", 30.0, cohort="2025-01", team="")
    player = get_player(store, "Ann")
    assert (player.cohort, player.team) == ("2025-01", "north")


def test_opt_out_and_back_in(tmp_path):
    """set_opt_out flips the flag and keeps the player; an unknown name is an error."""
    store = open_tmp(tmp_path)
    with store.write() as connection:
        ensure_player(connection, "Ann", 0.0)
    assert set_opt_out(store, "Ann", True).opted_out is True
    assert get_player(store, "Ann").opted_out is True
    assert set_opt_out(store, "Ann", False).opted_out is False
    with pytest.raises(StoreError, match="no player called 'Zed\\\\x1b'"):
        set_opt_out(store, "Zed\x1b", True)
