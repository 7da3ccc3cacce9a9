"""The parts of a face an expression moves (cheeks, eyes, brows, nose, mouth) and the
cartoon marks of anger and embarrassment (a red flush, a popping vein, a drop of sweat)."""

from __future__ import annotations

import math

import pygame

from game.gui.brush import curve, darken, overlay, stroke
from game.gui.canvas import Canvas
from game.gui.expressions import Features
from game.gui.theme import blend


def cheeks(c: Canvas, dest: pygame.Surface, strength: float) -> None:
    """Rosy cheeks; strong and hatched when embarrassed."""
    if strength <= 0:
        return
    hx, hy, rx = c.hx, c.hy, c.rx

    def paint(layer: pygame.Surface) -> None:
        alpha = round(45 + 120 * max(0.0, strength - 0.5) * 2) if strength > 0.5 else round(90 * strength)
        for side in (-1, 1):
            size = 0.075 if strength > 0.5 else 0.06
            pygame.draw.ellipse(layer, (240, 96, 110, alpha), c.rect(hx + side * rx * 0.6 - size / 2, hy + 0.085, size, size * 0.55))

    overlay(dest, paint)
    if strength > 0.5:  # the blush marks a cartoon uses for embarrassment
        for side in (-1, 1):
            x0 = hx + side * rx * 0.6 - 0.022
            for i in range(3):
                x = x0 + i * 0.016
                stroke(dest, (214, 60, 80), [c.p(x + 0.008, hy + 0.088), c.p(x - 0.002, hy + 0.112)], c.n(0.005))


def eye(c: Canvas, dest: pygame.Surface, side: int, f: Features, closed: bool) -> None:
    """One eye: white, iris, pupil and a highlight, under a lid whose height sets the mood."""
    look = c.look
    cx, cy = c.hx + side * c.rx * 0.44, c.hy + 0.02
    w, h = 0.074, 0.064
    # Lashes are near-black, warmed a little by the hair colour.
    lash = blend(darken(look.hair, 0.55), (30, 24, 26), 0.6)
    thick = c.n(0.0085)
    if f.happy_eyes or closed:
        if f.happy_eyes:  # contented arcs: ∩
            points = curve(c.p(cx - w / 2, cy + 0.008), c.p(cx, cy - h * 0.75), c.p(cx + w / 2, cy + 0.008))
        else:  # a blink: lids meeting in a gentle ∪
            points = curve(c.p(cx - w / 2, cy + 0.004), c.p(cx, cy + h * 0.4), c.p(cx + w / 2, cy + 0.004))
        stroke(dest, lash, points, thick)
        return
    # Draw the eye on its own small layer, then trim it to the eye's shape.
    pad = 2
    ew, eh = max(4, round(c.n(w))), max(4, round(c.n(h)))
    eye = pygame.Surface((ew + 2 * pad, eh + 2 * pad), pygame.SRCALPHA)
    shape = pygame.Rect(pad, pad, ew, eh)
    pygame.draw.ellipse(eye, (252, 252, 250), shape)
    iris_r = eh * 0.44
    lx, ly = f.look
    ix = shape.centerx + lx * ew * 0.22  # both eyes look the same way
    iy = shape.centery + ly * eh * 0.18
    pygame.draw.circle(eye, look.eyes, (ix, iy), iris_r)
    pygame.draw.circle(eye, darken(look.eyes, 0.35), (ix, iy), iris_r, max(1, round(iris_r * 0.18)))
    pygame.draw.circle(eye, (20, 16, 18), (ix, iy), iris_r * 0.5 * f.pupil)
    pygame.draw.circle(eye, (255, 255, 255), (ix + iris_r * 0.35, iy - iris_r * 0.38), max(1.0, iris_r * 0.26))
    # The upper lid: inner corner faces the nose (side -1 is the viewer's left eye).
    outer_x, inner_x = (shape.left, shape.right) if side < 0 else (shape.right, shape.left)
    y_outer = shape.top + f.lid_outer * eh
    y_inner = shape.top + f.lid_inner * eh
    lid_colour = darken(look.skin, 0.08)
    pygame.draw.polygon(eye, lid_colour, [(outer_x, 0), (inner_x, 0), (inner_x, y_inner), (outer_x, y_outer)])
    mask = pygame.Surface(eye.get_size(), pygame.SRCALPHA)
    pygame.draw.ellipse(mask, (255, 255, 255, 255), shape)
    eye.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MIN)
    ox, oy = c.p(cx, cy)
    left, top = ox - ew / 2 - pad, oy - eh / 2 - pad
    dest.blit(eye, (left, top))
    # The lash line follows whichever is lower: the eye's top edge or the lid.
    points = []
    for i in range(17):
        t = i / 16
        x = shape.left + t * ew
        u = (x - shape.centerx) / (ew / 2)
        edge = shape.centery - eh / 2 * math.sqrt(max(0.0, 1 - u * u))
        lid = y_outer + (y_inner - y_outer) * ((x - outer_x) / (inner_x - outer_x))
        points.append((left + x, top + max(edge, lid)))
    stroke(dest, lash, points, thick)
    # A flick of lashes at the outer corner.
    corner = points[0] if side < 0 else points[-1]
    stroke(dest, lash, [corner, (corner[0] + side * c.n(0.014), corner[1] - c.n(0.012))], thick * 0.8)
    # A faint lower lid.
    lower = curve((left + shape.left + ew * 0.15, top + shape.bottom - eh * 0.1), (left + shape.centerx, top + shape.bottom + eh * 0.12), (left + shape.right - ew * 0.15, top + shape.bottom - eh * 0.1), 8)
    stroke(dest, darken(look.skin, 0.25), lower, thick * 0.35)


