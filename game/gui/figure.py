"""The parts of a portrait that no expression changes: the backdrop, the head, neck and
shoulders in the person's clothes, and what they wear on the face (glasses, earrings)."""

from __future__ import annotations

import pygame

from game.gui.brush import curve, darken, lighten, stroke
from game.gui.canvas import Canvas
from game.gui.theme import Theme, blend


def backdrop(c: Canvas, theme: Theme) -> pygame.Surface:
    """A soft two-tone disc behind the person, tinted toward the theme's panel."""
    base = blend(c.look.backdrop, theme.panel, 0.45)
    layer = c.layer()
    top, bottom = lighten(base, 0.25), darken(base, 0.08)
    for y in range(c.size):  # a vertical gradient, one line at a time
        pygame.draw.line(layer, blend(top, bottom, y / c.size), (0, y), (c.size, y))
    return layer


def torso(c: Canvas) -> pygame.Surface:
    """Shoulders and clothes, with the collar of the person's clothes style."""
    look, layer = c.look, c.layer()
    hx = c.hx
    shoulder_top = c.hy + c.ry * 1.3
    body = c.rect(hx - 0.4, shoulder_top, 0.8, 0.7)
    pygame.draw.ellipse(layer, look.clothes, body)
    neck_w = c.rx * 0.42
    style = look.clothes_style
    shade = darken(look.clothes, 0.2)
    if style == "vneck":
        pygame.draw.polygon(layer, look.skin, [c.p(hx - neck_w * 1.3, shoulder_top + 0.005), c.p(hx + neck_w * 1.3, shoulder_top + 0.005), c.p(hx, shoulder_top + 0.12)])
    elif style == "crew":
        pygame.draw.ellipse(layer, shade, c.rect(hx - neck_w * 1.35, shoulder_top - 0.012, neck_w * 2.7, 0.06))
        pygame.draw.ellipse(layer, look.skin, c.rect(hx - neck_w * 1.15, shoulder_top - 0.02, neck_w * 2.3, 0.05))
    elif style == "turtleneck":
        pygame.draw.rect(layer, shade, c.rect(hx - neck_w * 1.15, shoulder_top - 0.06, neck_w * 2.3, 0.085), border_radius=round(c.n(0.02)))
    elif style == "collar":
        pygame.draw.polygon(layer, look.skin, [c.p(hx - neck_w, shoulder_top), c.p(hx + neck_w, shoulder_top), c.p(hx, shoulder_top + 0.07)])
        white = lighten(look.clothes, 0.85)
        for side in (-1, 1):
            pygame.draw.polygon(layer, white, [c.p(hx + side * neck_w * 1.05, shoulder_top - 0.02), c.p(hx + side * neck_w * 2.3, shoulder_top + 0.035), c.p(hx + side * 0.004, shoulder_top + 0.075)])
            stroke(layer, darken(white, 0.3), [c.p(hx + side * neck_w * 1.05, shoulder_top - 0.02), c.p(hx + side * neck_w * 2.3, shoulder_top + 0.035), c.p(hx + side * 0.004, shoulder_top + 0.075)], c.n(0.004), closed=True)
    elif style == "blazer":
        shirt = (244, 244, 240)
        pygame.draw.polygon(layer, shirt, [c.p(hx - neck_w * 1.6, shoulder_top), c.p(hx + neck_w * 1.6, shoulder_top), c.p(hx + 0.03, 1.0), c.p(hx - 0.03, 1.0)])
        pygame.draw.polygon(layer, look.skin, [c.p(hx - neck_w, shoulder_top), c.p(hx + neck_w, shoulder_top), c.p(hx, shoulder_top + 0.06)])
        tie = darken(look.clothes, 0.1) if look.clothes != (84, 88, 100) else (160, 50, 60)
        pygame.draw.polygon(layer, lighten(tie, 0.25), [c.p(hx - 0.012, shoulder_top + 0.055), c.p(hx + 0.012, shoulder_top + 0.055), c.p(hx + 0.02, 0.98), c.p(hx - 0.02, 0.98)])
        for side in (-1, 1):
            lapel = [c.p(hx + side * neck_w * 1.7, shoulder_top - 0.005), c.p(hx + side * 0.03, 0.98), c.p(hx + side * 0.2, 1.0), c.p(hx + side * 0.2, shoulder_top + 0.02)]
            pygame.draw.polygon(layer, look.clothes, lapel)
            stroke(layer, shade, lapel[:2], c.n(0.005))
    # A fold line at each armpit so the shoulders read as shoulders.
    for side in (-1, 1):
        stroke(layer, shade, curve(c.p(hx + side * 0.27, 0.98), c.p(hx + side * 0.28, 0.92), c.p(hx + side * 0.3, 0.88)), c.n(0.006))
    return layer


