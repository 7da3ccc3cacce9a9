"""Each person's face, line by line (game/engine/faces.py): expressions, starting faces, meters."""

from __future__ import annotations

import pytest

from game.engine.faces import faces_now, line_faces, main_customer, mood_expression, mood_meter_of
from game.engine.session import Session
from tests.conftest import MINI, scenario_from

# Mr Gao's irritation is his mood; Mr Lin owns the embarrassment meter; Wu is staff.
TABLE = """
format: 1
id: table
title: Table
summary: Faces at a table.
difficulty: 1
skills: [listening]
minutes: 1
cast:
  gao: {name: Mr Gao}
  lin: {name: Mr Lin, expression: worried}
  zhou: {name: Mrs Zhou, role: companion}
  wu: {name: Wu, role: staff}
  narrator: {name: Narrator, role: narrator}
meters:
  anger: {label: "Mr Gao's irritation", start: 90, good: low}
  shame: {label: "Mr Lin's embarrassment", start: 20, good: low}
mood: anger
start: table
nodes:
  table:
    say:
      - {speaker: narrator, text: "The fish arrives."}
      - "This fish is wrong."
      - {speaker: zhou, text: "Oh dear.", expression: worried}
    choices:
      - {id: explain, text: Explain gently., tags: [listening.let-vent], effects: {anger: -60}, next: table}
      - {id: soothe, text: Soothe him., tags: [listening.let-vent], effects: {anger: -85}, next: table}
      - {id: wait, text: Wait., tags: [listening.let-vent], next: table}
      - {id: correct, text: Correct him in public., tags: [listening.let-vent], effects: {shame: +50}, next: table}
      - {id: shout, text: Shout., tags: [listening.let-vent], next: shouting}
      - {id: leave, text: Leave., tags: [listening.let-vent], next: done}
  shouting:
    say:
      - {text: "How dare you!", expression: angry}
      - "And another thing."
      - {speaker: wu, text: "Sir, please.", expression: worried}
    choices:
      - {id: back, text: Back., tags: [listening.let-vent], next: table}
endings:
  done: {outcome: resolved, title: Done, text: Done.}
"""


@pytest.fixture(scope="module")
def table():
    """The table scenario, loaded once."""
    return scenario_from(TABLE).scenario


def test_mood_expression_thresholds():
    """Low mood is angry, then annoyed, calm, and relieved at the top."""
    assert [mood_expression(m) for m in (0.0, 0.29, 0.3, 0.54, 0.55, 0.79, 0.8, 1.0)] == [
        "angry", "angry", "annoyed", "annoyed", "calm", "calm", "relieved", "relieved",
    ]


def test_main_customer_is_the_mood_meters_owner_else_the_first_customer(table):
    """The meter's label names Mr Gao; in MINI (no names in labels) the first customer is the main one."""
    assert main_customer(table) == "gao"
    assert main_customer(scenario_from(MINI).scenario) == "cus"


def test_who_has_a_mood_meter(table):
    """Mr Gao reads the mood meter, Mr Lin his own; the companion, staff and narrator read none."""
    assert mood_meter_of(table, "gao").name == "anger"
    assert mood_meter_of(table, "lin").name == "shame"
    assert mood_meter_of(table, "zhou") is None and mood_meter_of(table, "wu") is None
    assert mood_meter_of(table, "narrator") is None and mood_meter_of(table, "nobody") is None


def test_the_narrator_has_no_face(table):
    """The narrator's line is shown with no face, and the narrator is left out of everyone's faces."""
    session = Session(table)
    assert line_faces(session)[0] is None
    assert "narrator" not in faces_now(session)


def test_the_meter_is_the_main_customers_fallback(table):
    """With no expression on his line, Mr Gao's face follows his irritation: angry at 90."""
    session = Session(table)
    assert line_faces(session)[1] == "angry"
    session.choose("soothe")  # 90 -> 5: relieved
    assert line_faces(session)[1] == "relieved"


def test_a_line_expression_wins_over_the_meter_and_holds_for_the_moment(table):
    """'How dare you!' is angry even when the meter says relieved; his next line keeps it; after the reply the meter returns."""
    session = Session(table)
    session.choose("soothe")
    session.choose("shout")
    assert line_faces(session) == ("angry", "angry", "worried")
    assert faces_now(session)["gao"] == "angry"
    session.choose("back")
    assert line_faces(session)[1] == "relieved"


def test_others_keep_their_own_face_not_the_scenes_meter(table):
    """Mrs Zhou shows what her own line says and keeps it after the reply; staff start calm."""
    session = Session(table)
    assert faces_now(session)["zhou"] == "worried"
    assert faces_now(session)["wu"] == "calm"
    session.choose("soothe")  # the scene's meter moves; Mrs Zhou's face does not follow it
    assert faces_now(session)["zhou"] == "worried"
    session.choose("shout")
    assert faces_now(session)["wu"] == "worried"
    session.choose("back")
    assert faces_now(session)["wu"] == "worried"  # kept from his last line


def test_starting_expression_shows_until_the_first_reply(table):
    """Mr Lin starts worried (his starting expression); after a reply his embarrassment meter decides."""
    session = Session(table)
    assert faces_now(session)["lin"] == "worried"
    session.choose("wait")
    assert faces_now(session)["lin"] == "calm"  # a shame meter in its better half: calm, not a grin


def test_shame_meter_in_its_worse_half_embarrasses_its_owner_only(table):
    """Mr Lin's embarrassment at 70 makes him embarrassed; Mr Gao's face is untouched by it."""
    session = Session(table)
    session.choose("correct")
    assert faces_now(session)["lin"] == "embarrassed"
    assert faces_now(session)["gao"] == "angry"


def test_sharp_climb_from_angry_is_embarrassed_for_one_turn(table):
    """Mood rising 0.25+ out of the angry band (short of relieved) shows embarrassment, then the mood face returns."""
    session = Session(table)
    session.choose("explain")  # irritation 90 -> 30: goodness 0.1 -> 0.7
    assert faces_now(session)["gao"] == "embarrassed"
    session.choose("wait")
    assert faces_now(session)["gao"] == "calm"


def test_mini_customer_follows_the_mood_and_staff_stay_calm():
    """In MINI the customer starts annoyed (anger 50), calms after listening; the boss is calm."""
    session = Session(scenario_from(MINI).scenario)
    assert faces_now(session) == {"cus": "annoyed", "boss": "calm"}
    session.choose("listen")
    assert faces_now(session)["cus"] == "calm"
