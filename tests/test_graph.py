"""Tests for game.export.graph: the story graph, its Mermaid and DOT text, escaping and flags.

The Mermaid and DOT texts are checked in pure Python by small parsers of the subset the
module writes (every line must be recognised, so a broken label shows up as a stray
line); where Graphviz's `dot` is installed, the DOT text is also rendered by it.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings

from game.engine.analysis import analyze
from game.engine.lint import lint_file
from game.export.graph import (
    OUTCOME_COLOURS,
    build_graph,
    dot_quote,
    edge_label,
    mermaid_text,
    outcome_class,
    reachability,
    to_dot,
    to_mermaid,
)
from game.scenario.loader import Loaded, load_scenario, load_scenario_text
from scoring.rubric import default_rubric
from scoring.scorer import Scorer
from tests.conftest import EXAMPLE, IMPOSSIBLE, MINI, scenario_from, tiny_scenario
from tests.strategies import scenario_data

DOT = shutil.which("dot")
NO_DOT = "Graphviz `dot` is not installed (apt-get install graphviz); the pure-Python DOT checks still ran"

# MINI with the conditions of IMPOSSIBLE (node 'secret' and ending 'refunded' never reached
# in play, reply 'cave' never chosen) and a node 'lost' nothing leads to (static).
UNREACHABLE = IMPOSSIBLE.replace(
    "endings:",
    """  lost:
    say: ["Nobody comes here."]
    choices:
      - id: leave
        text: Bye.
        tags: [listening.let-vent]
        next: gone
endings:""",
)

# Text that breaks naive Mermaid or DOT output: quotes, pipes, brackets, markup, arrows,
# comment and entity signs, backslashes, line breaks and other scripts.
NASTY = 'He said "no" | [x] {y} (z) <b>b</b> --> |x| end; %% # &amp; ` \\n \\ 中文 é\nline two'
NASTY_SCENARIO = tiny_scenario(
    "nasty",
    f"""
    nodes:
      hello:
        say: ["Hi"]
        choices:
          - id: a--b
            text: {json.dumps(NASTY)}
            tags: [listening.let-vent]
            next: end
          - id: plain
            text: Plain.
            tags: [listening.interrupt]
            next: end
    endings:
      end: {{outcome: resolved, title: {json.dumps('End "quoted" | <i>it</i> [done] {x}')}, text: Done.}}
    """,
).replace("title: Nasty", f"title: {json.dumps('Title: ' + NASTY)}")


def loaded_and_analysis(text: str) -> tuple[Loaded, object]:
    """A scenario from text and its analysis under the default rubric."""
    loaded = scenario_from(text)
    return loaded, analyze(loaded.scenario, Scorer(default_rubric()))


# A parser for the Mermaid the module writes -------------------------------------------

_M_NODE = re.compile(r'^    (?P<id>[net]\d+)(?P<open>\(\[|\(|\{\{)"(?P<label>[^"]*)"(?P<close>\]\)|\)|\}\})$')
_M_EDGE = re.compile(r'^    (?P<src>[net]\d+) (?P<arrow>-->|==>|-\.->)(?:\|"(?P<label>[^"|]*)"\|)? (?P<dst>[net]\d+)$')
_M_LEGEND = re.compile(r'^        legend_\w+(?:\(\["[^"]*"\]\)|\["[^"]*"\]):::(?P<cls>\w+)$')
_M_CLASS = re.compile(r"^    class (?P<id>[net]\d+) (?P<cls>\w+)$")
_M_CLASSDEF = re.compile(r"^    classDef (?P<cls>\w+) [\w#:,. -]+$")
_M_LINKSTYLE = re.compile(r"^    linkStyle (?P<indices>\d+(?:,\d+)*) (?P<style>[\w#:,. -]+)$")
_M_FIXED = {"flowchart TD", '    subgraph legend["Legend"]', "        direction LR", "    end"}


@dataclass
class Mermaid:
    """What a Mermaid flowchart of this module declares."""

    nodes: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (shape, label)
    edges: list[tuple[str, str, str | None, str]] = field(default_factory=list)  # (src, arrow, label, dst)
    classes: dict[str, set[str]] = field(default_factory=dict)
    class_defs: set[str] = field(default_factory=set)
    legend_classes: list[str] = field(default_factory=list)
    link_styles: dict[int, str] = field(default_factory=dict)


def parse_mermaid(text: str) -> Mermaid:
    """Parse the module's Mermaid; every line must be one of the forms it writes."""
    found = Mermaid()
    for line in text.splitlines():
        if line.startswith("%% ") or line in _M_FIXED:
            continue
        if match := _M_NODE.match(line):
            assert match["id"] not in found.nodes, line
            found.nodes[match["id"]] = (match["open"], match["label"])
        elif match := _M_EDGE.match(line):
            found.edges.append((match["src"], match["arrow"], match["label"], match["dst"]))
        elif match := _M_LEGEND.match(line):
            found.legend_classes.append(match["cls"])
        elif match := _M_CLASS.match(line):
            found.classes.setdefault(match["id"], set()).add(match["cls"])
        elif match := _M_CLASSDEF.match(line):
            found.class_defs.add(match["cls"])
        elif match := _M_LINKSTYLE.match(line):
            for index in match["indices"].split(","):
                found.link_styles[int(index)] = match["style"]
        else:
            raise AssertionError(f"unrecognised Mermaid line: {line!r}")
    assert all(src in found.nodes and dst in found.nodes for src, _, _, dst in found.edges)
    assert set().union(*found.classes.values(), found.legend_classes) <= found.class_defs
    assert all(0 <= index < len(found.edges) for index in found.link_styles)
    return found


