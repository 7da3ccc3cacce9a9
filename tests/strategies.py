"""Hypothesis strategies that build valid scenarios of any shape, for property tests.

The generated graph always has a spine: node i's first reply leads to node i+1 (the
last node's to an ending), so every node is reachable and can finish. Other replies
jump forward, back (making loops) or to an ending, carry random tags and effects, and
sometimes a condition, so the engine meets loops, thresholds and hidden replies.
"""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import strategies as st

from scoring.rubric import default_rubric

TAGS = sorted(default_rubric().behaviours)
OUTCOMES = ["delighted", "resolved", "partly-resolved", "escalated", "walked-out", "policy-broken"]
CONDITIONS = ["anger >= 50", "trust < 40", "flag", "not flag and anger < 90", 'visits("n0") > 1', "turn > 3"]


@st.composite
def scenario_data(draw: st.DrawFn, max_nodes: int = 8, loops: int = 3) -> dict[str, Any]:
    """A valid scenario as plain data (dump it with `yaml.safe_dump`), with up to `loops` back edges."""
    node_count = draw(st.integers(1, max_nodes))
    ending_count = draw(st.integers(1, 4))
    endings = {f"e{k}": {"outcome": draw(st.sampled_from(OUTCOMES)), "title": f"End {k}", "text": "It ends."} for k in range(ending_count)}
    ending_ids = list(endings)
    nodes: dict[str, Any] = {}
    for i in range(node_count):
        spine_target = f"n{i + 1}" if i + 1 < node_count else ending_ids[0]
        replies = [_reply(draw, "r0", spine_target, with_condition=False)]
        for k in range(1, draw(st.integers(1, 4))):
            forward = [*(f"n{j}" for j in range(i + 1, node_count)), *ending_ids]
            back = [f"n{j}" for j in range(i + 1)]
            if loops > 0 and draw(st.integers(0, 3)) == 0:
                loops -= 1
                target = draw(st.sampled_from(back))
            else:
                target = draw(st.sampled_from(forward))
            replies.append(_reply(draw, f"r{k}", target, with_condition=draw(st.booleans())))
        lines: list[Any] = [{"text": f"Line of node {i}."}]
        if draw(st.booleans()):
            lines.append({"variants": ["One way.", "Another way.", "A third way."]})
        if draw(st.booleans()):
            lines.append({"when": draw(st.sampled_from(CONDITIONS)), "text": "Only sometimes."})
        nodes[f"n{i}"] = {"say": lines, "choices": replies}
    return {
        "format": 1,
        "id": "generated",
        "title": "Generated",
        "summary": "A scenario made by hypothesis.",
        "difficulty": 1,
        "skills": ["listening"],
        "minutes": 1,
        "cast": {"c": {"name": "Customer"}},
        "meters": {
            "anger": {"start": 40, "good": "low", "thresholds": [{"at_least": 100, "ending": ending_ids[-1]}]},
            "trust": {"start": 30},
        },
        "vars": {"flag": False},
        "start": "n0",
        "nodes": nodes,
        "endings": endings,
        "max_turns": 30,
    }


def _reply(draw: st.DrawFn, reply_id: str, target: str, with_condition: bool) -> dict[str, Any]:
    reply: dict[str, Any] = {
        "id": reply_id,
        "text": f"Reply {reply_id}.",
        "tags": draw(st.lists(st.sampled_from(TAGS), min_size=1, max_size=3, unique=True)),
        "next": target,
    }
    if draw(st.booleans()):  # wordings drawn per offer; the first is the reply's plain text
        reply["variants"] = [reply.pop("text"), f"Reply {reply_id}, put another way."]
    effects: dict[str, Any] = {}
    # Steps of 10, as real scenarios use: finer steps only multiply the states searched.
    if draw(st.booleans()):
        effects["anger"] = 10 * draw(st.integers(-3, 4))
    if draw(st.booleans()):
        effects["trust"] = 10 * draw(st.integers(-2, 2))
    if draw(st.booleans()):
        effects["flag"] = draw(st.booleans())
    if effects:
        reply["effects"] = effects
    if with_condition:
        reply["when"] = draw(st.sampled_from(CONDITIONS))
    return reply


def scenario_yaml(data: dict[str, Any]) -> str:
    """Dump generated data as scenario YAML."""
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
