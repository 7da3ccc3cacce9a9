"""A scenario's story graph as Mermaid or Graphviz DOT text (and as plain data for JSON).

`build_graph` turns a loaded scenario and its analysis into a `StoryGraph`: nodes,
endings (with their outcome), meter thresholds (which end the scene from anywhere), and
one edge per reply. It marks the best playthrough's edges and what can never happen,
with exactly the findings `dojo lint` reports: a node or ending the static graph check
flagged (DOJO202/DOJO204 among the loader's warnings) is unreachable from the start; one
the exact analysis never reaches is unreachable in play; a reply the analysis never
chooses is never chosen (DOJO207). `to_mermaid` and `to_dot` render it; every text from
the scenario is escaped for the target syntax, so quotes, brackets, pipes, `<>`, line
breaks and any script survive. These functions read no files and print nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from game.engine.analysis import Analysis
from game.i18n import N_, _
from game.scenario.loader import Loaded

Kind = Literal["node", "ending", "threshold"]
# reachable; unreachable from the start (static); never reached in play (analysis); not known
Reach = Literal["reachable", "unreachable", "never-in-play", "unknown"]

# Fill and border colour of each ending outcome, from good (green) to bad (red, purple).
OUTCOME_COLOURS: dict[str, tuple[str, str]] = {
    "delighted": ("#b2f2bb", "#2b8a3e"),
    "resolved": ("#d3f9d8", "#40c057"),
    "partly-resolved": ("#fff3bf", "#f08c00"),
    "escalated": ("#ffd8a8", "#e8590c"),
    "walked-out": ("#ffc9c9", "#e03131"),
    "policy-broken": ("#e5dbff", "#7048e8"),
}
BEST_COLOUR = "#f59f00"
NEVER_COLOUR = "#adb5bd"
REACH_NOTES = {"unreachable": N_("unreachable from the start"), "never-in-play": N_("never reached in play")}  # _() where drawn
TEXT_LABEL_MAX = 40


@dataclass(frozen=True)
class GraphNode:
    """A box in the graph: a node, an ending or a meter threshold."""

    id: str  # the scenario's id; thresholds are `threshold:METER:INDEX`
    kind: Kind
    label: str  # nodes: their id; endings: their title; thresholds: the condition
    outcome: str | None = None
    reach: Reach = "reachable"
    start: bool = False


@dataclass(frozen=True)
class GraphEdge:
    """An arrow: a reply (`reply` is its id) or a threshold firing (`reply` is None)."""

    source: str
    target: str
    reply: str | None
    text: str
    conditional: bool = False
    chosen: bool = True  # False when the reply can never be chosen in play
    best: bool = False


@dataclass(frozen=True)
class StoryGraph:
    """Everything a renderer draws, with the best playthrough and any note about the analysis."""

    scenario_id: str
    title: str
    nodes: tuple[GraphNode, ...]
    edges: tuple[GraphEdge, ...]
    best_choices: tuple[str, ...] = ()
    best_ending: str | None = None
    note: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The graph as plain data (`dojo graph --json`)."""
        return {
            "scenario": self.scenario_id,
            "title": self.title,
            "nodes": [
                {"id": n.id, "kind": n.kind, "label": n.label, "outcome": n.outcome, "reach": n.reach, "start": n.start}
                for n in self.nodes
            ],
            "edges": [
                {
                    "from": e.source,
                    "to": e.target,
                    "reply": e.reply,
                    "text": e.text,
                    "conditional": e.conditional,
                    "chosen": e.chosen,
                    "best": e.best,
                }
                for e in self.edges
            ],
            "best": {"choices": list(self.best_choices), "ending": self.best_ending},
            "note": self.note,
        }


# Building -----------------------------------------------------------------------------


def reachability(loaded: Loaded, analysis: Analysis | None) -> dict[str, Reach]:
    """Reach of every node and ending, from the same findings lint reports.

    Lint places DOJO202/DOJO204 at the id's key and dedupes static and in-play findings
    by (code, line, col); the same positions tell here which ids the static check flagged.
    In-play findings need an exact analysis, as in lint.
    """
    doc, scenario = loaded.doc, loaded.scenario
    flagged = {(d.code, d.line, d.col) for d in loaded.warnings}
    exact = analysis is not None and analysis.exact
    found: dict[str, Reach] = {}
    for section, code, ids in (("nodes", "DOJO202", scenario.nodes), ("endings", "DOJO204", scenario.endings)):
        reached = (analysis.reachable_nodes if section == "nodes" else analysis.reachable_endings) if analysis else frozenset()
        for item_id in ids:
            if (code, *doc.key_mark((section, item_id))) in flagged:
                found[item_id] = "unreachable"
            elif not exact:
                found[item_id] = "unknown"
            else:
                found[item_id] = "reachable" if item_id in reached else "never-in-play"
    return found


