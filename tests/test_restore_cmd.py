"""`dojo restore FILE` (game/commands/restore_cmd.py): spilled runs go back into a store, once."""

from __future__ import annotations

import pytest

from game.engine.session import Session
from game.play.playthrough import Playthrough, save_or_spill
from game.play.profile import Profile
from game.play.spill_check import seal_document
from game.store import db
from game.store.db import open_store
from game.store.runs import list_runs
from tests.conftest import run_cli as cli
from tests.test_tui_app import BEST, entry, keys_for


def spilled_file(tmp_path, monkeypatch):
    """A Gold run played on a read-only store and written to a file at quit; the file's path."""
    monkeypatch.setattr(db.os, "access", lambda target, mode: False)
    store = open_store(str(tmp_path / "ro.db"))
    monkeypatch.undo()
    run = Playthrough(entry(), Session(entry().scenario, seed=0, mode="ranked"), Profile("Dana", "2024-09"), store)
    for key in keys_for(BEST):
        run.choose(int(key))
    away = tmp_path / "away"
    away.mkdir()
    message = save_or_spill(store, [away])
    store.close()
    (path,) = away.glob("dojo-unsaved-*.json")
    assert f"dojo restore {path}" in message
    return path


def test_restore_stores_the_run_and_renames_the_file(tmp_path, monkeypatch, capsys):
    """The spilled run is recorded (Gold, verified) and the file becomes FILE.restored, so it cannot be stored twice."""
    path = spilled_file(tmp_path, monkeypatch)
    good = str(tmp_path / "good.db")
    code, out, err = cli(capsys, "restore", str(path), "--db", good)
    assert code == 0 and "Restored 1 run(s)" in out and err == ""
    assert not path.exists() and path.with_name(path.name + ".restored").exists()
    with open_store(good) as store:
        (run,) = list_runs(store, player="Dana")
        assert (run.band, run.status) == ("Gold", "verified")
    code, _, err = cli(capsys, "restore", str(path), "--db", good)
    assert code == 2 and "no such file" in err


def test_restore_refuses_a_file_that_is_not_spilled_runs(tmp_path, capsys):
    """Any other file is one clear message and exit 2, and it is left where it was."""
    other = tmp_path / "notes.json"
    other.write_text('{"hello": 1}', encoding="utf-8")
    code, _, err = cli(capsys, "restore", str(other), "--db", str(tmp_path / "d.db"))
    assert code == 2 and "is not a file of unsaved Service Dojo runs" in err and "Traceback" not in err
    assert other.exists()


def test_restore_refuses_a_spill_file_not_sealed_by_the_game(tmp_path, monkeypatch, capsys):
    """Finding 3: a spill file edited (a new owner, a changed finish time) or written by hand is refused; nothing is stored."""
    import json

    path = spilled_file(tmp_path, monkeypatch)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["runs"][0]["player"] = "Mallory"
    path.write_text(json.dumps(data), encoding="utf-8")
    good = str(tmp_path / "good.db")
    code, _, err = cli(capsys, "restore", str(path), "--db", good)
    assert code == 2 and "seal" in err and "Traceback" not in err
    data.pop("seal", None)
    path.write_text(json.dumps(data), encoding="utf-8")
    code, _, err = cli(capsys, "restore", str(path), "--db", good)
    assert code == 2 and "seal" in err
    with open_store(good) as store:
        assert list_runs(store) == []


def _edited_spill(tmp_path, monkeypatch, edit):
    """A real spilled file whose first run is changed by `edit(run_dict)`; its path."""
    import json

    path = spilled_file(tmp_path, monkeypatch)
    data = json.loads(path.read_text(encoding="utf-8"))
    edit(data["runs"][0])
    # Sealed again with the key: the fields are checked even in a file whose seal checks.
    path.write_text(json.dumps(seal_document(data)), encoding="utf-8")
    return path


def _set(key, value, inside=None):
    """An edit that sets run[key] (or run[inside][key]) to value."""
    def edit(run):
        (run[inside] if inside else run)[key] = value
    return edit


@pytest.mark.parametrize(
    ("edit", "needle"),
    [
        (_set("finished_at", -1e12), "finish time"),
        (_set("finished_at", float("inf")), "finish time"),
        (_set("finished_at", 1e300), "finish time"),
        (_set("cohort", {"a": 1}), "cohort"),
        (_set("player", ["x"]), "player"),
        (_set("seed", 2**70, inside="session"), "seed"),
        (_set("seed", "1", inside="session"), "seed"),
        (_set("finished", "yes"), "finished"),
    ],
    ids=["time-1e12", "time-inf", "time-1e300", "dict-cohort", "list-player", "seed-2**70", "seed-text", "finished-text"],
)
def test_restore_refuses_a_crafted_run_with_one_line(tmp_path, monkeypatch, capsys, edit, needle):
    """A spilled run with an impossible time, a non-text cohort or an out-of-range seed: exit 2, one line naming the field, nothing stored."""
    path = _edited_spill(tmp_path, monkeypatch, edit)
    good = str(tmp_path / "good.db")
    code, out, err = cli(capsys, "restore", str(path), "--db", good)
    assert code == 2 and out == "" and err.count("\n") == 1 and needle in err and "Traceback" not in err
    assert path.exists()
    with open_store(good) as store:
        assert list_runs(store) == []


def test_restore_refuses_deeply_nested_json(tmp_path, capsys):
    """A file of 100,000 nested lists is one clear line and exit 2, never a RecursionError."""
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    code, _, err = cli(capsys, "restore", str(path), "--db", str(tmp_path / "d.db"))
    assert code == 2 and err.count("\n") == 1 and "Traceback" not in err and "nested" in err


def test_restore_an_over_long_file_name_is_one_line(tmp_path, capsys):
    """A file name past the system's limit is exit 2 with one line, never an OSError traceback."""
    code, _, err = cli(capsys, "restore", str(tmp_path / ("a" * 300 + ".json")), "--db", str(tmp_path / "d.db"))
    assert code == 2 and err.count("\n") == 1 and "bytes long" in err
