"""The help screen's key table: one table of every key and what it does, for both front ends.

The two games take mostly the same keys; where they differ (the terminal leaves with `q`
as well as Esc, only the window has fullscreen and a scrolled speech bubble) a row names
the keys of each, or is left out of the game that has no such key. Both help screens draw
`help_view(front)`: sections of (keys, what they do) and the footnote, nothing of their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from game.i18n import N_, _
from game.store.display import width

Front = Literal["terminal", "window"]
FRONTS: tuple[Front, ...] = ("terminal", "window")


@dataclass(frozen=True)
class KeyRow:
    """One row of the table: the keys in each game (None where that game has no such key) and what they do."""

    terminal: str | None
    window: str | None
    does: str

    def keys(self, front: Front) -> str | None:
        """The keys as `front` takes them, or None if it has no such key."""
        return self.terminal if front == "terminal" else self.window


def both(keys: str, does: str) -> KeyRow:
    """A row that is the same in both games."""
    return KeyRow(keys, keys, does)


TABLE: tuple[tuple[str, tuple[KeyRow, ...]], ...] = (
    (
        N_("Playing"),
        (
            both("1-9", N_("make the reply with that number")),
            both(N_("↑ ↓ then Enter"), N_("choose a reply; a click works too")),
            both(N_("any key, a click"), N_("while a line types: show it whole")),
            both("u", N_("undo the last reply (practice only)")),
            KeyRow(None, "PgUp PgDn", N_("earlier lines and your replies")),
            KeyRow(N_("q or Esc"), "Esc", N_("save and leave; the next start offers to resume")),
        ),
    ),
    (
        N_("Debrief"),
        (
            both("r", N_("retry the same scenario")),
            both("n", N_("play the next scenario")),
            KeyRow(None, N_("↑ ↓, wheel"), N_("scroll the feedback")),
            KeyRow(N_("q or Esc"), "Esc", N_("back to the scenarios")),
        ),
    ),
    (
        N_("Scenarios"),
        (
            both(N_("↑ ↓ then Enter"), N_("pick a scenario; a click works too")),
            both("f", N_("filter by skill")),
            both("m", N_("switch practice and ranked")),
            both("l", N_("leaderboards")),
            both("p", N_("change your name, cohort or team")),
            KeyRow("q", None, N_("quit")),
            KeyRow(None, N_("Esc or q"), N_("quit (asks first)")),
        ),
    ),
    (
        N_("Leaderboards"),
        (
            KeyRow("← →", N_("← → or Tab"), N_("switch boards")),
            both("[ ]", N_("previous / next scenario's board")),
            KeyRow(N_("q or Esc"), "Esc", N_("back")),
        ),
    ),
    (
        N_("Everywhere"),
        (
            both("?", N_("this help")),
            both("s", N_("settings")),
            KeyRow(None, "F11", N_("fullscreen on or off")),
            KeyRow("Ctrl+Q", "Ctrl+Q", N_("quit at once (your run is saved)")),
        ),
    ),
)
FOOTNOTE = N_(
    "Practice shows coaching after each reply and allows undo. "
    "Ranked shows no hints, has no undo, and counts on the leaderboards."
)


@dataclass(frozen=True)
class KeySection:
    """One section of the help: its title and its (keys, what they do) rows."""

    title: str
    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class HelpView:
    """The help screen of one game: its sections, the footnote, and how wide the keys column is."""

    sections: tuple[KeySection, ...]
    footnote: str

    @property
    def keys(self) -> frozenset[str]:
        """Every key label listed."""
        return frozenset(keys for section in self.sections for keys, __ in section.rows)

    @property
    def key_columns(self) -> int:
        """Terminal columns for the keys: the widest label and two spaces, so no key runs into its meaning."""
        return max((width(keys) for keys in self.keys), default=0) + 2


def help_view(front: Front) -> HelpView:
    """The help of `front`: every row it has a key for, in the table's order, in the active language."""
    sections = []
    for title, rows in TABLE:
        shown = tuple((_(keys), _(row.does)) for row in rows if (keys := row.keys(front)) is not None)
        if shown:
            sections.append(KeySection(_(title), shown))
    return HelpView(tuple(sections), _(FOOTNOTE))
