"""Tests for `dojo class list|close|reopen` (game/commands/class_cmd.py), text and --json."""

from __future__ import annotations

import json

import pytest

from game.commands.common import EXIT_OK, EXIT_USAGE
from game.store.class_seats import link_run, take_seat
from game.store.classes import find_class, open_class
from game.store.players import ensure_player
from tests.conftest import run_cli
from tests.store_helpers import MONDAY, Clock, db_url, open_tmp, record


pytestmark = pytest.mark.usefixtures("db_engine")  # every test here runs on SQLite and on PostgreSQL


@pytest.fixture
def db(tmp_path):
    """A store with two classes: 'Monday group' (practice, opened first, two members, one run) and 'Tuesday group' (ranked)."""
    path = db_url(tmp_path)
    clock = Clock(MONDAY)
    store = open_tmp(tmp_path, clock)
    monday = open_class(store, "Monday group", "practice", ["mini", "other"])[0]
    clock.now += 3600
    open_class(store, "Tuesday group", "ranked", ["mini"])
    with store.write() as connection:
        ensure_player(connection, "Ann", MONDAY)
        ensure_player(connection, "Bob", MONDAY)
    take_seat(store, monday.id, "Ann")
    take_seat(store, monday.id, "Bob")
    link_run(store, monday.id, record(store, "Ann", mode="practice").run_uid)
    store.close()
    return str(path)


def codes(db: str) -> dict[str, str]:
    """Each class's join code, by name."""
    with open_tmp_at(db) as store:
        return {name: find_class(store, name).code for name in ("Monday group", "Tuesday group")}


def open_tmp_at(db: str):
    """The store at `db` (already made)."""
    from game.store.db import open_store

    return open_store(db)


def listed(capsys, db: str) -> list[dict]:
    """`dojo class list --json`, parsed."""
    code, out, err = run_cli(capsys, "class", "list", "--db", db, "--json")
    assert (code, err) == (EXIT_OK, "")
    return json.loads(out)


def test_list_json_has_every_class_newest_first_with_members_and_runs(capsys, db):
    """--json lists each class (the most recently opened first) with code, mode, scenarios, open, times, members and runs."""
    data = listed(capsys, db)
    assert [item["name"] for item in data] == ["Tuesday group", "Monday group"]
    tuesday, monday = data
    assert set(monday) == {"name", "code", "mode", "scenarios", "open", "opened_at", "closed_at", "members", "runs"}
    assert (monday["mode"], monday["scenarios"], monday["open"], monday["closed_at"]) == ("practice", ["mini", "other"], True, None)
    assert (monday["members"], monday["runs"], monday["opened_at"]) == (2, 1, MONDAY)
    assert (tuesday["members"], tuesday["runs"], tuesday["opened_at"]) == (0, 0, MONDAY + 3600)
    assert monday["code"] == codes(db)["Monday group"]


def test_list_text_has_one_line_per_class(capsys, db):
    """The text list gives each class's code, name, state and mode, members, runs and scenarios on one line."""
    code, out, err = run_cli(capsys, "class", "list", "--db", db)
    assert (code, err) == (EXIT_OK, "")
    lines = out.splitlines()
    assert len(lines) == 2
    known = codes(db)
    assert lines[0].startswith(f"{known['Tuesday group']}  Tuesday group  [open, ranked]")
    assert lines[1].startswith(f"{known['Monday group']}  Monday group  [open, practice]")
    assert "2 member(s), 1 run(s); scenarios: mini, other" in lines[1]


def test_list_of_a_store_without_classes(capsys, tmp_path):
    """No classes: one line saying how to open one (text), an empty list (--json)."""
    db = db_url(tmp_path, "empty.db")
    open_tmp_at(db).close()
    code, out, _ = run_cli(capsys, "class", "list", "--db", db)
    assert code == EXIT_OK and "dojo serve --class" in out and len(out.splitlines()) == 1
    assert listed(capsys, db) == []


def test_close_then_reopen_by_name_or_code(capsys, db):
    """close (by name, any case) marks the class closed; reopen (by code, lower case) opens it again; list follows."""
    code, out, err = run_cli(capsys, "class", "close", "--db", db, "monday GROUP")
    assert (code, err) == (EXIT_OK, "") and "closed" in out and codes(db)["Monday group"] in out
    monday = next(item for item in listed(capsys, db) if item["name"] == "Monday group")
    assert monday["open"] is False and monday["closed_at"] is not None
    code, out, err = run_cli(capsys, "class", "reopen", "--db", db, codes(db)["Monday group"].lower())
    assert (code, err) == (EXIT_OK, "") and "open again" in out
    monday = next(item for item in listed(capsys, db) if item["name"] == "Monday group")
    assert (monday["open"], monday["closed_at"], monday["members"], monday["runs"]) == (True, None, 2, 1)
    text = run_cli(capsys, "class", "list", "--db", db)[1]
    assert "[open, practice]" in text


@pytest.mark.parametrize("action", ["close", "reopen"])
def test_an_unknown_class_is_one_line_and_exit_2(capsys, db, action):
    """Closing or reopening a class the store lacks: exit 2, one line on stderr naming it, no traceback, nothing changed."""
    code, out, err = run_cli(capsys, "class", action, "--db", db, "Sunday group")
    assert (code, out) == (EXIT_USAGE, "")
    assert err.startswith("dojo class: ") and "Sunday group" in err and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err
    assert [item["open"] for item in listed(capsys, db)] == [True, True]


def test_an_action_is_required(capsys, db):
    """`dojo class` alone, or an unknown action, is a usage error (exit 2)."""
    assert run_cli(capsys, "class")[0] == EXIT_USAGE
    assert run_cli(capsys, "class", "open", "--db", db, "x")[0] == EXIT_USAGE
    assert run_cli(capsys, "class", "close", "--db", db)[0] == EXIT_USAGE  # the name is required


def test_list_text_in_chinese_names_state_and_mode_in_the_catalogs_words(capsys, db):
    """With --locale zh-Hans each class line is the catalog's, its state and mode in the catalog's words, names and codes as they are."""
    from game.i18n import _, use_locale

    code, out, err = run_cli(capsys, "class", "list", "--db", db, "--locale", "zh-Hans")
    assert (code, err) == (EXIT_OK, "")
    lines = out.splitlines()
    use_locale("zh-Hans")
    known = codes(db)
    assert lines[0].startswith(f"{known['Tuesday group']}  Tuesday group  ") and _("ranked") in lines[0] and _("open") in lines[0]
    assert _("practice") in lines[1] and "practice" not in lines[1] and "ranked" not in lines[0] and "open" not in lines[0]
