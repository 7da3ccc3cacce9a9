"""Tests for `dojo verify`: exit 0 when every run replays, 1 with findings, 2 for an unusable database."""

from __future__ import annotations

import pytest

import json

from game.cli import main
from game.store.db import open_store
from game.store.runs import list_runs
from tests.store_helpers import BAD, GOOD, db_url, record, tamper


pytestmark = pytest.mark.usefixtures("db_engine")  # every test here runs on SQLite and on PostgreSQL


def make_db(tmp_path) -> str:
    """A database with a ranked run by Ann and Bob and a practice run by Cy."""
    path = db_url(tmp_path)
    with open_store(path) as store:
        record(store, "Ann", GOOD)
        record(store, "Bob[1m]", BAD)
        record(store, "Cy", GOOD, mode="practice")
    return path


def edit(path: str, player: str, **values) -> str:
    """Edit the player's run in the file; returns its id."""
    with open_store(path) as store:
        uid = list_runs(store, player=player)[0].run_uid
        tamper(store, uid, **values)
    return uid


def test_clean_database_exits_0(tmp_path, capsys):
    """Every ranked run replays: exit 0 and a summary line."""
    db = make_db(tmp_path)
    assert main(["verify", "--db", db]) == 0
    assert "Checked 2 run(s): 2 passed, 0 flagged." in capsys.readouterr().out


def test_raised_score_exits_1_and_names_the_run(tmp_path, capsys):
    """A raised score is reported with the run id, the escaped player name and both numbers."""
    db = make_db(tmp_path)
    uid = edit(db, "Bob[1m]", percent=97.0)
    assert main(["verify", "--db", db]) == 1
    out = capsys.readouterr().out
    assert f"FLAGGED {uid}" in out and "Bob[1m]" in out and "\x1b" not in out
    assert "stored score 97.0% but the replay scores 0.0%" in out


