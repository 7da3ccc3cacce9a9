"""Tests for `dojo runs`, and for `dojo run --player` recording the runs it lists."""

from __future__ import annotations

import json

import pytest

from game.cli import main
from tests.store_helpers import MINI_TEXT, db_url


pytestmark = pytest.mark.usefixtures("db_engine")  # every test here runs on SQLite and on PostgreSQL


@pytest.fixture()
def scenario(tmp_path):
    """MINI written to a file."""
    path = tmp_path / "mini.yaml"
    path.write_text(MINI_TEXT, encoding="utf-8")
    return str(path)


def play(capsys, scenario: str, db: str, *extra: str, choices: str = "listen,firm") -> dict:
    """`dojo run ... --json` with recording options; returns the parsed output."""
    assert main(["run", scenario, "--choices", choices, "--db", db, "--json", *extra]) == 0
    return json.loads(capsys.readouterr().out)


def test_run_with_player_records_and_keeps_the_json_contract(tmp_path, scenario, capsys):
    """`dojo run --player --cohort --mode ranked` records the run; the usual JSON keys stay, plus 'recorded'."""
    db = db_url(tmp_path)
    data = play(capsys, scenario, db, "--player", "Ann", "--cohort", "2024-09", "--team", "north", "--mode", "ranked")
    assert {"scenario", "content_hash", "seed", "mode", "ending", "score", "choices", "turns", "mood_curve"} <= set(data)
    assert data["recorded"]["player"] == "Ann" and data["recorded"]["status"] == "verified"
    assert main(["runs", "--db", db, "--json"]) == 0
    runs = json.loads(capsys.readouterr().out)
    assert [(r["run_id"], r["player"], r["cohort"], r["team"], r["mode"]) for r in runs] == [
        (data["recorded"]["run_id"], "Ann", "2024-09", "north", "ranked")
    ]
    assert runs[0]["percent"] == data["score"]["percent"]


def test_run_text_output_says_where_the_run_went(tmp_path, scenario, capsys):
    """The text debrief ends with the recorded run's id, player and status; a name with a control character is refused."""
    db = db_url(tmp_path)
    assert main(["run", scenario, "--choices", "listen,firm", "--db", db, "--player", "Bo[b]b"]) == 0
    out = capsys.readouterr().out
    assert "Recorded as run " in out and "for Bo[b]b (practice, verified)." in out
    assert main(["run", scenario, "--choices", "listen,firm", "--db", db, "--player", "Bo\x1bb"]) == 2


def test_run_without_player_records_nothing(tmp_path, scenario, capsys, monkeypatch):
    """Plain `dojo run` does not open or create any database."""
    monkeypatch.setenv("DOJO_DB", str(tmp_path / "never.db"))
    assert main(["run", scenario, "--choices", "listen,firm", "--json"]) == 0
    assert "recorded" not in json.loads(capsys.readouterr().out)
    assert not (tmp_path / "never.db").exists()


def test_recorded_run_ranks_on_the_board(tmp_path, scenario, capsys):
    """A ranked run of official content recorded by `dojo run` shows on the leaderboard; a practice run does not."""
    db = db_url(tmp_path)
    assert main(["official", "--db", db, "--set", scenario]) == 0
    capsys.readouterr()
    play(capsys, scenario, db, "--player", "Ann", "--mode", "ranked")
    play(capsys, scenario, db, "--player", "Bob", "--mode", "practice", choices="listen,again,firm")
    assert main(["leaderboard", "--db", db, "--scenario", "mini", "--json"]) == 0
    assert [row["player"] for row in json.loads(capsys.readouterr().out)] == ["Ann"]