def mermaid_decode(label: str) -> str:
    """A Mermaid label as the reader sees it: entities decoded, <br/> as line breaks."""
    return re.sub(r"#(\d+);", lambda m: chr(int(m[1])), label.replace("<br/>", "\n"))


# A parser for the DOT the module writes -----------------------------------------------

_D_TOKEN = re.compile(r'\s*(?:(?P<str>"(?:[^"\\]|\\.)*")|(?P<id>[A-Za-z_][\w.]*|-?\d+(?:\.\d+)?)|(?P<op>->|[\[\]{};,=]))', re.S)


@dataclass
class Dot:
    """The nodes and edges a DOT text declares, attributes unescaped."""

    nodes: dict[str, dict[str, str]] = field(default_factory=dict)
    edges: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    clusters: list[str] = field(default_factory=list)


def dot_tokens(text: str) -> list[str]:
    """Tokens of a DOT text; fails on anything the lexer cannot read (an unclosed string)."""
    tokens, position = [], 0
    text = text.rstrip()
    while position < len(text):
        match = _D_TOKEN.match(text, position)
        assert match and match.end() > position, f"DOT does not lex at {text[position:position + 40]!r}"
        tokens.append(match.group(match.lastgroup))
        position = match.end()
    return tokens


def dot_unquote(token: str) -> str:
    """A DOT ID as its value: quoted strings unescaped (\\n stays an escape, as Graphviz keeps it)."""
    if not token.startswith('"'):
        return token
    return re.sub(r'\\(["\\])', r"\1", token[1:-1])


def parse_dot(text: str) -> Dot:
    """Parse `digraph ID { statements }` with node, edge, attribute and subgraph statements."""
    tokens = dot_tokens(text)
    found = Dot()
    assert tokens[0] == "digraph" and tokens[2] == "{" and tokens[-1] == "}", tokens[:3]
    position = _dot_statements(tokens, 3, found)
    assert position == len(tokens) - 1
    return found


def _dot_attributes(tokens: list[str], position: int) -> tuple[dict[str, str], int]:
    attributes: dict[str, str] = {}
    assert tokens[position] == "["
    position += 1
    while tokens[position] != "]":
        key, equals, value = tokens[position : position + 3]
        assert equals == "=", tokens[position : position + 3]
        attributes[key] = dot_unquote(value)
        position += 3
        if tokens[position] == ",":
            position += 1
    return attributes, position + 1


