"""The play screen as one immutable view both games draw: who is on stage, what is said, the replies on offer.

Built from the Playthrough after every move (a reply, an undo, a resume): the scenario's
title, the mode and the turn, the lines said now, the stage (game/play/stage.py: who
speaks, the expression of each person present), the replies numbered as the keys take
them, the meters, the mood so far, practice's coaching, and what undo allows. A front end
maps a key or click to a reply number and asks `reply(number)` whether it is on offer; it
never looks into the session itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.engine.session import SpokenLine
from game.i18n import _
from game.i18n.shown import skill_name
from game.play.coaching import CoachingView, coaching_view
from game.play.meters import MeterView, meter_views
from game.play.playthrough import Playthrough
from game.play.stage import Stage, stage


@dataclass(frozen=True)
class ReplyView:
    """One reply on offer: the number that makes it, its id and the wording drawn for it."""

    number: int
    id: str
    text: str


@dataclass(frozen=True)
class PlayView:
    """The play screen at one moment; see the module docstring."""

    title: str
    player: str
    practice: bool
    turn: int  # the number of the reply to make next (1 before the first)
    lines: tuple[SpokenLine, ...]  # said at this moment, in order
    stage: Stage
    replies: tuple[ReplyView, ...]  # on offer, in the session's (shuffled) order
    meters: tuple[MeterView, ...]
    mood: tuple[float, ...]  # the customer's mood (0-1) before the first reply and after each
    skills: tuple[str, ...]  # what the scenario trains (the skills' ids)
    trains: tuple[str, ...]  # the same skills by the rubric's names, in the active locale ('Listening')
    coaching: CoachingView | None  # practice: the last reply's coaching (None in ranked)
    problem: str | None  # why the run could not be stored, one line
    over: bool  # the run has ended: the debrief comes next

    @property
    def mode_label(self) -> str:
        """PRACTICE or RANKED."""
        return _("PRACTICE") if self.practice else _("RANKED")

    @property
    def mode_note(self) -> str:
        """What the mode means on this screen, in a few words."""
        return _("coaching on, u undoes") if self.practice else _("no hints, no undo")

    @property
    def undo_offered(self) -> bool:
        """Undo is offered at all (practice only); its key is shown."""
        return self.practice

    @property
    def can_undo(self) -> bool:
        """There is a reply to take back now (practice, after the first reply)."""
        return self.practice and self.turn > 1

    @property
    def waiting(self) -> bool:
        """The trainee is to answer: replies are on offer and the run goes on."""
        return bool(self.replies) and not self.over

    def reply(self, number: int) -> ReplyView | None:
        """The reply this number makes, or None if no such reply is on offer (the key does nothing)."""
        if self.over or not 1 <= number <= len(self.replies):
            return None
        return self.replies[number - 1]

    def mood_numbers(self, last: int) -> str:
        """The last `last` mood readings as numbers out of 100: '40 → 55 → 70'."""
        return " → ".join(str(round(value * 100)) for value in self.mood[-last:])


def play_view(playthrough: Playthrough) -> PlayView:
    """The play screen for the run as it stands now."""
    session = playthrough.session
    scenario = session.scenario
    turns = session.turns
    coaching = None
    if playthrough.practice:
        last = turns[-1] if turns else None
        coaching = coaching_view(last, playthrough.last_review() if last is not None else None, session.scorer.rubric)
    return PlayView(
        title=scenario.title,
        player=playthrough.profile.name,
        practice=playthrough.practice,
        turn=len(turns) + 1,
        lines=tuple(session.lines),
        stage=stage(session),
        replies=tuple(ReplyView(number, reply.id, reply.text) for number, reply in enumerate(session.offered, start=1)),
        meters=meter_views(scenario.meters, session.meters),
        mood=tuple(session.mood_curve),
        skills=tuple(scenario.skills),
        trains=tuple(skill_name(session.scorer.rubric, skill) for skill in scenario.skills),
        coaching=coaching,
        problem=playthrough.problem,
        over=session.is_over,
    )
