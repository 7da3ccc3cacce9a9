"""A class's board, its podium and its item analysis, from the runs played in the class.

The board ranks each member once, as the overall board does: their best run on each of the
class's scenarios, summed, over the number of scenarios (one not played counts 0%), so
breadth beats one lucky run and grinding one scenario does not help. Ties go to whoever
reached their total first. Only runs that passed verification and whose seal checks count
(a row edited in the database is left off, as on every board), in the class's mode.

The item analysis counts, per scenario and decision, the replies members chose that were
graded a slip, a mistake or a blunder: which replies tripped the class so far. A run's
summary keeps only how many replies got each grade, not which, so each counting run is
replayed on its stored scenario and rubric copies (as `dojo verify` does) and graded reply
by reply; the grades are kept by the run's seal, so a run is replayed once per process.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from game.store.copies import CopyCache
from game.store.db import Store
from game.store.keys import SealKey, load_key
from game.store.tables import class_runs, players, runs
from game.store.verify import replay, seal_problem

TRIPPING = ("slip", "mistake", "blunder")
PODIUM = 3
MAX_REMEMBERED = 20_000  # runs whose grades are kept in memory (the memory is emptied past it)
_graded_runs: dict[str, tuple[tuple[str, str, str], ...]] = {}  # run seal -> (node, reply, grade) of each graded reply


@dataclass(frozen=True)
class ClassEntry:
    """One member's place on the class board."""

    rank: int
    player: str
    percent: float  # their points over the number of the class's scenarios
    played: int  # how many of the class's scenarios they have a counting run of
    bands: tuple[str, ...]  # the band of each best run, best first (no band left out)
    reached: float  # when their total was reached (the latest of their best runs)


@dataclass(frozen=True)
class Trip:
    """One reply that tripped members: where, which, how graded, and how many chose it."""

    scenario_id: str
    node: str
    choice: str
    grade: str  # the worst grade it was given
    count: int
    content_hash: str  # of a run that chose it, to find the reply's words


def _class_rows(store: Store, class_id: int, mode: str) -> list[Any]:
    query = (
        select(runs, players.c.name.label("player"), players.c.identity, players.c.opted_out)
        .join(class_runs, class_runs.c.run_id == runs.c.id)
        .join(players, players.c.id == runs.c.player_id)
        .where(class_runs.c.class_id == class_id, runs.c.mode == mode)
        .order_by(runs.c.finished_at, runs.c.id)
    )
    with store.read() as connection:
        return list(connection.execute(query).mappings())


def _counting(rows: list[Any], key: SealKey, scenarios: Sequence[str]) -> list[Any]:
    wanted = set(scenarios)
    return [
        row
        for row in rows
        if row["status"] == "verified" and not row["opted_out"] and row["scenario_id"] in wanted and seal_problem(row, key) is None
    ]


def class_board(store: Store, class_id: int, mode: str, scenarios: Sequence[str], key: SealKey | None = None) -> list[ClassEntry]:
    """The class's board, best first; see the module docstring."""
    rows = _counting(_class_rows(store, class_id, mode), key or load_key(), scenarios)
    best: dict[tuple[str, str], Any] = {}
    for row in rows:  # in finish order: an equal later score does not replace the earlier one
        slot = (row["player"], row["scenario_id"])
        if slot not in best or row["percent"] > best[slot]["percent"]:
            best[slot] = row
    members: dict[str, list[Any]] = {}
    for (player, _scenario), row in best.items():
        members.setdefault(player, []).append(row)
    size = max(1, len(scenarios))
    scored = []
    for player, bests in members.items():
        points = round(sum(float(row["percent"]) for row in bests), 6)
        bands = tuple(row["band"] for row in sorted(bests, key=lambda row: -row["percent"]) if row["band"])
        scored.append((points, max(row["finished_at"] for row in bests), player, len(bests), bands))
    scored.sort(key=lambda item: (-item[0], item[1], item[2]))
    return [
        ClassEntry(rank, player, points / size, played, bands, reached)
        for rank, (points, reached, player, played, bands) in enumerate(scored, start=1)
    ]


def podium(board: Sequence[ClassEntry]) -> list[ClassEntry]:
    """The first three places (fewer when fewer have played)."""
    return [entry for entry in board if entry.rank <= PODIUM]


def _graded(row: Any, connection: Connection, cache: CopyCache) -> tuple[tuple[str, str, str], ...]:
    """(node, reply, grade) of each graded reply of a run, from its replay (none when it no longer replays)."""
    kept = _graded_runs.get(row["seal"])
    if kept is None:
        try:
            card = replay(row, connection, cache)
        except Exception:  # noqa: BLE001 - a run that cannot be replayed here adds no trips and never breaks the board
            kept = ()
        else:
            kept = tuple((turn.node, turn.choice, turn.review.grade) for turn in card.turns if turn.review is not None)
        if len(_graded_runs) >= MAX_REMEMBERED:
            _graded_runs.clear()
        _graded_runs[row["seal"]] = kept
    return kept


def trips(store: Store, class_id: int, mode: str, scenarios: Sequence[str], key: SealKey | None = None) -> list[Trip]:
    """The replies graded below good that members chose, most chosen first (see the module docstring)."""
    rows = _counting(_class_rows(store, class_id, mode), key or load_key(), scenarios)
    counts: Counter[tuple[str, str, str]] = Counter()
    worst: dict[tuple[str, str, str], str] = {}
    where: dict[tuple[str, str, str], str] = {}
    cache = CopyCache()
    with store.read() as connection:
        graded = [(row, _graded(row, connection, cache)) for row in rows]
    for row, replies in graded:
        for node, choice, grade in replies:
            if grade not in TRIPPING:
                continue
            slot = (row["scenario_id"], node, choice)
            counts[slot] += 1
            if TRIPPING.index(grade) >= TRIPPING.index(worst.get(slot, "slip")):
                worst[slot] = grade
            where.setdefault(slot, row["content_hash"])
    order = {scenario: index for index, scenario in enumerate(scenarios)}
    ranked = sorted(counts.items(), key=lambda item: (order.get(item[0][0], len(order)), -item[1], -TRIPPING.index(worst[item[0]])))
    return [Trip(scenario, node, choice, worst[(scenario, node, choice)], count, where[(scenario, node, choice)]) for (scenario, node, choice), count in ranked]
