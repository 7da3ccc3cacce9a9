"""Who is in a class and what each is doing now; which runs were played in it.

Each trainee's app rewrites its own row as they play (joined, playing which scenario at
which turn with the customer's face now, finished with which band), and touches it while
idle, so the trainer's roster can tell a trainee who is thinking from one whose browser
closed (`AWAY_SECONDS`). A finished run is linked to the class it was played in; the
class's board and item analysis read only those runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, select

from game.i18n import _
from game.store.db import Store
from game.store.errors import StoreError
from game.store.players import find_player
from game.store.tables import class_runs, class_seats, players, runs

STATES = ("joined", "playing", "finished", "left")
AWAY_SECONDS = 30.0  # a seat not heard from for this long is shown as away (its app touches it every 10 s)


@dataclass(frozen=True)
class Seat:
    """One trainee's row on the roster."""

    player: str
    state: str
    scenario_id: str | None
    turn: int | None
    mood: str | None
    band: str | None
    percent: float | None
    finished: int
    joined_at: float
    updated_at: float

    def away(self, now: float) -> bool:
        """True when the trainee's app has not been heard from for a while (and they have not left)."""
        return self.state != "left" and now - self.updated_at > AWAY_SECONDS


def _player_id(connection: Connection, name: str) -> int:
    found = find_player(connection, name)
    if found is None:
        raise StoreError(_("no player called '{name}' has joined").format(name=name))
    return found.id


def take_seat(store: Store, class_id: int, name: str) -> None:
    """The trainee `name` (signed in) joins the class, or comes back to it."""
    with store.write() as connection:
        player_id = _player_id(connection, name)
        now = store.clock()
        found = connection.execute(
            select(class_seats.c.player_id).where(class_seats.c.class_id == class_id, class_seats.c.player_id == player_id)
        ).first()
        if found is None:
            connection.execute(
                class_seats.insert().values(class_id=class_id, player_id=player_id, state="joined", joined_at=now, updated_at=now)
            )
        else:
            connection.execute(_seat(class_id, player_id).values(state="joined", updated_at=now))


def _seat(class_id: int, player_id: int) -> Any:
    return class_seats.update().where(class_seats.c.class_id == class_id, class_seats.c.player_id == player_id)


def update_seat(store: Store, class_id: int, name: str, state: str, **facts: Any) -> None:
    """Rewrite the trainee's row: `state` and any of scenario_id, turn, mood, band, percent; a
    finished run (`state='finished'`) adds one to their count."""
    if state not in STATES:
        raise ValueError(f"unknown seat state {state!r}")
    allowed = {"scenario_id", "turn", "mood", "band", "percent"}
    unknown = set(facts) - allowed
    if unknown:
        raise ValueError(f"unknown seat facts {sorted(unknown)}")
    with store.write() as connection:
        player_id = _player_id(connection, name)
        values: dict[str, Any] = {"state": state, "updated_at": store.clock(), **facts}
        if state == "finished":
            values["finished"] = class_seats.c.finished + 1
        connection.execute(_seat(class_id, player_id).values(**values))


def touch_seat(store: Store, class_id: int, name: str) -> None:
    """The trainee's app is still there (keeps the roster from showing them away)."""
    with store.write() as connection:
        connection.execute(_seat(class_id, _player_id(connection, name)).values(updated_at=store.clock()))


def roster(store: Store, class_id: int) -> list[Seat]:
    """Everyone in the class, in the order they joined."""
    query = (
        select(class_seats, players.c.name)
        .join(players, players.c.id == class_seats.c.player_id)
        .where(class_seats.c.class_id == class_id)
        .order_by(class_seats.c.joined_at, class_seats.c.player_id)
    )
    with store.read() as connection:
        rows = connection.execute(query).all()
    return [
        Seat(row.name, row.state, row.scenario_id, row.turn, row.mood, row.band, row.percent, row.finished, row.joined_at, row.updated_at)
        for row in rows
    ]


def link_run(store: Store, class_id: int, run_uid: str) -> None:
    """Count the recorded run `run_uid` as played in the class (once; linking again changes nothing)."""
    with store.write() as connection:
        run_id = connection.execute(select(runs.c.id).where(runs.c.run_uid == run_uid)).scalar()
        if run_id is None:
            raise StoreError(_("no run {run} in {where}").format(run=run_uid, where=store.where))
        if connection.execute(select(class_runs.c.run_id).where(class_runs.c.run_id == run_id)).first() is None:
            connection.execute(class_runs.insert().values(run_id=run_id, class_id=class_id))


def class_run_ids(connection: Connection, class_id: int) -> Any:
    """A subquery of the ids of the runs played in the class."""
    return select(class_runs.c.run_id).where(class_runs.c.class_id == class_id).scalar_subquery()


def changed_at(store: Store, class_id: int) -> tuple[float, int]:
    """(the latest seat change, runs linked): what the trainer's screen polls to know whether to rebuild."""
    with store.read() as connection:
        latest = connection.execute(select(func.max(class_seats.c.updated_at)).where(class_seats.c.class_id == class_id)).scalar()
        count = connection.execute(select(func.count()).select_from(class_runs).where(class_runs.c.class_id == class_id)).scalar()
    return float(latest or 0.0), int(count or 0)
