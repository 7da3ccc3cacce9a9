"""Text drawing (game/gui/text.py): fitting a line with an ellipsis, wrapping with a line limit."""

from __future__ import annotations

import pygame
import pytest

from game.gui.fonts import TextCache
from game.gui.text import ELLIPSIS, draw_paragraph, fit, wrap


@pytest.fixture(scope="module")
def cache() -> TextCache:
    """A 20-pixel text cache."""
    pygame.font.init()
    return TextCache(20)


def test_fit_keeps_a_short_line_and_cuts_a_long_one(cache):
    """A line that fits is unchanged; a long one ends with an ellipsis and fits."""
    assert fit(cache, "short", 500) == "short"
    cut = fit(cache, "a very long line " * 20, 200)
    assert cut.endswith(ELLIPSIS) and cache.width(cut) <= 200


def test_wrap_limits_lines_with_an_ellipsis(cache):
    """Past max_lines the last kept line ends with an ellipsis."""
    lines = wrap(cache, "word " * 80, 200, max_lines=2)
    assert len(lines) == 2 and lines[-1].endswith(ELLIPSIS)


def test_a_paragraph_stays_inside_its_rect(cache):
    """draw_paragraph never draws below its rect."""
    surface = pygame.Surface((300, 200))
    rect = pygame.Rect(10, 10, 200, 3 * cache.line_height)
    assert draw_paragraph(surface, cache, "word " * 80, (255, 255, 255), rect) <= rect.bottom
