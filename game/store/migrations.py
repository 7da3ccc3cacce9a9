"""The schema migrations: one function per schema version that upgrades the previous version's
data in place, and the official pack a new or upgraded store starts with."""

from __future__ import annotations

import time
from collections.abc import Callable

from sqlalchemy import Connection, select, text


def _to_version_2(connection: Connection) -> None:
    """Version 2 (boards you can trust): player identities and PINs, runs' pack and seal key,
    the official pack and the stored analyses. Rows sealed before seals had a key become
    'legacy': they were sealed with a plain sha256 anyone can make, so they are not shown as
    verified until the owner adopts them (`dojo verify --reseal`)."""
    from game.store.names import identity
    from game.store.tables import analyses, official_pack, players, runs, standings, totals

    connection.execute(text("ALTER TABLE players ADD COLUMN identity TEXT NOT NULL DEFAULT ''"))
    connection.execute(text("ALTER TABLE players ADD COLUMN pin_hash TEXT"))
    taken: set[str] = set()
    for player_id, name in connection.execute(select(players.c.id, players.c.name).order_by(players.c.id)).all():
        key = identity(name)
        # Two old players whose names now mean one identity (or a name of invisible characters):
        # the later one keeps their runs under an identity nobody can type, shown by their name.
        if key in taken or not key:
            key = f"\x00legacy-{player_id}"
        taken.add(key)
        connection.execute(players.update().where(players.c.id == player_id).values(identity=key))
    connection.execute(text("ALTER TABLE runs ADD COLUMN pack VARCHAR(16) NOT NULL DEFAULT 'custom'"))
    connection.execute(text("ALTER TABLE runs ADD COLUMN seal_key VARCHAR(16) NOT NULL DEFAULT 'legacy'"))
    connection.execute(runs.update().where(runs.c.status == "verified").values(status="legacy"))
    for index in runs.indexes:
        connection.execute(text(f"DROP INDEX IF EXISTS {index.name}"))
        index.create(connection)
    for index in players.indexes:
        if index.name == "ix_players_identity":
            index.create(connection)
    for table in (official_pack, analyses, standings, totals):
        table.create(connection)  # with their indexes
    start_official_pack(connection, time.time())


def start_official_pack(connection: Connection, now: float) -> None:
    """A new (or upgraded) store's official pack: the bundled scenarios and rubric, sealed with the owner's key."""
    from game.store.keys import load_key
    from game.store.official import bundled_pack, write_pack

    write_pack(connection, bundled_pack(), load_key(), now)


def _to_version_3(connection: Connection) -> None:
    """Version 3: a claimed name counts wrong PINs and locks for a while after too many."""
    connection.execute(text("ALTER TABLE players ADD COLUMN pin_failures INTEGER NOT NULL DEFAULT 0"))
    connection.execute(text("ALTER TABLE players ADD COLUMN pin_locked_until FLOAT"))


def _to_version_4(connection: Connection) -> None:
    """Version 4: abandoned ranked attempts are kept in their own table (see abandoned.py)."""
    from game.store.tables import abandoned_runs

    abandoned_runs.create(connection)  # with its index


def _to_version_5(connection: Connection) -> None:
    """Version 5: classes, who is in each and what they are doing, and the runs played in each."""
    from game.store.tables import class_runs, class_seats, classes

    for table in (classes, class_seats, class_runs):
        table.create(connection)  # with their indexes


def _to_version_6(connection: Connection) -> None:
    """Version 6: xAPI, the runs waiting to become statements and the statements waiting for the LRS."""
    from game.store.tables import xapi_outbox, xapi_runs

    for table in (xapi_runs, xapi_outbox):
        table.create(connection)  # with their indexes


# Migrations: target version -> a function that upgrades the previous version's data in
# place, inside the caller's transaction. Each must use explicit DDL (not
# `metadata.create_all`), since it runs on old tables.
def _to_version_7(connection: Connection) -> None:
    """Version 7: on PostgreSQL, the extended statistics on the boards' key that a new store is made with (see
    dialect.py: without them the planner misjudges the all-time window and a cohort's board is 3x slower on a
    million runs), then ANALYZE so they are filled at once rather than at autovacuum's next pass. SQLite has none."""
    from game.store.dialect import KEY_STATISTICS, POSTGRESQL, statistics_statement

    if connection.dialect.name != POSTGRESQL:
        return
    for table_name in KEY_STATISTICS:
        connection.execute(text(statistics_statement(table_name)))
        connection.execute(text(f"ANALYZE {table_name}"))


MIGRATIONS: dict[int, Callable[[Connection], None]] = {
    2: _to_version_2,
    3: _to_version_3,
    4: _to_version_4,
    5: _to_version_5,
    6: _to_version_6,
    7: _to_version_7,
}
