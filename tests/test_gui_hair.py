"""Hair and beards (game/gui/hair.py): every style drawn, and only long styles fall behind the head."""

from __future__ import annotations

import pygame

from game.gui import hair
from game.gui.looks import HAIR_STYLES
from tests.test_gui_canvas import canvas

BEHIND = ("long", "bob", "bun", "ponytail", "curly")


def test_only_some_styles_fall_behind_the_head():
    """Long hair, bobs, buns, ponytails and curls have hair behind the head; short styles have none."""
    for style in HAIR_STYLES:
        back = hair.back_hair(canvas(120, hair_style=style))
        assert (back is not None) == (style in BEHIND), style


def test_every_style_is_drawn_its_own_way():
    """Each hair style paints a fringe, and with the hair behind the head no two styles look alike."""
    pictures = set()
    for style in HAIR_STYLES:
        c = canvas(120, hair_style=style)
        front, back = hair.front_hair(c), hair.back_hair(c)
        assert front is not None and front.get_bounding_rect().width > 0
        pictures.add((pygame.image.tobytes(front, "RGBA"), b"" if back is None else pygame.image.tobytes(back, "RGBA")))
    assert len(pictures) == len(HAIR_STYLES)


def test_each_kind_of_beard_looks_different():
    """A moustache, a beard and stubble each change the face differently."""
    pictures = set()
    for kind in ("moustache", "beard", "stubble"):
        c = canvas(160, beard=kind)
        dest = c.layer()
        hair.beard(c, dest)
        assert dest.get_bounding_rect().width > 0
        pictures.add(pygame.image.tobytes(dest, "RGBA"))
    assert len(pictures) == 3
