"""Tests for `dojo leaderboard`: the JSON contract, own row with neighbours, literal names, opt-out, errors."""

from __future__ import annotations

import json

import pytest

from game.cli import main
from scenarios import BUNDLED_DIR
from tests.conftest import REPO
from tests.store_helpers import BAD, BEST, GOOD, LOOPED, MINI_TEXT, db_url, record, tamper


pytestmark = pytest.mark.usefixtures("db_engine")  # every test here runs on SQLite and on PostgreSQL


@pytest.fixture()
def db(tmp_path):
    """A database path holding four players' ranked runs of MINI (recorded now)."""
    path = db_url(tmp_path)
    store = open_store_at(path)
    record(store, "Ann", GOOD, cohort="2024-09", team="north")
    record(store, "Bob", BEST, cohort="2024-09", team="south")
    record(store, "[b]Cy[/b]", LOOPED, cohort="2025-01", team="north")
    record(store, "Dee", BAD, cohort="2025-01", team="south")
    record(store, "Eve", BEST, mode="practice")
    store.close()
    return str(path)


def open_store_at(path):
    """A store at `path` with the real clock (runs land in this week)."""
    from game.store.db import open_store

    return open_store(str(path))


def run_json(capsys, *argv: str) -> list[dict]:
    """Run `dojo leaderboard --json ...` and parse the output."""
    assert main(["leaderboard", "--json", *argv]) == 0
    return json.loads(capsys.readouterr().out)


def test_json_rows_rank_best_ranked_runs(db, capsys):
    """The JSON list has rank, player, percent, band, finished_at; practice runs are absent."""
    rows = run_json(capsys, "--db", db, "--scenario", "mini")
    assert [(r["rank"], r["player"], r["percent"], r["band"]) for r in rows] == [
        (1, "Bob", 100.0, "Gold"),
        (2, "[b]Cy[/b]", 94.8, "Gold"),
        (3, "Ann", 93.7, "Gold"),
        (4, "Dee", 0.0, None),
    ]
    assert all(r["finished_at"].endswith("Z") for r in rows)


def test_cohort_team_and_window_filters(db, capsys):
    """--cohort, --team and --window narrow the board."""
    assert [r["player"] for r in run_json(capsys, "--db", db, "--scenario", "mini", "--cohort", "2024-09")] == ["Bob", "Ann"]
    assert [r["player"] for r in run_json(capsys, "--db", db, "--team", "north")] == ["[b]Cy[/b]", "Ann"]
    assert len(run_json(capsys, "--db", db, "--window", "week")) == 4


def test_player_gets_own_row_with_neighbours(db, capsys):
    """--player with --limit 1 shows the top row and the player's row with neighbours, marked 'you'."""
    rows = run_json(capsys, "--db", db, "--scenario", "mini", "--limit", "1", "--player", "Dee", "--around", "1")
    assert [(r["rank"], r["player"], r.get("you", False)) for r in rows] == [
        (1, "Bob", False),
        (3, "Ann", False),
        (4, "Dee", True),
    ]


