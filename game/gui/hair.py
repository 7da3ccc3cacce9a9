"""A person's hair, painted in their style: what falls behind the head, the fringe over the
forehead, and facial hair."""

from __future__ import annotations

import pygame

from game.gui.brush import Point, curve, darken, lighten, stamp, stroke
from game.gui.canvas import Canvas


def back_hair(c: Canvas) -> pygame.Surface | None:
    """Hair that falls behind the head and neck (long styles, bobs, buns, ponytails)."""
    style, layer = c.look.hair_style, c.layer()
    hx, hy, rx, ry = c.hx, c.hy, c.rx, c.ry
    if style == "long":
        points = c.head_outline(1.16, 150, 390)
        points += [c.p(hx + rx * 1.32, hy + ry * 1.45), c.p(hx + rx * 0.9, hy + ry * 1.6), c.p(hx - rx * 0.9, hy + ry * 1.6), c.p(hx - rx * 1.32, hy + ry * 1.45)]
        pygame.draw.polygon(layer, c.look.hair, points)
    elif style == "bob":
        points = c.head_outline(1.17, 160, 380)
        points += [c.p(hx + rx * 1.22, hy + ry * 0.78), c.p(hx + rx * 0.7, hy + ry * 0.9), c.p(hx - rx * 0.7, hy + ry * 0.9), c.p(hx - rx * 1.22, hy + ry * 0.78)]
        pygame.draw.polygon(layer, c.look.hair, points)
    elif style == "bun":
        pygame.draw.circle(layer, c.look.hair, c.p(hx, hy - ry * 1.12), c.n(rx * 0.5))
    elif style == "ponytail":
        tail = [c.p(hx + rx * 0.7, hy - ry * 0.6), c.p(hx + rx * 1.45, hy - ry * 0.2), c.p(hx + rx * 1.5, hy + ry * 0.6),
                c.p(hx + rx * 1.25, hy + ry * 1.1), c.p(hx + rx * 1.1, hy + ry * 0.5), c.p(hx + rx * 0.9, hy)]
        pygame.draw.polygon(layer, c.look.hair, tail)
        pygame.draw.circle(layer, darken(c.look.hair, 0.25), c.p(hx + rx * 1.05, hy - ry * 0.5), c.n(rx * 0.16))
    elif style == "curly":
        for i in range(11):
            x, y = c.head_point(150 + i * 24, 1.12, jaw=False)
            if y < hy + ry * 0.45:
                pygame.draw.circle(layer, c.look.hair, c.p(x, y), c.n(rx * 0.32))
    else:
        return None
    return layer


def beard(c: Canvas, dest: pygame.Surface) -> None:
    """Facial hair, drawn on the face before the mouth (which sits in a clear patch)."""
    look, kind = c.look, c.look.beard
    hair, hx, hy, rx, ry = look.hair, c.hx, c.hy, c.rx, c.ry
    if kind in ("beard", "stubble"):
        layer = c.layer()
        jaw = c.head_outline(1.01, -8, 188, 48)
        cheeks = [c.p(hx - rx * 0.8, hy + ry * 0.3), c.p(hx - rx * 0.35, hy + ry * 0.5), c.p(hx + rx * 0.35, hy + ry * 0.5), c.p(hx + rx * 0.8, hy + ry * 0.3)]
        colour = (*hair, 255) if kind == "beard" else (*darken(look.skin, 0.4), 80)
        pygame.draw.polygon(layer, colour, jaw + cheeks)
        # The mouth's patch of skin, so lips and teeth stay readable inside the beard.
        pygame.draw.ellipse(layer, (0, 0, 0, 0), c.rect(hx - 0.056, hy + ry * 0.62, 0.112, ry * 0.32))
        if kind == "beard":
            stamp(dest, layer, darken(hair, 0.45), c.n(0.005))
        else:
            dest.blit(layer, (0, 0))
    if kind in ("moustache", "beard"):
        y = hy + ry * 0.6
        layer = c.layer()
        for side in (-1, 1):
            blob = curve(c.p(hx, y - 0.012), c.p(hx + side * 0.045, y - 0.038), c.p(hx + side * 0.078, y + 0.014), 10)
            blob += curve(c.p(hx + side * 0.078, y + 0.014), c.p(hx + side * 0.04, y - 0.004), c.p(hx, y + 0.006), 10)
            pygame.draw.polygon(layer, hair, blob)
        stamp(dest, layer, darken(hair, 0.45), c.n(0.005))


