"""The play screen's layout (game/gui/layout.py): rectangles inside the window, not overlapping."""

from __future__ import annotations

import os
from itertools import pairwise

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

import pygame
import pytest

from game.gui.layout import play_layout, stack_column
from game.gui.scale import Fonts


@pytest.fixture(scope="module")
def fonts():
    """Fonts need pygame's font module."""
    pygame.font.init()
    return Fonts


@pytest.mark.parametrize("size", [(1280, 720), (800, 600), (640, 900), (1920, 1080)])
def test_parts_fit_the_window_without_overlap(fonts, size):
    """Face, plate, meters and the conversation column lie in the window and do not overlap."""
    view = play_layout(size, fonts(*size), meter_count=2, cast_count=3)
    window = pygame.Rect((0, 0), size)
    parts = [view.face, view.plate, *view.meters, view.cast, view.column]
    assert all(window.contains(part) for part in parts)
    assert all(not a.colliderect(b) for i, a in enumerate(parts) for b in parts[i + 1 :])
    assert view.wide == (size[0] >= size[1] * 1.15)


def test_the_column_stacks_bubble_replies_and_card():
    """Bubble on top, replies under it in order, the coaching card in what is left."""
    column = pygame.Rect(100, 100, 500, 600)
    bubble, buttons, coach = stack_column(column, 120, [50, 50, 70], coach_min=60)
    assert bubble.height == 120 and buttons[0].top > bubble.bottom
    assert all(a.bottom < b.top for a, b in pairwise(buttons))
    assert coach is not None and coach.top > buttons[-1].bottom and coach.bottom == column.bottom


def test_no_card_when_there_is_no_room():
    """The card is left out (None) when less than its least height remains."""
    _, _, coach = stack_column(pygame.Rect(0, 0, 400, 300), 100, [80, 80], coach_min=120)
    assert coach is None