def test_text_prints_names_literally_and_marks_the_gap(db, capsys):
    """Markup shows as typed (never interpreted), and a gap line before far neighbours."""
    assert main(["leaderboard", "--db", db, "--scenario", "mini", "--limit", "1", "--player", "Dee", "--around", "0"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out
    assert "Leaderboard: Mini (mini), all time (4 players)" in out  # the title the game shows, with the id
    lines = out.splitlines()
    assert any(line.strip() == "..." for line in lines)
    assert lines[-1].startswith(">    4  Dee")
    assert main(["leaderboard", "--db", db, "--scenario", "mini"]) == 0
    assert "[b]Cy[/b]" in capsys.readouterr().out


def test_overall_board_text_shows_the_scenario_set(db, capsys):
    """The overall board names its scenario set (the official pack: the bundled scenarios and MINI) and how many each played."""
    assert main(["leaderboard", "--db", db]) == 0
    out = capsys.readouterr().out
    count = len(list(BUNDLED_DIR.glob("*.yaml"))) + 1  # the bundled pack and MINI
    assert "overall (all scenarios)" in out and f"Scenario set ({count}): angry-shoe-buyer" in out and "mini" in out
    assert f"1/{count}" in out


def test_opt_out_hides_and_opt_in_restores(db, capsys):
    """--player P --opt-out removes P from the boards; --opt-in brings them back."""
    assert main(["leaderboard", "--db", db, "--player", "Bob", "--opt-out"]) == 0
    assert "hidden from every board" in capsys.readouterr().out
    assert "Bob" not in [r["player"] for r in run_json(capsys, "--db", db, "--scenario", "mini")]
    assert main(["leaderboard", "--db", db, "--player", "Bob", "--opt-in"]) == 0
    capsys.readouterr()
    assert "Bob" in [r["player"] for r in run_json(capsys, "--db", db, "--scenario", "mini")]


def test_edited_row_never_shows(db, capsys):
    """A score raised in the file is dropped from the board, with a note on stderr."""
    store = open_store_at(db)
    from game.store.runs import list_runs

    dee = list_runs(store, player="Dee")[0].run_uid
    tamper(store, dee, percent=100.0, band="Gold")
    store.close()
    assert main(["leaderboard", "--db", db, "--scenario", "mini", "--json"]) == 0
    captured = capsys.readouterr()
    assert "Dee" not in [r["player"] for r in json.loads(captured.out)]
    assert "left off" in captured.err


def test_empty_board(tmp_path, capsys):
    """No runs: an empty JSON list, and a plain sentence in text."""
    db = db_url(tmp_path, "empty.db")
    assert run_json(capsys, "--db", db) == []
    assert main(["leaderboard", "--db", db, "--player", "Zed"]) == 0
    out = capsys.readouterr().out
    assert "No verified ranked runs" in out and "Zed has no verified ranked run" in out


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--limit", "0"], "--limit must be at least 1"),
        (["--around", "-1"], "--around cannot be negative"),
        (["--opt-out"], "need --player"),
        (["--player", "Nobody", "--opt-out"], "no player called 'Nobody'"),
    ],
)
def test_bad_usage_exits_2_with_one_line(db, capsys, argv, message):
    """Bad options or an unknown player: exit 2 and one message, no traceback."""
    assert main(["leaderboard", "--db", db, *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


@pytest.mark.sqlite_only("a file that is not an SQLite database")
def test_unusable_database_exits_2(tmp_path, capsys):
    """A file that is not a database: exit 2, the mv advice, and the file untouched."""
    path = tmp_path / "dojo.db"
    path.write_text("hello")
    assert main(["leaderboard", "--db", str(path)]) == 2
    err = capsys.readouterr().err
    assert "mv '" in err and "--reset-db" in err and "Traceback" not in err
    assert path.read_text() == "hello"
    assert main(["leaderboard", "--db", str(path), "--reset-db", "--json"]) == 0
    assert "moved to" in capsys.readouterr().err


@pytest.mark.sqlite_only("a read-only database file")
def test_a_read_only_database_still_shows_the_board(db, capsys, monkeypatch):
    """Boards are read from a database nobody may write; only --opt-out, which writes, is refused with one line."""
    from game.store import db as store_db

    writable = run_json(capsys, "--db", db)
    monkeypatch.setattr(store_db.os, "access", lambda target, mode: False)
    assert run_json(capsys, "--db", db) == writable and len(writable) == 4
    assert main(["leaderboard", "--db", db, "--player", "Ann", "--opt-out"]) == 2
    assert capsys.readouterr().err == f"dojo leaderboard: cannot save to {db}: the file is read-only\n"


@pytest.mark.sqlite_only("a read-only database file")
def test_a_read_only_board_leaves_off_a_run_that_fails_replay_without_writing(db, capsys, monkeypatch):
    """A tampered row on a read-only store: the board is shown (exit 0) without it, and the file is not written."""
    import hashlib
    from pathlib import Path

    from game.store import db as store_db
    from game.store.runs import list_runs

    with open_store_at(db) as store:
        uid = list_runs(store, player="Dee")[0].run_uid
        tamper(store, uid, percent=100.0)
    before = hashlib.sha256(Path(db).read_bytes()).hexdigest()
    monkeypatch.setattr(store_db.os, "access", lambda target, mode: False)
    code = main(["leaderboard", "--db", db, "--scenario", "mini", "--json"])
    captured = capsys.readouterr()
    assert code == 0 and "cannot save" not in captured.err and "left off" in captured.err
    assert [row["player"] for row in json.loads(captured.out)] == ["Bob", "[b]Cy[/b]", "Ann"]
    monkeypatch.undo()
    assert hashlib.sha256(Path(db).read_bytes()).hexdigest() == before
ONE_CLICK = MINI_TEXT.replace("id: mini", "id: late-birthday-parcel")  # a self-written file, easy to win


def test_a_self_written_file_reusing_a_bundled_id_never_reaches_the_official_board(tmp_path, capsys):
    """Finding 1: a one-click file with the id late-birthday-parcel is kept, but off the official boards."""
    db = db_url(tmp_path)
    path = tmp_path / "cheat.yaml"
    path.write_text(ONE_CLICK, encoding="utf-8")
    assert main(["run", str(path), "--choices", ",".join(BEST), "--mode", "ranked", "--player", "Eve", "--db", db]) == 0
    capsys.readouterr()
    assert run_json(capsys, "--db", db, "--scenario", "late-birthday-parcel") == []
    assert run_json(capsys, "--db", db) == []
    assert main(["verify", "--db", db]) == 0
    capsys.readouterr()
    assert [row["player"] for row in run_json(capsys, "--db", db, "--scenario", "late-birthday-parcel", "--custom")] == ["Eve"]


def test_a_flipped_rubric_never_reaches_the_official_board(tmp_path, capsys):
    """Finding 1: a bundled scenario scored with a rubric whose points were flipped is a custom run, never official."""
    from scoring.rubric import DEFAULT_RUBRIC_PATH

    db = db_url(tmp_path)
    flipped = tmp_path / "flipped.yaml"
    flipped.write_text(DEFAULT_RUBRIC_PATH.read_text(encoding="utf-8").replace("points: -", "points: +"), encoding="utf-8")
    scenario = str(REPO / "scenarios" / "late-birthday-parcel.yaml")
    assert main(["analyze", scenario, "--rubric", str(flipped), "--json"]) == 0
    best = json.loads(capsys.readouterr().out)["best"]["choices"]
    argv = ["run", scenario, "--choices", ",".join(best), "--mode", "ranked", "--player", "Eve", "--db", db]
    assert main([*argv, "--rubric", str(flipped)]) == 0
    capsys.readouterr()
    assert run_json(capsys, "--db", db, "--scenario", "late-birthday-parcel") == []
    assert [row["player"] for row in run_json(capsys, "--db", db, "--scenario", "late-birthday-parcel", "--custom")] == ["Eve"]


def test_throw_away_scenarios_do_not_join_the_overall_set(tmp_path, capsys):
    """Finding 2: five self-written scenarios with ranked runs leave the overall board's set the official (bundled) pack."""
    from scenarios import BUNDLED_DIR

    db = db_url(tmp_path)
    for number in range(5):
        path = tmp_path / f"junk{number}.yaml"
        path.write_text(MINI_TEXT.replace("id: mini", f"id: junk{number}"), encoding="utf-8")
        assert main(["run", str(path), "--choices", ",".join(BEST), "--mode", "ranked", "--player", "Puppet", "--db", db]) == 0
    capsys.readouterr()
    assert main(["leaderboard", "--db", db]) == 0
    out = capsys.readouterr().out
    bundled = sorted(path.stem for path in BUNDLED_DIR.glob("*.yaml"))
    assert f"Scenario set ({len(bundled)}): {', '.join(bundled)}" in out and "junk" not in out


def test_opting_out_a_pin_holder_needs_their_pin_or_the_owner(db, capsys, monkeypatch):
    """Finding 6: without the PIN (and without the store's key) nobody can hide a PIN holder; with it they can."""
    from game.store.identity import sign_in

    with open_store_at(db) as store:
        sign_in(store, "Bob", "4321")
    monkeypatch.setenv("DOJO_SEAL_KEY", "another-machines-key-0123456789abcdef012345")
    assert main(["leaderboard", "--db", db, "--player", "bob", "--opt-out"]) == 2
    assert "PIN" in capsys.readouterr().err
    assert main(["leaderboard", "--db", db, "--player", "bob", "--opt-out", "--pin", "4321"]) == 0
    assert main(["leaderboard", "--db", db, "--player", "bob", "--reset-pin"]) == 2


@pytest.mark.parametrize("name", ["Mini", "MINI", "ｍｉｎｉ", "  mini "])
def test_scenario_by_id_in_any_case_or_width(db, capsys, name):
    """--scenario finds a scenario by its id typed in another case, full width or with spaces."""
    assert [r["player"] for r in run_json(capsys, "--db", db, "--scenario", name)][0] == "Bob"


def test_bundled_title_and_typo(tmp_path, capsys):
    """The bundled pack's titles work before any run; a typo exits 2 with DOJO501 and the closest title."""
    db = db_url(tmp_path, "pack")
    assert main(["leaderboard", "--db", db, "--scenario", "The shoes that met the rain"]) == 0
    assert "angry-shoe-buyer" in capsys.readouterr().out
    assert main(["leaderboard", "--db", db, "--scenario", "shoes"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.startswith("dojo leaderboard: DOJO501 ")
    assert "The shoes that met the rain (angry-shoe-buyer)" in captured.err and len(captured.err.strip().splitlines()) == 1


def test_a_store_error_is_said_in_chinese_with_its_code_unchanged(tmp_path, capsys):
    """--locale zh-Hans: an unknown --scenario is the catalog's sentence after DOJO501, exit 2, one line."""
    import re

    from game.i18n import _, use_locale

    db = db_url(tmp_path, "pack")
    assert main(["leaderboard", "--db", db, "--scenario", "shoes", "--locale", "zh-Hans"]) == 2
    captured = capsys.readouterr()
    use_locale("zh-Hans")
    template = _("no scenario has the id or title '{name}' in {where}; closest: {scenarios}")
    assert template != "no scenario has the id or title '{name}' in {where}; closest: {scenarios}"
    pattern = ".+".join(re.escape(part) for part in re.split(r"\{[^}]*\}", template))
    assert captured.out == "" and captured.err.startswith("dojo leaderboard: DOJO501 ") and len(captured.err.splitlines()) == 1
    assert re.fullmatch(pattern, captured.err.removeprefix("dojo leaderboard: DOJO501 ").rstrip("\n"))
    assert "The shoes that met the rain (angry-shoe-buyer)" in captured.err


def test_a_bundled_scenario_board_is_titled_in_the_language_shown(tmp_path, capsys):
    """--locale zh-Hans: the board of a bundled scenario with a Chinese table is titled by its Chinese title (and its id); one
    without a table, and the board in English, keep the title as written."""
    db = db_url(tmp_path, "pack")
    assert main(["leaderboard", "--db", db, "--scenario", "angry-shoe-buyer", "--locale", "zh-Hans"]) == 0
    assert "淋过雨的皮鞋 (angry-shoe-buyer)" in capsys.readouterr().out.splitlines()[0]
    assert main(["leaderboard", "--db", db, "--scenario", "drained-pool", "--locale", "zh-Hans"]) == 0
    assert "The pool that vanished overnight (drained-pool)" in capsys.readouterr().out.splitlines()[0]
    assert main(["leaderboard", "--db", db, "--scenario", "angry-shoe-buyer"]) == 0
    assert "The shoes that met the rain (angry-shoe-buyer)" in capsys.readouterr().out.splitlines()[0]
