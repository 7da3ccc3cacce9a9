"""The parts no expression changes (game/gui/figure.py): backdrop, body and clothes, glasses and earrings."""

from __future__ import annotations

import pygame

from game.gui import figure
from game.gui.looks import CLOTHES_STYLES
from game.gui.theme import theme_for
from tests.test_gui_canvas import canvas


def test_the_backdrop_fills_the_whole_canvas():
    """Every pixel of the backdrop is opaque, lighter at the top than at the bottom."""
    layer = figure.backdrop(canvas(64), theme_for("dark", False))
    assert layer.get_bounding_rect() == layer.get_rect()
    assert sum(layer.get_at((32, 0))[:3]) > sum(layer.get_at((32, 63))[:3])


def test_each_clothes_style_is_drawn_differently():
    """Collar, v-neck, crew, blazer and turtleneck each give their own torso."""
    pictures = {pygame.image.tobytes(figure.torso(canvas(120, clothes_style=style)), "RGBA") for style in CLOTHES_STYLES}
    assert len(pictures) == len(CLOTHES_STYLES)


def test_head_and_neck_are_painted_in_the_skin_colour():
    """The middle of the face and of the neck are the look's skin colour."""
    c = canvas(200, skin=(200, 150, 100))
    head, neck = figure.head(c), figure.neck(c)
    assert tuple(head.get_at(tuple(round(v) for v in c.p(c.hx, c.hy))))[:3] == (200, 150, 100)
    assert tuple(neck.get_at(tuple(round(v) for v in c.p(c.hx, c.hy + c.ry * 0.7))))[:3] == (200, 150, 100)


def test_glasses_and_earrings_paint_something():
    """Glasses and earrings each leave marks on a clear surface."""
    for paint in (figure.glasses, figure.earrings):
        c = canvas(200)
        dest = c.layer()
        paint(c, dest)
        assert dest.get_bounding_rect().width > 0
