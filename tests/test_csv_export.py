"""Tests for game.store.csv_export: every run as CSV, text as stored, formulas defused, written atomically."""

from __future__ import annotations

import csv
import io

import pytest

from game.store.csv_export import COLUMNS, GRADE_COLUMNS, export_csv, safe_cell
from game.store.db import StoreError
from game.store.files import OutputError
from tests.store_helpers import BAD, BEST, GOOD, MONDAY, open_tmp, record, tamper


pytestmark = pytest.mark.usefixtures("db_engine")  # every test here runs on SQLite and on PostgreSQL


def read_rows(path) -> list[dict[str, str]]:
    """The CSV file's rows as dicts (BOM-aware)."""
    with open(path, encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream))


def test_export_writes_every_run_with_all_columns(tmp_path):
    """One row per run, oldest first, with the documented columns and ISO UTC times."""
    store = open_tmp(tmp_path)
    first = record(store, "Ann", GOOD, at=MONDAY + 60, cohort="2024-09", team="north")
    second = record(store, "Bob", BAD, at=MONDAY + 120, mode="practice")
    target = tmp_path / "runs.csv"
    assert export_csv(store, str(target)) == 2
    rows = read_rows(target)
    assert list(rows[0])[: len(COLUMNS) + len(GRADE_COLUMNS)] == [*COLUMNS, *GRADE_COLUMNS]
    assert [row["run_id"] for row in rows] == [first.run_uid, second.run_uid]
    assert rows[0]["player"] == "Ann" and rows[0]["cohort"] == "2024-09" and rows[0]["team"] == "north"
    assert (rows[0]["percent"], rows[0]["band"], rows[0]["ending"]) == ("93.7", "Gold", "fixed")
    assert rows[0]["finished_at"] == "2024-05-06T00:01:00Z"
    assert (rows[1]["mode"], rows[1]["band"], rows[1]["status"]) == ("practice", "", "verified")


def test_flagged_runs_are_exported_with_their_problem(tmp_path):
    """A flagged run appears with status and reason, so a trainer can see it."""
    store = open_tmp(tmp_path)
    run = record(store, "Ann")
    tamper(store, run.run_uid, status="flagged", problem="stored score 99.0% but the replay scores 93.7%")
    assert export_csv(store, str(tmp_path / "x.csv")) == 1
    row = read_rows(tmp_path / "x.csv")[0]
    assert row["status"] == "flagged" and row["problem"].startswith("stored score")


def test_names_are_kept_but_formulas_defused(tmp_path):
    """Markup, commas, quotes and Chinese come through as stored; a formula-like name gets a leading apostrophe."""
    store = open_tmp(tmp_path)
    for name in ["[b]Bob[/b]", 'two, "quoted"', "王小明", "=HYPERLINK(\"http://x\")", "@SUM(A1)"]:
        record(store, name)
    export_csv(store, str(tmp_path / "x.csv"))
    players = [row["player"] for row in read_rows(tmp_path / "x.csv")]
    assert players == ["[b]Bob[/b]", 'two, "quoted"', "王小明", "'=HYPERLINK(\"http://x\")", "'@SUM(A1)"]


def test_safe_cell_only_touches_formula_starts():
    """Only text starting with = + - @ tab or CR is prefixed; numbers are left alone."""
    assert safe_cell("-5") == "'-5" and safe_cell("+x") == "'+x" and safe_cell("\tx") == "'\tx"
    assert safe_cell("Ann") == "Ann" and safe_cell(-5) == -5


def test_dash_writes_to_standard_output(tmp_path, capsys):
    """'-' writes the CSV to stdout."""
    store = open_tmp(tmp_path)
    record(store, "Ann")
    assert export_csv(store, "-") == 1
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows[0]["player"] == "Ann"


def test_empty_database_gives_a_header_only(tmp_path):
    """With no runs the file has just the header."""
    store = open_tmp(tmp_path)
    assert export_csv(store, str(tmp_path / "x.csv")) == 0
    assert read_rows(tmp_path / "x.csv") == []


