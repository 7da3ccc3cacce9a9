"""Tests for tests/bench/generate.py: the benchmark scenarios must stay valid as the format grows."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from game.engine.lint import lint_file
from game.scenario.loader import load_scenario
from scoring.rubric import default_rubric
from tests.bench.generate import ENDINGS, generate_scenario, layers


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "generated.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_fifty_nodes_load_and_lint_without_errors(tmp_path: Path) -> None:
    """The 50-node scenario loads with 50 nodes, 6 endings, 3-4 replies each, and lint finds no errors."""
    # At 50 nodes the analysis is capped under any budget (DOJO404); a small one keeps
    # this test quick, and the exact checks are the next test's job.
    path = _write(tmp_path, generate_scenario(50))
    scenario = load_scenario(path).scenario
    assert len(scenario.nodes) == 50
    assert set(scenario.endings) == set(ENDINGS)
    assert {len(node.choices) for node in scenario.nodes.values()} == {3, 4}
    errors = [d.format() for d in lint_file(path, default_rubric(), state_limit=10_000) if d.is_error]
    assert errors == []


@pytest.mark.parametrize("loop_every", [None, 2])
def test_small_scenario_has_no_findings_at_all(tmp_path: Path, loop_every: int | None) -> None:
    """At 20 nodes the analysis is exact and lint has nothing to say, loops or not."""
    path = _write(tmp_path, generate_scenario(20, loop_every=loop_every))
    assert (len(load_scenario(path).scenario.loop_nodes) > 0) == (loop_every is not None)
    assert [d.format() for d in lint_file(path, default_rubric())] == []


@pytest.mark.parametrize("count", [1, 2, 5, 6, 500])
def test_node_count_is_exact(count: int) -> None:
    """The text holds exactly the number of nodes asked for, ids n00000 upwards."""
    data = yaml.load(generate_scenario(count), Loader=yaml.CSafeLoader)
    assert sorted(data["nodes"]) == [f"n{i:05d}" for i in range(count)]
    assert sum(len(row) for row in layers(count)) == count


def test_default_has_a_few_loops_at_500_nodes(tmp_path: Path) -> None:
    """By default 500 nodes carry a few loops (4 looping replies), and the same seed gives the same text."""
    text = generate_scenario(500)
    assert text == generate_scenario(500)
    assert text.count("id: start-over") == 4
    assert load_scenario(_write(tmp_path, text)).scenario.loop_nodes


def test_zero_nodes_is_refused() -> None:
    """Asking for no nodes raises ValueError rather than writing an invalid file."""
    with pytest.raises(ValueError):
        generate_scenario(0)
