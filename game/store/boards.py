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

Only runs of the store's official pack (its scenario contents and rubric, `official.py`)
reach the official boards, and the overall board's scenario set is that pack; runs of any
other content are kept and shown on the custom boards (`BoardSpec.custom`), labelled.

`leaderboard()` builds the board from the queries in `ranking.py` and checks the seal of
every run behind the rows it is about to show (an HMAC with the owner's key, `keys.py`),
and that an official row's content is in the official pack: a row edited in the database
is left off even before anyone runs `dojo verify`. A view never replays a run, never
analyses a scenario and never writes: `dojo verify` does the replays and records flags.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection

from sqlalchemy import select

from game.store.db import Store
from game.store.errors import StoreError
from game.store.keys import SealKey, load_key
from game.store.names import identity
from game.store.official import Pack, read_pack
from game.store.players import find_player
from game.store.ranking import (
    BoardSpec,
    BoardEntry,
    custom_scenario_set,
    ranking_overall,
    ranking_scenario,
    runs_read_with_rows,
    standing_entries,
    standing_position,
    standing_runs,
    top_scenario,
    with_runs,
)
from game.store.tables import players, runs
from game.store.verify import seal_problem

__all__ = ["Board", "BoardSpec", "BoardEntry", "build_board", "leaderboard"]

MAX_RECHECKS = 20  # each round leaves off at least one run, so this only bounds a pathological case


@dataclass
class Board:
    """A board as shown: the top rows, and a player's own row with neighbours."""

    spec: BoardSpec
    top: list[BoardEntry]
    player: str | None = None
    around: list[BoardEntry] = field(default_factory=list)  # empty when not asked, or not on the board
    size: int | None = None  # players on the board (known when the full ranking was built)
    scenario_set: tuple[str, ...] = ()  # overall boards: the scenarios counted
    dropped: int = 0  # runs whose seal or content failed while the board was being built

    @property
    def you(self) -> BoardEntry | None:
        """The asked-for player's row, if they are on the board (names compared by identity)."""
        wanted = _identity_of(self.player)
        return next((entry for entry in self.around if _identity_of(entry.player) == wanted), None)

    def rows(self) -> list[BoardEntry]:
        """Top rows and neighbourhood together, once each, by rank."""
        by_rank = {entry.rank: entry for entry in [*self.top, *self.around]}
        return [by_rank[rank] for rank in sorted(by_rank)]

    def to_json(self) -> list[dict[str, Any]]:
        """The `dojo leaderboard --json` list."""
        mine = self.you
        return [entry.to_json(you=entry is mine or (mine is not None and entry.rank == mine.rank)) for entry in self.rows()]


# The board as shown ---------------------------------------------------------------------------


def _identity_of(name: str | None) -> str | None:
    """A name's identity for comparing players (a name that cannot be valid compares as itself)."""
    if name is None:
        return None
    try:
        return identity(name)
    except StoreError:
        return name


def build_board(
    connection: Connection,
    spec: BoardSpec,
    limit: int = 10,
    player: str | None = None,
    reach: int = 2,
    now: float = 0.0,
    pack: Pack | None = None,
    excluded: frozenset[str] = frozenset(),
) -> Board:
    """The top `limit` rows, and `player`'s row with `reach` neighbours each side, from one snapshot.

    The official overall board measures against `pack` (read here when not given). The
    rows come from the standings (ten rows of an index); with `excluded` runs (their seals
    failed on this view) from the runs themselves, leaving those out.
    """
    if not excluded:
        return _from_standings(connection, spec, limit, player, reach, now, pack)
    if player is None and spec.scenario is not None:
        return Board(spec, top_scenario(connection, spec, limit, now, excluded), scenario_set=(spec.scenario,))
    scenario_set: tuple[str, ...]
    if spec.scenario is not None:
        ranking, scenario_set = ranking_scenario(connection, spec, now, excluded), (spec.scenario,)
    else:
        if pack is None and not spec.custom:
            pack = read_pack(connection)
        official_set = pack.scenario_ids if pack is not None else ()
        ranking, scenario_set = ranking_overall(connection, spec, now, official_set, excluded)
    around: list[BoardEntry] = []
    if player is not None:
        wanted = _identity_of(player)
        position = next((i for i, entry in enumerate(ranking) if _identity_of(entry.player) == wanted), None)
        if position is not None:
            around = ranking[max(position - reach, 0) : position + reach + 1]
    top = ranking[:limit]
    if spec.scenario is None:
        top, around = with_runs(connection, spec, now, top, excluded), with_runs(connection, spec, now, around, excluded)
    return Board(spec, top, player, around, len(ranking), scenario_set)


def _from_standings(
    connection: Connection, spec: BoardSpec, limit: int, player: str | None, reach: int, now: float, pack: Pack | None
) -> Board:
    """The board read from the standings: the top rows, and the player's position with neighbours."""
    if spec.scenario is not None:
        scenario_set: tuple[str, ...] = (spec.scenario,)
    elif spec.custom:
        scenario_set = custom_scenario_set(connection, spec, now)
    else:
        scenario_set = (pack if pack is not None else read_pack(connection)).scenario_ids
    size = len(scenario_set)
    top = standing_entries(connection, spec, now, 0, limit, size)
    around: list[BoardEntry] = []
    count: int | None = None
    if player is not None:
        found = find_player(connection, player)
        position, count = standing_position(connection, spec, now, found.id) if found is not None else (None, None)
        if position is not None:
            first = max(position - reach, 0)
            around = standing_entries(connection, spec, now, first, position + reach + 1 - first, size)
    elif spec.scenario is None:
        count = None
    if spec.scenario is None and not runs_read_with_rows(connection):
        top, around = standing_runs(connection, spec, now, top), standing_runs(connection, spec, now, around)
    return Board(spec, top, player, around, count, scenario_set)


RECOMPUTE = "\x00recompute"  # in `excluded`: no run, but the standings disagreed with the runs, so compute from the runs


def untrusted(connection: Connection, spec: BoardSpec, entries: list[BoardEntry], key: SealKey, pack: Pack | None) -> set[str]:
    """Which runs behind these rows may not be shown: a seal that does not check, or official-looking custom
    content; RECOMPUTE when a row does not agree with its runs (the standings were edited)."""
    wanted = [uid for entry in entries for uid in entry.runs]
    if not wanted:
        return set()
    query = (
        select(runs, players.c.name.label("player"), players.c.identity)
        .join(players, players.c.id == runs.c.player_id)
        .where(runs.c.run_uid.in_(wanted))
    )
    found = {row["run_uid"]: row for row in connection.execute(query).mappings()}
    wanted_pack = "custom" if spec.custom else "official"
    bad: set[str] = set()
    for entry in entries:
        rows = [found.get(uid) for uid in entry.runs]
        for uid, row in zip(entry.runs, rows):
            if row is None or seal_problem(row, key) is not None:
                bad.add(uid)
            elif not spec.custom and (pack is None or not pack.holds(row["content_hash"], row["rubric_digest"])):
                bad.add(uid)
        agrees = all(
            row is not None
            and row["player_id"] == entry.player_id
            and row["mode"] == "ranked"
            and row["status"] == "verified"
            and row["pack"] == wanted_pack
            and (spec.scenario is None or row["scenario_id"] == spec.scenario)
            for row in rows
        )
        points = sum(float(row["percent"]) for row in rows if row is not None)
        if not agrees or abs(points - entry.points) > 1e-4 or len(rows) != entry.scenarios:
            bad.add(RECOMPUTE)
    return bad


def leaderboard(
    store: Store,
    spec: BoardSpec,
    limit: int = 10,
    player: str | None = None,
    reach: int = 2,
    now: float | None = None,
    check: bool = True,
    key: SealKey | None = None,
) -> Board:
    """The board as it should be shown: every run behind a shown row has a seal that checks.

    A row whose run fails is left off and the board is built again without it
    (`Board.dropped` counts them). Nothing is written, and nothing is replayed or analysed.
    The official pack is read (and its seal checked) once; StoreError if it does not check.
    """
    when = store.clock() if now is None else now
    key = key or load_key()
    excluded: set[str] = set()
    with store.read() as connection:
        pack = None if spec.custom else read_pack(connection, key)
        for _attempt in range(MAX_RECHECKS):
            board = build_board(connection, spec, limit, player, reach, when, pack, frozenset(excluded))
            if not check:
                break
            failed = untrusted(connection, spec, board.rows(), key, pack)
            if not failed:
                break
            excluded |= failed
        else:
            board = _without(board, excluded)
    board.dropped = len(excluded - {RECOMPUTE})
    return board


def _without(board: Board, excluded: set[str]) -> Board:
    """The board with every row that rests on an excluded run taken off (the last resort of a pathological view)."""
    def keep(entries: list[BoardEntry]) -> list[BoardEntry]:
        return [entry for entry in entries if not excluded.intersection(entry.runs)]

    board.top, board.around = keep(board.top), keep(board.around)
    return board

