"""Tests of `dojo strings export` and `dojo strings check`: tables written beside the scenario, findings and exit codes as lint's."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from tests.conftest import MINI, run_cli

CHOICES = "listen,firm"


def _scenario(tmp_path: Path, text: str = MINI) -> Path:
    """The MINI scenario written to a file in tmp_path."""
    path = tmp_path / "mini.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _rows(path: Path) -> list[list[str]]:
    """The rows of a table file."""
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


def _translate_all(path: Path) -> None:
    """Fill every translation of the table at `path` with Chinese text."""
    rows = _rows(path)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([rows[0]] + [[*row[:-1], f"中文{n}"] for n, row in enumerate(rows[1:])])
    path.write_bytes(out.getvalue().encode("utf-8-sig"))


def test_export_writes_the_table_beside_the_scenario(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Export writes <folder>/zh-Hans/<name>.csv with a byte-order mark and says how many texts are to translate."""
    scenario = _scenario(tmp_path)
    code, out, err = run_cli(capsys, "strings", "export", str(scenario), "--locale", "zh-Hans")
    table = tmp_path / "zh-Hans" / "mini.csv"
    assert (code, err) == (0, "") and str(table) in out
    assert table.read_bytes().startswith(b"\xef\xbb\xbfid,context,source,hash,translation\n")
    assert _rows(table)[1][:3] == ["scenario:title", "the scenario's title", "Mini"]