def _dot_statements(tokens: list[str], position: int, found: Dot) -> int:
    while tokens[position] != "}":
        head = tokens[position]
        if head == "subgraph":
            found.clusters.append(tokens[position + 1])
            assert tokens[position + 2] == "{"
            position = _dot_statements(tokens, position + 3, found) + 1
            continue
        if tokens[position + 1] == "=":
            position += 3
        elif head in ("graph", "node", "edge"):
            _, position = _dot_attributes(tokens, position + 1)
        elif tokens[position + 1] == "->":
            target = dot_unquote(tokens[position + 2])
            attributes, position = _dot_attributes(tokens, position + 3) if tokens[position + 3] == "[" else ({}, position + 3)
            found.edges.append((dot_unquote(head), target, attributes))
        else:
            attributes, position = _dot_attributes(tokens, position + 1) if tokens[position + 1] == "[" else ({}, position + 1)
            assert dot_unquote(head) not in found.nodes, head
            found.nodes[dot_unquote(head)] = attributes
        assert tokens[position] == ";", tokens[position - 3 : position + 1]
        position += 1
    return position


# Building the graph -------------------------------------------------------------------


def test_graph_has_every_node_ending_threshold_and_reply() -> None:
    """The example's graph holds each node, ending and threshold once and one edge per reply and threshold."""
    loaded = load_scenario(EXAMPLE)
    scenario = loaded.scenario
    graph = build_graph(loaded, analyze(scenario, Scorer(default_rubric())))
    kinds = {kind: [n.id for n in graph.nodes if n.kind == kind] for kind in ("node", "ending", "threshold")}
    assert kinds["node"] == list(scenario.nodes)
    assert kinds["ending"] == list(scenario.endings)
    assert kinds["threshold"] == ["threshold:anger:0"]
    replies = [(e.source, e.reply, e.target) for e in graph.edges if e.reply]
    assert replies == [(n.id, c.id, c.next) for n in scenario.nodes.values() for c in n.choices]
    assert [(e.source, e.target) for e in graph.edges if e.reply is None] == [("threshold:anger:0", "hung-up")]
    assert {n.id: n.outcome for n in graph.nodes if n.kind == "ending"} == {k: e.outcome.value for k, e in scenario.endings.items()}
    assert [n.id for n in graph.nodes if n.start] == [scenario.start]


def test_best_edges_are_the_analysis_best_path() -> None:
    """Exactly the replies of analysis.best are marked best, and the best ending is recorded."""
    loaded = load_scenario(EXAMPLE)
    result = analyze(loaded.scenario, Scorer(default_rubric()))
    graph = build_graph(loaded, result)
    assert {f"{e.source}/{e.reply}" for e in graph.edges if e.best} == set(result.best.choices)
    assert graph.best_choices == result.best.choices and graph.best_ending == result.best.ending == "party-saved"


def test_threshold_edge_is_best_when_a_threshold_ends_the_best_run() -> None:
    """When the best run ends by a meter threshold, that threshold's arrow is part of the best path."""
    text = tiny_scenario(
        "thr",
        """
        nodes:
          hello:
            say: ["Hi"]
            choices:
              - id: warm
                text: Warm.
                tags: [empathy.acknowledge-feeling, listening.let-vent]
                effects: {anger: -60}
                next: meh
              - id: cold
                text: Cold.
                tags: [empathy.cold]
                next: meh
        endings:
          meh: {outcome: partly-resolved, title: Meh, text: Meh.}
          calm: {outcome: delighted, title: Calm, text: Calm.}
        """,
    ).replace("anger: {start: 50, good: low}", "anger: {start: 50, good: low, thresholds: [{at_most: 0, ending: calm}]}")
    loaded, result = loaded_and_analysis(text)
    graph = build_graph(loaded, result)
    assert graph.best_ending == "calm"
    assert [(e.source, e.target) for e in graph.edges if e.best] == [("hello", "meh"), ("threshold:anger:0", "calm")]
    mermaid = parse_mermaid(to_mermaid(graph))
    assert sorted(i for i, style in mermaid.link_styles.items() if "stroke-width:4px" in style) == [0, 2]


def test_reachability_flags_static_and_in_play_as_lint_does(tmp_path: Path) -> None:
    """Static (DOJO202 'from') and in-play (DOJO202/204 'in play') findings become the two reach flags, nothing else."""
    path = tmp_path / "u.yaml"
    path.write_text(UNREACHABLE, encoding="utf-8")
    loaded = load_scenario(path)
    reach = reachability(loaded, analyze(loaded.scenario, Scorer(default_rubric())))
    flagged = {item: kind for item, kind in reach.items() if kind != "reachable"}
    assert flagged == {"lost": "unreachable", "secret": "never-in-play", "refunded": "never-in-play"}
    lint = [d for d in lint_file(path, default_rubric()) if d.code in ("DOJO202", "DOJO204")]
    named = {re.search(r"'([^']+)'", d.message)[1]: ("never-in-play" if "in play" in d.message else "unreachable") for d in lint}
    assert named == flagged