def test_bad_destinations_are_clear_errors_and_leave_no_files(tmp_path):
    """A missing folder or a folder as target is an OutputError (game/store/files.py); no temporary file is left behind."""
    store = open_tmp(tmp_path)
    with pytest.raises(OutputError, match="does not exist"):
        export_csv(store, str(tmp_path / "missing" / "x.csv"))
    with pytest.raises(OutputError, match="is a folder"):
        export_csv(store, str(tmp_path))
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("dojo.db")) == []


def test_failed_export_keeps_the_old_file(tmp_path, monkeypatch):
    """If writing fails part-way the previous export stays intact and no temporary file remains."""
    store = open_tmp(tmp_path)
    record(store, "Ann")
    target = tmp_path / "x.csv"
    target.write_text("previous export")

    def broken(_store, _conditions=()):
        raise StoreError("database went away")
        yield  # pragma: no cover

    monkeypatch.setattr("game.store.csv_export.exported_runs", broken)
    with pytest.raises(StoreError, match="went away"):
        export_csv(store, str(target))
    assert target.read_text() == "previous export"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_each_skill_has_a_column_with_the_run_percent(tmp_path):
    """A skill_NAME column per skill the runs scored, holding each run's percent in that skill."""
    store = open_tmp(tmp_path)
    record(store, "Ann", BEST)
    record(store, "Bob", BAD)
    export_csv(store, str(tmp_path / "x.csv"))
    rows = read_rows(tmp_path / "x.csv")
    skills = [name for name in rows[0] if name.startswith("skill_")]
    assert "skill_listening" in skills and "skill_refusal" in skills
    assert rows[0]["skill_listening"] == "100.0" and float(rows[1]["skill_listening"]) < 50


def test_grades_are_counted_and_listed_reply_by_reply(tmp_path):
    """grade_* count the replies per grade; decisions lists each reply's grade in order, as the review grades it."""
    store = open_tmp(tmp_path)
    record(store, "Ann", BEST)
    record(store, "Ann", GOOD)
    export_csv(store, str(tmp_path / "x.csv"))
    best, good = read_rows(tmp_path / "x.csv")
    assert best["decisions"].split() == ["best", "best", "best"]
    assert (best["grade_best"], best["grade_blunder"]) == ("3", "0")
    assert good["decisions"].split()[0] == "best" and len(good["decisions"].split()) == 2
    assert sum(int(good[f"grade_{grade}"]) for grade in ("best", "good", "slip", "mistake", "blunder")) == 2


def test_cohort_and_scenario_filters(tmp_path):
    """Only the runs of the cohort (typed in another case) or of the scenario (by title) are exported."""
    from types import SimpleNamespace

    from game.store.run_filters import conditions_from

    store = open_tmp(tmp_path)
    record(store, "Ann", cohort="Spring 2024")
    record(store, "Bob", cohort="autumn")
    conditions = conditions_from(store, SimpleNamespace(cohort="SPRING 2024", scenario=None))
    assert export_csv(store, str(tmp_path / "c.csv"), conditions) == 1
    assert [row["player"] for row in read_rows(tmp_path / "c.csv")] == ["Ann"]
    conditions = conditions_from(store, SimpleNamespace(cohort=None, scenario="mini"))
    assert export_csv(store, str(tmp_path / "s.csv"), conditions) == 2


def test_unknown_cohort_is_refused_with_the_closest(tmp_path):
    """A cohort nobody is in is DOJO503 naming the closest cohort, not an empty file."""
    from types import SimpleNamespace

    from game.store.run_filters import UNKNOWN_COHORT, conditions_from
    from game.store.scenario_names import UnknownNameError

    store = open_tmp(tmp_path)
    record(store, "Ann", cohort="spring")
    with pytest.raises(UnknownNameError) as caught:
        conditions_from(store, SimpleNamespace(cohort="sprng", scenario=None))
    assert caught.value.dojo_code == UNKNOWN_COHORT and "spring" in caught.value.message
