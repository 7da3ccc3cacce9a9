"""The stage both front ends draw (game/play/stage.py): one face per person, never the narrator."""

from __future__ import annotations

from game.engine.session import Session
from game.play.stage import Face, plate_note, stage
from tests.conftest import scenario_from
from tests.test_faces import TABLE

ONLY_A_VOICE = """
format: 1
id: voice
title: Voice
summary: Nobody but a narrator.
difficulty: 1
skills: [listening]
minutes: 1
cast:
  narrator: {name: Narrator, role: narrator}
meters:
  calm: {start: 50}
start: hello
nodes:
  hello:
    say: "The room is empty."
    choices:
      - {id: go, text: Go., tags: [listening.let-vent], next: done}
endings:
  done: {outcome: resolved, title: Done, text: Done.}
"""


def test_narration_keeps_the_person_on_stage_listening():
    """While the narrator speaks first, the main customer is shown, not speaking; then the speaker."""
    session = Session(scenario_from(TABLE).scenario)
    view = stage(session)
    narration, gao, zhou = view.beats
    assert narration.speaker == "narrator" and not narration.speaking
    assert narration.face == Face("gao", "Mr Gao", "customer", "angry")
    assert gao.speaking and gao.face == Face("gao", "Mr Gao", "customer", "angry")
    assert zhou.face == Face("zhou", "Mrs Zhou", "companion", "worried") and zhou.label == "Mrs Zhou"
    assert view.rest == zhou.face


def test_the_cast_strip_never_holds_the_narrator():
    """Everyone in the scene has their own face in the strip; the narrator is not there."""
    view = stage(Session(scenario_from(TABLE).scenario))
    assert [face.cast_id for face in view.cast] == ["gao", "lin", "zhou", "wu"]
    assert {face.cast_id: face.expression for face in view.cast} == {"gao": "angry", "lin": "worried", "zhou": "worried", "wu": "calm"}


def test_a_scene_with_only_a_narrator_shows_nobody():
    """With no person in the cast nothing is drawn: no face and no waiting."""
    view = stage(Session(scenario_from(ONLY_A_VOICE).scenario))
    assert view.rest is None and view.cast == () and view.beats[0].face is None


def test_after_a_reply_the_last_person_who_spoke_stays_on_stage():
    """A moment that opens with narration shows whoever spoke last in the moment before."""
    session = Session(scenario_from(TABLE).scenario)
    session.choose("wait")
    assert stage(session).beats[0].face.cast_id == "zhou"


def test_plate_note_says_speaking_waiting_or_only_the_role():
    """Speaking while talking, waiting once every line is said, the role alone during narration."""
    face = Face("gao", "Mr Gao", "customer", "calm")
    assert plate_note(face, True, False) == "customer  ·  speaking"
    assert plate_note(face, False, True) == "customer  ·  waiting for your reply"
    assert plate_note(face, False, False) == "customer"
