"""Painting primitives for the portraits: shades of a colour, round-jointed strokes, curves,
outlined stamps and translucent overlays."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache

import pygame

from game.gui.theme import RGB, blend

Point = tuple[float, float]


def darken(colour: RGB, amount: float) -> RGB:
    """`colour` toward black by `amount` (0..1)."""
    return blend(colour, (0, 0, 0), amount)


def lighten(colour: RGB, amount: float) -> RGB:
    """`colour` toward white by `amount` (0..1)."""
    return blend(colour, (255, 255, 255), amount)


def stroke(surface: pygame.Surface, colour: Sequence[int], points: Sequence[Point], width: float, closed: bool = False) -> None:
    """A polyline with round joins and caps (pygame's thick lines have gaps at corners)."""
    if len(points) < 2:
        return
    w = max(1, round(width))
    pygame.draw.lines(surface, colour, closed, points, w)
    if w > 2:
        for point in points:
            pygame.draw.circle(surface, colour, point, w / 2)


def curve(a: Point, control: Point, b: Point, steps: int = 16) -> list[Point]:
    """Points along a quadratic Bézier curve from `a` to `b` bent toward `control`."""
    out = []
    for i in range(steps + 1):
        t = i / steps
        u = 1 - t
        out.append((u * u * a[0] + 2 * u * t * control[0] + t * t * b[0], u * u * a[1] + 2 * u * t * control[1] + t * t * b[1]))
    return out


@lru_cache(maxsize=16)
def _disk(radius: int) -> pygame.mask.Mask:
    """A filled circle as a mask, for growing shapes into outlines."""
    size = 2 * radius + 1
    surface = pygame.Surface((size, size), pygame.SRCALPHA)
    pygame.draw.circle(surface, (255, 255, 255, 255), (radius, radius), radius + 0.5)
    return pygame.mask.from_surface(surface)


def stamp(dest: pygame.Surface, layer: pygame.Surface, outline: RGB, width: float) -> None:
    """Blit `layer` onto `dest` with a cartoon outline `width` wide around its shape."""
    radius = max(1, round(width))
    grown = pygame.mask.from_surface(layer, 127).convolve(_disk(radius))
    dest.blit(grown.to_surface(setcolor=(*outline, 255), unsetcolor=(0, 0, 0, 0)), (-radius, -radius))
    dest.blit(layer, (0, 0))


def overlay(dest: pygame.Surface, paint: Callable[[pygame.Surface], None]) -> None:
    """Run `paint` on a clear layer and blend it onto `dest` (so translucent colours mix)."""
    layer = pygame.Surface(dest.get_size(), pygame.SRCALPHA)
    paint(layer)
    dest.blit(layer, (0, 0))
