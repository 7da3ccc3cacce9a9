"""Schema 4: the `abandoned_runs` table (ranked attempts given up before their ending, see abandoned.py).

Kept apart from `db.py` so the migration is one self-contained function; `db.MIGRATIONS`
maps version 4 to `to_version_4`. It only adds a table (with its index), so it cannot
lose data, and it runs inside the caller's upgrade transaction.
"""

from __future__ import annotations

from sqlalchemy import Connection


def to_version_4(connection: Connection) -> None:
    """Version 4: abandoned ranked attempts are kept in their own table."""
    from game.store.tables import abandoned_runs

    abandoned_runs.create(connection)  # with its index