def neck(c: Canvas) -> pygame.Surface:
    """The neck, with the shadow the chin casts on it."""
    layer = c.layer()
    w = c.rx * 0.42
    top, bottom = c.hy + c.ry * 0.6, c.hy + c.ry * 1.45
    pygame.draw.rect(layer, c.look.skin, c.rect(c.hx - w, top, 2 * w, bottom - top), border_radius=round(c.n(0.02)))
    shadow = darken(c.look.skin, 0.15)
    pygame.draw.ellipse(layer, shadow, c.rect(c.hx - w, c.hy + c.ry * 0.9, 2 * w, c.ry * 0.35))
    return layer


def head(c: Canvas) -> pygame.Surface:
    """Ears and the face shape."""
    look, layer = c.look, c.layer()
    skin = look.skin
    for side in (-1, 1):
        x, y = c.hx + side * c.rx * 1.0, c.hy + 0.02
        pygame.draw.ellipse(layer, skin, c.rect(x - 0.03, y - 0.045, 0.06, 0.09))
        stroke(layer, darken(skin, 0.2), curve(c.p(x + side * 0.012, y - 0.025), c.p(x + side * 0.02, y), c.p(x + side * 0.005, y + 0.025), 8), c.n(0.006))
    outline = c.head_outline()
    pygame.draw.polygon(layer, skin, outline)
    # A soft shade down one side of the face gives it roundness.
    shade = [c.p(*c.head_point(a)) for a in range(-60, 100, 5)] + [c.p(*c.head_point(a, 0.9)) for a in range(95, -65, -5)]
    shade_layer = c.layer()
    pygame.draw.polygon(shade_layer, (*darken(skin, 0.35), 40), shade)
    layer.blit(shade_layer, (0, 0))
    return layer


def glasses(c: Canvas, dest: pygame.Surface) -> None:
    """Round-cornered glasses over the eyes."""
    frame = (50, 44, 48) if sum(c.look.skin) > 360 else (30, 26, 28)
    cy = c.hy + 0.022
    lens_w, lens_h = 0.1, 0.078
    for side in (-1, 1):
        cx = c.hx + side * c.rx * 0.44
        rect = c.rect(cx - lens_w / 2, cy - lens_h / 2, lens_w, lens_h)
        glint = c.layer()
        pygame.draw.rect(glint, (255, 255, 255, 40), rect, border_radius=round(c.n(0.025)))
        dest.blit(glint, (0, 0))
        pygame.draw.rect(dest, frame, rect, max(1, round(c.n(0.008))), border_radius=round(c.n(0.025)))
        stroke(dest, frame, [c.p(cx + side * lens_w / 2, cy - 0.01), c.p(c.hx + side * c.rx * 0.98, cy - 0.016)], c.n(0.007))
    stroke(dest, frame, curve(c.p(c.hx - c.rx * 0.44 + lens_w / 2, cy - 0.008), c.p(c.hx, cy - 0.02), c.p(c.hx + c.rx * 0.44 - lens_w / 2, cy - 0.008), 6), c.n(0.007))


def earrings(c: Canvas, dest: pygame.Surface) -> None:
    """Small gold studs."""
    for side in (-1, 1):
        centre = c.p(c.hx + side * c.rx * 0.99, c.hy + 0.058)
        pygame.draw.circle(dest, (170, 120, 20), centre, c.n(0.011))
        pygame.draw.circle(dest, (246, 204, 90), centre, c.n(0.008))