def test_all_includes_practice_runs(tmp_path, capsys):
    """Without --all a broken practice run is not checked; with --all it is."""
    db = make_db(tmp_path)
    edit(db, "Cy", percent=1.0)
    assert main(["verify", "--db", db]) == 0
    capsys.readouterr()
    assert main(["verify", "--db", db, "--all", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["checked"] == 3 and [f["player"] for f in data["flagged"]] == ["Cy"]


def test_json_report(tmp_path, capsys):
    """--json prints counts, findings and the integrity verdict."""
    db = make_db(tmp_path)
    assert main(["verify", "--db", db, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "checked": 2, "passed": 2, "flagged": [], "restored": 0, "integrity": "ok",
        "unchecked": [], "legacy": 0, "resealed": 0, "damaged_copies": [], "wrote": True,
    }


@pytest.mark.sqlite_only("a file that is not an SQLite database")
def test_unusable_database_exits_2(tmp_path, capsys):
    """A file that is not a database is exit 2 with one message."""
    path = tmp_path / "dojo.db"
    path.write_bytes(b"\x00" * 4096)
    assert main(["verify", "--db", str(path)]) == 2
    err = capsys.readouterr().err
    assert "not an SQLite database" in err and "Traceback" not in err


def _digest(path: str) -> str:
    """The SHA-256 of the database file and its WAL (what a write would change)."""
    import hashlib
    from pathlib import Path

    data = b"".join(p.read_bytes() for p in (Path(path), Path(path + "-wal")) if p.exists())
    return hashlib.sha256(data).hexdigest()


@pytest.mark.sqlite_only("a read-only database file, checked byte for byte")
def test_verify_reports_on_a_read_only_store_without_writing(tmp_path, capsys, monkeypatch):
    """On a store nobody may write, verify still replays and reports the tampered run (exit 1), writes nothing, and says so."""
    from game.store import db as store_db

    db = make_db(tmp_path)
    uid = edit(db, "Ann", percent=99.0)
    before = _digest(db)
    monkeypatch.setattr(store_db.os, "access", lambda target, mode: False)
    assert main(["verify", "--db", db]) == 1
    captured = capsys.readouterr()
    assert f"FLAGGED {uid}" in captured.out and "nothing was written" in captured.out
    assert "cannot save" not in captured.err
    assert main(["verify", "--db", db, "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert [f["run_id"] for f in data["flagged"]] == [uid] and "read-only" in data["not_stored"]
    monkeypatch.undo()
    assert _digest(db) == before


@pytest.mark.sqlite_only("a database file on a read-only disk")
def test_verify_on_a_really_read_only_disk(tmp_path, capsys):
    """On a tmpfs remounted read-only, verify reports the tampered run with exit 1 instead of exit 2."""
    import shutil

    from tests.store_helpers import remount_read_only, tmpfs

    db = make_db(tmp_path)
    uid = edit(db, "Ann", percent=99.0)
    with open_store(db):
        pass  # closing checkpoints the WAL into the file
    with tmpfs(tmp_path / "disk", "4m") as disk:
        shutil.copy(db, disk / "dojo.db")
        remount_read_only(disk)
        assert main(["verify", "--db", str(disk / "dojo.db")]) == 1
        out = capsys.readouterr().out
        assert f"FLAGGED {uid}" in out and "nothing was written" in out
LEGACY_FIELDS = (
    "run_uid", "player", "scenario_id", "content_hash", "rubric_id", "rubric_version", "rubric_digest", "mode", "seed",
    "events", "summary", "percent", "band", "ending", "started_at", "finished_at", "duration",
)


def reseal_the_old_way(db: str, run_uid: str, **values) -> None:
    """Edit a run with plain sqlite3 and re-seal it as a sha256 of its facts, as anyone with the file could."""
    import hashlib
    import sqlite3

    connection = sqlite3.connect(db)
    connection.row_factory = sqlite3.Row
    for name, value in values.items():
        connection.execute(f"UPDATE runs SET {name} = ? WHERE run_uid = ?", (value, run_uid))
    row = dict(connection.execute(
        "SELECT runs.*, players.name AS player FROM runs JOIN players ON players.id = runs.player_id WHERE run_uid = ?", (run_uid,)
    ).fetchone())
    text = json.dumps([row[name] for name in LEGACY_FIELDS], sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    connection.execute("UPDATE runs SET seal = ? WHERE run_uid = ?", (hashlib.sha256(text.encode("utf-8")).hexdigest(), run_uid))
    connection.commit()
    connection.close()


@pytest.mark.sqlite_only("edits the file with plain sqlite3, as anyone holding the file could")
def test_practice_turned_ranked_and_resealed_is_flagged(tmp_path, capsys):
    """Finding 3: a practice run relabelled ranked, backdated and re-sealed without the key fails verify (exit 1)."""
    db = make_db(tmp_path)
    with open_store(db) as store:
        uid = list_runs(store, player="Cy")[0].run_uid
    reseal_the_old_way(db, uid, mode="ranked", finished_at=1_000_000_000.0)
    assert main(["verify", "--db", db]) == 1
    assert f"FLAGGED {uid}" in capsys.readouterr().out


@pytest.mark.sqlite_only("flips a byte with plain sqlite3, as anyone holding the file could")
def test_a_flipped_byte_in_a_copy_is_damage_never_written_into_and_repaired(tmp_path, capsys):
    """Finding 8: one flipped byte in a stored copy leaves the runs on the board, makes verify report damage and write
    nothing, and --repair restores the copy from the official pack."""
    import sqlite3

    from tests.conftest import REPO

    db = str(tmp_path / "dojo.db")
    scenario = str(REPO / "scenarios" / "late-birthday-parcel.yaml")
    assert main(["analyze", scenario, "--json"]) == 0
    best = json.loads(capsys.readouterr().out)["best"]["choices"]
    assert main(["run", scenario, "--choices", ",".join(best), "--mode", "ranked", "--player", "Ann", "--db", db]) == 0
    connection = sqlite3.connect(db)
    text = connection.execute("SELECT text FROM scenario_copies WHERE scenario_id = 'late-birthday-parcel'").fetchone()[0]
    at = text.index("title:") + len("title: ") + 1
    damaged = text[:at] + chr(ord(text[at]) ^ 1) + text[at + 1:]
    connection.execute("UPDATE scenario_copies SET text = ? WHERE scenario_id = 'late-birthday-parcel'", (damaged,))
    connection.commit()
    before = connection.execute("SELECT status, problem, checked_at FROM runs").fetchall()
    capsys.readouterr()
    assert main(["leaderboard", "--db", db, "--scenario", "late-birthday-parcel", "--json"]) == 0
    assert [row["player"] for row in json.loads(capsys.readouterr().out)] == ["Ann"]
    assert main(["verify", "--db", db]) == 1
    out = capsys.readouterr().out
    assert "DAMAGED" in out and "FLAGGED" not in out
    assert connection.execute("SELECT status, problem, checked_at FROM runs").fetchall() == before
    assert main(["verify", "--db", db, "--repair"]) == 0
    assert "Repaired 1" in capsys.readouterr().out
    assert connection.execute("SELECT text FROM scenario_copies WHERE scenario_id = 'late-birthday-parcel'").fetchone()[0] != damaged
    connection.close()


def test_a_flagged_run_is_reported_in_chinese(tmp_path, capsys):
    """With --locale zh-Hans a flagged run's line, its mode and a fixed problem sentence come from the catalog; figures stay as stored."""
    from game.i18n import _, use_locale
    from game.store.run_words import EDITED, SCORE_DIFFERS

    db = make_db(tmp_path)
    edited = edit(db, "Cy", mode="ranked")  # a practice run passed off as ranked: its seal no longer matches
    raised = edit(db, "Bob[1m]", percent=97.0)
    assert main(["verify", "--db", db, "--locale", "zh-Hans"]) == 1
    lines = capsys.readouterr().out.splitlines()
    use_locale("zh-Hans")
    flagged = _("FLAGGED {run}  {player}  {scenario}  {mode}  {finished}: {problem}").split("{run}")[0]
    assert flagged and "FLAGGED" not in flagged
    cy = next(line for line in lines if edited in line)
    assert cy.startswith(flagged) and _("ranked") in cy and cy.endswith(_(EDITED)) and _(EDITED) != EDITED
    bob = next(line for line in lines if raised in line)
    figures = _(SCORE_DIFFERS).format(stored="97.0", replayed="0.0")
    assert bob.startswith(flagged) and bob.endswith(figures) and figures != SCORE_DIFFERS.format(stored="97.0", replayed="0.0")
