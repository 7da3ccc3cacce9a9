"""The portrait's canvas (game/gui/canvas.py): units to pixels, and the head's outline."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import dataclasses

from game.gui.canvas import Canvas
from game.gui.looks import look_for


def canvas(size: int = 200, **changes: object) -> Canvas:
    """A canvas for one person's look, with any of its fields changed."""
    return Canvas(size, dataclasses.replace(look_for("okafor"), **changes))


def test_units_map_to_pixels_about_the_centre():
    """The middle of the unit square is the middle of the canvas; lengths grow by the zoom."""
    c = canvas(200)
    assert c.p(0.5, 0.5) == (100.0, 100.0)
    assert c.n(0.5) == 0.5 * Canvas.ZOOM * 200
    assert c.layer().get_size() == (200, 200)
    assert c.rect(0.5, 0.5, 0.0, 0.0).size == (1, 1)


def test_the_head_outline_is_closed_and_as_wide_as_the_look_says():
    """A full turn ends where it starts; a wider look gives a wider head; the chin narrows with the jaw."""
    narrow, wide = canvas(width=0.94), canvas(width=1.06)
    outline = narrow.head_outline()
    assert abs(outline[0][0] - outline[-1][0]) < 1e-6 and abs(outline[0][1] - outline[-1][1]) < 1e-6
    assert wide.head_point(0)[0] > narrow.head_point(0)[0]
    assert canvas(jaw=0.24).head_point(60)[0] < canvas(jaw=0.08).head_point(60)[0]
