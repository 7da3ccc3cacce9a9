"""`dojo xapi` and `dojo run --lrs` (game/commands/xapi_cmd.py): pushing the outbox to a real Ralph LRS, status, config, bad usage."""

from __future__ import annotations

import json

import pytest

from game.export import lrs
from game.export.xapi import registration
from tests.conftest import run_cli
from tests.ralph_helpers import free_port, running_ralph


@pytest.fixture(scope="module")
def ralph(tmp_path_factory):
    """A Ralph LRS for this file's tests, stopped at the end."""
    with running_ralph(tmp_path_factory.mktemp("ralph")) as server:
        yield server


def test_run_with_lrs_records_and_sends_the_run(capsys, tmp_path, mini_file, ralph, monkeypatch):
    """`dojo run --player --lrs` records the run and sends its statements; the LRS has them under its registration."""
    monkeypatch.setenv("DOJO_LRS_AUTH", ralph.auth)
    db = str(tmp_path / "dojo.db")
    code, out, err = run_cli(capsys, "run", str(mini_file), "--choices", "listen,again,firm", "--player", "Ann", "--mode", "ranked",
                             "--db", db, "--lrs", ralph.url, "--json")
    assert (code, err) == (0, "")
    recorded = json.loads(out)["recorded"]
    assert (recorded["xapi"]["sent"], recorded["xapi"]["waiting"]) == (6, 0)
    statements = lrs.get_json(ralph.target, f"registration={registration(recorded['run_id'])}")["statements"]
    assert len(statements) == 6
    code, out, _ = run_cli(capsys, "xapi", "status", "--db", db, "--json")
    assert code == 0 and json.loads(out) | {"home_page": None} == {
        "lrs": ralph.url, "home_page": None, "actor": "account", "runs_waiting": 0, "sent": 6, "waiting": 0
    }


def test_runs_recorded_while_the_lrs_is_down_wait_for_xapi_push(capsys, tmp_path, mini_file, ralph, monkeypatch):
    """With the LRS down a run is still recorded (exit 0) and its statements wait; `dojo xapi push` sends them later, once."""
    monkeypatch.setenv("DOJO_LRS_AUTH", ralph.auth)
    db = str(tmp_path / "dojo.db")
    ralph.stop()
    try:
        code, out, err = run_cli(capsys, "run", str(mini_file), "--choices", "refuse,cave", "--player", "Bob", "--db", db, "--lrs", ralph.url)
        assert (code, err) == (0, "")
        assert "5 wait in the outbox" in out and "dojo xapi push" in out
        code, out, _ = run_cli(capsys, "xapi", "push", "--db", db)
        assert code == 1  # still waiting
    finally:
        ralph.start()
    code, out, _ = run_cli(capsys, "xapi", "push", "--db", db, "--json")  # to the LRS the store keeps
    assert code == 0 and (json.loads(out)["sent"], json.loads(out)["waiting"]) == (5, 0)
    code, out, _ = run_cli(capsys, "xapi", "push", "--db", db, "--json")
    assert code == 0 and json.loads(out)["sent"] == 0


def test_push_without_an_lrs_is_a_usage_error(capsys, tmp_path):
    """No --lrs and none kept in the store: one line, exit 2."""
    code, out, err = run_cli(capsys, "xapi", "push", "--db", str(tmp_path / "dojo.db"))
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1 and "--lrs" in err


def test_config_sets_the_home_page_and_actor(capsys, tmp_path):
    """`dojo xapi config` keeps the trainees' home page and actor kind; a home page that is not http(s) is exit 2."""
    db = str(tmp_path / "dojo.db")
    code, out, _ = run_cli(capsys, "xapi", "config", "--db", db, "--home-page", "https://learn.example.org/", "--actor", "mbox", "--json")
    assert code == 0 and json.loads(out) == {"lrs": None, "home_page": "https://learn.example.org/", "actor": "mbox"}
    code, out, err = run_cli(capsys, "xapi", "config", "--db", db, "--home-page", "learn.example.org")
    assert code == 2 and len(err.strip().splitlines()) == 1


def test_status_without_an_lrs_says_so(capsys, tmp_path):
    """A store that never had --lrs has no LRS, nothing sent and nothing waiting."""
    code, out, _ = run_cli(capsys, "xapi", "status", "--db", str(tmp_path / "dojo.db"))
    assert code == 0 and "LRS: none" in out and "0 sent, 0 waiting" in out


def test_wrong_credentials_leave_everything_waiting(capsys, tmp_path, mini_file, ralph, monkeypatch):
    """A password the LRS refuses: the run is recorded, nothing is marked sent, and push exits 1 naming the 401."""
    monkeypatch.setenv("DOJO_LRS_AUTH", "dojo-test:wrong")
    db = str(tmp_path / "dojo.db")
    code, out, _ = run_cli(capsys, "run", str(mini_file), "--choices", "listen,firm", "--player", "Cy", "--db", db, "--lrs", ralph.url)
    assert code == 0 and "401" in out
    code, out, _ = run_cli(capsys, "xapi", "push", "--db", db, "--lrs", f"http://127.0.0.1:{free_port()}/xAPI/", "--json")
    assert code == 1 and json.loads(out)["waiting"] == 5