def brow(c: Canvas, dest: pygame.Surface, side: int, f: Features) -> None:
    """One eyebrow: its slope and arch carry most of an expression."""
    cx, cy = c.hx + side * c.rx * 0.46, c.hy - 0.045
    if f.happy_eyes:
        cy -= 0.004
    half = 0.045
    unit = 0.028
    lift = f.brow_lift_right if side > 0 else 0.0
    inner = (cx - side * half, cy + f.brow_inner * unit + lift * unit)
    outer = (cx + side * half, cy + f.brow_outer * unit + lift * unit)
    mid = ((inner[0] + outer[0]) / 2, (inner[1] + outer[1]) / 2 - f.brow_arch * unit * 1.4)
    colour = darken(c.look.hair, 0.15) if c.look.hair[0] < 200 else darken(c.look.hair, 0.35)
    points = curve(c.p(*inner), c.p(*mid), c.p(*outer), 12)
    # Thicker at the inner end, tapering outward.
    base = c.n(0.014)
    for i in range(len(points) - 1):
        width = base * (1.0 - 0.45 * i / (len(points) - 1))
        stroke(dest, colour, points[i : i + 2], width)


def nose(c: Canvas, dest: pygame.Surface) -> None:
    """A small nose: a shadow on one side and the tip."""
    hx, hy = c.hx, c.hy
    colour = darken(c.look.skin, 0.28)
    points = curve(c.p(hx + 0.012, hy + 0.04), c.p(hx + 0.03, hy + 0.1), c.p(hx - 0.006, hy + 0.105), 10)
    stroke(dest, colour, points, c.n(0.007))


