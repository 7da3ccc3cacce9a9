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
