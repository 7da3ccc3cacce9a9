"""A class's board, its podium and its item analysis, from the runs played in the class.

The board ranks each member once, as the overall board does: their best run on each of the
class's scenarios, summed, over the number of scenarios (one not played counts 0%), so
breadth beats one lucky run and grinding one scenario does not help. Ties go to whoever
reached their total first. Only runs that passed verification and whose seal checks count
(a row edited in the database is left off, as on every board), in the class's mode.

The item analysis counts, per scenario and decision, the replies members chose that were
graded a slip, a mistake or a blunder (each reply graded against the best on offer then, as
the debrief does): which replies tripped the class so far.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from game.engine.review import ReviewRow
from game.store.copies import CopyCache
from game.store.db import Store
from game.store.run_review import stored_review
from game.store.keys import SealKey, load_key
from game.store.tables import class_runs, players, runs
from game.store.verify import seal_problem

TRIPPING = ("slip", "mistake", "blunder")
PODIUM = 3


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
    choice: str  # the reply's id
    reply: str  # its words (the first wording seen)
    grade: str  # the worst grade it was given
    count: int


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


class GradeBook:
    """Each run's review, found once per run by replaying it (runs never change; see run_review.py).

    A trainer page keeps one book for its class, so each class run is replayed once however
    often the page is rebuilt.
    """

    def __init__(self) -> None:
        self._copies = CopyCache()
        self._reviews: dict[str, tuple[ReviewRow, ...]] = {}

    def review(self, store: Store, row: Any) -> tuple[ReviewRow, ...]:
        """The graded replies of the run in `row` (() when it cannot be replayed)."""
        uid = row["run_uid"]
        if uid not in self._reviews:
            self._reviews[uid] = stored_review(store, self._copies, row) or ()
        return self._reviews[uid]


def trips(
    store: Store, class_id: int, mode: str, scenarios: Sequence[str], book: GradeBook, key: SealKey | None = None
) -> list[Trip]:
    """The replies graded below good that members chose, most chosen first (see the module docstring)."""
    rows = _counting(_class_rows(store, class_id, mode), key or load_key(), scenarios)
    counts: Counter[tuple[str, str, str]] = Counter()
    worst: dict[tuple[str, str, str], str] = {}
    words: dict[tuple[str, str, str], str] = {}  # a reply has several wordings: the first one seen stands for it
    for row in rows:
        for reviewed in book.review(store, row):
            grade = reviewed.grade
            if grade not in TRIPPING:
                continue
            slot = (row["scenario_id"], reviewed.node, reviewed.reply)
            counts[slot] += 1
            words.setdefault(slot, reviewed.text)
            if TRIPPING.index(grade) >= TRIPPING.index(worst.get(slot, "slip")):
                worst[slot] = grade
    order = {scenario: index for index, scenario in enumerate(scenarios)}
    ranked = sorted(counts.items(), key=lambda item: (order.get(item[0][0], len(order)), -item[1], -TRIPPING.index(worst[item[0]])))
    return [Trip(slot[0], slot[1], slot[2], words[slot], worst[slot], count) for slot, count in ranked]
