"""The read-only fallback (game/store/readonly.py): unwritable files, folders and disks still open, read-only."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.store import location, readonly
from game.store.db import open_store
from game.store.errors import READ_ONLY, StoreError
from game.store.file_check import inspect_file
from game.store.runs import list_runs
from tests.store_helpers import digest, open_tmp, record, remount_read_only, tmpfs


def test_default_folder_is_created_on_first_open(monkeypatch, tmp_path):
    """Opening the default database creates its folder."""
    monkeypatch.setattr(location, "default_db_path", lambda: tmp_path / "deep" / "dir" / "dojo.db")
    with open_store(None, environ={}) as store:
        assert Path(store.where).exists()


def test_explicit_path_in_a_missing_folder_is_refused(tmp_path):
    """--db in a folder that does not exist is an error (a typo must not create folders)."""
    with pytest.raises(StoreError, match="does not exist"):
        open_store(str(tmp_path / "nope" / "dojo.db"))


def test_an_unwritable_database_opens_read_only_and_is_left_alone(tmp_path, monkeypatch):
    """A file nobody may write opens read-only: runs are listed, a write is one READ_ONLY error, the file is unchanged."""
    with open_tmp(tmp_path) as store:
        run = record(store, "Ann")
    path = tmp_path / "dojo.db"
    before = digest(path)
    monkeypatch.setattr(readonly.os, "access", lambda target, mode: Path(target) != path)
    with open_store(str(path)) as store:
        assert store.read_only == f"cannot save to {path}: the file is read-only"
        assert [r.run_uid for r in list_runs(store)] == [run.run_uid]
        with pytest.raises(StoreError) as caught:
            record(store, "Bob")
        assert caught.value.kind == READ_ONLY and caught.value.message == store.read_only
    assert digest(path) == before


def test_a_database_in_a_read_only_folder_that_does_not_exist_yet_is_empty_and_not_created(tmp_path, monkeypatch):
    """No file yet and a read-only folder: an empty read-only store, and no file is made."""
    monkeypatch.setattr(readonly.os, "access", lambda target, mode: False)
    with open_store(str(tmp_path / "dojo.db")) as store:
        assert store.read_only is not None and f"its folder {tmp_path} is read-only" in store.read_only
        assert list_runs(store) == []
    assert list(tmp_path.iterdir()) == []


def test_a_default_folder_that_cannot_be_created_gives_a_read_only_store(tmp_path, monkeypatch):
    """When the data folder cannot be made (a file is in the way) the game still opens, read-only, and says why."""
    (tmp_path / "data").write_text("not a folder", encoding="utf-8")
    monkeypatch.setattr(location, "default_db_path", lambda: tmp_path / "data" / "service-dojo" / "dojo.db")
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
    monkeypatch.setattr(readonly.os, "access", lambda target, mode: False)
    with pytest.raises(StoreError) as caught:
        open_store(str(path), reset=True)
    assert "not an SQLite database" in caught.value.message and "--reset-db" not in caught.value.message
    assert path.read_text(encoding="utf-8") == "hello"