def mouth(c: Canvas, dest: pygame.Surface, f: Features, opening: float) -> None:
    """The mouth as two lip curves; open, it shows the inside, teeth and tongue."""
    hx, my = c.hx, c.hy + c.ry * 0.73
    half = 0.06 * f.width
    depth = 0.035
    wave = f.wave if opening < 0.05 else 0.0
    steps = 24

    def upper(u: float) -> float:
        return my + f.smile * depth * (1 - u * u) - f.tilt * depth * u + wave * depth * math.sin(u * math.pi * 2)

    def lower(u: float) -> float:
        return upper(u) + opening * depth * 1.6 * (1 - u * u) ** 0.8

    us = [-1 + 2 * i / steps for i in range(steps + 1)]
    line_colour = darken(c.look.skin, 0.6)
    # Corners rise or fall with the smile; the ends of the line curl to show it.
    if opening < 0.05:
        stroke(dest, line_colour, [c.p(hx + u * half, upper(u)) for u in us], c.n(0.009))
        return
    outline = [c.p(hx + u * half, upper(u)) for u in us] + [c.p(hx + u * half, lower(u)) for u in reversed(us)]
    pygame.draw.polygon(dest, (96, 30, 42), outline)
    if f.teeth > 0:
        tooth_depth = opening * depth * 1.6 * f.teeth
        inner = [u * 0.92 for u in us]
        teeth = [c.p(hx + u * half, upper(u)) for u in inner] + [c.p(hx + u * half, min(upper(u) + tooth_depth, lower(u))) for u in reversed(inner)]
        pygame.draw.polygon(dest, (250, 250, 244), teeth)
        if f.teeth >= 1:  # gritted: the line between upper and lower teeth, and a few gaps
            mid = [c.p(hx + u * half, (upper(u) + lower(u)) / 2) for u in inner]
            stroke(dest, (170, 160, 160), mid, c.n(0.003))
            for u in (-0.5, 0.0, 0.5):
                stroke(dest, (170, 160, 160), [c.p(hx + u * half, upper(u)), c.p(hx + u * half, lower(u))], c.n(0.003))
    if f.teeth < 1 and opening > 0.35:
        tongue = [c.p(hx + u * half, max(lower(u) - opening * depth * 0.7 * (1 - u * u), upper(u))) for u in [x * 0.6 for x in us]]
        tongue += [c.p(hx + u * half, lower(u)) for u in reversed([x * 0.6 for x in us])]
        pygame.draw.polygon(dest, (226, 108, 118), tongue)
    stroke(dest, line_colour, outline, c.n(0.007), closed=True)


def vein(c: Canvas, dest: pygame.Surface) -> None:
    """The cartoon anger mark: four curved strokes around a point on the forehead."""
    cx, cy = c.hx + c.rx * 0.58, c.hy - c.ry * 0.5
    r = 0.024
    for a in (45, 135, 225, 315):
        ax, ay = math.cos(math.radians(a)), math.sin(math.radians(a))
        px, py = -ay, ax  # across the stroke
        # Each stroke bows toward the centre with its ends flaring outward, leaving a gap
        # between neighbours: the familiar cross-shaped "popping vein".
        start = (cx + r * (ax * 1.35 + px * 0.55), cy + r * (ay * 1.35 + py * 0.55))
        end = (cx + r * (ax * 1.35 - px * 0.55), cy + r * (ay * 1.35 - py * 0.55))
        stroke(dest, (214, 40, 52), curve(c.p(*start), c.p(cx + r * ax * 0.45, cy + r * ay * 0.45), c.p(*end), 8), c.n(0.008))


def sweat(c: Canvas, dest: pygame.Surface) -> None:
    """A drop of nervous sweat at the temple."""
    cx, cy = c.hx - c.rx * 1.02, c.hy - c.ry * 0.3
    r = 0.022
    drop = curve(c.p(cx, cy - r * 2.4), c.p(cx + r * 1.5, cy + r * 0.2), c.p(cx, cy + r), 10)
    drop += curve(c.p(cx, cy + r), c.p(cx - r * 1.5, cy + r * 0.2), c.p(cx, cy - r * 2.4), 10)
    pygame.draw.polygon(dest, (176, 222, 250), drop)
    stroke(dest, (70, 130, 196), drop, c.n(0.005), closed=True)
    pygame.draw.circle(dest, (255, 255, 255), c.p(cx - r * 0.3, cy), c.n(r * 0.28))


def flush(c: Canvas, dest: pygame.Surface) -> None:
    """Anger's red flush, strongest at the forehead and fading out by the eyes."""
    layer = c.layer()
    pygame.draw.polygon(layer, (230, 40, 40, 255), c.head_outline(0.99))
    fade = c.layer()
    top, bottom = c.p(0, c.hy - c.ry)[1], c.p(0, c.hy + 0.01)[1]
    for y in range(max(0, int(top)), min(c.size, int(bottom) + 1)):
        alpha = round(70 * (1 - (y - top) / max(1.0, bottom - top)))
        pygame.draw.line(fade, (255, 255, 255, alpha), (0, y), (c.size, y))
    layer.blit(fade, (0, 0), special_flags=pygame.BLEND_RGBA_MULT)
    dest.blit(layer, (0, 0))