def build_graph(loaded: Loaded, analysis: Analysis | None, note: str | None = None) -> StoryGraph:
    """The story graph of a loaded scenario, marked with `analysis` (None when it failed)."""
    scenario = loaded.scenario
    reach = reachability(loaded, analysis)
    best = analysis.best.choices if analysis else ()
    best_keys = set(best)
    exact = analysis is not None and analysis.exact
    nodes: list[GraphNode] = [
        GraphNode(node_id, "node", node_id, None, reach[node_id], node_id == scenario.start) for node_id in scenario.nodes
    ]
    nodes += [
        GraphNode(ending_id, "ending", ending.title, ending.outcome.value, reach[ending_id])
        for ending_id, ending in scenario.endings.items()
    ]
    edges: list[GraphEdge] = []
    for node in scenario.nodes.values():
        for choice in node.choices:
            chosen = not exact or choice.key in analysis.reachable_choices  # type: ignore[union-attr]
            edges.append(
                GraphEdge(node.id, choice.next, choice.id, choice.text, choice.when is not None, chosen, choice.key in best_keys)
            )
    # A threshold ended the best run when its last reply pointed elsewhere.
    best_ending = analysis.best.ending if analysis else None
    ended_by_threshold = bool(best) and scenario.choices_by_key[best[-1]].next != best_ending
    for meter in scenario.meters.values():
        for index, (kind, bound, ending_id) in enumerate(meter.thresholds):
            threshold_id = f"threshold:{meter.name}:{index}"
            sign = "≥" if kind == "at_least" else "≤"
            nodes.append(GraphNode(threshold_id, "threshold", f"{meter.label} {sign} {bound}"))
            fired = ended_by_threshold and ending_id == best_ending
            edges.append(GraphEdge(threshold_id, ending_id, None, f"{meter.label} {sign} {bound}", best=fired))
    return StoryGraph(scenario.id, scenario.title, tuple(nodes), tuple(edges), tuple(best), best_ending, note)


def _one_line(text: str) -> str:
    """Text on one line: every run of whitespace (line breaks included) becomes one space."""
    return " ".join(text.split())


def edge_label(edge: GraphEdge, labels: Literal["id", "text"]) -> str:
    """What an arrow says: the reply id, or its text cut to 40 characters; thresholds say nothing."""
    if edge.reply is None:
        return ""
    if labels == "id":
        return edge.reply
    text = _one_line(edge.text)
    return text if len(text) <= TEXT_LABEL_MAX else text[: TEXT_LABEL_MAX - 1].rstrip() + "…"


def node_lines(node: GraphNode) -> list[str]:
    """The lines of a box's label: id, title and outcome for endings, plus any reach warning."""
    if node.kind == "ending":
        lines = [node.id, _one_line(node.label), _("outcome: {outcome}").format(outcome=node.outcome)]
    else:
        lines = [_one_line(node.label)]
    if node.start:
        lines.append(_("start"))
    if node.reach in REACH_NOTES:
        lines.append(f"⚠ {_(REACH_NOTES[node.reach])}")
    return lines


def outcome_class(outcome: str) -> str:
    """The Mermaid class name of an outcome (class names avoid '-')."""
    return "outcome_" + outcome.replace("-", "_")


# Mermaid ------------------------------------------------------------------------------

# Inside a quoted Mermaid label these characters would end the label, open markup or an
# entity, so each becomes Mermaid's numeric entity `#NN;`.
_MERMAID_ESCAPED = frozenset('"#&<>|`[]{}()\\%;')


def mermaid_text(text: str) -> str:
    """`text` made safe inside a quoted Mermaid label (one line; entities for risky characters)."""
    return "".join(f"#{ord(c)};" if c in _MERMAID_ESCAPED else c for c in _one_line(text))