def test_run_with_a_custom_rubric_records_its_text(tmp_path, scenario, capsys):
    """--rubric FILE scores with that rubric, and the run verifies against the stored copy of it."""
    from game.store.copies import default_rubric_text

    rubric = tmp_path / "mine.yaml"
    rubric.write_text(default_rubric_text().replace('version: "1.0"', 'version: "9.0"'), encoding="utf-8")
    db = db_url(tmp_path)
    data = play(capsys, scenario, db, "--player", "Ann", "--mode", "ranked", "--rubric", str(rubric))
    assert data["recorded"]["status"] == "verified"
    assert main(["verify", "--db", db]) == 0
    capsys.readouterr()
    assert main(["runs", "--db", db, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["rubric"] == "default 9.0"


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--cohort", "c1"], "--cohort and --team need --player"),
        (["--player", ""], "player name cannot be empty"),
        (["--player", "Ann", "--rubric", "/no/such/rubric.yaml"], "cannot read the rubric"),
    ],
)
def test_run_recording_usage_errors(tmp_path, scenario, capsys, argv, message, monkeypatch):
    """Bad recording options exit 2 with one message, before play: no run is written to a spill file."""
    monkeypatch.chdir(tmp_path)
    assert main(["run", scenario, "--choices", "listen,firm", "--db", str(tmp_path / "d.db"), *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and "dojo restore" not in err
    assert list(tmp_path.glob("dojo-unsaved-*.json")) == []


def test_run_recording_unreadable_scenario(tmp_path, capsys):
    """A missing scenario file with --player is exit 2 naming the file."""
    assert main(["run", str(tmp_path / "nope.yaml"), "--choices", "1", "--player", "Ann", "--db", str(tmp_path / "d.db")]) == 2
    assert "nope.yaml: cannot read the file" in capsys.readouterr().err


def test_runs_lists_newest_first_with_status(tmp_path, scenario, capsys):
    """`dojo runs` prints a table, newest first, filtered by --player; flagged runs say why."""
    db = db_url(tmp_path)
    play(capsys, scenario, db, "--player", "Ann")
    play(capsys, scenario, db, "--player", "Bob", choices="refuse,cave")
    assert main(["runs", "--db", db]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "Bob" in lines[1] and "Ann" in lines[2] and "verified" in lines[1]
    assert main(["runs", "--db", db, "--player", "Ann", "--json"]) == 0
    assert [r["player"] for r in json.loads(capsys.readouterr().out)] == ["Ann"]
    assert main(["runs", "--db", db, "--limit", "1", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 1


def test_runs_empty_and_errors(tmp_path, capsys):
    """No runs is a sentence; an unknown player or a negative limit is exit 2."""
    db = db_url(tmp_path)
    assert main(["runs", "--db", db]) == 0
    assert "No runs recorded yet." in capsys.readouterr().out
    assert main(["runs", "--db", db, "--player", "Zed"]) == 2
    assert "no player called 'Zed'" in capsys.readouterr().err
    assert main(["runs", "--db", db, "--limit", "-1"]) == 2


@pytest.mark.parametrize("bad", [-1e12, float("inf"), 1e300])
def test_rows_with_impossible_times_never_crash_runs_leaderboard_or_export(tmp_path, capsys, bad):
    """A stored row finishing at -1e12, inf or 1e300: runs, leaderboard, export and report still work and flag the time."""
    from game.store.db import open_store
    from game.store.windows import INVALID_TIME
    from tests.store_helpers import insert_fake, record

    db = db_url(tmp_path)
    with open_store(db) as store:
        record(store, "Ann")
        insert_fake(store, "Mallory", "mini", 100.0, bad)
    lists = (["runs"], ["runs", "--json"], ["export", "--csv", "-"], ["report", "--player", "Mallory", "--out", "-"])
    for argv in (*lists, ["leaderboard"], ["leaderboard", "--json"]):
        code = main([*argv, "--db", db])
        out, err = capsys.readouterr()
        assert code == 0 and "Traceback" not in err, (argv, err)  # the board drops the row (it cannot be replayed)
        assert INVALID_TIME in out or argv[0] == "leaderboard", argv


@pytest.mark.parametrize("value", ["99999999999999999999", "-1", "abc"])
def test_runs_limit_out_of_range_is_a_usage_error(tmp_path, capsys, value):
    """`runs --limit` past what a query can take (or not a count) is one line, exit 2, never an overflow."""
    from tests.conftest import run_cli

    code, out, err = run_cli(capsys, "runs", "--limit", value, "--db", db_url(tmp_path))
    assert code == 2 and out == "" and err.count("\n") == 1 and "--limit" in err and "Traceback" not in err


@pytest.mark.parametrize("value", ["99999999999999999999", "-99999999999999999999", "1e3"])
def test_run_seed_out_of_range_is_a_usage_error_before_playing(tmp_path, scenario, capsys, value):
    """`run --seed` past 64 bits is exit 2 naming --seed, before any play: nothing recorded, nothing lost."""
    from tests.conftest import run_cli

    db = tmp_path / "dojo.db"
    code, out, err = run_cli(capsys, "run", scenario, "--choices", "listen,firm", "--seed", value, "--player", "Ann", "--db", str(db))
    assert code == 2 and out == "" and err.count("\n") == 1 and "--seed" in err and "Traceback" not in err
    assert not db.exists()


def test_the_largest_seed_records_and_replays(tmp_path, scenario, capsys):
    """The largest allowed seed (2**63 - 1) is recorded and verified like any other."""
    data = play(capsys, scenario, db_url(tmp_path), "--player", "Ann", "--seed", str(2**63 - 1))
    assert data["recorded"]["status"] == "verified"


def test_runs_of_a_scenario_by_title_or_typo(tmp_path, capsys):
    """--scenario takes a title; an unknown name exits 2 with DOJO501 instead of an empty list."""
    from game.cli import main

    db = db_url(tmp_path, "t.db")
    assert main(["runs", "--db", db, "--scenario", "the bike that missed the party"]) == 0
    assert "No runs" in capsys.readouterr().out
    assert main(["runs", "--db", db, "--scenario", "bike that missed"]) == 2
    err = capsys.readouterr().err
    assert "DOJO501" in err and "late-birthday-parcel" in err


def test_abandoned_attempts_are_listed_as_abandoned(tmp_path, capsys):
    """dojo runs lists a started-over ranked run as 'abandoned after N replies', without a score; --json says status abandoned."""
    import json

    from game.cli import main
    from game.store.sessions import SessionStore
    from tests.store_helpers import MINI_TEXT, db_url, open_tmp, record
    from tests.test_abandoned import started

    store = open_tmp(tmp_path)
    record(store, "Ann")
    saves = SessionStore(store)
    saves.save("Ann", started("ranked", ["listen"]), MINI_TEXT)
    saves.discard("Ann", "mini")
    store.close()
    db = db_url(tmp_path)
    assert main(["runs", "--db", db]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert any("abandoned after 1 reply (started over)" in line and "%" not in line for line in lines)
    assert main(["runs", "--db", db, "--json"]) == 0
    statuses = sorted(item["status"] for item in json.loads(capsys.readouterr().out))
    assert statuses == ["abandoned", "verified"]


def test_runs_and_run_show_mode_and_status_in_chinese(tmp_path, capsys):
    """In Chinese the run's recorded line and the runs table show the catalog's mode and status words; --json keeps codes."""
    from game.i18n import _, use_locale

    db = db_url(tmp_path)
    chinese = tmp_path / "mini-zh.yaml"  # a scenario written in Chinese plays (and reports) in Chinese
    chinese.write_text(MINI_TEXT.replace("\nminutes:", "\nlocale: zh-Hans\nminutes:", 1), encoding="utf-8")
    assert main(["run", str(chinese), "--choices", "listen,firm", "--db", db, "--player", "Ann", "--mode", "ranked"]) == 0
    recorded = capsys.readouterr().out.splitlines()[-1]
    assert main(["runs", "--db", db, "--locale", "zh-Hans"]) == 0
    row = capsys.readouterr().out.splitlines()[1]
    use_locale("zh-Hans")
    ranked, verified = _("ranked"), _("verified")
    assert ranked != "ranked" and verified != "verified"
    assert ranked in recorded and verified in recorded and "ranked" not in recorded and "verified" not in recorded
    assert ranked in row and verified in row and "ranked" not in row and "verified" not in row
    assert main(["runs", "--db", db, "--json", "--locale", "zh-Hans"]) == 0
    assert [(r["mode"], r["status"]) for r in json.loads(capsys.readouterr().out)] == [("ranked", "verified")]
