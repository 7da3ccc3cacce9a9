"""Render a finished run and an analysis as plain text or as the JSON contract.

The command line prints these; front ends have their own screens. Text from scenarios is
printed as it is: a terminal shows it literally, and nothing here interprets markup.
"""

from __future__ import annotations

from typing import Any

from game.engine.analysis import Analysis
from game.engine.review import review_rows
from game.engine.session import Session
from scoring.scorer import ScoreCard

BAR_WIDTH = 20


def run_json(session: Session, card: ScoreCard) -> dict[str, Any]:
    """The `dojo run --json` contract: scenario, ending, score and per-turn feedback."""
    ending = session.ending
    assert ending is not None
    turns = []
    for turn, feedback, row in zip(session.turns, card.turns, review_rows(session, card)):
        item = feedback.to_json()
        item["text"] = turn.text  # the wording shown; `choice` and `variant` say which reply and wording
        item["variant"] = turn.variant_id
        item["number"] = turn.number  # where the reply stood in the order shown (the seed's)
        item["better"] = row.to_json()["better"]  # the better reply's id and text
        item["meters_after"] = dict(turn.meters_after)
        turns.append(item)
    return {
        "scenario": session.scenario.id,
        "content_hash": session.scenario.content_hash,
        "seed": session.seed,
        "mode": session.mode,
        "ending": {"id": ending.id, "outcome": ending.outcome.value, "title": ending.title},
        "score": card.to_json(),
        "choices": [turn.choice.id for turn in session.turns],
        "turns": turns,
        "mood_curve": [round(value, 3) for value in session.mood_curve],
    }


def bar(percent: float | None, width: int = BAR_WIDTH) -> str:
    """A text bar; the number is always printed beside it, so meaning never rests on the bar."""
    if percent is None:
        return "-" * width
    filled = round(width * percent / 100)
    return "#" * filled + "." * (width - filled)


def run_text(session: Session, card: ScoreCard) -> str:
    """A readable debrief of one run for the terminal."""
    ending = session.ending
    assert ending is not None
    band = card.band or "no band"
    out = [
        f"{session.scenario.title}",
        f"Ending: {ending.title} ({ending.outcome.value})",
        f"  {ending.text}",
        "",
        f"Score: {card.percent:.1f}%  {band}",
    ]
    for score in card.dimensions.values():
        shown = "not assessed" if score.percent is None else f"{score.percent:5.1f}%"
        out.append(f"  {score.title:<12} {bar(score.percent)} {shown}")
    out.append("")
    for turn, feedback, row in zip(session.turns, card.turns, review_rows(session, card)):
        out.append(f"{turn.index + 1}. [{turn.node}] {turn.text}")
        loss = f" (gave up {row.loss:.1f} points)" if row.loss else ""
        out.append(f"   Grade: {row.words}{loss}")
        if row.better_text is not None:
            out.append(f"   Better here: {row.better_text}")
        for item in feedback.items:
            rule = f" {item.rule}" if item.rule else ""
            out.append(f"   {item.points:+.0f} {item.dimension}{rule}: {item.explain}")
        if feedback.author_feedback:
            out.append(f"   Coach: {feedback.author_feedback}")
    out.append("")
    for item in card.ending_items:
        out.append(f"End {item.points:+.1f} {item.dimension}: {item.explain}")
    if card.patterns:
        out.append("Patterns: " + ", ".join(card.patterns))
    return "\n".join(out)


def analysis_text(result: Analysis) -> str:
    """A readable summary of `dojo analyze`."""
    exact = "exact" if result.exact else "ESTIMATE (search limit reached)"
    out = [
        f"{result.scenario_id}: {result.nodes} nodes, {result.decision_nodes} decisions, {result.states:,} states searched ({exact})",
        f"Score range: {result.worst.percent:.1f}% .. {result.best.percent:.1f}%",
        f"Best  ({result.best.percent:.1f}%, ending {result.best.ending}): {' -> '.join(result.best.choices)}",
        f"Worst ({result.worst.percent:.1f}%, ending {result.worst.ending}): {' -> '.join(result.worst.choices)}",
        "Endings:",
    ]
    for ending_id, outcome in result.endings.items():
        mark = "reachable" if ending_id in result.reachable_endings else "NEVER REACHED"
        out.append(f"  {ending_id:<24} {outcome:<16} {mark}")
    out.append("Per skill: the best playthrough's points (the target runs are judged by) and the most any run earns:")
    for name, value in result.maxima.dimensions.items():
        out.append(f"  {name:<12} target {value:7.1f}   most {result.dimension_maxima[name]:7.1f}")
    parts = result.state_parts()
    if parts:
        out.append(f"What the {result.states:,} states are made of (each part that varies: the values it takes,")
        out.append("and how many times more states it makes than if it were not told apart):")
        width = max(len(part.label) for part in parts)
        for part in parts:
            out.append(f"  {part.label:<{width}} {part.values:5,} values  x{part.factor:.2f}")
    return "\n".join(out)
