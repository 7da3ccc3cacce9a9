"""The square surface a portrait is painted on, addressed in units (0..1 across), with the head's geometry."""

from __future__ import annotations

import math

import pygame

from game.gui.brush import Point
from game.gui.looks import Look


class Canvas:
    """A square drawing surface addressed in units (0..1 across), with the head's geometry."""

    ZOOM = 1.2  # the figure is laid out in units, then enlarged about the centre to fill the disc

    def __init__(self, size: int, look: Look):
        self.size = size
        self.look = look
        self.hx, self.hy = 0.5, 0.45
        self.rx, self.ry = 0.195 * look.width, 0.235

    def layer(self) -> pygame.Surface:
        """A clear layer the size of the canvas."""
        return pygame.Surface((self.size, self.size), pygame.SRCALPHA)

    def p(self, x: float, y: float) -> Point:
        """A point in pixels from units."""
        return ((0.5 + (x - 0.5) * self.ZOOM) * self.size, (0.5 + (y - 0.5) * self.ZOOM) * self.size)

    def n(self, units: float) -> float:
        """A length in pixels from units."""
        return units * self.ZOOM * self.size

    def rect(self, x: float, y: float, w: float, h: float) -> pygame.Rect:
        """A pixel rect from a unit rect."""
        left, top = self.p(x, y)
        return pygame.Rect(round(left), round(top), max(1, round(self.n(w))), max(1, round(self.n(h))))

    def head_point(self, degrees: float, k: float = 1.0, jaw: bool = True) -> tuple[float, float]:
        """A point on the head's outline (0 degrees right, 90 down), scaled by `k`, in units."""
        a = math.radians(degrees)
        c, s = math.cos(a), math.sin(a)
        narrow = 1 - self.look.jaw * max(0.0, s) ** 2 if jaw else 1.0
        return (self.hx + self.rx * k * c * narrow, self.hy + self.ry * k * s * (1.06 if s > 0 else 1.0))

    def head_outline(self, k: float = 1.0, start: float = 0, end: float = 360, steps: int = 72) -> list[Point]:
        """The head's outline between two angles, in pixels."""
        return [self.p(*self.head_point(start + (end - start) * i / steps, k)) for i in range(steps + 1)]
