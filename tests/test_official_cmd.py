"""Tests for `dojo official`: show the official pack, set it from files, go back to the bundled one."""

from __future__ import annotations

import pytest

import json

from game.cli import main
from tests.store_helpers import MINI_TEXT, db_url


pytestmark = pytest.mark.usefixtures("db_engine")  # every test here runs on SQLite and on PostgreSQL


def test_show_set_and_back_to_bundled(tmp_path, capsys):
    """A new store lists the bundled pack; --set makes a file the pack (runs relabelled); --bundled restores it."""
    db = db_url(tmp_path)
    assert main(["official", "--db", db, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert "late-birthday-parcel" in [item["id"] for item in shown["scenarios"]]
    mini = tmp_path / "mini.yaml"
    mini.write_text(MINI_TEXT, encoding="utf-8")
    assert main(["run", str(mini), "--choices", "listen,again,firm", "--mode", "ranked", "--player", "Ann", "--db", db]) == 0
    capsys.readouterr()
    assert main(["leaderboard", "--db", db, "--scenario", "mini", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["official", "--db", db, "--set", str(mini)]) == 0
    assert "now: 1 scenario(s)" in capsys.readouterr().out
    assert main(["leaderboard", "--db", db, "--scenario", "mini", "--json"]) == 0
    assert [row["player"] for row in json.loads(capsys.readouterr().out)] == ["Ann"]
    assert main(["official", "--db", db, "--bundled"]) == 0
    assert "mini" not in capsys.readouterr().out


def test_bad_usage_is_one_line(tmp_path, capsys):
    """--rubric without --set, or a file that does not load, exits 2 with one message and no traceback."""
    db = db_url(tmp_path)
    assert main(["official", "--db", db, "--rubric", "x.yaml"]) == 2
    bad = tmp_path / "bad.yaml"
    bad.write_text("nope: [", encoding="utf-8")
    assert main(["official", "--db", db, "--set", str(bad)]) == 2
    assert "Traceback" not in capsys.readouterr().err
