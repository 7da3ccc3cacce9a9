"""Text sizes (game/gui/scale.py): readable at small windows, larger on big screens, caches shared."""

from __future__ import annotations

import pygame

from game.gui.scale import Fonts, body_size, cache


def test_sizes_follow_the_window():
    """720p gives 20, a small window never goes under 15, a tall narrow one sizes by its width."""
    assert body_size(1280, 720) == 20 and body_size(640, 480) == 15 and body_size(3840, 2160) == 34
    assert body_size(640, 1200) < body_size(1200, 1200)


def test_caches_are_shared_per_size():
    """Two Fonts for the same size share their text caches (resizing back reuses rendered lines)."""
    pygame.font.init()
    assert Fonts(1280, 720).body is Fonts(1280, 720).body is cache(20)
