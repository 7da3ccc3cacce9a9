"""Tests for `dojo report`: the three reports from the command line, and every failure as one line, exit 2."""

from __future__ import annotations

import os
import tempfile

import pytest

from tests.conftest import MINI, run_cli, write_scenario
from tests.store_helpers import db_url
from tests.fixtures.report.data import mini_store


pytestmark = pytest.mark.usefixtures("db_engine")  # every test here runs on SQLite and on PostgreSQL


@pytest.fixture()
def db(tmp_path) -> str:
    """A database with MINI runs of Ann, Bob, Cy (cohort spring) and Di (autumn)."""
    mini_store(tmp_path).close()
    return db_url(tmp_path)


def leftovers(folder) -> list[str]:
    """Temporary files a failed or finished write left behind."""
    return [name for name in os.listdir(folder) if name.endswith(".tmp")]


def test_player_report_is_written(tmp_path, db, capsys):
    """--player writes a page with the trainee's name and says where it went."""
    out = tmp_path / "ann.html"
    code, stdout, stderr = run_cli(capsys, "report", "--db", db, "--player", "Ann", "--out", str(out))
    assert (code, stderr) == (0, "")
    assert stdout == f"Wrote the report on trainee 'Ann' to {out}.\n"
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<h1><bdi>Ann</bdi></h1>" in page
    assert leftovers(tmp_path) == []
    assert oct(out.stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def _umask() -> int:
    """The current umask."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def test_cohort_report_is_written(tmp_path, db, capsys):
    """--cohort writes the cohort page."""
    out = tmp_path / "spring.html"
    code, stdout, _ = run_cli(capsys, "report", "--db", db, "--cohort", "spring", "--out", str(out))
    assert code == 0 and "cohort 'spring'" in stdout
    assert "<h1>Cohort <bdi>spring</bdi></h1>" in out.read_text(encoding="utf-8")


def test_scenario_report_by_id_or_by_file(tmp_path, db, capsys):
    """--scenario takes the stored id, or a YAML file whose id is used; both give the same page."""
    by_id, by_file = tmp_path / "a.html", tmp_path / "b.html"
    assert run_cli(capsys, "report", "--db", db, "--scenario", "mini", "--out", str(by_id))[0] == 0
    path = write_scenario(tmp_path, MINI, "mini.yaml")
    code, stdout, _ = run_cli(capsys, "report", "--db", db, "--scenario", str(path), "--out", str(by_file))
    assert code == 0 and "scenario 'mini'" in stdout

    def strip(text: str) -> str:
        return text.split("<p class=\"meta\">")[1].split("</p>", 1)[1]

    assert strip(by_id.read_text(encoding="utf-8")) == strip(by_file.read_text(encoding="utf-8"))


def test_out_dash_writes_the_page_to_standard_output(db, capsys):
    """--out - prints only the HTML page."""
    code, stdout, stderr = run_cli(capsys, "report", "--db", db, "--scenario", "mini", "--out", "-")
    assert (code, stderr) == (0, "")
    assert stdout.startswith("<!DOCTYPE html>") and stdout.rstrip().endswith("</html>")


def test_an_existing_file_is_replaced_whole(tmp_path, db, capsys):
    """A report over an old file replaces it; a failed report leaves the old file as it was."""
    out = tmp_path / "r.html"
    out.write_text("old", encoding="utf-8")
    assert run_cli(capsys, "report", "--db", db, "--player", "Nobody", "--out", str(out))[0] == 2
    assert out.read_text(encoding="utf-8") == "old"
    assert run_cli(capsys, "report", "--db", db, "--player", "Bob", "--out", str(out))[0] == 0
    assert "<bdi>Bob</bdi>" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--player", "Nobody", "no runs for player 'Nobody'"),
        ("--cohort", "winter", "no runs for cohort 'winter'"),
        ("--scenario", "nope", "DOJO501 no scenario has the id or title 'nope'"),
        ("--scenario", "missing.yaml", "missing.yaml: no such scenario file"),
        ("--player", "Eve\x1b[2J", "no runs for player 'Eve\\x1b[2J'"),
    ],
    ids=["player", "cohort", "scenario", "scenario-file", "escape-in-name"],
)
def test_nothing_to_report_is_one_line_exit_2(tmp_path, db, capsys, option, value, message):
    """An unknown player, cohort or scenario: one line on stderr naming it, exit 2, no file."""
    out = tmp_path / "r.html"
    code, stdout, stderr = run_cli(capsys, "report", "--db", db, option, value, "--out", str(out))
    assert (code, stdout) == (2, "")
    assert stderr.startswith(f"dojo report: {message}") and stderr.count("\n") == 1
    assert "Traceback" not in stderr and "\x1b" not in stderr
    assert not out.exists()


def test_a_scenario_file_that_does_not_load_is_exit_2(tmp_path, db, capsys):
    """A YAML file that is not a valid scenario is reported with its diagnostics, exit 2."""
    broken = tmp_path / "broken.yaml"
    broken.write_text("format: 1\nid: [\n", encoding="utf-8")
    code, _, stderr = run_cli(capsys, "report", "--db", db, "--scenario", str(broken), "--out", str(tmp_path / "r.html"))
    assert code == 2 and stderr.startswith("dojo report:") and "Traceback" not in stderr


@pytest.mark.parametrize(
    ("where", "message"),
    [("nowhere/r.html", "the folder"), ("", "it is a folder")],
    ids=["missing-folder", "a-folder"],
)
def test_unwritable_out_fails_before_any_work(tmp_path, db, capsys, where, message):
    """--out in a missing folder, or naming a folder, is one line and exit 2."""
    out = str(tmp_path / where) if where else str(tmp_path)
    code, _, stderr = run_cli(capsys, "report", "--db", db, "--player", "Ann", "--out", out)
    assert code == 2 and message in stderr and stderr.count("\n") == 1


def test_a_failed_write_leaves_no_file(tmp_path, db, capsys, monkeypatch):
    """When the disk refuses the write, the message says why and nothing is left behind."""
    def refuse(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    out = tmp_path / "r.html"
    code, _, stderr = run_cli(capsys, "report", "--db", db, "--player", "Ann", "--out", str(out))
    assert code == 2 and stderr == f"dojo report: cannot write {out}: Permission denied\n"
    assert not out.exists() and leftovers(tmp_path) == []


@pytest.mark.parametrize(
    "argv",
    [
        ("report", "--out", "r.html"),
        ("report", "--player", "Ann"),
        ("report", "--player", "Ann", "--cohort", "spring", "--out", "r.html"),
    ],
    ids=["no-subject", "no-out", "two-subjects"],
)
def test_usage_errors(capsys, argv):
    """Exactly one of --player/--cohort/--scenario, and --out, are required: one line, exit 2."""
    code, _, stderr = run_cli(capsys, *argv)
    assert code == 2 and stderr.count("\n") == 1 and stderr.startswith("dojo report:")


def test_the_command_module_imports_light():
    """Importing the command loads neither SQLAlchemy nor Jinja2 (start-up time is measured)."""
    import subprocess
    import sys

    code = "import sys, game.commands.report_cmd; print(sorted(m for m in ('sqlalchemy', 'jinja2') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_include_practice_needs_cohort(tmp_path, capsys):
    """--include-practice without --cohort: one line, exit 2, no file."""
    from game.cli import main

    out = tmp_path / "r.html"
    assert main(["report", "--db", str(tmp_path / "d.db"), "--player", "Ann", "--include-practice", "--out", str(out)]) == 2
    assert "--include-practice goes with --cohort" in capsys.readouterr().err and not out.exists()