def test_never_chosen_reply_is_marked() -> None:
    """A reply the analysis never chooses (DOJO207) and the replies of unreachable nodes are not 'chosen'."""
    loaded, result = loaded_and_analysis(UNREACHABLE)
    graph = build_graph(loaded, result)
    assert {f"{e.source}/{e.reply}" for e in graph.edges if e.reply and not e.chosen} == {"ask/cave", "secret/take", "lost/leave"}


def test_without_analysis_reach_is_unknown_and_nothing_is_best() -> None:
    """When the analysis failed the graph has no best path, claims nothing about play, and carries the note."""
    loaded = scenario_from(UNREACHABLE)
    graph = build_graph(loaded, None, "no best path: search stopped")
    assert not any(e.best for e in graph.edges)
    assert {n.id: n.reach for n in graph.nodes if n.kind != "threshold" and n.reach != "unknown"} == {"lost": "unreachable"}
    assert all(e.chosen for e in graph.edges)
    assert "%% Note: no best path: search stopped" in to_mermaid(graph)
    dot = to_dot(graph)
    assert "no best path: search stopped" in dot
    assert not any(attrs.get("penwidth") == "4" for _, _, attrs in parse_dot(dot).edges)


def test_edge_labels_are_ids_or_cut_text() -> None:
    """Labels are the reply id, or its text on one line cut to 40 characters with an ellipsis."""
    loaded, result = loaded_and_analysis(NASTY_SCENARIO)
    graph = build_graph(loaded, result)
    edge = next(e for e in graph.edges if e.reply == "a--b")
    assert edge_label(edge, "id") == "a--b"
    text = edge_label(edge, "text")
    assert len(text) == 40 and text.endswith("…") and "\n" not in text
    assert NASTY.startswith(text[:-1].rstrip())


def test_to_json_lists_nodes_edges_and_best() -> None:
    """The JSON form carries every node and edge with its flags and the best path."""
    loaded, result = loaded_and_analysis(UNREACHABLE)
    data = build_graph(loaded, result).to_json()
    assert len(data["nodes"]) == 4 + 3 + 1 and len(data["edges"]) == 7 + 1
    assert {n["id"]: n["reach"] for n in data["nodes"]}["lost"] == "unreachable"
    assert data["best"]["ending"] == "fixed"
    json.dumps(data)


# Mermaid ------------------------------------------------------------------------------


def test_mermaid_structure_of_the_example() -> None:
    """Node and edge counts match the scenario, best edges are thick and gold, every ending has its outcome class."""
    loaded = load_scenario(EXAMPLE)
    result = analyze(loaded.scenario, Scorer(default_rubric()))
    graph = build_graph(loaded, result)
    mermaid = parse_mermaid(to_mermaid(graph))
    scenario = loaded.scenario
    assert len(mermaid.nodes) == len(scenario.nodes) + len(scenario.endings) + 1
    assert len(mermaid.edges) == sum(len(n.choices) for n in scenario.nodes.values()) + 1
    best_indices = {i for i, e in enumerate(graph.edges) if e.best}
    assert {i for i, (_, arrow, _, _) in enumerate(mermaid.edges) if arrow == "==>"} == best_indices
    assert {i for i, style in mermaid.link_styles.items() if "stroke-width:4px" in style} == best_indices
    labels = {mermaid_decode(label).split("\n")[0]: node_id for node_id, (_, label) in mermaid.nodes.items()}
    for ending_id, ending in scenario.endings.items():
        node_id = labels[ending_id]
        assert mermaid.nodes[node_id][0] == "(["
        assert outcome_class(ending.outcome.value) in mermaid.classes[node_id]
        assert ending.title in mermaid_decode(mermaid.nodes[node_id][1])
    assert set(mermaid.legend_classes) >= {outcome_class(e.outcome.value) for e in scenario.endings.values()}
    assert "bestkey" in mermaid.legend_classes
    assert mermaid.classes[labels["opening"]] == {"startnode"}


