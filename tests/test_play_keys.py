"""The help key table (game/play/keys.py): one table, each game's keys from it, key columns that fit."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from game.play.keys import FRONTS, TABLE, HelpView, KeySection, help_view
from game.store.display import width


def test_both_games_list_the_keys_their_screens_take():
    """Undo, retry, next, the filter, the mode, boards, profile, help, settings and the board keys are in both games' help."""
    shared = {"1-9", "u", "r", "n", "f", "m", "l", "p", "?", "s", "[ ]", "Ctrl+Q"}
    for front in FRONTS:
        assert shared <= help_view(front).keys, front


def test_keys_only_one_game_has_are_only_in_its_help():
    """F11 and the scrolled speech bubble are the window's; q to leave a run is the terminal's."""
    window, terminal = help_view("window").keys, help_view("terminal").keys
    assert {"F11", "PgUp PgDn"} <= window
    assert not {"F11", "PgUp PgDn"} & terminal
    assert "q or Esc" in terminal and "q or Esc" not in window


def test_every_row_is_in_the_game_it_names():
    """A row shows up in exactly the games that have a key for it, under its section, in the table's order."""
    for front in FRONTS:
        view = help_view(front)
        expected = [
            (title, tuple((row.keys(front), row.does) for row in rows if row.keys(front) is not None)) for title, rows in TABLE
        ]
        assert [(section.title, section.rows) for section in view.sections] == [item for item in expected if item[1]]


def test_the_footnote_says_what_practice_and_ranked_mean():
    """Both helps end with the same words about practice (coaching, undo) and ranked (no hints, the boards)."""
    notes = {help_view(front).footnote for front in FRONTS}
    assert len(notes) == 1
    (note,) = notes
    assert "undo" in note and "leaderboards" in note


@given(st.lists(st.text(min_size=1, max_size=12), min_size=1, max_size=6))
def test_the_key_column_is_wider_than_every_key(labels):
    """The keys column is two columns wider than the widest label, counting wide (CJK) characters as two."""
    view = HelpView((KeySection("s", tuple((label, "does") for label in labels)),), "")
    assert view.key_columns == max(width(label) for label in labels) + 2
    assert all(view.key_columns - width(label) >= 2 for label in labels)
