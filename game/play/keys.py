"""The help screen's key table: one table of every key and what it does, for both front ends.

The two games take mostly the same keys; where they differ (the terminal leaves with `q`
as well as Esc, only the window has fullscreen and a scrolled speech bubble) a row names
the keys of each, or is left out of the game that has no such key. Both help screens draw
`help_view(front)`: sections of (keys, what they do) and the footnote, nothing of their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

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
        "Playing",
        (
            both("1-9", "make the reply with that number"),
            both("↑ ↓ then Enter", "choose a reply; a click works too"),
            both("any key, a click", "while a line types: show it whole"),
            both("u", "undo the last reply (practice only)"),
            KeyRow(None, "PgUp PgDn", "earlier lines and your replies"),
            KeyRow("q or Esc", "Esc", "save and leave; the next start offers to resume"),
        ),
    ),
    (
        "Debrief",
        (
            both("r", "retry the same scenario"),
            both("n", "play the next scenario"),
            KeyRow(None, "↑ ↓, wheel", "scroll the feedback"),
            KeyRow("q or Esc", "Esc", "back to the scenarios"),
        ),
    ),
    (
        "Scenarios",
        (
            both("↑ ↓ then Enter", "pick a scenario; a click works too"),
            both("f", "filter by skill"),
            both("m", "switch practice and ranked"),
            both("l", "leaderboards"),
            both("p", "change your name, cohort or team"),
            KeyRow("q", None, "quit"),
            KeyRow(None, "Esc or q", "quit (asks first)"),
        ),
    ),
    (
        "Leaderboards",
        (
            KeyRow("← →", "← → or Tab", "switch boards"),
            both("[ ]", "previous / next scenario's board"),
            KeyRow("q or Esc", "Esc", "back"),
        ),
    ),
    (
        "Everywhere",
        (
            both("?", "this help"),
            both("s", "settings"),
            KeyRow(None, "F11", "fullscreen on or off"),
            KeyRow("Ctrl+Q", "Ctrl+Q", "quit at once (your run is saved)"),
        ),
    ),
)
FOOTNOTE = (
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
        return frozenset(keys for section in self.sections for keys, _ in section.rows)

    @property
    def key_columns(self) -> int:
        """Terminal columns for the keys: the widest label and two spaces, so no key runs into its meaning."""
        return max((width(keys) for keys in self.keys), default=0) + 2


def help_view(front: Front) -> HelpView:
    """The help of `front`: every row it has a key for, in the table's order."""
    sections = []
    for title, rows in TABLE:
        shown = tuple((keys, row.does) for row in rows if (keys := row.keys(front)) is not None)
        if shown:
            sections.append(KeySection(title, shown))
    return HelpView(tuple(sections), FOOTNOTE)
