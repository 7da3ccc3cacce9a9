"""Where the database lives (game/store/location.py): the default file, --db and DOJO_DB, bad URLs and names."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.store import location
from game.store.errors import StoreError
from game.store.location import resolve_url


def test_default_location_is_the_user_data_directory(monkeypatch, tmp_path):
    """With no --db and no DOJO_DB the database is dojo.db in the platformdirs data folder."""
    monkeypatch.setattr(location.platformdirs, "user_data_path", lambda *a, **k: tmp_path / "data" / "service-dojo")
    url = resolve_url(None, {})
    assert Path(url.database) == tmp_path / "data" / "service-dojo" / "dojo.db"


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


def test_an_over_long_db_name_is_one_message(tmp_path, capsys):
    """--db naming a file past the system's limit is exit 2 and one line, never an OSError traceback."""
    from game.cli import main

    assert main(["runs", "--db", str(tmp_path / ("a" * 300 + ".db"))]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "bytes long" in err
