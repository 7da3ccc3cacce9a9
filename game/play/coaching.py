"""Practice mode's coaching, as one immutable view both front ends draw.

After each reply in practice the trainee sees the reply as it was shown, its grade against
the best reply on offer (with the better one named), each rubric behaviour it showed with
its points, rule ID and why, and the author's note. The terminal's coaching panel and the
window's coaching card draw `coaching_view(turn, review)`: the items, their order, their
words and their good/bad/neutral tone are decided here, never in a front end.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from game.i18n import N_, _

if TYPE_CHECKING:
    from game.engine.review import ReviewRow
    from game.engine.session import Turn
    from scoring.rubric import Rubric

EMPTY = N_("Coaching appears here after each reply: the behaviours you showed and the rule behind each.")
NO_BEHAVIOUR = N_("No rubric behaviour on that reply.")
GRADE = N_("Grade")  # the pill of the grade item
NOTE = N_("Coach")  # the pill of the author's note

Kind = Literal["grade", "behaviour", "note"]


def signed(points: float) -> str:
    """Points with their sign: '+4', '-2', '+1.5'."""
    return f"{points:+.0f}" if points == int(points) else f"{points:+.1f}"


@dataclass(frozen=True)
class CoachItem:
    """One item of coaching: the reply's grade, one behaviour it showed, or the author's note."""

    kind: Kind
    tone: int  # +1 good, -1 short of it, 0 neutral: drawn as a tick, a cross or a dot (never colour alone)
    points: float  # a behaviour's points (0 for the grade and the note)
    title: str  # the behaviour's title; the grade in words with the better reply; the author's note
    dimension: str = ""  # a behaviour's skill as the rubric titles it (Listening, Empathy, ...)
    rule: str = ""  # a behaviour's rule ID, if it cites one
    rule_title: str = ""  # what that rule says, in a few words
    explain: str = ""  # why the behaviour matters

    @property
    def tag(self) -> str:
        """The short label drawn in a pill: the rule ID (the dimension if there is none), 'Grade' or 'Coach'."""
        if self.kind == "grade":
            return _(GRADE)
        if self.kind == "note":
            return _(NOTE)
        return self.rule or self.dimension

    @property
    def heading(self) -> str:
        """The item's words in one line: the rule's title for a behaviour that cites one, else its title."""
        return self.rule_title or self.title if self.kind == "behaviour" else self.title

    @property
    def points_text(self) -> str:
        """A behaviour's signed points ('+10'); '' for the grade and the note, which have none of their own."""
        return signed(self.points) if self.kind == "behaviour" else ""


@dataclass(frozen=True)
class CoachingView:
    """What the coaching shows after one reply (or before the first: `reply` is None)."""

    reply: str | None  # the reply's wording as the trainee saw it (a drawn variant, if any)
    items: tuple[CoachItem, ...]
    grade_words: str | None  # the grade in a few words ('good'), for the one-line form

    @property
    def empty(self) -> bool:
        """True before the first reply: there is nothing to coach yet."""
        return self.reply is None

    @property
    def title(self) -> str:
        """The title line: undo is mentioned only once there is a reply to undo."""
        return _("COACH") if self.reply is None else _("COACH  ·  u undoes your last reply")

    @property
    def hint(self) -> str:
        """What shows in place of items: the empty hint before a reply, a note when the reply showed no behaviour."""
        return _(EMPTY) if self.reply is None else _(NO_BEHAVIOUR) if not self.items else ""

    @property
    def well_done(self) -> bool:
        """The reply showed rubric behaviours and gained on balance (the window game's 'good' sound)."""
        behaviours = [item.points for item in self.items if item.kind == "behaviour"]
        return bool(behaviours) and sum(behaviours) >= 0

    @property
    def compact(self) -> str:
        """The coaching in one line: the grade, then each behaviour's points, rule ID and words."""
        if self.reply is None:
            return _("COACH  ·  coaching appears here after each reply")
        parts = [f"{item.points_text} {item.tag} {item.heading}" for item in self.items if item.kind == "behaviour"]
        if self.grade_words is not None:
            parts.insert(0, self.grade_words)
        return _("COACH  ·  u undoes  ·  {coaching}").format(coaching="  ·  ".join(parts) or _("no rubric behaviour on that reply"))


def grade_item(review: ReviewRow) -> CoachItem:
    """The reply's grade against the best on offer, in words that name the better reply."""
    from game.engine.review import OK_GRADES, coach_words

    tone = 1 if review.grade in OK_GRADES else -1 if review.grade else 0
    return CoachItem("grade", tone, 0.0, coach_words(review))


def coaching_view(turn: Turn | None, review: ReviewRow | None = None, rubric: Rubric | None = None) -> CoachingView:
    """The coaching for `turn` (None before the first reply): its grade if reviewed, each behaviour, the author's note.

    Behaviours and patterns are named by their titles in `rubric` (the one that scored the
    turn; the bundled one if None), and the rubric's words are in the active locale.
    """
    if turn is None:
        return CoachingView(None, (), None)
    from game.i18n.shown import shown_item, skill_name
    from scoring.rubric import default_rubric

    scored = rubric or default_rubric()
    items: list[CoachItem] = [grade_item(review)] if review is not None else []
    for item in (shown_item(found, scored) for found in turn.result.items):
        tone = 1 if item.points > 0 else -1 if item.points < 0 else 0
        skill = skill_name(scored, item.dimension)
        items.append(CoachItem("behaviour", tone, item.points, item.title, skill, item.rule or "", item.rule_title or "", item.explain or ""))
    if turn.choice.feedback:
        items.append(CoachItem("note", 0, 0.0, turn.choice.feedback))
    words = review.words if review is not None and review.grade is not None else None
    return CoachingView(turn.text, tuple(items), words)