def test_mermaid_flags_unreachable_nodes() -> None:
    """Unreachable and never-in-play boxes carry their class and a ⚠ note; never-chosen arrows are grey dashes."""
    loaded, result = loaded_and_analysis(UNREACHABLE)
    graph = build_graph(loaded, result)
    mermaid = parse_mermaid(to_mermaid(graph))
    by_name = {mermaid_decode(label).split("\n")[0]: node_id for node_id, (_, label) in mermaid.nodes.items()}
    assert "unreachable" in mermaid.classes[by_name["lost"]]
    assert "⚠ unreachable from the start" in mermaid_decode(mermaid.nodes[by_name["lost"]][1])
    assert "never_in_play" in mermaid.classes[by_name["secret"]]
    assert "never_in_play" in mermaid.classes[by_name["refunded"]]
    assert {"unreachable", "never_in_play", "neverkey"} <= set(mermaid.legend_classes)
    never = {i for i, e in enumerate(graph.edges) if not e.chosen}
    assert {i for i, style in mermaid.link_styles.items() if "dasharray" in style and "#adb5bd" in style} == never


def test_mermaid_escapes_nasty_text() -> None:
    """Quotes, pipes, brackets, markup, arrows and line breaks in titles and replies cannot break the chart."""
    loaded, result = loaded_and_analysis(NASTY_SCENARIO)
    graph = build_graph(loaded, result)
    for labels in ("id", "text"):
        text = to_mermaid(graph, labels)
        mermaid = parse_mermaid(text)
        assert len(mermaid.nodes) == 2 and len(mermaid.edges) == 2
    mermaid = parse_mermaid(to_mermaid(graph, "text"))
    decoded = {mermaid_decode(label) for _, _, label, _ in mermaid.edges}
    assert decoded == {edge_label(e, "text") for e in graph.edges}
    ending = next(label for shape, label in mermaid.nodes.values() if shape == "([")
    assert 'End "quoted" | <i>it</i> [done] {x}' in mermaid_decode(ending)
    assert "Title:" in text.splitlines()[0] and len(to_mermaid(graph).splitlines()[0].split("\n")) == 1


def test_mermaid_text_escapes_every_risky_character() -> None:
    """mermaid_text leaves no quote, pipe, bracket, angle bracket or backtick, and decodes back to the one-line text."""
    risky = 'a"b|c[d]e{f}g(h)i<j>k`l#m&n\\o%p;q\nr 中'
    escaped = mermaid_text(risky)
    assert not set('"|[]{}()<>`\\\n') & set(escaped)
    assert mermaid_decode(escaped) == " ".join(risky.split())


# DOT ----------------------------------------------------------------------------------


def test_dot_quote_escapes_quotes_backslashes_and_breaks() -> None:
    """Quotes and backslashes are escaped and line breaks become \\n, so the string lexes as one token."""
    quoted = dot_quote('say "hi" \\ now\nnext\r\nlast')
    assert quoted == '"say \\"hi\\" \\\\ now\\nnext\\nlast"'
    assert dot_tokens(quoted) == [quoted]


def test_dot_structure_of_the_example() -> None:
    """DOT lists every box and reply once, best arrows gold and thick, endings filled with their outcome colour."""
    loaded = load_scenario(EXAMPLE)
    result = analyze(loaded.scenario, Scorer(default_rubric()))
    graph = build_graph(loaded, result)
    dot = parse_dot(to_dot(graph))
    story = {key: value for key, value in dot.nodes.items() if not key.startswith("legend:")}
    assert set(story) == {n.id for n in graph.nodes}
    assert [(a, b) for a, b, _ in dot.edges] == [(e.source, e.target) for e in graph.edges]
    assert [attrs.get("penwidth") == "4" for _, _, attrs in dot.edges] == [e.best for e in graph.edges]
    for ending_id, ending in loaded.scenario.endings.items():
        assert story[ending_id]["fillcolor"] == OUTCOME_COLOURS[ending.outcome.value][0]
        assert ending.title in story[ending_id]["label"]
        assert f"legend:{ending.outcome.value}" in dot.nodes
    assert dot.clusters == ["cluster_legend"]


