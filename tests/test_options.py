"""Tests for game.store.options: --db and --reset-db, and DOJO_DB, on any storing command."""

from __future__ import annotations

import argparse

import pytest

from game.store.db import StoreError
from game.store.options import add_db_options, store_from_args


def parse(*argv: str) -> argparse.Namespace:
    """Parse argv with just the db options."""
    parser = argparse.ArgumentParser()
    add_db_options(parser)
    return parser.parse_args(list(argv))


def test_options_parse():
    """--db takes a value; --reset-db is a flag, off by default."""
    args = parse("--db", "x.db", "--reset-db")
    assert (args.db, args.reset_db) == ("x.db", True)
    assert (parse().db, parse().reset_db) == (None, False)


def test_store_from_args_opens_the_named_database(tmp_path):
    """--db points at the file to use."""
    with store_from_args(parse("--db", str(tmp_path / "a.db"))) as store:
        assert store.where == str(tmp_path / "a.db")


def test_dojo_db_environment_variable(tmp_path, monkeypatch):
    """Without --db, DOJO_DB names the database."""
    monkeypatch.setenv("DOJO_DB", str(tmp_path / "env.db"))
    with store_from_args(parse()) as store:
        assert store.where == str(tmp_path / "env.db")


def test_bad_file_refused_without_reset_and_moved_with_it(tmp_path, capsys):
    """A bad file is an error without --reset-db; with it the file is moved and the move announced."""
    path = tmp_path / "dojo.db"
    path.write_text("junk")
    with pytest.raises(StoreError, match="--reset-db"):
        store_from_args(parse("--db", str(path)))
    with store_from_args(parse("--db", str(path), "--reset-db")) as store:
        moved = store.moved_aside
    assert moved.read_text() == "junk"
    assert f"moved to {moved}" in capsys.readouterr().err
