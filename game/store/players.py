"""Players: a name (as first typed), its identity, a cohort (hire class), a team, an opt-out, a PIN.

A name is shown as first typed (markup included; printing it safely is the job of
`display.printable`), but players are found by the name's identity (`names.identity`:
NFKC, case-folded), so `Alice` and `ALICE` are one player. Names with invisible
characters are refused (`names.check_name`). A served player may hold a PIN
(`identity.py`); `ensure_player` does not check it, the callers that act for a seat do.
"""

from __future__ import annotations

from typing import Any

from dataclasses import dataclass

from sqlalchemy import Connection, select

from game.i18n import _
from game.store.db import Store
from game.store.errors import StoreError
from game.store.display import printable
from game.store.names import MAX_NAME_LENGTH, check_name, identity
from game.store.tables import players

__all__ = ["MAX_NAME_LENGTH", "Player", "check_name", "ensure_player", "find_player", "get_player", "list_players", "set_opt_out"]


@dataclass(frozen=True)
class Player:
    """One player as stored."""

    id: int
    name: str
    cohort: str | None
    team: str | None
    opted_out: bool
    created_at: float
    identity: str = ""
    pin_hash: str | None = None

    @property
    def has_pin(self) -> bool:
        """True when the player has claimed their name with a PIN."""
        return self.pin_hash is not None


def _blank_to_none(value: str | None) -> str | None:
    """An empty cohort or team means "none", not a group called ''."""
    return value if value is not None and value.strip() else None


def find_player(connection: Connection, name: str) -> Player | None:
    """The player whose name has this name's identity, or None (a name that cannot be valid: its exact match)."""
    try:
        key = identity(check_name(name))
    except StoreError:
        key = None
    condition = players.c.identity == key if key is not None else players.c.name == name
    row = connection.execute(select(players).where(condition)).mappings().first()
    return _player(row) if row else None


def ensure_player(
    connection: Connection,
    name: str,
    now: float,
    cohort: str | None = None,
    team: str | None = None,
    groups_allowed: bool = False,
) -> int:
    """The player's id, creating them if new; a cohort or team given replaces the stored one.

    Not for a player holding a PIN, unless `groups_allowed` (they proved it): else anyone
    finishing a run under their name could move them off their cohort's board.

    Call inside a write transaction (BEGIN IMMEDIATE makes the look-then-insert safe
    against another process creating the same player at the same moment).
    """
    check_name(name)
    cohort, team = _blank_to_none(cohort), _blank_to_none(team)
    found = find_player(connection, name)
    if found is None:
        result = connection.execute(
            players.insert().values(
                name=name, identity=identity(name), cohort=cohort, team=team, opted_out=False, created_at=now
            )
        )
        key = result.inserted_primary_key
        assert key is not None  # an executed single-row insert always has its key
        return int(key[0])
    if found.pin_hash is not None and not groups_allowed:
        return found.id  # a PIN holder's groups change only once they have proved the name (identity.sign_in)
    changes = {key: value for key, value in (("cohort", cohort), ("team", team)) if value is not None}
    if any(getattr(found, key) != value for key, value in changes.items()):
        connection.execute(players.update().where(players.c.id == found.id).values(**changes))
    return found.id


def set_opt_out(store: Store, name: str, opted_out: bool) -> Player:
    """Hide a player from every board (their runs are kept) or show them again."""
    with store.write() as connection:
        found = find_player(connection, name)
        if found is None:
            raise StoreError(_("no player called '{name}' in {where}").format(name=printable(name), where=store.where))
        connection.execute(players.update().where(players.c.id == found.id).values(opted_out=opted_out))
    return Player(found.id, found.name, found.cohort, found.team, opted_out, found.created_at, found.identity, found.pin_hash)


def get_player(store: Store, name: str) -> Player | None:
    """The player with this name (by identity), or None."""
    with store.read() as connection:
        return find_player(connection, name)


def list_players(store: Store) -> list[Player]:
    """Every player, by name."""
    with store.read() as connection:
        rows = connection.execute(select(players).order_by(players.c.name)).mappings().all()
    return [_player(row) for row in rows]


def _player(row: Any) -> Player:
    """A Player from a row of the players table (columns Player does not show, such as the PIN's lock, left out)."""
    return Player(**{name: row[name] for name in Player.__dataclass_fields__})
