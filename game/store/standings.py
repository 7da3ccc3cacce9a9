"""The boards kept up to date: each player's best counting run per scenario, and their total, per pack and window.

A board used to be computed from every run on each view: the overall board read all of a
million runs (about 2 s). Instead, when a counting run (ranked, verified) is recorded,
`note_run` updates, for its pack and each window it falls in (all time; its week from
Monday 00:00 UTC; its month from the 1st), the player's best run of that scenario in
`standings` and the player's sum of bests in `totals`; a board then reads its rows in index
order and stops after ten (`ranking.py`). Whatever changes which runs count wholesale (a
new official pack, verify flagging or restoring runs, an owner's re-seal, a migration)
calls `rebuild` for the players concerned, which recomputes their rows from the runs.

The ranking rules are those of `boards.py`: the best run is the highest percent, then the
earliest finish, then the lowest id; totals rank by points (rounded to 6 places), then the
earliest time the total was reached, then the player's id.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Connection, and_, bindparam, func, select

from game.store.tables import runs, standings, totals
from game.store.windows import valid_time, window_start

WINDOW_KINDS = ("all", "week", "month")
_BATCH = 20_000


def starts_of(finished_at: float) -> list[tuple[str, float]]:
    """The windows a run finished at `finished_at` counts in, with each window's start (0 for all time).

    No windows for a time no run can have (before 1970, past 9999, not finite: a row written
    into the database by hand): such a run is kept and listed as 'invalid time', on no board.
    """
    if not valid_time(finished_at):
        return []
    return [(kind, window_start(kind, finished_at) or 0.0) for kind in WINDOW_KINDS]


def _order(percent: float, finished_at: float, run_id: int) -> tuple[float, float, int]:
    return (-percent, finished_at, run_id)


def _key(table: Any, with_scenario: bool) -> Any:
    """The bound key of a standing (or, without the scenario, of a total)."""
    parts = [
        table.c.pack == bindparam("k_pack"),
        table.c.window == bindparam("k_window"),
        table.c.start == bindparam("k_start"),
        table.c.player_id == bindparam("k_player"),
    ]
    if with_scenario:
        parts.append(table.c.scenario_id == bindparam("k_scenario"))
    return and_(*parts)


# Built once: a statement built per call costs SQLAlchemy more than SQLite takes to run it.
_BEST = select(standings.c.percent, standings.c.finished_at, standings.c.run_id).where(_key(standings, True))
_REPLACE = standings.update().where(_key(standings, True)).values(
    run_id=bindparam("v_run_id"), run_uid=bindparam("v_run_uid"), percent=bindparam("v_percent"), band=bindparam("v_band"),
    finished_at=bindparam("v_finished_at"),
)
_SUM = select(func.sum(standings.c.percent), func.count(), func.max(standings.c.finished_at)).where(_key(standings, False))
_FORGET_TOTAL = totals.delete().where(_key(totals, False))


def note_run(connection: Connection, run: Mapping[str, Any]) -> None:
    """Inside the write transaction that stored a counting run: update the standings and totals it improves.

    `run` holds the stored row's id, run_uid, player_id, scenario_id, pack, percent, band and finished_at.
    """
    new = _order(float(run["percent"]), float(run["finished_at"]), int(run["id"]))
    for kind, start in starts_of(float(run["finished_at"])):
        key = {"k_pack": run["pack"], "k_window": kind, "k_start": start, "k_player": run["player_id"], "k_scenario": run["scenario_id"]}
        old = connection.execute(_BEST, key).first()
        if old is not None and _order(old.percent, old.finished_at, old.run_id) <= new:
            continue
        if old is None:
            connection.execute(
                standings.insert(),
                {
                    "pack": run["pack"], "window": kind, "start": start, "player_id": run["player_id"], "scenario_id": run["scenario_id"],
                    "run_id": run["id"], "run_uid": run["run_uid"], "percent": run["percent"], "band": run["band"],
                    "finished_at": run["finished_at"],
                },
            )
        else:
            connection.execute(
                _REPLACE,
                {**key, "v_run_id": run["id"], "v_run_uid": run["run_uid"], "v_percent": run["percent"], "v_band": run["band"],
                 "v_finished_at": run["finished_at"]},
            )
        _retotal(connection, key)


def _retotal(connection: Connection, key: Mapping[str, Any]) -> None:
    """Recompute one player's total in one window from their standings (a few rows: exact, no drift)."""
    row = connection.execute(_SUM, key).one()
    connection.execute(_FORGET_TOTAL, key)
    if row[1]:
        connection.execute(
            totals.insert(),
            {
                "pack": key["k_pack"], "window": key["k_window"], "start": key["k_start"], "player_id": key["k_player"],
                "points": round(float(row[0]), 6), "scenarios": int(row[1]), "reached": float(row[2]),
            },
        )


def rebuild(connection: Connection, player_ids: Iterable[int] | None = None) -> None:
    """Inside a write transaction: recompute the standings and totals of these players (None: everyone) from the runs."""
    ids = None if player_ids is None else sorted(set(player_ids))
    if ids is not None and not ids:
        return
    counting = [runs.c.mode == "ranked", runs.c.status == "verified"]
    for table in (standings, totals):
        if ids is None:
            connection.execute(table.delete())
        else:
            for chunk in _chunks(ids):
                connection.execute(table.delete().where(table.c.player_id.in_(chunk)))
    best: dict[tuple[str, str, float, int, str], tuple[Any, ...]] = {}
    columns = (runs.c.id, runs.c.run_uid, runs.c.player_id, runs.c.scenario_id, runs.c.pack, runs.c.percent, runs.c.band, runs.c.finished_at)
    queries = [select(*columns).where(*counting)] if ids is None else [
        select(*columns).where(*counting, runs.c.player_id.in_(chunk)) for chunk in _chunks(ids)
    ]
    for query in queries:
        for row in connection.execute(query):
            run_id, _uid, player_id, scenario_id, pack, percent, _band, finished_at = row
            order = _order(percent, finished_at, run_id)
            for kind, start in starts_of(finished_at):
                key = (pack, kind, start, player_id, scenario_id)
                held = best.get(key)
                if held is None or _order(held[5], held[7], held[0]) > order:
                    best[key] = tuple(row)
    summed: dict[tuple[str, str, float, int], list[float]] = {}
    rows = []
    for (pack, kind, start, player_id, scenario_id), held in best.items():
        rows.append(
            {"pack": pack, "window": kind, "start": start, "player_id": player_id, "scenario_id": scenario_id,
             "run_id": held[0], "run_uid": held[1], "percent": held[5], "band": held[6], "finished_at": held[7]}
        )
        total = summed.setdefault((pack, kind, start, player_id), [0.0, 0, 0.0])
        total[0] += held[5]
        total[1] += 1
        total[2] = max(total[2], held[7])
    for start_at in range(0, len(rows), _BATCH):
        connection.execute(standings.insert(), rows[start_at : start_at + _BATCH])
    sums = [
        {"pack": pack, "window": kind, "start": start, "player_id": player_id, "points": round(points, 6), "scenarios": int(count),
         "reached": reached}
        for (pack, kind, start, player_id), (points, count, reached) in summed.items()
    ]
    for start_at in range(0, len(sums), _BATCH):
        connection.execute(totals.insert(), sums[start_at : start_at + _BATCH])


def _chunks(ids: list[int], size: int = 500) -> list[list[int]]:
    return [ids[at : at + size] for at in range(0, len(ids), size)]
