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
NEWER_THAN_3 = ("abandoned_runs",)


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
