"""The per-decision review of a finished run: every reply's grade, and the better reply where it fell short.

This is what every place that reviews a run shows (the debrief of both games, `dojo run`,
the HTML trainee report), built once from the Session and its ScoreCard so they cannot
disagree. It replaces lining a run up against the best playthrough turn by turn, which
marked every turn after one detour as different: here each reply is judged in the
situation it was made in, against the replies on offer there.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.engine.analysis import Analysis
from game.i18n import N_, _
from game.engine.session import Session, Turn
from scoring.grading import DecisionGrade, GradeName
from scoring.scorer import ScoreCard

# Grades that need no better reply shown: the reply was the best or close to it.
OK_GRADES: frozenset[str | None] = frozenset({"best", "good"})
# What each grade means, in the words every review uses (docs/scoring.md).
GRADE_WORDS: dict[str, str] = {
    "best": N_("the best reply on offer"),
    "good": N_("close to the best"),
    "slip": N_("a better reply was on offer"),
    "mistake": N_("gave up much of what was at stake"),
    "blunder": N_("about the worst reply on offer"),
}
# Each grade's name as shown (the codes themselves stay in data and JSON).
GRADE_NAMES: dict[str, str] = {
    "best": N_("best"),
    "good": N_("good"),
    "slip": N_("slip"),
    "mistake": N_("mistake"),
    "blunder": N_("blunder"),
}


def grade_name(grade: str) -> str:
    """A grade's name in the active language ('slip' stays 'slip' in English)."""
    return _(GRADE_NAMES[grade]) if grade in GRADE_NAMES else grade


@dataclass(frozen=True)
class ReviewRow:
    """One reply of the run as the review shows it."""

    turn: int  # 1-based
    node: str
    reply: str  # the reply's id
    text: str  # what the trainee said
    grade: GradeName | None  # None where only one reply was on offer
    loss: float | None  # points given up against the best reply there
    better: str | None  # the better reply's id, for a reply graded below "good"
    better_text: str | None

    @property
    def words(self) -> str:
        """The grade and what it means, e.g. 'slip, a better reply was on offer'."""
        if self.grade is None:
            return _("no grade: one reply on offer, or a moment the analysis did not reach")
        return _("{grade}, {meaning}").format(grade=grade_name(self.grade), meaning=_(GRADE_WORDS[self.grade]))

    def to_json(self) -> dict[str, object]:
        """A plain dict for JSON output."""
        better = {"id": self.better, "text": self.better_text} if self.better is not None else None
        loss = round(self.loss, 2) if self.loss is not None else None
        return {"turn": self.turn, "node": self.node, "reply": self.reply, "grade": self.grade, "loss": loss, "better": better}


def coach_words(row: ReviewRow) -> str:
    """What the coaching panel says of a graded reply: the grade in words, and the better reply if any."""
    loss = _(" (gave up {points} points)").format(points=f"{row.loss:.1f}") if row.loss else ""
    better = _(" Better here: {reply}").format(reply=row.better_text) if row.better_text is not None else ""
    return _("{grade}{loss}.{better}").format(grade=row.words, loss=loss, better=better)


def review_rows(session: Session, card: ScoreCard) -> tuple[ReviewRow, ...]:
    """One row per reply of a finished run, in order."""
    return tuple(_row(session, turn, feedback.review) for turn, feedback in zip(session.turns, card.turns))


def last_row(session: Session, analysis: Analysis) -> ReviewRow | None:
    """The review of the reply just made (practice coaching), or None before the first reply.

    Graded as the debrief will grade it: against the replies on offer then, valued by the
    scenario's analysis.
    """
    turns = session.turns
    if not turns or analysis.graph is None:
        return None
    decisions = analysis.graph.decisions(session.scenario, session.scorer, [turn.choice.key for turn in turns])
    reviews = session.scorer.review(decisions[-1:])
    return _row(session, turns[-1], reviews[0] if reviews else None)


def _row(session: Session, turn: Turn, review: DecisionGrade | None) -> ReviewRow:
    """One reply as the review shows it; the better reply only below OK_GRADES."""
    better = None
    if review is not None and review.grade not in OK_GRADES:
        better = session.scenario.choices_by_key.get(review.best)
    return ReviewRow(
        turn=turn.index + 1,
        node=turn.node,
        reply=turn.choice.id,
        text=turn.text,  # the wording the trainee was shown
        grade=review.grade if review is not None else None,
        loss=review.loss if review is not None else None,
        better=better.id if better is not None else None,
        better_text=better.text if better is not None else None,
    )
