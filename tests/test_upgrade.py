"""Keeping the schema up to date (game/store/upgrade.py): versions, migrations run or rolled back, the backup."""

from __future__ import annotations

import errno

import pytest
from sqlalchemy import create_engine, inspect, text

from game.store import migrations, upgrade
from game.store.db import open_store
from game.store.errors import FULL, StoreError
from game.store.location import resolve_url
from game.store.tables import SCHEMA_VERSION, meta
from game.store.upgrade import schema_version
from tests.store_helpers import DATABASES, db_url, digest, open_tmp, record


pytestmark = pytest.mark.usefixtures("db_engine")  # every test here runs on SQLite and on PostgreSQL


def test_newer_schema_is_refused_without_change(tmp_path):
    """A database from a newer dojo is refused and left as it is."""
    with open_tmp(tmp_path) as store, store.write() as connection:
        connection.execute(meta.update().where(meta.c.key == "schema_version").values(value="99"))
    with pytest.raises(StoreError, match="newer Service Dojo"):
        open_tmp(tmp_path)
    assert stored(tmp_path)["version"] == "99"


def test_migration_upgrades_in_place_and_keeps_data(tmp_path, monkeypatch):
    """An upgrade to a new schema version runs its migration, keeps every run and leaves a backup."""
    with open_tmp(tmp_path) as store:
        run = record(store, "Ann")
    monkeypatch.setattr(upgrade, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setitem(
        migrations.MIGRATIONS, SCHEMA_VERSION + 1, lambda c: c.exec_driver_sql("ALTER TABLE players ADD COLUMN nickname TEXT")
    )
    with open_tmp(tmp_path) as store, store.read() as connection:
        assert schema_version(connection) == SCHEMA_VERSION + 1
        assert connection.execute(text("SELECT run_uid FROM runs")).scalar() == run.run_uid
        assert connection.execute(text("SELECT nickname FROM players")).all() == [(None,)]
    if DATABASES.engine == "sqlite":  # a file is copied aside first; PostgreSQL's upgrade is one transaction, kept by its own backups
        assert (tmp_path / f"dojo.db.schema-v{SCHEMA_VERSION}.bak").exists()


def test_failed_migration_changes_nothing(tmp_path, monkeypatch):
    """A migration that fails part-way is rolled back: old version, old columns, data intact."""
    with open_tmp(tmp_path) as store:
        run = record(store, "Ann")

    def half_done(connection):
        connection.exec_driver_sql("ALTER TABLE players ADD COLUMN nickname TEXT")
        connection.exec_driver_sql("ALTER TABLE no_such_table ADD COLUMN x TEXT")

    monkeypatch.setattr(upgrade, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setitem(migrations.MIGRATIONS, SCHEMA_VERSION + 1, half_done)
    with pytest.raises(StoreError, match="^database error in "):
        open_tmp(tmp_path)
    found = stored(tmp_path)
    assert found["version"] == str(SCHEMA_VERSION)
    assert "nickname" not in found["player_columns"]
    assert found["runs"] == [run.run_uid]


def stored(tmp_path) -> dict:
    """What the test's database holds, read behind the store's back: schema version, players' columns, run ids."""
    engine = create_engine(resolve_url(db_url(tmp_path)))
    try:
        with engine.connect() as connection:
            return {
                "version": connection.execute(text("SELECT value FROM dojo_meta WHERE key='schema_version'")).scalar(),
                "player_columns": [column["name"] for column in inspect(connection).get_columns("players")],
                "runs": list(connection.execute(text("SELECT run_uid FROM runs")).scalars()),
            }
    finally:
        engine.dispose()


@pytest.mark.sqlite_only("the backup is a copy of the SQLite file")
def test_a_backup_that_does_not_fit_stops_the_upgrade_and_leaves_no_partial_copy(tmp_path, monkeypatch):
    """A full disk during the pre-upgrade backup: FULL error, no .bak or partial file, database untouched."""
    with open_tmp(tmp_path) as store:
        record(store, "Ann")
    before = digest(tmp_path / "dojo.db")

    def no_room(*_args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(upgrade, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setitem(migrations.MIGRATIONS, SCHEMA_VERSION + 1, lambda c: None)
    monkeypatch.setattr(upgrade.os, "replace", no_room)
    with pytest.raises(StoreError) as caught:
        open_tmp(tmp_path)
    assert caught.value.kind == FULL and "free some space" in caught.value.message
    assert sorted(p.name for p in tmp_path.iterdir() if "dojo.db." in p.name) == []
    assert digest(tmp_path / "dojo.db") == before


@pytest.mark.sqlite_only("--reset-db moves a damaged file aside")
@pytest.mark.parametrize("value", ["0", "-1", "abc", "1.0", ""])
def test_a_nonsense_schema_version_is_one_message_and_reset_db_recovers(tmp_path, value, capsys):
    """schema_version 0, -1, abc, 1.0: every command gives the move-aside message (exit 2); --reset-db starts afresh."""
    from game.cli import main

    with open_tmp(tmp_path) as store, store.write() as connection:
        connection.execute(meta.update().where(meta.c.key == "schema_version").values(value=value))
    path = str(tmp_path / "dojo.db")
    for argv in (["runs"], ["leaderboard"], ["verify"]):
        assert main([*argv, "--db", path]) == 2
        err = capsys.readouterr().err
        assert "schema version" in err and "--reset-db" in err and err.count("\n") == 1, err
    assert main(["runs", "--db", path, "--reset-db"]) == 0
    assert "moved to" in capsys.readouterr().err
    with open_store(path) as store, store.read() as connection:
        assert schema_version(connection) == SCHEMA_VERSION


def test_a_nonsense_schema_version_on_a_server_is_one_message(tmp_path, capsys):
    """A schema version that is not a whole number: exit 2 with one line, and opening it refuses with the same words."""
    from game.cli import main

    with open_tmp(tmp_path) as store, store.write() as connection:
        connection.execute(meta.update().where(meta.c.key == "schema_version").values(value="abc"))
    assert main(["runs", "--db", db_url(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "schema version" in err and err.count("\n") == 1 and "Traceback" not in err
    with pytest.raises(StoreError) as caught:
        open_tmp(tmp_path)
    assert "schema version ('abc')" in caught.value.message