def to_mermaid(graph: StoryGraph, labels: Literal["id", "text"] = "id") -> str:
    """The graph as a Mermaid flowchart: outcome-coloured endings, a gold best path, a legend."""
    ids = _mermaid_ids(graph)
    out = ["%% " + _("Story graph of {scenario}: {title}").format(scenario=graph.scenario_id, title=_one_line(graph.title))]
    if graph.note:
        out.append("%% " + _("Note: {note}").format(note=_one_line(graph.note)))
    out.append("flowchart TD")
    shapes = {"node": ('("', '")'), "ending": ('(["', '"])'), "threshold": ('{{"', '"}}')}
    for node in graph.nodes:
        left, right = shapes[node.kind]
        out.append(f"    {ids[node.id]}{left}{'<br/>'.join(mermaid_text(line) for line in node_lines(node))}{right}")
    best_links, never_links, threshold_links = [], [], []
    for index, edge in enumerate(graph.edges):
        arrow = "==>" if edge.best else ("-.->" if edge.reply is None else "-->")
        label = edge_label(edge, labels)
        middle = f'|"{mermaid_text(label)}"|' if label else ""
        out.append(f"    {ids[edge.source]} {arrow}{middle} {ids[edge.target]}")
        if edge.best:
            best_links.append(index)
        elif not edge.chosen:
            never_links.append(index)
        elif edge.reply is None:
            threshold_links.append(index)
    out += _mermaid_legend(graph)
    out += _mermaid_styles(graph, ids)
    if best_links:
        out.append(f"    linkStyle {','.join(map(str, best_links))} stroke:{BEST_COLOUR},stroke-width:4px")
    if never_links:
        out.append(f"    linkStyle {','.join(map(str, never_links))} stroke:{NEVER_COLOUR},stroke-dasharray:4 4")
    if threshold_links:
        out.append(f"    linkStyle {','.join(map(str, threshold_links))} stroke:#868e96")
    return "\n".join(out) + "\n"


def _mermaid_ids(graph: StoryGraph) -> dict[str, str]:
    """Short synthetic ids (n0, e0, t0): scenario ids such as `end` or `a--b` would break Mermaid."""
    prefix = {"node": "n", "ending": "e", "threshold": "t"}
    counts = {"node": 0, "ending": 0, "threshold": 0}
    ids = {}
    for node in graph.nodes:
        ids[node.id] = f"{prefix[node.kind]}{counts[node.kind]}"
        counts[node.kind] += 1
    return ids


def _outcomes(graph: StoryGraph) -> list[str]:
    """The outcomes the graph's endings have, in the rubric's order from best to worst."""
    present = {node.outcome for node in graph.nodes if node.outcome}
    return [outcome for outcome in OUTCOME_COLOURS if outcome in present]


def _mermaid_legend(graph: StoryGraph) -> list[str]:
    """A legend subgraph: one box per outcome present, and what arrows and warnings mean."""
    legend = mermaid_text(_("Legend"))
    out = [f'    subgraph legend["{legend}"]', "        direction LR"]
    for index, outcome in enumerate(_outcomes(graph)):
        out.append(f'        legend_o{index}(["{outcome}"]):::{outcome_class(outcome)}')
    best, never = mermaid_text(_("best path: thick gold arrows")), mermaid_text(_("never chosen in play: grey dashed arrows"))
    out.append(f'        legend_best["{best}"]:::bestkey')
    if any(not edge.chosen for edge in graph.edges):
        out.append(f'        legend_never["{never}"]:::neverkey')
    for reach in ("unreachable", "never-in-play"):
        if any(node.reach == reach for node in graph.nodes):
            note = mermaid_text("⚠ " + _(REACH_NOTES[reach]))
            out.append(f'        legend_{reach.replace("-", "_")}["{note}"]:::{reach.replace("-", "_")}')
    out.append("    end")
    return out


def _mermaid_styles(graph: StoryGraph, ids: dict[str, str]) -> list[str]:
    """classDef lines and the class of every ending, start and flagged node."""
    out = []
    for outcome, (fill, stroke) in OUTCOME_COLOURS.items():
        out.append(f"    classDef {outcome_class(outcome)} fill:{fill},stroke:{stroke},stroke-width:2px,color:#000")
    out.append("    classDef startnode stroke-width:3px")
    out.append("    classDef threshold fill:#f1f3f5,stroke:#868e96,stroke-dasharray:3 3,color:#000")
    out.append("    classDef unreachable fill:#f8f9fa,stroke:#e03131,stroke-width:2px,stroke-dasharray:6 3,color:#868e96")
    out.append("    classDef never_in_play fill:#f8f9fa,stroke:#f08c00,stroke-width:2px,stroke-dasharray:6 3,color:#868e96")
    out.append(f"    classDef bestkey fill:#fff,stroke:{BEST_COLOUR},stroke-width:4px,color:#000")
    out.append(f"    classDef neverkey fill:#fff,stroke:{NEVER_COLOUR},stroke-dasharray:4 4,color:#000")
    for node in graph.nodes:
        classes = []
        if node.outcome:
            classes.append(outcome_class(node.outcome))
        if node.kind == "threshold":
            classes.append("threshold")
        if node.start:
            classes.append("startnode")
        if node.reach in REACH_NOTES:
            classes.append(node.reach.replace("-", "_"))
        for name in classes:
            out.append(f"    class {ids[node.id]} {name}")
    return out


