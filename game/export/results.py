"""Render a finished run and an analysis as plain text or as the JSON contract.

The command line prints these; front ends have their own screens. Text from scenarios is
printed as it is: a terminal shows it literally, and nothing here interprets markup.
"""

from __future__ import annotations

from typing import Any

from game.engine.analysis import Analysis
from game.engine.review import review_rows
from game.engine.session import Session
from game.i18n import _, rubric_text
from game.i18n.shown import outcome_name, pattern_name, skill_name
from game.store.display import pad, width
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
    """A readable debrief of one run for the terminal, in the active locale."""
    ending = session.ending
    assert ending is not None
    band = rubric_text(card.band) if card.band else _("no band")
    rubric = session.scorer.rubric
    out = [
        f"{session.scenario.title}",
        _("Ending: {ending} ({outcome})").format(ending=ending.title, outcome=outcome_name(rubric, ending.outcome.value)),
        f"  {ending.text}",
        "",
        _("Score: {percent}  {band}").format(percent=f"{card.percent:.1f}%", band=band),
    ]
    for score in card.dimensions.values():
        shown = _("not assessed") if score.percent is None else f"{score.percent:5.1f}%"
        out.append(f"  {pad(rubric_text(score.title), 18)} {bar(score.percent)} {shown}")  # by display width: a Chinese name is twice as wide
    out.append("")
    for turn, feedback, row in zip(session.turns, card.turns, review_rows(session, card)):
        out.append(f"{turn.index + 1}. [{turn.node}] {turn.text}")
        loss = _(" (gave up {points} points)").format(points=f"{row.loss:.1f}") if row.loss else ""
        out.append("   " + _("Grade: {words}{loss}").format(words=_(row.words), loss=loss))
        if row.better_text is not None:
            out.append("   " + _("Better here: {reply}").format(reply=row.better_text))
        for item in feedback.items:
            rule = f" {item.rule}" if item.rule else ""
            skill = skill_name(rubric, item.dimension)
            out.append("   " + _("{points} {title} [{skill}{rule}]: {explain}").format(
                points=f"{item.points:+.0f}", title=rubric_text(item.title), skill=skill, rule=rule, explain=rubric_text(item.explain)
            ))
        if feedback.author_feedback:
            out.append("   " + _("Coach: {feedback}").format(feedback=feedback.author_feedback))
    out.append("")
    for item in card.ending_items:
        out.append(_("End {points} {skill}: {explain}").format(
            points=f"{item.points:+.1f}", skill=skill_name(rubric, item.dimension), explain=rubric_text(item.explain)
        ))
    if card.patterns:
        out.append(_("Patterns: {patterns}").format(patterns=_(", ").join(pattern_name(rubric, key) for key in card.patterns)))
    return "\n".join(out)


def analysis_text(result: Analysis) -> str:
    """A readable summary of `dojo analyze`, in the active locale."""
    exact = _("exact") if result.exact else _("ESTIMATE (search limit reached)")
    out = [
        _("{scenario}: {nodes} nodes, {decisions} decisions, {states} states searched ({exact})").format(
            scenario=result.scenario_id, nodes=result.nodes, decisions=result.decision_nodes, states=f"{result.states:,}", exact=exact
        ),
        _("Score range: {worst} .. {best}").format(worst=f"{result.worst.percent:.1f}%", best=f"{result.best.percent:.1f}%"),
        _("Best  ({percent}, ending {ending}): {path}").format(
            percent=f"{result.best.percent:.1f}%", ending=result.best.ending, path=" -> ".join(result.best.choices)
        ),
        _("Worst ({percent}, ending {ending}): {path}").format(
            percent=f"{result.worst.percent:.1f}%", ending=result.worst.ending, path=" -> ".join(result.worst.choices)
        ),
        _("Endings:"),
    ]
    for ending_id, outcome in result.endings.items():
        mark = _("reachable") if ending_id in result.reachable_endings else _("NEVER REACHED")
        out.append(f"  {ending_id:<24} {outcome:<16} {mark}")
    out.append(_("Per skill: the best playthrough's points (the target runs are judged by) and the most any run earns:"))
    for name, value in result.maxima.dimensions.items():
        out.append("  " + _("{skill} target {target}   most {most}").format(
            skill=f"{name:<12}", target=f"{value:7.1f}", most=f"{result.dimension_maxima[name]:7.1f}"
        ))
    parts = result.state_parts()
    if parts:
        out.append(_("What the {states} states are made of (each part that varies: the values it takes,").format(states=f"{result.states:,}"))
        out.append(_("and how many times more states it makes than if it were not told apart):"))
        widest = max(width(part.label) for part in parts)  # by display width: a Chinese label's characters are two columns
        for part in parts:
            out.append("  " + _("{part} {values} values  x{factor}").format(
                part=pad(part.label, widest), values=f"{part.values:5,}", factor=f"{part.factor:.2f}"
            ))
    return "\n".join(out)
