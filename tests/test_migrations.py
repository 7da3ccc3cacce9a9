"""The schema migrations (game/store/migrations.py): a schema 1 store brought up to date honestly."""

from __future__ import annotations

from sqlalchemy import text

from game.store.db import open_store
from game.store.tables import SCHEMA_VERSION
from game.store.upgrade import schema_version
from game.store.verify import verify_store
from tests.conftest import FIXTURES


def test_a_schema_1_store_is_migrated_honestly(tmp_path):
    """Finding 3: runs sealed without a key become 'legacy' (not verified); names get identities (a clash keeps both players)."""
    import shutil

    from game.store.boards import BoardSpec, leaderboard

    path = tmp_path / "old.db"
    shutil.copy(FIXTURES / "store" / "schema-v1.db", path)
    with open_store(str(path)) as store:
        with store.read() as connection:
            assert schema_version(connection) == SCHEMA_VERSION
            statuses = connection.execute(text("SELECT status, seal_key FROM runs")).all()
            names = connection.execute(text("SELECT name, identity FROM players ORDER BY id")).all()
        assert {tuple(row) for row in statuses} == {("legacy", "legacy")}
        assert [row[1] for row in names] == ["ann", "\x00legacy-2", "bob"]
        assert leaderboard(store, BoardSpec("mini")).top == []  # not on the boards until adopted
        report = verify_store(store, include_practice=True)
        assert (report.legacy, report.flagged) == (3, [])
    assert (tmp_path / "old.db.schema-v1.bak").exists()


def schema_3_store(tmp_path):
    """A store with one run, turned back into schema 3 (no abandoned_runs table, nor anything newer)."""
    import sqlite3

    from tests.store_helpers import open_tmp, record

    store = open_tmp(tmp_path)
    record(store, "Ann")
    store.close()
    path = tmp_path / "dojo.db"
    with sqlite3.connect(path) as connection:
        for table in NEWER_THAN_3:
            connection.execute(f"DROP TABLE {table}")
        connection.execute("UPDATE dojo_meta SET value = '3' WHERE key = 'schema_version'")
    return path


# The tables later versions add, newest first (so foreign keys never dangle while dropping).
NEWER_THAN_3 = ("xapi_outbox", "xapi_runs", "class_runs", "class_seats", "classes", "abandoned_runs")


def test_a_schema_3_store_is_upgraded_and_keeps_its_runs(tmp_path):
    """Opening a schema 3 store brings it up to date (a backup first); its run is still there and abandoned attempts are kept."""
    from game.store.abandoned import list_abandoned
    from game.store.runs import list_runs
    from game.store.sessions import SessionStore
    from tests.store_helpers import MINI_TEXT
    from tests.test_abandoned import started

    path = schema_3_store(tmp_path)
    with open_store(str(path)) as store:
        with store.read() as connection:
            assert schema_version(connection) == SCHEMA_VERSION
        assert [run.player for run in list_runs(store)] == ["Ann"]
        saves = SessionStore(store)
        saves.save("Ann", started("ranked", ["listen"]), MINI_TEXT)
        saves.discard("Ann", "mini")
        assert len(list_abandoned(store, player="Ann")) == 1
    assert (tmp_path / "dojo.db.schema-v3.bak").exists()


def _rows_of_every_table(path) -> dict[str, list[tuple]]:
    """Every row of every table of a SQLite file, in rowid order (the schema version left out)."""
    import sqlite3

    connection = sqlite3.connect(path)
    try:
        names = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        found = {}
        for name in names:
            query = f'SELECT * FROM "{name}"' + (" WHERE key != 'schema_version'" if name == "dojo_meta" else "")
            found[name] = sorted(connection.execute(query).fetchall(), key=repr)
        return found
    finally:
        connection.close()