def test_export_never_replaces_a_table_without_update(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A second export to the same place is refused (exit 2); --update keeps the translations made."""
    scenario = _scenario(tmp_path)
    run_cli(capsys, "strings", "export", str(scenario), "--locale", "zh-Hans")
    table = tmp_path / "zh-Hans" / "mini.csv"
    _translate_all(table)
    code, _, err = run_cli(capsys, "strings", "export", str(scenario), "--locale", "zh-Hans")
    assert code == 2 and "already exists" in err
    code, _, err = run_cli(capsys, "strings", "export", str(scenario), "--locale", "zh-Hans", "--update", str(table))
    assert (code, err) == (0, "")
    assert _rows(table)[1][-1] == "中文0"


def test_export_to_standard_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--out - prints the table."""
    code, out, _ = run_cli(capsys, "strings", "export", str(_scenario(tmp_path)), "--locale", "zh-Hans", "--out", "-")
    assert code == 0 and out.startswith("id,context,source,hash,translation\n")


def test_export_refuses_a_bad_locale(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A locale that is no language code is a usage error (exit 2)."""
    code, _, err = run_cli(capsys, "strings", "export", str(_scenario(tmp_path)), "--locale", "../x")
    assert code == 2 and "--locale" in err


def test_check_exits_like_lint(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An untranslated table exits 1 with DOJO604 lines; translated it exits 0; a missing table file exits 2 with DOJO601."""
    scenario = _scenario(tmp_path)
    run_cli(capsys, "strings", "export", str(scenario), "--locale", "zh-Hans")
    table = tmp_path / "zh-Hans" / "mini.csv"
    code, out, _ = run_cli(capsys, "strings", "check", str(scenario))
    assert code == 1 and f"{table}:2:0: DOJO604 error: 'scenario:title'" in out
    _translate_all(table)
    code, out, _ = run_cli(capsys, "strings", "check", str(table))
    assert code == 0 and out.strip() == "1 table(s) checked: 0 error(s), 0 warning(s)"
    code, out, _ = run_cli(capsys, "strings", "check", str(tmp_path / "zh-Hans" / "gone.csv"))
    assert code == 2 and "DOJO601" in out


def test_check_reports_a_changed_line_stale(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """After one source line changes, check exits 1 with exactly that entry as DOJO605, in JSON too."""
    scenario = _scenario(tmp_path)
    run_cli(capsys, "strings", "export", str(scenario), "--locale", "zh-Hans")
    _translate_all(tmp_path / "zh-Hans" / "mini.csv")
    scenario.write_text(MINI.replace('"I want a refund."', '"I want my money."'), encoding="utf-8")
    code, out, _ = run_cli(capsys, "strings", "check", str(tmp_path), "--json")
    assert code == 1
    assert [(d["code"], d["message"].split("'")[1]) for d in json.loads(out)] == [("DOJO605", "hello.1")]


def test_a_table_without_a_scenario_is_dojo608(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A table that is not in a language folder beside a scenario file is DOJO608 (exit 1)."""
    table = tmp_path / "zh-Hans" / "nothing.csv"
    table.parent.mkdir()
    table.write_bytes(b"id,hash,translation\n")
    code, out, _ = run_cli(capsys, "strings", "check", str(table))
    assert code == 1 and "DOJO608" in out


def test_run_plays_in_the_language_of_a_complete_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """dojo run --locale zh-Hans gives the table's lines and replies, the same score and the source's content hash."""
    scenario = _scenario(tmp_path)
    code, _, err = run_cli(capsys, "run", str(scenario), "--choices", CHOICES, "--locale", "zh-Hans", "--json")
    assert code == 2 and "dojo strings check" in err
    run_cli(capsys, "strings", "export", str(scenario), "--locale", "zh-Hans")
    _translate_all(tmp_path / "zh-Hans" / "mini.csv")
    code, english, _ = run_cli(capsys, "run", str(scenario), "--choices", CHOICES, "--json")
    code, chinese, err = run_cli(capsys, "run", str(scenario), "--choices", CHOICES, "--locale", "zh-Hans", "--json")
    assert (code, err) == (0, "")
    assert "中文" in chinese and "I want a refund." not in chinese
    assert _scored(json.loads(chinese)["score"]) == _scored(json.loads(english)["score"])
    assert json.loads(chinese)["content_hash"] == json.loads(english)["content_hash"]


def test_every_table_code_has_a_row_in_the_diagnostics_reference() -> None:
    """docs/diagnostics.md's translation-table section lists each DOJO6xx code with its registered severity and title, in order."""
    from game.scenario.diagnostics import TABLE_CODES
    from tests.conftest import REPO

    text = (REPO / "docs" / "diagnostics.md").read_text(encoding="utf-8").split("## Translation tables", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| (DOJO6\d\d) \| (\w+) \| ([^|]+) \| [^|]+ \| [^|]+ \|$", text, re.MULTILINE)
    assert [(code, severity, title) for code, severity, title in rows] == [
        (code.code, code.severity.value, code.title) for code in TABLE_CODES.values()
    ]


def test_check_takes_a_language_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A folder named after a language is checked as the tables in it."""
    scenario = _scenario(tmp_path)
    run_cli(capsys, "strings", "export", str(scenario), "--locale", "zh-Hans")
    _translate_all(tmp_path / "zh-Hans" / "mini.csv")
    code, out, _ = run_cli(capsys, "strings", "check", str(tmp_path / "zh-Hans"))
    assert code == 0 and out.strip() == "1 table(s) checked: 0 error(s), 0 warning(s)"


# The scenarios of the bundled pack that ship with a complete Simplified Chinese table.
CHINESE = {
    "angry-shoe-buyer", "haggling-client", "wrong-fish-diner",  # the flagships
    "late-birthday-parcel", "payment-keeps-failing", "cold-call-decision-maker", "five-minutes-to-three",
}


def test_every_shipped_table_passes_the_check(capsys: pytest.CaptureFixture[str]) -> None:
    """dojo strings check on the bundled pack finds every shipped Chinese table complete and current."""
    from scenarios import BUNDLED_DIR

    shipped = {path.stem for path in (BUNDLED_DIR / "zh-Hans").glob("*.csv")}
    assert CHINESE <= shipped
    code, out, _ = run_cli(capsys, "strings", "check")
    assert (code, out.splitlines()[-1]) == (0, f"{len(shipped)} table(s) checked: 0 error(s), 0 warning(s)"), out


def test_a_changed_line_in_a_shipped_scenario_is_reported_stale(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Rewording one line of a flagship makes check report exactly that entry stale (DOJO605), exit 1."""
    from scenarios import BUNDLED_DIR

    text = (BUNDLED_DIR / "angry-shoe-buyer.yaml").read_text(encoding="utf-8")
    line = "I've worn leather shoes all my life and never had a pair do this. I want my money back."
    assert text.count(line) == 1
    (tmp_path / "angry-shoe-buyer.yaml").write_text(text.replace(line, line.replace("all my life", "for forty years")), encoding="utf-8")
    (tmp_path / "zh-Hans").mkdir()
    (tmp_path / "zh-Hans" / "angry-shoe-buyer.csv").write_bytes((BUNDLED_DIR / "zh-Hans" / "angry-shoe-buyer.csv").read_bytes())
    code, out, _ = run_cli(capsys, "strings", "check", str(tmp_path), "--json")
    assert code == 1
    assert [(d["code"], d["message"].split("'")[1]) for d in json.loads(out)] == [("DOJO605", "her-story.5")]


def test_a_flagship_runs_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    """dojo run --locale zh-Hans plays a flagship with its Chinese title, lines and ending, scored as in English."""
    from scenarios import BUNDLED_DIR

    path = str(BUNDLED_DIR / "angry-shoe-buyer.yaml")
    code, english, _ = run_cli(capsys, "run", path, "--choices", "1,1,1,1,1,1", "--json")
    code, chinese, err = run_cli(capsys, "run", path, "--choices", "1,1,1,1,1,1", "--json", "--locale", "zh-Hans")
    assert (code, err) == (0, "")
    data = json.loads(chinese)
    assert data["ending"]["title"] == "交给了店长"
    assert _scored(data["score"]) == _scored(json.loads(english)["score"]) and data["content_hash"] == json.loads(english)["content_hash"]


def _scored(score: dict) -> dict:
    """A run's score without its prose (skill names, explanations, the band's shown name), which is shown in the run's language."""
    kept = {key: value for key, value in score.items() if key not in ("dimensions", "ending_feedback", "band_name")}
    kept["dimensions"] = {name: {k: v for k, v in skill.items() if k != "title"} for name, skill in score["dimensions"].items()}
    kept["ending_feedback"] = [{k: v for k, v in item.items() if k not in ("title", "explain", "rule_title")} for item in score["ending_feedback"]]
    return kept
