"""Tests for `dojo export --csv FILE`."""

from __future__ import annotations

import csv
import io

import pytest

from game.cli import main
from game.store.db import open_store
from tests.store_helpers import db_url, record


pytestmark = pytest.mark.usefixtures("db_engine")  # every test here runs on SQLite and on PostgreSQL


def test_export_writes_the_file_and_says_how_many(tmp_path, capsys):
    """The CSV holds every run and the command reports the count."""
    db = db_url(tmp_path)
    with open_store(db) as store:
        record(store, "Ann")
        record(store, "Bob")
    target = tmp_path / "runs.csv"
    assert main(["export", "--db", db, "--csv", str(target)]) == 0
    assert f"Exported 2 run(s) to {target}." in capsys.readouterr().out
    with open(target, encoding="utf-8-sig", newline="") as stream:
        assert [row["player"] for row in csv.DictReader(stream)] == ["Ann", "Bob"]


def test_export_to_stdout(tmp_path, capsys):
    """--csv - prints only CSV."""
    db = db_url(tmp_path)
    with open_store(db) as store:
        record(store, "Ann")
    assert main(["export", "--db", db, "--csv", "-"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [row["player"] for row in rows] == ["Ann"]


def test_export_errors_exit_2(tmp_path, capsys):
    """A missing folder is exit 2 with one line; --csv is required."""
    db = db_url(tmp_path)
    assert main(["export", "--db", db, "--csv", str(tmp_path / "nope" / "x.csv")]) == 2
    assert "does not exist" in capsys.readouterr().err
    with pytest.raises(SystemExit) as caught:
        main(["export", "--db", db])
    assert caught.value.code == 2


def test_export_to_a_really_full_disk_is_one_line_and_leaves_nothing(tmp_path, capsys):
    """On a tiny tmpfs filled up the export fails with exit 2 and one line, and leaves no partial file."""
    from tests.store_helpers import fill, tmpfs

    db = db_url(tmp_path)
    with open_store(db) as store:
        for number in range(40):
            record(store, f"Player {number}")
    with tmpfs(tmp_path / "disk", "64k") as disk:
        fill(disk)
        assert main(["export", "--db", db, "--csv", str(disk / "runs.csv")]) == 2
        err = capsys.readouterr().err
        assert err == f"dojo export: cannot write {disk / 'runs.csv'}: No space left on device\n"
        assert sorted(p.name for p in disk.iterdir()) == ["filler"]
