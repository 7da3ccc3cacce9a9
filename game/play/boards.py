"""The leaderboards as both games show them: the tabs, which board each tab asks for, and its rows.

Three tabs: the player's cohort this week, all time, and one scenario at a time (`[` and
`]` step through the list). A board's title names its scenario by title, never by file
id; each row says its rank, the player, the score and the band, and the player's own row
is marked (the front end adds "▶" and "◀ you", never colour alone); a gap in the ranks
(the player's neighbourhood below the top ten) is marked too. The board itself comes
from `game.store.boards.leaderboard`, read by the front end off its drawing thread.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from game.i18n import N_, _, rubric_text
from game.play.catalog import Entry
from game.play.profile import Profile
from game.play.words import board_title
from game.store.boards import Board, BoardSpec

TABS = (N_("Cohort · this week"), N_("All time"), N_("Per scenario"))
MAX_TAB_COHORT = 24  # a cohort's name on its tab, cut with "…" past this many characters


def tab_titles(profile: Profile) -> tuple[str, ...]:
    """The tabs as the player sees them: their cohort by name ("2024-09 · this week"), or "Everyone · this
    week" for a player in no cohort, whose first board is everyone's week."""
    cohort = (profile.cohort or "").strip()
    if not cohort:
        first = _("Everyone · this week")
    else:
        shown = cohort if len(cohort) <= MAX_TAB_COHORT else cohort[: MAX_TAB_COHORT - 1] + "…"
        first = _("{cohort} · this week").format(cohort=shown)
    return (first, *(_(tab) for tab in TABS[1:]))
SCENARIO_TAB = 2
LIMIT = 10  # rows at the top of a board (the player's own row and neighbours come on top of these)
EMPTY = N_("No ranked runs here yet. Play a scenario in ranked mode (m in the list) to appear.")
LOADING = N_("Loading the board…")
MINE = N_("◀ you")


def no_store(command: str) -> str:
    """What a board says without a database, naming the command's option for one."""
    return _("No database: boards need one (dojo {command} --db PATH).").format(command=command)


def unreadable(problem: str) -> str:
    """What a board says when the store could not give it."""
    return _("The board cannot be shown: {problem}").format(problem=problem)


def board_spec(tab: int, profile: Profile, entries: Sequence[Entry], scenario_index: int) -> BoardSpec:
    """The board a tab shows: the cohort's week, all time, or the scenario at `scenario_index` (wrapping round)."""
    if tab == 0:
        return BoardSpec(cohort=profile.cohort, window="week")
    if tab == 1:
        return BoardSpec()
    return BoardSpec(scenario=entries[scenario_index % len(entries)].scenario.id if entries else None)


def score_text(percent: float | None) -> str:
    """A score for people: '87%', or '—' where there was nothing to earn."""
    return "—" if percent is None else f"{percent:.0f}%"


@dataclass(frozen=True)
class BoardRow:
    """One row of a board, every field ready to show."""

    rank: int
    player: str  # as typed (a front end shows it literally, never as markup)
    score: str  # '87%'
    band: str  # 'Gold', or '—' below Bronze
    mine: bool  # the player's own row
    gap_before: bool  # ranks are skipped above this row (the player's neighbourhood)


@dataclass(frozen=True)
class BoardView:
    """A board as shown: its title (scenario titles, never ids), its rows, or what it says instead of rows."""

    title: str
    rows: tuple[BoardRow, ...]

    @property
    def empty(self) -> str | None:
        """What shows in place of rows on a board nobody is on yet (None when there are rows)."""
        return None if self.rows else _(EMPTY)


def titles_of(entries: Sequence[Entry]) -> dict[str, str]:
    """Each scenario's title by its id."""
    return {entry.scenario.id: entry.scenario.title for entry in entries}


def board_view(board: Board, titles: Mapping[str, str]) -> BoardView:
    """The view of a board read from the store; `titles` name its scenario."""
    you = board.you
    rows = []
    previous = 0
    for entry in board.rows():
        mine = you is not None and entry.rank == you.rank  # found by the name's identity, not its spelling
        rows.append(BoardRow(entry.rank, entry.player, score_text(entry.percent), rubric_text(entry.band) if entry.band else "—", mine, entry.rank > previous + 1))
        previous = entry.rank
    return BoardView(board_title(board.spec, titles), tuple(rows))
