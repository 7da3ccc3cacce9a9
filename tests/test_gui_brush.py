"""Painting primitives (game/gui/brush.py): shades, curves, strokes, outlined stamps and overlays."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame

from game.gui.brush import curve, darken, lighten, overlay, stamp, stroke


def clear(size: int = 40) -> pygame.Surface:
    """A fully transparent surface `size` pixels square."""
    return pygame.Surface((size, size), pygame.SRCALPHA)


def test_darken_and_lighten_run_from_the_colour_to_black_and_white():
    """Amount 0 keeps the colour, 1 reaches black (darken) or white (lighten)."""
    colour = (120, 60, 200)
    assert darken(colour, 0) == lighten(colour, 0) == colour
    assert darken(colour, 1) == (0, 0, 0) and lighten(colour, 1) == (255, 255, 255)


def test_a_curve_runs_from_its_start_to_its_end_through_steps_points():
    """A curve has steps + 1 points, starts at `a`, ends at `b` and bends toward the control point."""
    points = curve((0.0, 0.0), (5.0, 10.0), (10.0, 0.0), steps=8)
    assert len(points) == 9 and points[0] == (0.0, 0.0) and points[-1] == (10.0, 0.0)
    assert all(y > 0 for _, y in points[1:-1])


def test_a_stroke_needs_two_points():
    """One point paints nothing; two paint a line between them."""
    surface = clear()
    stroke(surface, (255, 0, 0), [(5.0, 5.0)], 3)
    assert surface.get_bounding_rect().width == 0
    stroke(surface, (255, 0, 0), [(5.0, 20.0), (35.0, 20.0)], 3)
    assert tuple(surface.get_at((20, 20)))[:3] == (255, 0, 0)


def test_stamp_rings_a_shape_with_its_outline():
    """The shape keeps its colour inside and gains an outline just outside its edge."""
    layer = clear()
    pygame.draw.circle(layer, (0, 200, 0, 255), (20, 20), 10)
    dest = clear()
    stamp(dest, layer, (10, 10, 10), 3)
    assert tuple(dest.get_at((20, 20))) == (0, 200, 0, 255)
    assert tuple(dest.get_at((20, 32))) == (10, 10, 10, 255)
    assert tuple(dest.get_at((2, 2)))[3] == 0


def test_overlay_blends_a_translucent_layer_onto_the_surface():
    """A half-transparent colour painted through overlay mixes with what is below."""
    dest = pygame.Surface((10, 10))
    dest.fill((0, 0, 0))
    overlay(dest, lambda layer: layer.fill((255, 255, 255, 128)))
    red = dest.get_at((5, 5))[0]
    assert 100 < red < 160