def test_a_schema_4_store_upgrades_to_5_with_the_class_tables_and_loses_nothing(tmp_path):
    """A version-4 store (runs, players with a PIN, boards) gains classes, class_seats and class_runs with their indexes,
    keeps every row of every other table, keeps a backup, and its runs still verify; a class can be opened in it."""
    import sqlite3

    from game.store.class_seats import link_run, roster, take_seat
    from game.store.classes import open_class
    from game.store.identity import sign_in
    from tests.store_helpers import BAD, BEST, insert_fake, open_tmp, record

    store = open_tmp(tmp_path, name="old.db")
    kept = [record(store, "Ann", BEST).run_uid, record(store, "Bob", BAD, mode="practice").run_uid]
    insert_fake(store, "Cy", "s", 70.0, 1_714_953_600.0)
    sign_in(store, "Dee", "2468")
    store.close()
    path = tmp_path / "old.db"
    old = sqlite3.connect(path)  # make it what version 4 wrote: no class tables
    with old:
        for table in ("xapi_outbox", "xapi_runs", "class_runs", "class_seats", "classes"):
            old.execute(f"DROP TABLE {table}")
        old.execute("UPDATE dojo_meta SET value = '4' WHERE key = 'schema_version'")
    old.close()
    before = _rows_of_every_table(path)
    assert not {"classes", "class_seats", "class_runs"} & set(before)

    with open_store(str(path)) as store:
        with store.read() as connection:
            assert schema_version(connection) == SCHEMA_VERSION
            tables = {row[0] for row in connection.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'"))}
            indexes = {row[0] for row in connection.execute(text("SELECT name FROM sqlite_master WHERE type = 'index'"))}
        assert {"classes", "class_seats", "class_runs"} <= tables
        assert {"ix_class_seats_updated", "ix_class_runs_class"} <= indexes
        after = _rows_of_every_table(path)
        assert {name: rows for name, rows in after.items() if name in before} == before
        assert (after["classes"], after["class_seats"], after["class_runs"]) == ([], [], [])
        assert (after["xapi_runs"], after["xapi_outbox"]) == ([], [])
        report = verify_store(store, include_practice=True)
        assert (report.flagged, report.legacy) == ([], 0)
        info = open_class(store, "Upgraded group", "ranked", ["mini"])[0]
        take_seat(store, info.id, "Dee")
        link_run(store, info.id, kept[0])
        assert [seat.player for seat in roster(store, info.id)] == ["Dee"]
    assert (tmp_path / "old.db.schema-v4.bak").exists()
    assert _rows_of_every_table(tmp_path / "old.db.schema-v4.bak") == before


def test_a_schema_5_store_upgrades_to_6_with_the_xapi_tables_and_loses_nothing(tmp_path):
    """A version-5 store gains xapi_runs and xapi_outbox with their indexes, keeps every row of every other table and a
    backup, its runs still verify, and once an LRS is configured a new run is noted for it."""
    import sqlite3

    from game.store import outbox
    from tests.store_helpers import BAD, BEST, open_tmp, record

    store = open_tmp(tmp_path, name="old.db")
    record(store, "Ann", BEST)
    record(store, "Bob", BAD, mode="practice")
    store.close()
    path = tmp_path / "old.db"
    old = sqlite3.connect(path)  # make it what version 5 wrote: no xAPI tables
    with old:
        for table in ("xapi_outbox", "xapi_runs"):
            old.execute(f"DROP TABLE {table}")
        old.execute("UPDATE dojo_meta SET value = '5' WHERE key = 'schema_version'")
    old.close()
    before = _rows_of_every_table(path)
    assert not {"xapi_runs", "xapi_outbox"} & set(before)

    with open_store(str(path)) as store:
        with store.read() as connection:
            assert schema_version(connection) == SCHEMA_VERSION
            tables = {row[0] for row in connection.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'"))}
            indexes = {row[0] for row in connection.execute(text("SELECT name FROM sqlite_master WHERE type = 'index'"))}
        assert {"xapi_runs", "xapi_outbox"} <= tables
        assert {"ix_xapi_runs_built", "ix_xapi_outbox_pending"} <= indexes
        after = _rows_of_every_table(path)
        assert {name: rows for name, rows in after.items() if name in before} == before
        assert (after["xapi_runs"], after["xapi_outbox"]) == ([], [])
        report = verify_store(store, include_practice=True)
        assert (report.flagged, report.legacy) == ([], 0)
        outbox.configure(store, lrs="http://lrs.test/xAPI/")
        uid = record(store, "Cy", BEST).run_uid
        assert outbox.runs_to_build(store) == [uid]
    assert (tmp_path / "old.db.schema-v5.bak").exists()
    assert _rows_of_every_table(tmp_path / "old.db.schema-v5.bak") == before


def test_a_schema_6_postgresql_store_gains_the_boards_statistics_and_loses_nothing(pg_server):
    """A version-6 PostgreSQL store (made before the boards' key had extended statistics) gets them, filled by an
    ANALYZE, when it is upgraded to 7; its rows stay as they were and its runs still verify."""
    import psycopg

    from tests.store_helpers import BAD, BEST, record

    url = pg_server.create_database()
    name = url.split("@/", 1)[1].split("?", 1)[0]
    try:
        store = open_store(url)
        record(store, "Ann", BEST)
        record(store, "Bob", BAD, mode="practice")
        store.close()
        with psycopg.connect(host=str(pg_server.folder), port=5432, user="dojo", dbname=name, autocommit=True) as old:
            # Make it what version 6 wrote: no extended statistics.
            for table in ("standings", "totals"):
                old.execute(f"DROP STATISTICS st_{table}_key")
            old.execute("UPDATE dojo_meta SET value = '6' WHERE key = 'schema_version'")
            counted = {table: old.execute(f"SELECT count(*) FROM {table}").fetchone() for table in ("runs", "standings", "totals")}
        with open_store(url) as store:
            with store.read() as connection:
                assert schema_version(connection) == SCHEMA_VERSION == 7
            assert verify_store(store, include_practice=True).flagged == []
        with psycopg.connect(host=str(pg_server.folder), port=5432, user="dojo", dbname=name, autocommit=True) as upgraded:
            made = upgraded.execute("SELECT stxname FROM pg_statistic_ext ORDER BY stxname").fetchall()
            analyzed = upgraded.execute(
                "SELECT relname FROM pg_stat_user_tables WHERE last_analyze IS NOT NULL AND relname IN ('standings', 'totals')"
                " ORDER BY relname"
            ).fetchall()
            assert {table: upgraded.execute(f"SELECT count(*) FROM {table}").fetchone() for table in counted} == counted
        assert made == [("st_standings_key",), ("st_totals_key",)]
        assert analyzed == [("standings",), ("totals",)]
    finally:
        pg_server.drop_database(url)
