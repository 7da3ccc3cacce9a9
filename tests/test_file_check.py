"""Looking at a database file first (game/store/file_check.py): bad files refused untouched, and moved aside."""

from __future__ import annotations

import errno
import sqlite3

import pytest

from game.store import file_check
from game.store.db import open_store
from game.store.errors import READ_ONLY, StoreError
from game.store.file_check import inspect_file, move_aside
from tests.store_helpers import Clock, digest, open_tmp, record


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


def test_moving_aside_on_a_read_only_disk_is_one_message(tmp_path, monkeypatch):
    """--reset-db where the file cannot be renamed is a StoreError naming the file, not an OSError traceback."""
    path = tmp_path / "dojo.db"
    path.write_text("hello", encoding="utf-8")

    def refuse(*_args):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(file_check.os, "replace", refuse)
    with pytest.raises(StoreError) as caught:
        move_aside(path)
    assert caught.value.kind == READ_ONLY and f"cannot move {path} aside: Read-only file system" in caught.value.message


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

    monkeypatch.setattr(file_check, "connect_read_only", lambda path: Broken())
    with pytest.raises(StoreError) as caught:
        inspect_file(tmp_path / "dojo.db")
    assert "cannot read the database" in caught.value.message and "mv '" not in caught.value.message
