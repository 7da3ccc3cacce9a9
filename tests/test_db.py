"""Tests for game.store.db: location, pragmas, BEGIN IMMEDIATE, bad files, schema versions and migrations."""

from __future__ import annotations

import errno
import hashlib
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import event, select, text

from game.store import db
from game.store.db import (
    StoreError,
    inspect_file,
    move_aside,
    open_store,
    resolve_url,
    schema_version,
)
from game.store.errors import BUSY, DAMAGED, FULL, OTHER, READ_ONLY
from game.store.runs import count_runs, list_runs
from game.store.tables import SCHEMA_VERSION, meta
from game.store.verify import integrity, verify_store
from tests.conftest import FIXTURES
from tests.store_helpers import Clock, DiskLimit, fill, open_tmp, record, remount_read_only, tmpfs


def digest(path: Path) -> str:
    """The SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_default_location_is_the_user_data_directory(monkeypatch, tmp_path):
    """With no --db and no DOJO_DB the database is dojo.db in the platformdirs data folder."""
    monkeypatch.setattr(db.platformdirs, "user_data_path", lambda *a, **k: tmp_path / "data" / "service-dojo")
    url = resolve_url(None, {})
    assert Path(url.database) == tmp_path / "data" / "service-dojo" / "dojo.db"


def test_default_folder_is_created_on_first_open(monkeypatch, tmp_path):
    """Opening the default database creates its folder."""
    monkeypatch.setattr(db, "default_db_path", lambda: tmp_path / "deep" / "dir" / "dojo.db")
    with open_store(None, environ={}) as store:
        assert Path(store.where).exists()


def test_env_var_and_option_pick_the_database(tmp_path):
    """DOJO_DB names the database; --db wins over it; a path becomes an absolute sqlite URL."""
    env = {"DOJO_DB": str(tmp_path / "env.db")}
    assert resolve_url(None, env).database == str(tmp_path / "env.db")
    assert resolve_url(str(tmp_path / "opt.db"), env).database == str(tmp_path / "opt.db")
    assert resolve_url("sqlite:///" + str(tmp_path / "u.db"), {}).get_backend_name() == "sqlite"
    assert Path(resolve_url("rel.db", {}).database).is_absolute()


def test_bad_url_is_a_clear_error():
    """Something with :// that is not a URL is refused with a message."""
    with pytest.raises(StoreError, match="not a database URL"):
        resolve_url("not a url://x", {})


def test_explicit_path_in_a_missing_folder_is_refused(tmp_path):
    """--db in a folder that does not exist is an error (a typo must not create folders)."""
    with pytest.raises(StoreError, match="does not exist"):
        open_store(str(tmp_path / "nope" / "dojo.db"))


def test_new_database_has_schema_wal_and_pragmas(tmp_path):
    """A new database is WAL, has a busy timeout, foreign keys on, FULL sync and the schema version."""
    with open_tmp(tmp_path) as store, store.read() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == db.BUSY_TIMEOUT_MS
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 2
        assert schema_version(connection) == SCHEMA_VERSION
        assert connection.execute(select(meta.c.value).where(meta.c.key == "app")).scalar() == "service-dojo"


def test_write_transactions_begin_immediate_and_reads_deferred(tmp_path):
    """write() opens with BEGIN IMMEDIATE, read() with a deferred BEGIN; pysqlite emits none of its own."""
    store = open_tmp(tmp_path)
    seen: list[str] = []
    event.listen(store.engine, "before_cursor_execute", lambda conn, cur, stmt, *rest: seen.append(stmt))
    with store.write() as connection:
        connection.execute(text("SELECT 1"))
    with store.read() as connection:
        connection.execute(text("SELECT 2"))
    assert seen == ["BEGIN IMMEDIATE", "SELECT 1", "BEGIN DEFERRED", "SELECT 2"]
    store.close()


