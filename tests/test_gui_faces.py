"""Portraits drawn by code (game/gui/faces.py): expressions from the session, and faces that differ."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame
import pytest

from game.engine.session import Session
from game.gui import faces
from game.gui.faces import (
    EXPRESSIONS,
    blink_closed,
    draw_face,
    expression_for,
    look_for,
    mood_expression,
)
from game.gui.theme import theme_for
from game.tui import drawing
from tests.conftest import MINI, scenario_from

THEME = theme_for("dark", False)

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
  lin: {name: Mr Lin}
  zhou: {name: Mrs Zhou, role: companion}
  wu: {name: Wu, role: staff}
meters:
  anger: {label: "Mr Gao's irritation", start: 90, good: low}
  shame: {label: "Mr Lin's embarrassment", start: 20, good: low}
mood: anger
start: table
nodes:
  table:
    say: ["This fish is wrong."]
    choices:
      - {id: explain, text: Explain gently., tags: [listening.let-vent], effects: {anger: -60}, next: table}
      - {id: soothe, text: Soothe him., tags: [listening.let-vent], effects: {anger: -85}, next: table}
      - {id: wait, text: Wait., tags: [listening.let-vent], next: table}
      - {id: correct, text: Correct him in public., tags: [listening.let-vent], effects: {shame: +50}, next: table}
      - {id: leave, text: Leave., tags: [listening.let-vent], next: done}
endings:
  done: {outcome: resolved, title: Done, text: Done.}
"""


@pytest.fixture(scope="module")
def table():
    """The table scenario, loaded once."""
    return scenario_from(TABLE).scenario


def pixels(surface: pygame.Surface) -> bytes:
    """A surface's raw RGBA bytes, for comparing drawings."""
    return pygame.image.tobytes(surface, "RGBA")


def drawn(cast_id: str, expression: str, size: int = 160, speaking: bool = False, seconds: float = 0.0, name: str = "") -> bytes:
    """The pixels of one portrait on a fresh surface."""
    surface = pygame.Surface((size, size))
    surface.fill(THEME.background)
    draw_face(surface, surface.get_rect(), cast_id, expression, THEME, speaking, seconds, name=name)
    return pixels(surface)


def test_thresholds_match_the_terminal_game():
    """The window game's faces change at the same moods as the terminal's."""
    assert faces.EXPRESSION_LIMITS == drawing.EXPRESSION_LIMITS
    for mood in (0.0, 0.29, 0.3, 0.54, 0.55, 0.79, 0.8, 1.0):
        assert mood_expression(mood) == drawing.expression_for(mood)
    assert set(drawing.EXPRESSIONS) < set(EXPRESSIONS) and "embarrassed" in EXPRESSIONS


def test_expression_follows_the_session_mood():
    """In MINI the customer starts annoyed (anger 50), calms after listening; staff stay calm; unknown ids follow the mood."""
    session = Session(scenario_from(MINI).scenario)
    assert expression_for(session, "cus") == "annoyed"
    assert expression_for(session, "boss") == "calm"
    assert expression_for(session, "stranger") == "annoyed"
    session.choose("listen")
    assert expression_for(session, "cus") == "calm"
    session.choose("again")  # anger 40 -> 65
    assert expression_for(session, "cus") == "annoyed"


def test_person_named_in_a_meter_label_reads_that_meter(table):
    """Mr Gao's face follows 'Mr Gao's irritation', Mr Lin's his embarrassment meter, staff stay calm."""
    session = Session(table)
    assert expression_for(session, "gao") == "angry"  # irritation 90
    assert expression_for(session, "lin") == "relieved"  # embarrassment 20, his own and low
    assert expression_for(session, "zhou") == "angry"  # a companion follows the scene's mood
    assert expression_for(session, "wu") == "calm"


def test_sharp_climb_from_angry_is_embarrassed_for_one_turn(table):
    """Mood rising 0.25+ out of the angry band (short of relieved) shows embarrassment, then the mood face returns."""
    session = Session(table)
    session.choose("explain")  # irritation 90 -> 30: goodness 0.1 -> 0.7
    assert expression_for(session, "gao") == "embarrassed"
    session.choose("wait")
    assert expression_for(session, "gao") == "calm"


def test_climb_to_relieved_is_relief_not_embarrassment(table):
    """A leap all the way into the relieved band shows relief."""
    session = Session(table)
    session.choose("soothe")  # 90 -> 5
    assert expression_for(session, "gao") == "relieved"


