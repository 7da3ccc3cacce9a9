"""Tests for game.commands.common: the --rubric option every scoring command shares."""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring.rubric import DEFAULT_RUBRIC_PATH
from tests.conftest import run_cli as cli, run_json


@pytest.mark.parametrize(
    "argv",
    [
        ("run", "{scenario}", "--choices", "listen,firm"),
        ("lint", "{scenario}"),
        ("analyze", "{scenario}"),
        ("simulate", "{scenario}", "--runs", "5"),
    ],
    ids=["run", "lint", "analyze", "simulate"],
)
def test_broken_rubric_exits_2_with_its_message(
    capsys: pytest.CaptureFixture[str], mini_file: Path, broken_rubric: Path, argv: tuple[str, ...]
) -> None:
    """`--rubric` naming a broken rubric exits 2 with the rubric's own message and nothing on stdout."""
    args = [part.format(scenario=mini_file) for part in argv]
    code, out, err = cli(capsys, *args, "--rubric", str(broken_rubric))
    assert (code, out) == (2, "")
    assert err.startswith(f"dojo {argv[0]}: {broken_rubric}: the rubric is not valid:")
    assert "dimensions" in err
    assert "Traceback" not in err


def test_missing_rubric_exits_2(capsys: pytest.CaptureFixture[str], mini_file: Path, tmp_path: Path) -> None:
    """A --rubric path that doesn't exist exits 2 saying it can't be read."""
    code, _, err = cli(capsys, "analyze", str(mini_file), "--rubric", str(tmp_path / "none.yaml"))
    assert code == 2
    assert "cannot read the rubric" in err


def test_custom_rubric_is_used(capsys: pytest.CaptureFixture[str], mini_file: Path, tmp_path: Path) -> None:
    """A valid rubric given with --rubric is the one the run is scored with."""
    custom = tmp_path / "custom.yaml"
    custom.write_text(DEFAULT_RUBRIC_PATH.read_text(encoding="utf-8").replace('version: "1.0"', 'version: "9.9"', 1), encoding="utf-8")
    data = run_json(capsys, mini_file, "listen,firm", "--rubric", str(custom))
    assert data["score"]["rubric"]["version"] == "9.9"
