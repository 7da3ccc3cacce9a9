"""Portraits drawn by code: each cast member a recognisable person with seven expressions.

`draw_face` puts a person's portrait together as a round medallion: the parts that never
change with expression (game/gui/figure.py, game/gui/hair.py) painted once per person and
size, then the features an expression moves (game/gui/face_parts.py), all drawn large
(supersampled) with outlined shapes, then smoothly scaled into the rect and cached, so a
steady frame costs one blit. How a person looks comes from game/gui/looks.py; when they
blink and how their mouth moves while speaking, from game/gui/face_motion.py.

Which expression a person shows is decided in the shared core (game/engine/faces.py, drawn
through game/play/stage.py); this module only draws the closed set of expressions
(game/scenario/schema.py EXPRESSIONS).
"""

from __future__ import annotations

import pygame

from game.gui import face_parts, figure, hair
from game.gui.brush import darken, stamp
from game.gui.canvas import Canvas
from game.gui.expressions import FEATURES
from game.gui.face_motion import blink_closed, mouth_opening
from game.gui.fonts import Lru
from game.gui.looks import look_for
from game.gui.theme import Theme, blend

FACE_CACHE = 96  # finished portraits kept (size x expression x blink x mouth)
MAX_SIDE = 2048  # a portrait never grows beyond this; a larger rect centres it

_bases: Lru[tuple[str, str, int, Theme], tuple[pygame.Surface, pygame.Surface | None]] = Lru(24)
_faces: Lru[tuple[object, ...], pygame.Surface] = Lru(FACE_CACHE)


def _base(cast_id: str, name: str, size: int, theme: Theme) -> tuple[pygame.Surface, pygame.Surface | None]:
    """The parts that never change with expression: backdrop, body, head; and the front hair."""
    key = (cast_id, name, size, theme)
    cached = _bases.get(key)
    if cached is not None:
        return cached
    look = look_for(cast_id, name)
    c = Canvas(size, look)
    line = max(1.0, c.n(0.009))
    base = figure.backdrop(c, theme)
    back = hair.back_hair(c)
    if back is not None:
        stamp(base, back, darken(look.hair, 0.5), line)
    stamp(base, figure.torso(c), darken(look.clothes, 0.5), line)
    stamp(base, figure.neck(c), darken(look.skin, 0.5), line)
    stamp(base, figure.head(c), darken(look.skin, 0.5), line)
    if look.beard:
        hair.beard(c, base)
    if look.earrings:
        figure.earrings(c, base)
    front = hair.front_hair(c)
    if front is not None:
        outlined = c.layer()
        stamp(outlined, front, darken(look.hair, 0.5), line)
        front = outlined
    return _bases.put(key, (base, front))


def _paint(cast_id: str, name: str, size: int, expression: str, theme: Theme, closed: bool, opening: float, speaking: bool) -> pygame.Surface:
    """A full portrait at `size` pixels square (before scaling)."""
    look = look_for(cast_id, name)
    c = Canvas(size, look)
    f = FEATURES.get(expression, FEATURES["calm"])
    base, front = _base(cast_id, name, size, theme)
    canvas = base.copy()
    if expression == "angry":
        face_parts.flush(c, canvas)
    face_parts.cheeks(c, canvas, f.blush)
    for side in (-1, 1):
        face_parts.eye(c, canvas, side, f, closed)
    face_parts.nose(c, canvas)
    face_parts.mouth(c, canvas, f, opening)
    if front is not None:
        canvas.blit(front, (0, 0))
    for side in (-1, 1):  # brows sit over a fringe, as in most cartoons, so they always read
        face_parts.brow(c, canvas, side, f)
    if look.glasses:
        figure.glasses(c, canvas)
    if expression == "angry":
        face_parts.vein(c, canvas)
    elif expression == "embarrassed":
        face_parts.sweat(c, canvas)
    # Round medallion: keep what is inside the circle, then ring it.
    mask = pygame.Surface((size, size), pygame.SRCALPHA)
    pygame.draw.circle(mask, (255, 255, 255, 255), (size / 2, size / 2), size / 2 - 1)
    canvas.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MIN)
    ring = theme.accent if speaking else blend(theme.muted, theme.panel, 0.3)
    pygame.draw.circle(canvas, ring, (size / 2, size / 2), size / 2 - 1, max(2, round(size * (0.03 if speaking else 0.015))))
    return canvas


def draw_face(
    surface: pygame.Surface,
    rect: pygame.Rect,
    cast_id: str,
    expression: str,
    theme: Theme,
    speaking: bool,
    seconds: float,
    name: str = "",
) -> None:
    """Draw `cast_id`'s portrait with `expression`, centred in `rect` (the largest circle that fits).

    `speaking` rings the portrait in the accent colour and moves the mouth; `seconds` (any
    running clock) drives the blink and the mouth. An unknown expression draws calm.
    `name` (optional, the cast member's display name) lets a title such as "Mr" or "Mrs"
    guide the hair style and beard; see `look_for`.
    """
    side = min(rect.width, rect.height, MAX_SIDE)
    if side < 1:
        return
    closed = blink_closed(cast_id, seconds)
    opening = round(mouth_opening(expression, speaking, seconds), 2)
    key = (cast_id, name, side, expression, theme, closed, opening, speaking)
    portrait = _faces.get(key)
    if portrait is None:
        # Draw at about twice the final size for smooth edges, within sensible bounds.
        work = min(768, max(128, side * 2))
        painted = _paint(cast_id, name, work, expression, theme, closed, opening, speaking)
        portrait = _faces.put(key, pygame.transform.smoothscale(painted, (side, side)))
    surface.blit(portrait, (rect.centerx - side // 2, rect.centery - side // 2))
