"""Ranked attempts given up before their ending: kept and listed as abandoned, never thrown away, never ranked.

A ranked run is saved after every reply. Before this table, "Start over" deleted that
save, so a trainee could drop every ranked attempt that was going badly and only finish
the good ones, and nobody could see it. Now, whenever a saved *ranked* run with at least
one reply is deleted or replaced by a different run, it is kept here first, in the same
transaction:

- `start-over`: the trainee declined to resume it (`SessionStore.discard`, which both
  front ends reach through the controller's `resume(entry, None)`);
- `replaced`: a new run of the same scenario (another seed, or another mode) was saved
  over it (`SessionStore.save`).

A save that is finished and recorded is not abandoned (`runs.record_run` removes it), and
neither is a practice save: practice never counts. An attempt keeps its events, seed and
the copies it was played on, so it can be looked at later; it has no score and no band,
and no board reads this table. `dojo runs` and the trainee report list attempts as
"abandoned".
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from game.i18n import N_, _, ngettext
from game.store.db import Store
from game.store.errors import StoreError
from game.store.display import printable
from game.store.players import find_player
from game.store.tables import abandoned_runs, players, sessions

START_OVER = "start-over"
REPLACED = "replaced"
HOW_WORDS = {START_OVER: N_("started over"), REPLACED: N_("replaced by a new run")}  # _() them where shown


@dataclass(frozen=True)
class Abandoned:
    """One abandoned attempt as lists show it."""

    attempt_uid: str
    player: str
    cohort: str | None
    scenario_id: str
    mode: str
    replies: int
    started_at: float
    abandoned_at: float
    how: str

    @property
    def words(self) -> str:
        """'abandoned after 2 replies (started over)'."""
        how = _(HOW_WORDS[self.how]) if self.how in HOW_WORDS else self.how
        return ngettext("abandoned after {count} reply ({how})", "abandoned after {count} replies ({how})", self.replies).format(
            count=self.replies, how=how
        )

    def to_json(self) -> dict[str, Any]:
        """A plain dict for `dojo runs --json` (status 'abandoned'; no score)."""
        from game.store.windows import iso

        return {
            "run_id": self.attempt_uid,
            "player": self.player,
            "cohort": self.cohort,
            "scenario": self.scenario_id,
            "mode": self.mode,
            "status": "abandoned",
            "replies": self.replies,
            "how": self.how,
            "started_at": iso(self.started_at),
            "abandoned_at": iso(self.abandoned_at),
        }


def _state(text: str) -> Mapping[str, Any] | None:
    """A save's state as a dict, or None if it does not read."""
    try:
        data = json.loads(text)
    except (ValueError, TypeError):
        return None
    return data if isinstance(data, dict) else None


def _choices(state: Mapping[str, Any]) -> list[Any]:
    """The save's events, if they are a list."""
    events = state.get("events")
    return events if isinstance(events, list) else []


def continues(old: Mapping[str, Any], new: Mapping[str, Any]) -> bool:
    """True if the state `new` is the same run as `old`, played on (same seed and mode, its events extending the old)."""
    old_events, new_events = _choices(old), _choices(new)
    return (
        old.get("seed") == new.get("seed")
        and old.get("mode") == new.get("mode")
        and old.get("content_hash") == new.get("content_hash")
        and new_events[: len(old_events)] == old_events
    )


def keep_if_abandoned(connection: Connection, row: Any, how: str, now: float, replacement: str | None = None) -> bool:
    """Inside a write transaction: keep the saved run `row` (a sessions row) as abandoned if it is a ranked run with a reply.

    With `replacement` (the state about to be saved over it), it is kept only if that is a
    different run. Returns True if it was kept.
    """
    state = _state(row.state)
    if state is None or state.get("mode") != "ranked":
        return False
    if replacement is not None:
        new = _state(replacement)
        if new is not None and continues(state, new):
            return False
    events = _choices(state)
    replies = sum(1 for event in events if isinstance(event, dict) and event.get("kind") == "choose")
    if replies == 0:
        return False
    times = [float(event["at"]) for event in events if isinstance(event, dict) and isinstance(event.get("at"), (int, float))]
    connection.execute(
        abandoned_runs.insert().values(
            attempt_uid=uuid.uuid4().hex,
            player_id=row.player_id,
            scenario_id=row.scenario_id,
            content_hash=row.content_hash,
            rubric_digest=row.rubric_digest,
            mode="ranked",
            seed=int(state.get("seed") or 0),
            events=json.dumps(events, sort_keys=True, separators=(",", ":")),
            replies=replies,
            started_at=min(times, default=float(row.updated_at)),
            abandoned_at=now,
            how=how,
        )
    )
    return True


def saved_row(connection: Connection, player_id: int, scenario_id: str) -> Any:
    """The sessions row of this player and scenario, or None."""
    return connection.execute(
        select(sessions).where(sessions.c.player_id == player_id, sessions.c.scenario_id == scenario_id)
    ).first()


def _select() -> Any:
    """Abandoned attempts joined with their players, in the shape of `Abandoned`."""
    return select(
        abandoned_runs.c.attempt_uid, players.c.name, players.c.cohort, abandoned_runs.c.scenario_id,
        abandoned_runs.c.mode, abandoned_runs.c.replies, abandoned_runs.c.started_at, abandoned_runs.c.abandoned_at,
        abandoned_runs.c.how,
    ).join(players, players.c.id == abandoned_runs.c.player_id)


def list_abandoned(store: Store, player: str | None = None, scenario: str | None = None, limit: int | None = None) -> list[Abandoned]:
    """Abandoned attempts, newest first; only `player`'s or `scenario`'s when given. Unknown player: StoreError."""
    query = _select().order_by(abandoned_runs.c.abandoned_at.desc(), abandoned_runs.c.id.desc())
    with store.read() as connection:
        if player is not None:
            found = find_player(connection, player)
            if found is None:
                raise StoreError(_("no player called '{name}' in {where}").format(name=printable(player), where=store.where))
            query = query.where(abandoned_runs.c.player_id == found.id)
        if scenario is not None:
            query = query.where(abandoned_runs.c.scenario_id == scenario)
        if limit:
            query = query.limit(limit)
        return [Abandoned(*row) for row in connection.execute(query)]


def abandoned_of(connection: Connection, conditions: Sequence[Any]) -> list[Abandoned]:
    """Inside a read: the abandoned attempts meeting `conditions` (on abandoned_runs joined with players), oldest first."""
    query = _select().where(*conditions).order_by(abandoned_runs.c.abandoned_at, abandoned_runs.c.id)
    return [Abandoned(*row) for row in connection.execute(query)]
