"""Tests for `dojo graph` (game.commands.graph_cmd): formats, output file, JSON, flags and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.scenario.loader import load_scenario
from tests.conftest import EXAMPLE, FIXTURES, tiny_scenario, write_scenario
from tests.conftest import run_cli as cli
from tests.test_graph import UNREACHABLE, mermaid_decode, parse_dot, parse_mermaid

# The ending is only behind a reply whose condition never holds, so no playthrough ends:
# the file loads (statically fine) but the analysis finds no best path.
ENDLESS = tiny_scenario(
    "endless",
    """
    nodes:
      hello:
        say: ["Again?"]
        choices:
          - id: again
            text: Once more.
            tags: [listening.open-question]
            next: hello
          - id: out
            when: anger > 100
            text: Bye.
            tags: [listening.let-vent]
            next: bye
    endings:
      bye: {outcome: resolved, title: Bye, text: Bye.}
    """,
)


def test_graph_prints_mermaid_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    """`dojo graph SCENARIO` prints a Mermaid flowchart of every node, ending and reply, with the best path thick."""
    code, out, err = cli(capsys, "graph", str(EXAMPLE))
    assert (code, err) == (0, "")
    mermaid = parse_mermaid(out)
    scenario = load_scenario(EXAMPLE).scenario
    assert len(mermaid.nodes) == len(scenario.nodes) + len(scenario.endings) + 1
    assert sum(arrow == "==>" for _, arrow, _, _ in mermaid.edges) == 6


def test_graph_dot_format(capsys: pytest.CaptureFixture[str]) -> None:
    """--format dot prints a digraph with every node and one edge per reply and threshold."""
    code, out, err = cli(capsys, "graph", str(EXAMPLE), "--format", "dot")
    assert (code, err) == (0, "")
    dot = parse_dot(out)
    scenario = load_scenario(EXAMPLE).scenario
    assert set(scenario.nodes) | set(scenario.endings) <= set(dot.nodes)
    assert len(dot.edges) == sum(len(n.choices) for n in scenario.nodes.values()) + 1


def test_graph_text_labels(capsys: pytest.CaptureFixture[str]) -> None:
    """--labels text labels arrows with the start of each reply instead of its id."""
    code, out, _ = cli(capsys, "graph", str(EXAMPLE), "--labels", "text")
    assert code == 0
    labels = {mermaid_decode(label or "") for _, _, label, _ in parse_mermaid(out).edges}
    assert "I understand your frustration, sir." in labels and "stock-line" not in labels


def test_graph_out_writes_the_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """--out FILE writes the same text that would be printed and says so."""
    _, printed, _ = cli(capsys, "graph", str(EXAMPLE), "--format", "dot")
    target = tmp_path / "story.dot"
    code, out, err = cli(capsys, "graph", str(EXAMPLE), "--format", "dot", "--out", str(target))
    assert (code, err) == (0, "")
    assert out == f"wrote {target}\n"
    assert target.read_text(encoding="utf-8") == printed


def test_graph_json(capsys: pytest.CaptureFixture[str]) -> None:
    """--json prints the nodes, edges and best path as data."""
    code, out, _ = cli(capsys, "graph", str(EXAMPLE), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["scenario"] == "late-birthday-parcel"
    assert data["best"]["ending"] == "party-saved"
    assert [e["reply"] for e in data["edges"] if e["best"]] == [c.split("/")[1] for c in data["best"]["choices"]]


def test_graph_flags_unreachable_nodes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A node nothing leads to and one the conditions rule out are flagged in both formats."""
    path = write_scenario(tmp_path, UNREACHABLE)
    code, out, _ = cli(capsys, "graph", str(path))
    assert code == 0
    mermaid = parse_mermaid(out)
    notes = {mermaid_decode(label).split("\n")[0]: mermaid_decode(label) for _, label in mermaid.nodes.values()}
    assert "⚠ unreachable from the start" in notes["lost"]
    assert "⚠ never reached in play" in notes["secret"]
    code, out, _ = cli(capsys, "graph", str(path), "--format", "dot")
    assert "unreachable from the start" in parse_dot(out).nodes["lost"]["label"]


def test_graph_without_a_best_path_still_draws(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """When no playthrough can end, the graph is drawn with a note and no best path, exit 0."""
    path = write_scenario(tmp_path, ENDLESS)
    code, out, err = cli(capsys, "graph", str(path))
    assert (code, err) == (0, "")
    assert "%% Note: no best path:" in out
    assert not any(arrow == "==>" for _, arrow, _, _ in parse_mermaid(out).edges)


def test_graph_bad_file_is_exit_2_with_location(capsys: pytest.CaptureFixture[str]) -> None:
    """A scenario that does not load exits 2 with its diagnostics at file:line:col, no traceback."""
    path = FIXTURES / "bad" / "DOJO201-missing-next.yaml"
    code, out, err = cli(capsys, "graph", str(path))
    assert code == 2 and out == ""
    assert err.startswith(f"dojo graph: {path}:") and "DOJO201" in err
    assert "Traceback" not in err


def test_graph_missing_file_is_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A file that does not exist is one message, exit 2."""
    code, out, err = cli(capsys, "graph", str(tmp_path / "nope.yaml"))
    assert code == 2 and out == ""
    assert "DOJO001" in err and "Traceback" not in err


def test_graph_invalid_format_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    """--format svg is a usage error: one line, exit 2."""
    code, out, err = cli(capsys, "graph", str(EXAMPLE), "--format", "svg")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "invalid choice: 'svg'" in err


def test_graph_unwritable_out_is_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """An --out path in a missing folder is one line naming it, exit 2."""
    target = tmp_path / "missing" / "g.mmd"
    code, out, err = cli(capsys, "graph", str(EXAMPLE), "--out", str(target))
    assert code == 2 and out == ""
    assert err.startswith("dojo graph: cannot write") and str(target) in err