def test_dot_flags_unreachable_and_escapes_nasty_text() -> None:
    """Unreachable boxes are dashed with a ⚠ note; nasty titles and replies survive in labels exactly."""
    loaded, result = loaded_and_analysis(UNREACHABLE)
    dot = parse_dot(to_dot(build_graph(loaded, result)))
    assert "⚠ unreachable from the start" in dot.nodes["lost"]["label"] and "dashed" in dot.nodes["lost"]["style"]
    assert "never reached in play" in dot.nodes["secret"]["label"]
    loaded, result = loaded_and_analysis(NASTY_SCENARIO)
    graph = build_graph(loaded, result)
    dot = parse_dot(to_dot(graph, "text"))
    assert {attrs["label"] for _, _, attrs in dot.edges} == {edge_label(e, "text") for e in graph.edges}
    assert 'End "quoted" | <i>it</i> [done] {x}' in dot.nodes["end"]["label"]


@pytest.mark.skipif(DOT is None, reason=NO_DOT)
@pytest.mark.parametrize("labels", ["id", "text"])
@pytest.mark.parametrize("text", [MINI, UNREACHABLE, NASTY_SCENARIO], ids=["mini", "unreachable", "nasty"])
def test_graphviz_renders_the_dot(text: str, labels: str) -> None:
    """Graphviz reads the DOT without complaint and sees the same boxes, arrows and labels."""
    loaded, result = loaded_and_analysis(text)
    graph = build_graph(loaded, result)
    done = subprocess.run([DOT, "-Tjson"], input=to_dot(graph, labels), capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    rendered = json.loads(done.stdout)
    names = {o["name"] for o in rendered["objects"] if "nodes" not in o}  # clusters list their nodes
    assert {n.id for n in graph.nodes} <= names
    assert len(rendered["edges"]) == len(graph.edges)
    # Graphviz keeps DOT's own escapes in the label attribute (a backslash stays doubled).
    assert sorted(e.get("label", "") for e in rendered["edges"]) == sorted(
        edge_label(e, labels).replace("\\", "\\\\") if e.reply else "" for e in graph.edges
    )
    assert subprocess.run([DOT, "-Tsvg"], input=to_dot(graph, labels), capture_output=True, text=True, timeout=60).returncode == 0


# Any scenario -------------------------------------------------------------------------


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario_data())
def test_any_scenario_renders_to_well_formed_graphs(data: dict) -> None:
    """For generated scenarios both renderings parse, with one box per node, ending and threshold and one arrow per reply."""
    loaded = load_scenario_text(yaml.safe_dump(data, allow_unicode=True), "gen.yaml")
    result = analyze(loaded.scenario, Scorer(default_rubric()))
    graph = build_graph(loaded, result)
    scenario = loaded.scenario
    boxes = len(scenario.nodes) + len(scenario.endings) + sum(len(m.thresholds) for m in scenario.meters.values())
    arrows = sum(len(n.choices) for n in scenario.nodes.values()) + sum(len(m.thresholds) for m in scenario.meters.values())
    mermaid = parse_mermaid(to_mermaid(graph, "text"))
    assert (len(mermaid.nodes), len(mermaid.edges)) == (boxes, arrows)
    dot = parse_dot(to_dot(graph, "text"))
    assert (len([n for n in dot.nodes if not n.startswith("legend:")]), len(dot.edges)) == (boxes, arrows)
    assert sum(e.best for e in graph.edges) >= 1


def test_the_legend_and_notes_follow_the_language() -> None:
    """In zh-Hans the legend and the boxes' notes are Chinese in both Mermaid and DOT; ids and outcomes stay as they are."""
    from game.i18n import _, use_locale

    loaded = load_scenario(EXAMPLE)
    graph = build_graph(loaded, analyze(loaded.scenario, Scorer(default_rubric())))
    use_locale("zh-Hans")
    mermaid, dot = to_mermaid(graph), to_dot(graph)
    for text in (mermaid, dot):
        assert "图例" in text and "最佳路线：金色粗箭头" in text and _("start") in text and _("start") != "start"
        assert "Legend" not in text and "best path" not in text
        assert "hung-up" in text