def test_write_rolls_back_on_error(tmp_path):
    """An exception inside write() leaves nothing behind."""
    store = open_tmp(tmp_path)
    with pytest.raises(RuntimeError), store.write() as connection:
        connection.execute(meta.insert().values(key="probe", value="1"))
        raise RuntimeError("boom")
    with store.read() as connection:
        assert connection.execute(select(meta.c.value).where(meta.c.key == "probe")).first() is None


def test_a_second_writer_waits_instead_of_failing(tmp_path):
    """While one process holds the write lock, another BEGIN IMMEDIATE waits on the busy timeout and then succeeds."""
    import threading

    store = open_tmp(tmp_path)
    holder = sqlite3.connect(tmp_path / "dojo.db", isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    threading.Timer(0.3, lambda: holder.execute("COMMIT")).start()
    with store.write() as connection:
        connection.execute(meta.insert().values(key="after-wait", value="1"))
    holder.close()
    with store.read() as connection:
        assert connection.execute(select(meta.c.value).where(meta.c.key == "after-wait")).scalar() == "1"


def test_reopening_keeps_data(tmp_path):
    """Opening an existing database again neither recreates nor loses anything."""
    with open_tmp(tmp_path) as store:
        run = record(store, "Ann")
    with open_tmp(tmp_path) as store, store.read() as connection:
        assert connection.execute(text("SELECT run_uid FROM runs")).scalar() == run.run_uid


def test_not_sqlite_file_is_refused_and_untouched(tmp_path):
    """A text file at the database path: one message with an mv suggestion, and the file unchanged."""
    path = tmp_path / "dojo.db"
    path.write_text("my shopping list\n")
    before = digest(path)
    with pytest.raises(StoreError) as caught:
        open_store(str(path))
    assert "not an SQLite database" in caught.value.message
    assert f"mv '{path}'" in caught.value.message and "--reset-db" in caught.value.message
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dojo.db"]


def test_foreign_sqlite_database_is_refused_and_untouched(tmp_path):
    """Another program's SQLite database is refused and not switched to WAL or written."""
    path = tmp_path / "other.db"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE bookmarks (url TEXT)")
    connection.execute("INSERT INTO bookmarks VALUES ('https://example.org')")
    connection.commit()
    connection.close()
    before = digest(path)
    with pytest.raises(StoreError, match="another program's database"):
        open_store(str(path))
    assert digest(path) == before
    check = sqlite3.connect(path)
    assert check.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    check.close()


def test_corrupt_database_is_refused_and_untouched(tmp_path):
    """A Service Dojo file with garbage over its pages is refused with the move-aside advice."""
    path = tmp_path / "dojo.db"
    with open_store(str(path)) as store:
        record(store, "Ann")
    data = bytearray(path.read_bytes())
    data[100:] = b"\xff" * (len(data) - 100)
    path.write_bytes(bytes(data))
    before = digest(path)
    with pytest.raises(StoreError) as caught:
        open_store(str(path))
    assert "mv '" in caught.value.message
    assert digest(path) == before


def test_reset_moves_a_bad_file_aside_and_starts_new(tmp_path):
    """--reset-db renames the bad file (contents intact) and opens a fresh database."""
    path = tmp_path / "dojo.db"
    path.write_text("not a database")
    clock = Clock(1_714_953_600.0)
    with open_store(str(path), reset=True, clock=clock) as store:
        assert store.moved_aside == tmp_path / "dojo.db.broken-20240506T000000Z"
        with store.read() as connection:
            assert schema_version(connection) == SCHEMA_VERSION
    assert store.moved_aside.read_text() == "not a database"


def test_reset_leaves_a_healthy_database_alone(tmp_path):
    """--reset-db on a good database moves nothing and keeps every run."""
    with open_tmp(tmp_path) as store:
        run = record(store, "Ann")
    with open_store(str(tmp_path / "dojo.db"), reset=True) as store:
        assert store.moved_aside is None
        with store.read() as connection:
            assert connection.execute(text("SELECT run_uid FROM runs")).scalar() == run.run_uid


def test_move_aside_takes_wal_companions_and_never_overwrites(tmp_path):
    """The -wal and -shm files move with the database; a second move gets a new name."""
    clock = Clock(1_714_953_600.0)
    for round_ in range(2):
        (tmp_path / "dojo.db").write_text(f"db {round_}")
        (tmp_path / "dojo.db-wal").write_text(f"wal {round_}")
        moved = move_aside(tmp_path / "dojo.db", clock)
        assert moved.read_text() == f"db {round_}"
        assert (moved.parent / (moved.name + "-wal")).read_text() == f"wal {round_}"
    assert not (tmp_path / "dojo.db").exists()
    assert len(list(tmp_path.glob("dojo.db.broken-*-wal"))) == 2


def test_inspect_file_states(tmp_path):
    """Missing or empty files are new; a folder is an error."""
    assert inspect_file(tmp_path / "missing.db").kind == "new"
    (tmp_path / "empty.db").write_bytes(b"")
    assert inspect_file(tmp_path / "empty.db").kind == "new"
    with pytest.raises(StoreError, match="folder"):
        inspect_file(tmp_path)


def test_newer_schema_is_refused_without_change(tmp_path):
    """A database from a newer dojo is refused and left as it is."""
    with open_tmp(tmp_path) as store, store.write() as connection:
        connection.execute(meta.update().where(meta.c.key == "schema_version").values(value="99"))
    with pytest.raises(StoreError, match="newer Service Dojo"):
        open_tmp(tmp_path)
    with sqlite3.connect(tmp_path / "dojo.db") as check:
        assert check.execute("SELECT value FROM dojo_meta WHERE key='schema_version'").fetchone()[0] == "99"


def test_migration_upgrades_in_place_and_keeps_data(tmp_path, monkeypatch):
    """An upgrade to a new schema version runs its migration, keeps every run and leaves a backup."""
    with open_tmp(tmp_path) as store:
        run = record(store, "Ann")
    monkeypatch.setattr(db, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setitem(
        db.MIGRATIONS, SCHEMA_VERSION + 1, lambda c: c.exec_driver_sql("ALTER TABLE players ADD COLUMN nickname TEXT")
    )
    with open_tmp(tmp_path) as store, store.read() as connection:
        assert schema_version(connection) == SCHEMA_VERSION + 1
        assert connection.execute(text("SELECT run_uid FROM runs")).scalar() == run.run_uid
        assert connection.execute(text("SELECT nickname FROM players")).all() == [(None,)]
    assert (tmp_path / f"dojo.db.schema-v{SCHEMA_VERSION}.bak").exists()


def test_failed_migration_changes_nothing(tmp_path, monkeypatch):
    """A migration that fails part-way is rolled back: old version, old columns, data intact."""
    with open_tmp(tmp_path) as store:
        run = record(store, "Ann")

    def half_done(connection):
        connection.exec_driver_sql("ALTER TABLE players ADD COLUMN nickname TEXT")
        connection.exec_driver_sql("ALTER TABLE no_such_table ADD COLUMN x TEXT")

    monkeypatch.setattr(db, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setitem(db.MIGRATIONS, SCHEMA_VERSION + 1, half_done)
    with pytest.raises(StoreError, match="no such table"):
        open_tmp(tmp_path)
    with sqlite3.connect(tmp_path / "dojo.db") as check:
        assert check.execute("SELECT value FROM dojo_meta WHERE key='schema_version'").fetchone()[0] == str(SCHEMA_VERSION)
        assert "nickname" not in [row[1] for row in check.execute("PRAGMA table_info(players)")]
        assert check.execute("SELECT run_uid FROM runs").fetchone()[0] == run.run_uid


def test_database_errors_become_one_message(tmp_path):
    """A SQL error inside a transaction surfaces as StoreError naming the database, not a traceback."""
    store = open_tmp(tmp_path)
    with pytest.raises(StoreError, match=r"database error in .*dojo\.db: no such table"), store.read() as connection:
        connection.execute(text("SELECT * FROM no_such_table"))


@pytest.mark.parametrize(
    "driver_message, expected",
    [
        ("database disk image is malformed", "mv '"),
        ("file is not a database", "--reset-db"),
        ("database is locked", "stayed busy"),
        ("attempt to write a readonly database", "the database is read-only"),
        ("database or disk is full", "the disk is full; nothing was written (free some space"),
        ("disk I/O error", "reported an error (disk I/O error); is it full or unplugged?"),
        ("no such table: x", "database error in"),
    ],
)
def test_translate_error_gives_one_clear_message(tmp_path, driver_message, expected):
    """Each kind of driver error becomes a one-line StoreError with advice that fits it."""
    from sqlalchemy.exc import DBAPIError

    from game.store.db import translate_error

    error = DBAPIError.instance("SELECT 1", (), sqlite3.OperationalError(driver_message), sqlite3.Error)
    message = translate_error(error, resolve_url(str(tmp_path / "dojo.db"), {})).message
    assert expected in message and "\n" not in message


@pytest.mark.parametrize(
    "driver_message, kind",
    [
        ("database disk image is malformed", DAMAGED),
        ("database is locked", BUSY),
        ("attempt to write a readonly database", READ_ONLY),
        ("database or disk is full", FULL),
        ("no such table: x", OTHER),
    ],
)
def test_translated_errors_carry_their_kind(tmp_path, driver_message, kind):
    """The StoreError says what kind of failure it was, so the game can keep a run and retry."""
    from sqlalchemy.exc import DBAPIError

    from game.store.db import translate_error

    error = DBAPIError.instance("SELECT 1", (), sqlite3.OperationalError(driver_message), sqlite3.Error)
    assert translate_error(error, resolve_url(str(tmp_path / "dojo.db"), {})).kind == kind


def runs_and_check(path: Path) -> tuple[int, str, list]:
    """Reopen the database at `path`: how many runs, SQLite's quick_check and dojo verify's findings."""
    with open_store(str(path)) as store:
        report = verify_store(store, include_practice=True)
        return count_runs(store), integrity(store), report.flagged


def test_a_full_database_rolls_back_and_still_opens_and_verifies(tmp_path):
    """SQLITE_FULL mid-write is one FULL StoreError; nothing half-written: the file reopens, checks ok and verifies."""
    store = open_tmp(tmp_path)
    record(store, "Ann")
    limit = DiskLimit(store.engine)
    limit.full = True
    stored = 1
    with pytest.raises(StoreError) as caught:
        for number in range(200):  # the pages in hand fill up after a few small runs
            record(store, f"Player {number}")
            stored += 1
    assert caught.value.kind == FULL and "the disk is full" in caught.value.message
    store.close()
    assert runs_and_check(tmp_path / "dojo.db") == (stored, "ok", [])


def test_a_really_full_disk_rolls_back_and_the_database_recovers(tmp_path):
    """On a tiny tmpfs filled to the last byte a record fails as FULL; freed, the same store records again."""
    with tmpfs(tmp_path / "disk", "1m") as disk:
        store = open_store(str(disk / "dojo.db"))
        record(store, "Ann")
        filler = fill(disk)
        with pytest.raises(StoreError) as caught:
            record(store, "Bob")
        assert caught.value.kind == FULL and str(disk / "dojo.db") in caught.value.message
        store.close()
        assert runs_and_check(disk / "dojo.db") == (1, "ok", [])
        filler.unlink()
        with open_store(str(disk / "dojo.db")) as again:
            record(again, "Bob")
        assert runs_and_check(disk / "dojo.db") == (2, "ok", [])


def test_an_unwritable_database_opens_read_only_and_is_left_alone(tmp_path, monkeypatch):
    """A file nobody may write opens read-only: runs are listed, a write is one READ_ONLY error, the file is unchanged."""
    with open_tmp(tmp_path) as store:
        run = record(store, "Ann")
    path = tmp_path / "dojo.db"
    before = digest(path)
    monkeypatch.setattr(db.os, "access", lambda target, mode: Path(target) != path)
    with open_store(str(path)) as store:
        assert store.read_only == f"cannot save to {path}: the file is read-only"
        assert [r.run_uid for r in list_runs(store)] == [run.run_uid]
        with pytest.raises(StoreError) as caught:
            record(store, "Bob")
        assert caught.value.kind == READ_ONLY and caught.value.message == store.read_only
    assert digest(path) == before


def test_a_database_in_a_read_only_folder_that_does_not_exist_yet_is_empty_and_not_created(tmp_path, monkeypatch):
    """No file yet and a read-only folder: an empty read-only store, and no file is made."""
    monkeypatch.setattr(db.os, "access", lambda target, mode: False)
    with open_store(str(tmp_path / "dojo.db")) as store:
        assert store.read_only is not None and f"its folder {tmp_path} is read-only" in store.read_only
        assert list_runs(store) == []
    assert list(tmp_path.iterdir()) == []


def test_a_default_folder_that_cannot_be_created_gives_a_read_only_store(tmp_path, monkeypatch):
    """When the data folder cannot be made (a file is in the way) the game still opens, read-only, and says why."""
    (tmp_path / "data").write_text("not a folder", encoding="utf-8")
    monkeypatch.setattr(db, "default_db_path", lambda: tmp_path / "data" / "service-dojo" / "dojo.db")
    with open_store(None, environ={}) as store:
        assert store.read_only is not None and "its folder cannot be created" in store.read_only
        assert store.where == str(tmp_path / "data" / "service-dojo" / "dojo.db")


def test_a_read_only_disk_is_opened_read_only(tmp_path):
    """On a really read-only mount a WAL database (no -shm possible) is read, and a missing one is an empty store."""
    with tmpfs(tmp_path / "disk") as disk:
        with open_store(str(disk / "dojo.db")) as store:
            run = record(store, "Ann")
        remount_read_only(disk)
        assert inspect_file(disk / "dojo.db").kind == "dojo"  # not "damaged": it is only unwritable
        with open_store(str(disk / "dojo.db")) as store:
            assert "the disk it is on is read-only" in store.read_only
            assert [r.run_uid for r in list_runs(store)] == [run.run_uid]
            with pytest.raises(StoreError) as caught:
                record(store, "Bob")
            assert caught.value.kind == READ_ONLY
        with open_store(str(disk / "new.db")) as store:
            assert store.read_only is not None and list_runs(store) == []
        assert sorted(p.name for p in disk.iterdir()) == ["dojo.db"]


def test_a_bad_file_on_a_read_only_disk_is_refused_without_reset_advice(tmp_path, monkeypatch):
    """A file that is not ours and cannot be moved is refused without suggesting --reset-db."""
    path = tmp_path / "dojo.db"
    path.write_text("hello", encoding="utf-8")
    monkeypatch.setattr(db.os, "access", lambda target, mode: False)
    with pytest.raises(StoreError) as caught:
        open_store(str(path), reset=True)
    assert "not an SQLite database" in caught.value.message and "--reset-db" not in caught.value.message
    assert path.read_text(encoding="utf-8") == "hello"


def test_moving_aside_on_a_read_only_disk_is_one_message(tmp_path, monkeypatch):
    """--reset-db where the file cannot be renamed is a StoreError naming the file, not an OSError traceback."""
    path = tmp_path / "dojo.db"
    path.write_text("hello", encoding="utf-8")

    def refuse(*_args):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(db.os, "replace", refuse)
    with pytest.raises(StoreError) as caught:
        move_aside(path)
    assert caught.value.kind == READ_ONLY and f"cannot move {path} aside: Read-only file system" in caught.value.message


def test_a_backup_that_does_not_fit_stops_the_upgrade_and_leaves_no_partial_copy(tmp_path, monkeypatch):
    """A full disk during the pre-upgrade backup: FULL error, no .bak or partial file, database untouched."""
    with open_tmp(tmp_path) as store:
        record(store, "Ann")
    before = digest(tmp_path / "dojo.db")

    def no_room(*_args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(db, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setitem(db.MIGRATIONS, SCHEMA_VERSION + 1, lambda c: None)
    monkeypatch.setattr(db.os, "replace", no_room)
    with pytest.raises(StoreError) as caught:
        open_tmp(tmp_path)
    assert caught.value.kind == FULL and "free some space" in caught.value.message
    assert sorted(p.name for p in tmp_path.iterdir() if "dojo.db." in p.name) == []
    assert digest(tmp_path / "dojo.db") == before


def test_in_memory_database_works():
    """sqlite:// (memory) opens with one shared connection and the schema."""
    with open_store("sqlite://") as store:
        record(store, "Ann")
        with store.read() as connection:
            assert connection.execute(text("SELECT count(*) FROM runs")).scalar() == 1


def test_a_disk_too_full_to_open_the_database_gives_a_store_that_writes_once_there_is_room(tmp_path):
    """Full before start (no room for WAL's -shm): the file is not called damaged, even with --reset-db; reads work, and
    the same store records once space is freed."""
    with tmpfs(tmp_path / "disk", "1m") as disk:
        with open_store(str(disk / "dojo.db")) as store:
            record(store, "Ann")
        filler = fill(disk)
        store = open_store(str(disk / "dojo.db"), reset=True)
        assert store.moved_aside is None and store.read_only_kind == FULL and "the disk is full" in store.read_only
        assert [r.player for r in list_runs(store)] == ["Ann"]
        with pytest.raises(StoreError) as caught:
            record(store, "Bob")
        assert caught.value.kind == FULL
        filler.unlink()
        record(store, "Bob")
        assert store.read_only is None and sorted(r.player for r in list_runs(store)) == ["Ann", "Bob"]
        store.close()
        assert runs_and_check(disk / "dojo.db") == (2, "ok", [])


def test_a_full_disk_at_open_falls_back_to_reading_and_retries_each_write(tmp_path, monkeypatch):
    """When opening for writing fails for want of room, the store reads; each write tries to open it again."""
    with open_tmp(tmp_path) as store:
        record(store, "Ann")
    attempts: list[int] = []
    writable = db._open_writable

    def no_room_yet(url, clock, moved):
        attempts.append(1)
        if len(attempts) < 3:
            raise StoreError("cannot save to x: the disk is full", kind=FULL)
        return writable(url, clock, moved)

    monkeypatch.setattr(db, "_open_writable", no_room_yet)
    store = open_tmp(tmp_path)
    assert store.read_only_kind == FULL and [r.player for r in list_runs(store)] == ["Ann"]
    with pytest.raises(StoreError) as caught:
        record(store, "Bob")
    assert caught.value.kind == FULL and len(attempts) == 2
    record(store, "Bob")
    assert store.read_only is None and len(attempts) == 3 and count_runs(store) == 2
    store.close()


def test_a_disk_error_while_inspecting_is_not_called_damage(tmp_path, monkeypatch):
    """An I/O error reading the file is reported as such, never with the advice to move the database aside."""
    with open_tmp(tmp_path) as store:
        record(store, "Ann")

    class Broken:
        """A connection whose every read meets a disk error."""

        def execute(self, *_args):
            """Fail as SQLite does when the disk cannot be read."""
            error = sqlite3.OperationalError("disk I/O error")
            error.sqlite_errorname = "SQLITE_IOERR_READ"
            raise error

        def close(self):
            """Nothing to close."""

    monkeypatch.setattr(db, "connect_read_only", lambda path: Broken())
    with pytest.raises(StoreError) as caught:
        inspect_file(tmp_path / "dojo.db")
    assert "cannot read the database" in caught.value.message and "mv '" not in caught.value.message


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


def test_an_over_long_db_name_is_one_message(tmp_path, capsys):
    """--db naming a file past the system's limit is exit 2 and one line, never an OSError traceback."""
    from game.cli import main

    assert main(["runs", "--db", str(tmp_path / ("a" * 300 + ".db"))]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "bytes long" in err
def test_a_schema_1_store_is_migrated_honestly(tmp_path):
    """Finding 3: runs sealed without a key become 'legacy' (not verified); names get identities (a clash keeps both players)."""
    import shutil

    from game.store.boards import BoardSpec, leaderboard
    from game.store.verify import verify_store

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
