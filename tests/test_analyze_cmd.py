"""Tests for `dojo analyze` (game.commands.analyze_cmd): the JSON contract, text output, limits and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import MINI, run_cli as cli, run_json


def test_analyze_json_contract(capsys: pytest.CaptureFixture[str], mini_file: Path) -> None:
    """`dojo analyze --json` has scenario, nodes, decision_nodes, endings, best, worst and exact."""
    code, out, _ = cli(capsys, "analyze", str(mini_file), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["scenario"] == "mini"
    assert (data["nodes"], data["decision_nodes"], data["exact"]) == (2, 2, True)
    assert data["endings"] == {
        "fixed": {"outcome": "resolved", "reachable": True},
        "refunded": {"outcome": "policy-broken", "reachable": True},
        "gone": {"outcome": "walked-out", "reachable": True},
    }
    assert data["best"]["percent"] == 100.0
    assert data["best"]["choices"] == ["hello/listen", "ask/again", "ask/firm"]
    assert data["worst"]["percent"] == 0.0
    assert data["worst"]["choices"][0] == "hello/refuse"


def test_analyze_best_path_replays_to_its_score(capsys: pytest.CaptureFixture[str], mini_file: Path) -> None:
    """Playing analyze's best choices with `dojo run` scores its best percent."""
    _, out, _ = cli(capsys, "analyze", str(mini_file), "--json")
    best = json.loads(out)["best"]
    ids = ",".join(key.split("/")[1] for key in best["choices"])
    assert run_json(capsys, mini_file, ids)["score"]["percent"] == best["percent"]


def test_analyze_text(capsys: pytest.CaptureFixture[str], mini_file: Path) -> None:
    """Without --json, analyze prints the range, best and worst paths and the endings."""
    code, out, _ = cli(capsys, "analyze", str(mini_file))
    assert code == 0
    assert out.startswith("mini: 2 nodes, 2 decisions")
    assert "Best  (100.0%, ending fixed): hello/listen -> ask/again -> ask/firm" in out


def test_analyze_names_what_the_states_are_made_of(capsys: pytest.CaptureFixture[str], mini_file: Path) -> None:
    """Text and JSON list each part of the state that varies (mini's anger meter first: it alone
    tells states apart), with the values it takes and the factor it multiplies the states by."""
    _, out, _ = cli(capsys, "analyze", str(mini_file))
    assert "What the 13 states are made of" in out
    assert "  meter anger" in out and "6 values  x1.86" in out
    _, out, _ = cli(capsys, "analyze", str(mini_file), "--json")
    parts = json.loads(out)["state_parts"]
    assert parts[0] == {"part": "meter anger", "kind": "meter", "name": "anger", "values": 6, "factor": 1.86}
    assert {part["kind"] for part in parts} <= {"meter", "variable", "visits", "chose", "turn", "pattern", "credited", "all"}


def test_analyze_limit_gives_an_estimate(capsys: pytest.CaptureFixture[str], mini_file: Path) -> None:
    """A small --limit still answers, flagged as not exact."""
    code, out, _ = cli(capsys, "analyze", str(mini_file), "--json", "--limit", "10")
    assert code == 0
    assert json.loads(out)["exact"] is False


def test_analyze_limit_below_one_exits_2(capsys: pytest.CaptureFixture[str], mini_file: Path) -> None:
    """--limit 0 is a usage error."""
    code, _, err = cli(capsys, "analyze", str(mini_file), "--limit", "0")
    assert (code, err) == (2, "dojo analyze: --limit must be at least 1\n")


def test_analyze_bad_scenario_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A scenario that doesn't load exits 2 with its diagnostic."""
    path = tmp_path / "bad.yaml"
    path.write_text(MINI.replace("start: hello", "start: nowhere"), encoding="utf-8")
    code, out, err = cli(capsys, "analyze", str(path))
    assert (code, out) == (2, "")
    assert f"{path}:" in err and "DOJO206" in err
