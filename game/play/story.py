"""What the conversation shows, derived from a Session: who said what, in order.

The transcript widget draws these entries; keeping them plain data means undo, resume and
the plain transcript mode are all "draw the list again", and the list is tested directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from game.engine.session import Session
from game.i18n import _

Kind = Literal["line", "reply", "ending"]


@dataclass(frozen=True)
class SaidLine:
    """One entry of the conversation: a line someone said, the trainee's reply, or the ending."""

    kind: Kind
    speaker: str
    text: str


def conversation(session: Session) -> list[SaidLine]:
    """Everything said so far: each turn's lines and reply, then what is said now (or the ending)."""
    entries: list[SaidLine] = []
    for turn in session.turns:
        entries.extend(SaidLine("line", line.speaker_name, line.text) for line in turn.lines)
        entries.append(SaidLine("reply", _("You"), turn.text))  # the words shown
    entries.extend(SaidLine("line", line.speaker_name, line.text) for line in session.lines)
    ending = session.ending
    if ending is not None:
        entries.append(SaidLine("ending", ending.title, ending.text))
    return entries