def test_shame_meter_in_its_worse_half_embarrasses_its_owner_only(table):
    """Mr Lin's embarrassment at 70 makes him embarrassed; Mr Gao's face is untouched by it."""
    session = Session(table)
    session.choose("correct")
    assert expression_for(session, "lin") == "embarrassed"
    assert expression_for(session, "gao") == "angry"


def test_every_expression_looks_different():
    """The same person drawn with each expression gives five different pictures."""
    assert not blink_closed("okafor", 0.0)
    pictures = {drawn("okafor", expression) for expression in EXPRESSIONS}
    assert len(pictures) == len(EXPRESSIONS)


def test_cast_members_look_different():
    """Different ids get different looks and pictures; the same id always the same picture."""
    assert drawn("okafor", "calm") != drawn("lin", "calm") != drawn("gao", "calm")
    assert look_for("okafor") != look_for("lin")
    assert drawn("okafor", "calm") == drawn("okafor", "calm")
    looks = {look_for(f"person-{i}") for i in range(40)}
    assert len({(look.skin, look.hair, look.hair_style) for look in looks}) > 20


def test_titles_guide_hair_and_beards():
    """'Mrs' never gets a beard; with no title nobody does, and nobody is drawn bald."""
    for i in range(200):
        assert look_for(f"id-{i}", "Mrs Varga").beard == ""
        assert look_for(f"id-{i}", "Ms Lin").hair_style in faces.FEMININE_STYLES
        neutral = look_for(f"id-{i}")
        assert neutral.beard == "" and neutral.hair_style != "receding"
    assert any(look_for(f"id-{i}", "Mr Gao").beard for i in range(50))


def test_blink_closes_the_eyes_now_and_then():
    """Within one blink period the eyes shut briefly, and the shut-eyed picture differs."""
    times = [i / 50 for i in range(int(faces.BLINK_PERIOD * 50))]
    shut = [t for t in times if blink_closed("lin", t)]
    assert shut and len(shut) < len(times) / 10
    assert drawn("lin", "calm", seconds=shut[0]) != drawn("lin", "calm", seconds=0.0 if not blink_closed("lin", 0.0) else 1.0)


def test_speaking_moves_the_mouth():
    """While speaking the mouth takes several shapes over time, and the picture differs from silence."""
    open_times = [i / faces.MOUTH_FPS + 0.01 for i in range(len(faces.MOUTH_SHAPES))]
    open_times = [t for t in open_times if not blink_closed("gao", t)]
    frames = {drawn("gao", "calm", speaking=True, seconds=t) for t in open_times}
    assert len(frames) >= 3
    assert drawn("gao", "calm", speaking=True, seconds=open_times[0]) != drawn("gao", "calm", speaking=False, seconds=open_times[0])


@pytest.mark.parametrize("size", [(0, 0), (1, 1), (3, 7), (-5, 10), (12, 12)])
def test_tiny_rects_draw_without_error(size):
    """Tiny, empty and negative rects are harmless."""
    surface = pygame.Surface((20, 20))
    draw_face(surface, pygame.Rect(2, 2, *size), "okafor", "angry", THEME, True, 1.0)


def test_huge_rect_draws_centred_and_clipped():
    """A rect far bigger than the surface draws without error and puts the face on the surface."""
    surface = pygame.Surface((300, 200))
    surface.fill((0, 0, 0))
    before = pixels(surface)
    draw_face(surface, pygame.Rect(-2000, -2000, 4300, 4200), "okafor", "calm", THEME, False, 0.0)
    assert pixels(surface) != before


def test_face_fills_its_rect_and_stays_inside():
    """The portrait is the largest circle that fits: it touches the middle of the rect and leaves the corners alone."""
    surface = pygame.Surface((300, 200))
    surface.fill((1, 2, 3))
    draw_face(surface, pygame.Rect(50, 0, 200, 200), "okafor", "calm", THEME, False, 0.0)
    assert tuple(surface.get_at((150, 100)))[:3] != (1, 2, 3)
    for corner in ((10, 100), (290, 100), (52, 2), (248, 198)):
        assert tuple(surface.get_at(corner))[:3] == (1, 2, 3)


def test_unknown_expression_draws_calm():
    """An expression the game does not know draws the calm face rather than failing."""
    assert drawn("okafor", "bewildered") == drawn("okafor", "calm")