def front_hair(c: Canvas) -> pygame.Surface | None:
    """The hair over the forehead, in the person's style."""
    style, layer = c.look.hair_style, c.layer()
    hx, hy, rx, ry = c.hx, c.hy, c.rx, c.ry
    hair = c.look.hair

    def cap(start: float, end: float, k: float, fringe: list[Point]) -> None:
        pygame.draw.polygon(layer, hair, c.head_outline(k, start, end, 48) + [c.p(*q) for q in fringe])

    if style in ("short", "quiff"):
        fringe = [(hx + rx * 1.0, hy - ry * 0.15), (hx + rx * 0.7, hy - ry * 0.55), (hx + rx * 0.2, hy - ry * 0.62),
                  (hx - rx * 0.3, hy - ry * 0.58), (hx - rx * 0.75, hy - ry * 0.5), (hx - rx * 1.0, hy - ry * 0.15)]
        cap(185, 355, 1.1, fringe)
        if style == "quiff":  # a swept-up wave over the front of the head
            wave = curve(c.p(hx - rx * 1.02, hy - ry * 0.55), c.p(hx - rx * 0.9, hy - ry * 1.55), c.p(hx + rx * 0.3, hy - ry * 1.3), 12)
            wave += curve(c.p(hx + rx * 0.3, hy - ry * 1.3), c.p(hx + rx * 0.95, hy - ry * 1.25), c.p(hx + rx * 1.02, hy - ry * 0.6), 12)
            pygame.draw.polygon(layer, hair, wave + [c.p(hx + rx * 0.5, hy - ry * 0.6), c.p(hx - rx * 0.6, hy - ry * 0.55)])
            stroke(layer, darken(hair, 0.3), curve(c.p(hx - rx * 0.75, hy - ry * 0.7), c.p(hx - rx * 0.55, hy - ry * 1.25), c.p(hx + rx * 0.2, hy - ry * 1.15)), c.n(0.005))
    elif style == "side":
        fringe = [(hx + rx * 1.0, hy - ry * 0.1), (hx + rx * 0.8, hy - ry * 0.45), (hx + rx * 0.35, hy - ry * 0.8),
                  (hx - rx * 0.2, hy - ry * 0.62), (hx - rx * 0.7, hy - ry * 0.35), (hx - rx * 1.02, hy)]
        cap(185, 355, 1.1, fringe)
        stroke(layer, darken(hair, 0.3), curve(c.p(hx + rx * 0.35, hy - ry * 1.05), c.p(hx + rx * 0.1, hy - ry * 0.85), c.p(hx - rx * 0.4, hy - ry * 0.55)), c.n(0.005))
    elif style in ("bob", "bun", "ponytail"):
        straight = style == "bob"
        fringe = [(hx + rx * 1.02, hy + (ry * 0.3 if straight else -ry * 0.1)), (hx + rx * 0.8, hy - ry * 0.35)]
        if straight:
            fringe += [(hx + rx * (0.6 - 0.3 * i), hy - ry * (0.38 if i % 2 else 0.32)) for i in range(6)]
        else:
            fringe += [(hx + rx * 0.1, hy - ry * 0.72), (hx - rx * 0.6, hy - ry * 0.5)]
        fringe += [(hx - rx * 0.8, hy - ry * 0.35), (hx - rx * 1.02, hy + (ry * 0.3 if straight else -ry * 0.1))]
        cap(165 if straight else 175, 375 if straight else 365, 1.12, fringe)
    elif style == "long":
        fringe = [(hx + rx * 1.05, hy + ry * 0.2), (hx + rx * 0.75, hy - ry * 0.5), (hx + rx * 0.1, hy - ry * 0.8), (hx, hy - ry * 0.88),
                  (hx - rx * 0.1, hy - ry * 0.8), (hx - rx * 0.75, hy - ry * 0.5), (hx - rx * 1.05, hy + ry * 0.2)]
        cap(160, 380, 1.14, fringe)
        stroke(layer, darken(hair, 0.3), [c.p(hx, hy - ry * 1.12), c.p(hx, hy - ry * 0.88)], c.n(0.005))
    elif style == "curly":
        fringe = [(hx + rx * 1.02, hy - ry * 0.05)] + [(hx + rx * (0.8 - 0.32 * i), hy - ry * (0.5 if i % 2 else 0.62)) for i in range(6)] + [(hx - rx * 1.02, hy - ry * 0.05)]
        cap(172, 368, 1.12, fringe)
        for i in range(9):
            x, y = c.head_point(190 + i * 20, 1.08, jaw=False)
            pygame.draw.circle(layer, hair, c.p(x, y), c.n(rx * 0.22))
    if style in ("short", "quiff", "side", "bob", "bun", "ponytail", "long", "curly"):
        shine = lighten(hair, 0.35) if sum(hair) < 300 else lighten(hair, 0.5)
        stroke(layer, shine, curve(c.p(*c.head_point(222, 1.0, False)), c.p(*c.head_point(238, 1.13, False)), c.p(*c.head_point(256, 1.06, False)), 10), c.n(0.012))
    if style == "receding":
        for side in (-1, 1):
            patch = [c.p(*c.head_point(a if side > 0 else 180 - a, k)) for a, k in ((20, 1.04), (-10, 1.1), (-40, 1.08), (-45, 0.97), (-15, 0.97), (15, 0.96))]
            pygame.draw.polygon(layer, hair, patch)
    return layer
