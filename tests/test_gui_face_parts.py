"""The parts of a face an expression moves (game/gui/face_parts.py): eyes, brows, mouth, cheeks and the marks."""

from __future__ import annotations

from collections.abc import Callable

import pygame

from game.gui import face_parts
from game.gui.canvas import Canvas
from game.gui.expressions import FEATURES
from tests.test_gui_canvas import canvas


def painted(paint: Callable[[Canvas, pygame.Surface], None]) -> bytes:
    """The pixels `paint` leaves on a clear canvas."""
    c = canvas(160)
    dest = c.layer()
    paint(c, dest)
    return pygame.image.tobytes(dest, "RGBA")


def test_every_expression_moves_the_eyes_brows_and_mouth_its_own_way():
    """Each expression gives a different pair of eyes, brows and a mouth."""
    faces = set()
    for f in FEATURES.values():
        faces.add((
            painted(lambda c, d, f=f: face_parts.eye(c, d, -1, f, False)),
            painted(lambda c, d, f=f: face_parts.brow(c, d, 1, f)),
            painted(lambda c, d, f=f: face_parts.mouth(c, d, f, f.open)),
        ))
    assert len(faces) == len(FEATURES)


def test_a_blink_shuts_the_eye_and_speech_opens_the_mouth():
    """A shut eye differs from an open one; an open mouth differs from a closed one."""
    calm = FEATURES["calm"]
    assert painted(lambda c, d: face_parts.eye(c, d, 1, calm, True)) != painted(lambda c, d: face_parts.eye(c, d, 1, calm, False))
    assert painted(lambda c, d: face_parts.mouth(c, d, calm, 0.0)) != painted(lambda c, d: face_parts.mouth(c, d, calm, 0.8))


def test_no_blush_leaves_the_cheeks_alone():
    """Cheeks of strength 0 paint nothing; a strong blush paints them."""
    assert not any(painted(lambda c, d: face_parts.cheeks(c, d, 0.0)))
    assert any(painted(lambda c, d: face_parts.cheeks(c, d, 1.0)))


def test_the_marks_of_anger_and_embarrassment_are_drawn():
    """The flush, the vein, the drop of sweat and the nose each paint something."""
    for paint in (face_parts.flush, face_parts.vein, face_parts.sweat, face_parts.nose):
        assert any(painted(paint)), paint.__name__
