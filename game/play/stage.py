"""Who is on stage and how they look: the portraits both front ends draw, decided once.

Built from a Session with the rules of game/engine/faces.py. The narrator is a voice, not a
person: never a portrait, never "waiting for your reply". While a narrator's line is said
the stage keeps showing the last person who spoke (not speaking); before anyone has spoken,
the main customer.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.engine.faces import FaceBook, main_customer
from game.i18n import N_, _
from game.engine.session import Session
from game.scenario.model import Scenario

# A cast member's role as shown (the roles are codes of the scenario format).
ROLE_NAMES = {"customer": N_("customer"), "companion": N_("companion"), "staff": N_("staff"), "narrator": N_("narrator")}


@dataclass(frozen=True)
class Face:
    """One person as drawn: who, their name and role, and the expression to draw."""

    cast_id: str
    name: str
    role: str
    expression: str


@dataclass(frozen=True)
class Beat:
    """What the stage shows while one line of the current moment is said."""

    face: Face | None  # the person shown (None only in a scene with nobody but a narrator)
    speaking: bool  # False while the narrator speaks: the person shown only listens
    speaker: str  # the cast id of whoever says the line
    label: str  # the name shown over the line


@dataclass(frozen=True)
class Stage:
    """The portraits of the current moment: one beat per line said now, who is shown once
    they are all said, and everyone in the scene (never the narrator) with their face now."""

    beats: tuple[Beat, ...]
    rest: Face | None
    cast: tuple[Face, ...]


def _face(scenario: Scenario, cast_id: str, expression: str) -> Face:
    person = scenario.cast[cast_id]
    return Face(cast_id, person.name, person.role, expression)


def _first_person(session: Session) -> str | None:
    """The person shown before anyone has spoken: the last to speak earlier, else the main
    customer, else the first person in the cast."""
    scenario = session.scenario
    for turn in reversed(session.turns):
        for line in reversed(turn.lines):
            if not scenario.cast[line.speaker].is_narrator:
                return line.speaker
    main = main_customer(scenario)
    if main is not None:
        return main
    return next((key for key, person in scenario.cast.items() if not person.is_narrator), None)


def stage(session: Session) -> Stage:
    """The stage for the session as it stands (see the module docstring)."""
    scenario = session.scenario
    book = FaceBook(scenario, session.meters, session.turns)
    shown = _first_person(session)
    beats = []
    for line in session.lines:
        expression = book.say(line)
        if expression is not None:  # a person speaks
            shown = line.speaker
            beats.append(Beat(_face(scenario, line.speaker, expression), True, line.speaker, line.speaker_name))
        else:  # the narrator: the last person shown stays, listening
            listener = None if shown is None else _face(scenario, shown, book.face(shown) or "calm")
            beats.append(Beat(listener, False, line.speaker, line.speaker_name))
    rest = None if shown is None else _face(scenario, shown, book.face(shown) or "calm")
    cast = tuple(
        _face(scenario, cast_id, face) for cast_id in scenario.cast if (face := book.face(cast_id)) is not None
    )
    return Stage(tuple(beats), rest, cast)


def plate_note(face: Face, speaking: bool, all_said: bool) -> str:
    """The line under a portrait's name: the role, and "speaking" while they talk, "waiting
    for your reply" once every line is said (the face shown then is always a person's), the
    role alone while the narrator speaks."""
    if speaking:
        return _("{role}  ·  speaking").format(role=role_name(face.role))
    if all_said:
        return _("{role}  ·  waiting for your reply").format(role=role_name(face.role))
    return role_name(face.role)


def role_name(role: str) -> str:
    """A person's role as shown under their name ('customer'; in Chinese its translation)."""
    name = ROLE_NAMES.get(role)
    return _(name) if name is not None else role
