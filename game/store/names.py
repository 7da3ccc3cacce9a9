"""The one rule for player names, with no database import, so a command checks a name at once.

A name is stored exactly as typed (see `players`); only an empty name or an absurdly long
one is refused.
"""

from __future__ import annotations

from game.store.errors import StoreError

MAX_NAME_LENGTH = 200


def check_name(name: str) -> str:
    """The name unchanged if it can be stored; StoreError if it is blank or too long."""
    if not isinstance(name, str) or not name.strip():
        raise StoreError("a player name cannot be empty")
    if len(name) > MAX_NAME_LENGTH:
        raise StoreError(f"a player name can be at most {MAX_NAME_LENGTH} characters (this one has {len(name)})")
    return name
