"""Portraits drawn by code (game/gui/faces.py): every expression drawn, and faces that differ."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame
import pytest

from game.gui.face_motion import blink_closed
from game.gui.faces import draw_face
from game.gui.looks import look_for
from game.scenario.schema import EXPRESSIONS
from game.gui.theme import theme_for

THEME = theme_for("dark", False)

def pixels(surface: pygame.Surface) -> bytes:
    """A surface's raw RGBA bytes, for comparing drawings."""
    return pygame.image.tobytes(surface, "RGBA")


def drawn(cast_id: str, expression: str, size: int = 160, speaking: bool = False, seconds: float = 0.0, name: str = "") -> bytes:
    """The pixels of one portrait on a fresh surface."""
    surface = pygame.Surface((size, size))
    surface.fill(THEME.background)
    draw_face(surface, surface.get_rect(), cast_id, expression, THEME, speaking, seconds, name=name)
    return pixels(surface)


def test_every_expression_looks_different():
    """The same person drawn with each expression gives a different picture for each."""
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