# DOT ----------------------------------------------------------------------------------


def dot_quote(text: str) -> str:
    """`text` as a DOT double-quoted string: backslashes and quotes escaped, line breaks as \\n."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\r\n", "\n").replace("\r", "\n")
    return '"' + escaped.replace("\n", "\\n") + '"'


def to_dot(graph: StoryGraph, labels: Literal["id", "text"] = "id") -> str:
    """The graph in Graphviz DOT: outcome-coloured endings, a gold best path, a legend cluster."""
    title = f"{graph.scenario_id}: {_one_line(graph.title)}"
    if graph.note:
        title += f"\n{_one_line(graph.note)}"
    out = [
        "digraph story {",
        f"    graph [label={dot_quote(title)}, labelloc=t, rankdir=TB, fontname=Helvetica];",
        '    node [shape=box, style="rounded,filled", fillcolor="#ffffff", color="#495057", fontname=Helvetica];',
        '    edge [color="#495057", fontname=Helvetica, fontsize=10];',
    ]
    for node in graph.nodes:
        out.append(f"    {dot_quote(node.id)} [{_dot_node_attributes(node)}];")
    for edge in graph.edges:
        attributes = [f"label={dot_quote(_one_line(edge_label(edge, labels)))}"] if edge.reply else []
        if edge.best:
            attributes += [f'color="{BEST_COLOUR}"', "penwidth=4"]
        elif not edge.chosen:
            attributes += [f'color="{NEVER_COLOUR}"', "style=dashed"]
        elif edge.reply is None:
            attributes += ['color="#868e96"', "style=dotted"]
        out.append(f"    {dot_quote(edge.source)} -> {dot_quote(edge.target)} [{', '.join(attributes)}];")
    out += _dot_legend(graph)
    out.append("}")
    return "\n".join(out) + "\n"


def _dot_node_attributes(node: GraphNode) -> str:
    """Shape, colours and label of one box."""
    attributes = [f"label={dot_quote(chr(10).join(node_lines(node)))}"]
    if node.outcome:
        fill, stroke = OUTCOME_COLOURS[node.outcome]
        attributes += ["shape=box", 'style="rounded,filled,bold"', f'fillcolor="{fill}"', f'color="{stroke}"']
    elif node.kind == "threshold":
        attributes += ["shape=hexagon", 'style="filled,dashed"', 'fillcolor="#f1f3f5"']
    if node.start:
        attributes.append("penwidth=3")
    if node.reach == "unreachable":
        attributes += ['style="rounded,filled,dashed"', 'color="#e03131"', 'fontcolor="#868e96"', 'class="unreachable"']
    elif node.reach == "never-in-play":
        attributes += ['style="rounded,filled,dashed"', 'color="#f08c00"', 'fontcolor="#868e96"', 'class="never_in_play"']
    return ", ".join(attributes)


def _dot_legend(graph: StoryGraph) -> list[str]:
    """A legend cluster: one box per outcome present and what arrows and warnings mean."""
    legend = dot_quote(_("Legend"))
    out = ["    subgraph cluster_legend {", f'        label={legend}; style=dashed; color="#adb5bd";']
    for outcome in _outcomes(graph):
        fill, stroke = OUTCOME_COLOURS[outcome]
        out.append(
            f'        {dot_quote("legend:" + outcome)} [label={dot_quote(outcome)}, style="rounded,filled,bold", '
            f'fillcolor="{fill}", color="{stroke}"];'
        )
    best, never = dot_quote(_("best path: thick gold arrows")), dot_quote(_("never chosen in play: grey dashed arrows"))
    out.append(f'        "legend:best" [label={best}, color="{BEST_COLOUR}", penwidth=4];')
    if any(not edge.chosen for edge in graph.edges):
        out.append(f'        "legend:never" [label={never}, color="{NEVER_COLOUR}", style="rounded,dashed"];')
    for reach, colour in (("unreachable", "#e03131"), ("never-in-play", "#f08c00")):
        if any(node.reach == reach for node in graph.nodes):
            label = dot_quote("⚠ " + _(REACH_NOTES[reach]))
            out.append(f'        {dot_quote("legend:" + reach)} [label={label}, style="rounded,filled,dashed", color="{colour}"];')
    out.append("    }")
    return out
