"""Leaderboards: who ranks where, per scenario or overall, per cohort or team, per window.

The rules (README "Leaderboards" says the same for players):

- Only ranked runs count, only runs that passed replay verification, only runs that
  finished inside the window (this week from Monday 00:00 UTC, this month from the 1st
  00:00 UTC, or all time), and never a player who opted out.
- A scenario board ranks each player once, on their best run in the window. Equal scores
  go to whoever reached that score first (the earlier finish; then the earlier record).
  Grinding does not help: a hundred runs count as the best one of them.
- The overall board rewards breadth: a player's points are the sum of their best percent
  on every scenario in the set (the scenarios with counting runs on that board in that
  window), and their percent is those points over the size of the set, so a scenario not
  played counts as 0%. Three scenarios at 70% (210) beat one at 100%. Ties go to whoever
  completed their total first (the latest of their best runs is the earlier one).
- The band beside a rank is the band of that best run (Bronze, Silver, Gold, with the
  rubric's per-skill floors); overall, the band the average percent reaches.

`leaderboard()` builds the board from the queries in `ranking.py` and replays every run
behind the rows it is about to show, so a row edited in the database is flagged and
dropped even before anyone runs `dojo verify`. On a store that cannot be written the flag
cannot be stored: the row is left off the board as shown, and nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection

from game.store.copies import CopyCache
from game.store.db import Store
from game.store.ranking import BoardSpec, Entry, ranking_overall, ranking_scenario, top_scenario, with_runs
from game.store.verify import check_runs

__all__ = ["Board", "BoardSpec", "Entry", "build_board", "leaderboard"]

MAX_RECHECKS = 20  # each round flags at least one run, so this only bounds a pathological case


@dataclass
class Board:
    """A board as shown: the top rows, and a player's own row with neighbours."""

    spec: BoardSpec
    top: list[Entry]
    player: str | None = None
    around: list[Entry] = field(default_factory=list)  # empty when not asked, or not on the board
    size: int | None = None  # players on the board (known when the full ranking was built)
    scenario_set: tuple[str, ...] = ()  # overall boards: the scenarios counted
    dropped: int = 0  # runs that failed verification while the board was being built

    @property
    def you(self) -> Entry | None:
        """The asked-for player's row, if they are on the board."""
        return next((entry for entry in self.around if entry.player == self.player), None)

    def rows(self) -> list[Entry]:
        """Top rows and neighbourhood together, once each, by rank."""
        by_rank = {entry.rank: entry for entry in [*self.top, *self.around]}
        return [by_rank[rank] for rank in sorted(by_rank)]

    def to_json(self) -> list[dict[str, Any]]:
        """The `dojo leaderboard --json` list."""
        mine = self.you
        return [entry.to_json(you=entry is mine or (mine is not None and entry.rank == mine.rank)) for entry in self.rows()]


# The board as shown ---------------------------------------------------------------------------


def build_board(
    connection: Connection,
    spec: BoardSpec,
    limit: int = 10,
    player: str | None = None,
    reach: int = 2,
    now: float = 0.0,
) -> Board:
    """The top `limit` rows, and `player`'s row with `reach` neighbours each side, from one snapshot."""
    if player is None and spec.scenario is not None:
        return Board(spec, top_scenario(connection, spec, limit, now))
    scenario_set: tuple[str, ...]
    if spec.scenario is not None:
        ranking, scenario_set = ranking_scenario(connection, spec, now), (spec.scenario,)
    else:
        ranking, scenario_set = ranking_overall(connection, spec, now)
    around: list[Entry] = []
    if player is not None:
        position = next((i for i, entry in enumerate(ranking) if entry.player == player), None)
        if position is not None:
            around = ranking[max(position - reach, 0) : position + reach + 1]
    top = ranking[:limit]
    if spec.scenario is None:
        top, around = with_runs(connection, spec, now, top), with_runs(connection, spec, now, around)
    return Board(spec, top, player, around, len(ranking), scenario_set)


def leaderboard(
    store: Store,
    spec: BoardSpec,
    limit: int = 10,
    player: str | None = None,
    reach: int = 2,
    now: float | None = None,
    check: bool = True,
) -> Board:
    """The board as it should be shown: every run behind a shown row replays to its score.

    A row whose run fails the replay is flagged in the database and the board is built
    again without it (`Board.dropped` counts them).
    """
    when = store.clock() if now is None else now
    dropped = 0
    failed_uids: set[str] = set()
    cache = CopyCache()  # each scenario copy is loaded once, however many rounds it takes
    for _ in range(MAX_RECHECKS):
        with store.read() as connection:
            board = build_board(connection, spec, limit, player, reach, when)
        if not check:
            break
        if failed_uids & {uid for entry in board.rows() for uid in entry.runs}:
            # The flags could not be stored (a read-only or full store): leave those rows off here.
            board = without_runs(board, failed_uids)
            break
        failed = check_runs(store, [uid for entry in board.rows() for uid in entry.runs], cache)
        if not failed:
            break
        dropped += len(failed)
        failed_uids |= {finding.run_uid for finding in failed}
    board.dropped = dropped
    return board


def without_runs(board: Board, run_uids: set[str]) -> Board:
    """The board with every row resting on one of `run_uids` left off (the other rows keep their ranks).

    For a store that cannot be written: the runs failed their replay, but the flag that
    would take them off the boards cannot be stored, so the board as read still holds them.
    """

    def keep(entries: list[Entry]) -> list[Entry]:
        """The entries that rest on none of the runs."""
        return [entry for entry in entries if not run_uids & set(entry.runs)]

    kept = Board(board.spec, keep(board.top), board.player, keep(board.around), board.size, board.scenario_set)
    if kept.size is not None:
        kept.size -= len(board.rows()) - len(kept.rows())
    return kept
