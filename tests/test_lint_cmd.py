"""Tests for `dojo lint` (game.commands.lint_cmd): output lines, --json, and exit codes 0, 1 and 2."""

from __future__ import annotations

import json
import os
import textwrap
from pathlib import Path

import pytest

from game.engine.lint import LINT_STATE_LIMIT, lint_file
from game.scenario.diagnostics import Diagnostic
from scoring.rubric import Rubric, default_rubric
from tests.conftest import EXAMPLE, FIXTURES, MINI, run_cli as cli

# Replies that conditions rule out: 'cave' needs anger above its maximum, so 'secret' and
# the 'refunded' ending behind it are never reached in play (statically they are).
IMPOSSIBLE = MINI.replace(
    """      - id: cave
        text: Fine, here's your money.
        tags: [refusal.cave]
        next: refunded""",
    """      - id: cave
        when: anger > 100
        text: Fine, here's your money.
        tags: [refusal.cave]
        next: secret
  secret:
    say: ["You found it."]
    choices:
      - id: take
        text: Take it.
        tags: [refusal.cave]
        next: refunded""",
)
# The opening line is said only when anger is above 60, but the scene starts at 50.
SILENT = MINI.replace('      - "I want a refund."', '      - when: anger > 60\n        text: "I want a refund."')
# Conditions leave only a loop that never moves a meter: no playthrough can end.
NO_EXIT_IN_PLAY = """
format: 1
id: no-exit
title: No exit
summary: The only way out needs anger above its maximum.
difficulty: 1
skills: [listening]
minutes: 1
cast:
  cus: {name: Customer}
meters:
  anger: {start: 50, good: low}
start: hello
nodes:
  hello:
    say: ["Hello?"]
    choices:
      - {id: wait, text: Go on., tags: [listening.let-vent], next: hello}
      - {id: leave, when: anger > 100, text: Bye., tags: [listening.open-question], next: done}
endings:
  done: {outcome: resolved, title: Done, text: It is over.}
"""
# Every path loses points overall, though the listed skill earns some.
GLOOMY = """
format: 1
id: gloomy
title: Gloomy
summary: Every path is bad.
difficulty: 1
skills: [listening]
minutes: 1
cast:
  cus: {name: Customer}
meters:
  anger: {start: 90, good: low}
start: hello
nodes:
  hello:
    say: ["Well?"]
    choices:
      - id: only
        text: Ha, calm down.
        tags: [listening.let-vent, empathy.mock, composure.rise-to-bait, resolution.policy-break]
        effects: {anger: +10}
        next: bad
endings:
  bad: {outcome: policy-broken, title: Bad, text: It went badly.}
"""


@pytest.fixture(scope="module")
def rubric() -> Rubric:
    """The default rubric."""
    return default_rubric()


def write(tmp_path: Path, text: str, name: str = "s.yaml") -> Path:
    """Write (dedented) scenario text to a file in tmp_path."""
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def lint_text(tmp_path: Path, text: str, rubric: Rubric, state_limit: int = LINT_STATE_LIMIT) -> list[Diagnostic]:
    """lint_file on `text` written to a file."""
    return lint_file(write(tmp_path, text), rubric, state_limit)


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the first line of `text` holding `needle`."""
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_cli_clean_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`dojo lint` on a clean file exits 0 and reports the count, nothing else."""
    code, out, err = cli(capsys, "lint", str(write(tmp_path, MINI)))
    assert code == 0
    assert out == "1 file(s) checked: 0 error(s), 0 warning(s)\n"
    assert err == ""


def test_cli_warnings_only_exit_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Warnings alone don't fail lint: exit 0, each warning printed on its own line."""
    path = write(tmp_path, IMPOSSIBLE)
    code, out, _ = cli(capsys, "lint", str(path))
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith(f"{path}:{line_of(IMPOSSIBLE, 'when: anger > 100')}:")
    assert " DOJO207 warning: " in lines[0]
    assert lines[-1] == "1 file(s) checked: 0 error(s), 3 warning(s)"


def test_cli_errors_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An error anywhere among the files makes lint exit 1."""
    write(tmp_path, MINI, "good.yaml")
    bad = write(tmp_path, MINI.replace("skills: [listening, refusal]", "skills: [listening, refusal, empathy]"), "bad.yaml")
    code, out, _ = cli(capsys, "lint", str(tmp_path))
    assert code == 1
    assert f"{bad}:" in out and " DOJO403 error: " in out
    assert out.splitlines()[-1] == "2 file(s) checked: 1 error(s), 0 warning(s)"


def test_cli_missing_path_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A path that doesn't exist exits 2 before linting anything."""
    code, out, err = cli(capsys, "lint", str(EXAMPLE), str(tmp_path / "nope.yaml"))
    assert code == 2
    assert out == ""
    assert err == f"dojo lint: no such file or folder: {tmp_path / 'nope.yaml'}\n"


def test_cli_folder_without_scenarios_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A folder holding no *.yaml files is a usage error, not a clean result."""
    (tmp_path / "notes.txt").write_text("hi", encoding="utf-8")
    code, _, err = cli(capsys, "lint", str(tmp_path))
    assert code == 2
    assert "no scenario files" in err


def test_cli_json_is_a_list_of_findings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`dojo lint --json` prints only a JSON list of objects with file, line, col, code, severity, message."""
    path = write(tmp_path, IMPOSSIBLE)
    code, out, _ = cli(capsys, "lint", "--json", str(path))
    assert code == 0
    data = json.loads(out)
    assert isinstance(data, list) and len(data) == 3
    for item in data:
        assert set(item) == {"file", "line", "col", "code", "severity", "message"}
        assert item["file"] == str(path)
        assert isinstance(item["line"], int) and isinstance(item["col"], int)
    assert [(item["code"], item["severity"]) for item in data] == [
        ("DOJO207", "warning"),
        ("DOJO202", "warning"),
        ("DOJO204", "warning"),
    ]


def test_cli_json_clean_is_an_empty_list(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A clean file under --json prints [] and exits 0."""
    code, out, _ = cli(capsys, "lint", "--json", str(write(tmp_path, MINI)))
    assert (code, json.loads(out)) == (0, [])


def test_cli_json_with_errors_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    """--json doesn't change the exit code: errors still exit 1."""
    path = FIXTURES / "bad" / "DOJO201-missing-next.yaml"
    code, out, _ = cli(capsys, "lint", "--json", str(path))
    assert code == 1
    data = json.loads(out)
    assert data[0]["code"] == "DOJO201" and data[0]["severity"] == "error"


def test_cli_unreadable_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A DOJO001 finding (here a named pipe) makes lint exit 2, even under --json."""
    pipe = tmp_path / "pipe.yaml"
    if not hasattr(os, "mkfifo"):
        pytest.skip("needs named pipes")
    os.mkfifo(pipe)
    code, out, _ = cli(capsys, "lint", "--json", str(pipe))
    assert code == 2
    assert json.loads(out)[0]["code"] == "DOJO001"
