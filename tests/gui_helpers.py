"""Test helper: which words a window-game screen draws and where, read off its blits.

`drawn_words(app)` draws the top screen onto a surface that records every blit, and matches
each blitted image to the text a `TextCache` rendered it from. A test can then ask where a
line of text went (its whole rect, even the part a clip hides) without parsing pixels.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from game.gui.fonts import TextCache


@dataclass(frozen=True)
class Drawn:
    """One line of text the screen drew: the words and the rect the whole rendered line takes."""

    text: str
    rect: pygame.Rect


class RecordingSurface(pygame.Surface):
    """A surface that remembers each image blitted onto it and the rect the whole image takes."""

    def __init__(self, size: tuple[int, int]):
        super().__init__(size)
        self.blits_made: list[tuple[pygame.Surface, pygame.Rect]] = []

    def blit(self, source, dest, area=None, special_flags=0):  # type: ignore[no-untyped-def,override]
        """Blit as usual and record the image with its unclipped rect."""
        rect = source.get_rect(topleft=dest.topleft if isinstance(dest, pygame.Rect) else (int(dest[0]), int(dest[1])))
        self.blits_made.append((source, rect))
        return super().blit(source, dest, area, special_flags)


def drawn_words(app) -> list[Drawn]:  # type: ignore[no-untyped-def]
    """Every line of text the app's top screen draws in one full draw, in drawing order."""
    return drawn_by(app.top().draw, app.surface.get_size())


def drawn_by(draw, size: tuple[int, int]) -> list[Drawn]:  # type: ignore[no-untyped-def]
    """Every line of text `draw(surface)` draws on a surface of `size`, in drawing order."""
    texts: dict[int, str] = {}
    render = TextCache.render

    def remembering(self, text, colour):  # type: ignore[no-untyped-def]
        image = render(self, text, colour)
        texts[id(image)] = text
        return image

    TextCache.render = remembering  # type: ignore[method-assign]
    try:
        surface = RecordingSurface(size)
        draw(surface)
    finally:
        TextCache.render = render  # type: ignore[method-assign]
    return [Drawn(texts[id(image)], rect) for image, rect in surface.blits_made if id(image) in texts]
