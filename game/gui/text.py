"""Drawing text with a `TextCache`: one line cut to fit, and wrapped paragraphs.

Every string is drawn as it is (names and scenario text are never parsed as markup);
lines that do not fit end with an ellipsis instead of running into their neighbours.
"""

from __future__ import annotations

from collections.abc import Sequence

import pygame

from game.gui.fonts import TextCache

ELLIPSIS = "…"
Colour = Sequence[int]


def fit(cache: TextCache, text: str, width: int) -> str:
    """`text`, or as much of it as fits in `width` pixels followed by an ellipsis."""
    if width <= 0:
        return ""
    if cache.width(text) <= width:
        return text
    low, high = 0, len(text)
    while low < high:  # the longest prefix that fits with the ellipsis (binary search, not per character)
        middle = (low + high + 1) // 2
        if cache.width(text[:middle] + ELLIPSIS) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + ELLIPSIS


def draw_line(
    surface: pygame.Surface,
    cache: TextCache,
    text: str,
    colour: Colour,
    pos: tuple[int, int],
    width: int | None = None,
    align: str = "left",
) -> pygame.Rect:
    """Draw one line at `pos` (its top-left, or top-centre / top-right by `align`); returns its rect."""
    shown = fit(cache, text, width) if width is not None else text
    image = cache.render(shown, colour)
    x, y = pos
    if align == "center":
        x -= image.get_width() // 2
    elif align == "right":
        x -= image.get_width()
    return surface.blit(image, (x, y))


def wrap(cache: TextCache, text: str, width: int, max_lines: int | None = None) -> list[str]:
    """The wrapped lines of `text`; past `max_lines` the last shown line ends with an ellipsis."""
    lines = cache.wrap(text, max(width, 1))
    if max_lines is not None and len(lines) > max_lines:
        kept = lines[: max(max_lines, 0)]
        if kept:
            kept[-1] = fit(cache, kept[-1] + ELLIPSIS, width) if cache.width(kept[-1] + ELLIPSIS) > width else kept[-1] + ELLIPSIS
        return kept
    return list(lines)


def paragraph_height(cache: TextCache, text: str, width: int, max_lines: int | None = None) -> int:
    """How tall `text` is when wrapped to `width`."""
    return len(wrap(cache, text, width, max_lines)) * cache.line_height


def draw_paragraph(
    surface: pygame.Surface,
    cache: TextCache,
    text: str,
    colour: Colour,
    rect: pygame.Rect,
    max_lines: int | None = None,
) -> int:
    """Draw `text` wrapped inside `rect` (lines past its bottom are cut with an ellipsis); returns the y below it."""
    fits = max(rect.height // max(cache.line_height, 1), 1)
    limit = fits if max_lines is None else min(fits, max_lines)
    y = rect.y
    for line in wrap(cache, text, rect.width, limit):
        surface.blit(cache.render(line, colour), (rect.x, y))
        y += cache.line_height
    return y
