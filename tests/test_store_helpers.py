"""tests/store_helpers.py: a store `open_tmp` makes on PostgreSQL from a blank database (a new store's
tables, emptied after an earlier test) is the store it makes on a new database, row for row."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import psycopg

from game.store.tables import metadata
from tests.pg_server import _name_of
from tests.store_helpers import DATABASES, MONDAY, Clock, open_tmp, record


def contents(server: Any, url: str) -> dict[str, Any]:
    """Every table's rows (sorted), every sequence's state and the planner's statistics rows of a store."""
    with psycopg.connect(host=str(server.folder), port=5432, user="dojo", dbname=_name_of(url)) as connection:
        rows = {table.name: sorted(map(repr, connection.execute(f'SELECT * FROM "{table.name}"').fetchall())) for table in metadata.sorted_tables}
        sequences = {
            name: connection.execute(f'SELECT last_value, is_called FROM "{name}"').fetchone()
            for (name,) in connection.execute("SELECT relname FROM pg_class WHERE relkind = 'S' AND relnamespace = 'public'::regnamespace")
        }
        statistics = connection.execute(
            "SELECT count(*) FROM pg_statistic WHERE starelid IN (SELECT oid FROM pg_class WHERE relnamespace = 'public'::regnamespace)"
        ).fetchone()
    return {"rows": rows, "sequences": sequences, "statistics": statistics}


def test_a_store_made_from_a_blank_database_is_the_one_made_on_a_new_database(pg_server: Any, tmp_path: Path) -> None:
    """open_tmp on a blank database gives the same schema, rows, sequences, statistics and clock readings as on a new one."""
    DATABASES.server = pg_server
    try:
        used = open_tmp(tmp_path / "used")  # a store that gets runs, then is given back blank
        record(used, "Ann")
        used.close()
        DATABASES.finish()
        assert DATABASES.blank, "the used store's tables came back blank"

        DATABASES.server = pg_server
        blank = list(DATABASES.blank)
        DATABASES.blank = []  # none to hand out: a new database, as without the blank ones
        new_clock = Clock(MONDAY, step=1.0)
        open_tmp(tmp_path / "new", new_clock).close()
        new_url = DATABASES.made[str(tmp_path / "new" / "dojo.db")]
        assert new_url not in blank

        DATABASES.blank = list(blank)
        blank_clock = Clock(MONDAY, step=1.0)
        open_tmp(tmp_path / "blank", blank_clock).close()
        blank_url = DATABASES.made[str(tmp_path / "blank" / "dojo.db")]
        assert blank_url in blank

        assert pg_server.layout(blank_url) == pg_server.layout(new_url)
        assert contents(pg_server, blank_url) == contents(pg_server, new_url)
        assert blank_clock.now == new_clock.now  # the clock was read as often
    finally:
        DATABASES.finish()


def test_a_store_whose_tables_changed_comes_back_empty_not_blank(pg_server: Any, tmp_path: Path) -> None:
    """A store a test altered (a column added) is not handed out as a new store's tables: its database comes back empty."""
    DATABASES.server = pg_server
    try:
        store = open_tmp(tmp_path)
        with store.write() as connection:
            connection.exec_driver_sql("ALTER TABLE runs ADD COLUMN extra TEXT")
        store.close()
        url = DATABASES.made[str(tmp_path / "dojo.db")]
        blank, spare = list(DATABASES.blank), list(pg_server.spare)
        DATABASES.finish()
        assert DATABASES.blank == blank
        assert len(pg_server.spare) == len(spare) + 1 and url not in pg_server.spare
        with psycopg.connect(host=str(pg_server.folder), port=5432, user="dojo", dbname=_name_of(pg_server.spare[-1])) as connection:
            assert connection.execute("SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace").fetchone() == (0,)
    finally:
        DATABASES.finish()
