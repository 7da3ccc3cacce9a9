"""Tests for `dojo simulate` (game.commands.simulate_cmd): the JSON contract, reproducibility, text, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_cli as cli


def test_simulate_json_contract(capsys: pytest.CaptureFixture[str], mini_file: Path) -> None:
    """`dojo simulate --json` has runs, mean_percent, bands, endings, node and choice coverage."""
    code, out, _ = cli(capsys, "simulate", str(mini_file), "--json", "--runs", "40", "--seed", "3")
    assert code == 0
    data = json.loads(out)
    assert (data["runs"], data["seed"], data["bot"]) == (40, 3, "random")
    assert 0 <= data["mean_percent"] <= 100
    assert sum(data["bands"].values()) + data["unfinished"] == 40
    assert sum(data["endings"].values()) + data["unfinished"] == 40
    assert set(data["endings"]) <= {"fixed", "refunded", "gone"}
    assert 0 <= data["node_coverage"] <= 1 and 0 <= data["choice_coverage"] <= 1


def test_simulate_is_reproducible(capsys: pytest.CaptureFixture[str], mini_file: Path) -> None:
    """The same seed gives the same JSON."""
    outputs = [cli(capsys, "simulate", str(mini_file), "--json", "--runs", "25", "--seed", "9")[1] for _ in range(2)]
    assert outputs[0] == outputs[1]


def test_simulate_text(capsys: pytest.CaptureFixture[str], mini_file: Path) -> None:
    """Without --json, simulate prints a summary with coverage, bands and endings."""
    code, out, _ = cli(capsys, "simulate", str(mini_file), "--runs", "20", "--bot", "coverage")
    assert code == 0
    assert out.startswith("mini: 20 runs by the coverage bot (seed 0)")
    assert "Coverage: 100% of nodes, 100% of replies" in out
    assert "Bands: " in out and "Endings: " in out


@pytest.mark.parametrize("runs", ["0", "-5", "1000001"])
def test_simulate_runs_out_of_range_exits_2(capsys: pytest.CaptureFixture[str], mini_file: Path, runs: str) -> None:
    """--runs outside 1..1,000,000 is a usage error."""
    code, _, err = cli(capsys, "simulate", str(mini_file), "--runs", runs)
    assert (code, err) == (2, "dojo simulate: --runs must be between 1 and 1,000,000\n")
