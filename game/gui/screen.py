"""The base of every screen: what the app asks of it each frame, and a few shared drawing helpers.

A screen lays itself out for a window size, reacts to events, advances its animations and
draws. It sets `dirty` when the whole screen must be drawn again; between such frames it
may redraw small regions (`draw_partial`), which keeps an idle screen nearly free.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.gui.fonts import TextCache
from game.gui.text import draw_line

if TYPE_CHECKING:
    from game.gui.app import GuiApp

MARGIN = 24
SEPARATOR = "  ·  "  # between the items of a key-hint line


def char(event: pygame.event.Event) -> str:
    """The character a key event typed ('' for keys that type nothing), e.g. 'u', '?', '1'."""
    typed = getattr(event, "unicode", "") or ""
    if typed:
        return typed
    name = pygame.key.name(event.key) if hasattr(event, "key") else ""
    return name if len(name) == 1 else ""


def footer_keys(cache: TextCache, keys: str, width: int) -> str:
    """The key hints as they fit in `width`: whole items only, never one cut in the middle.

    `keys` is items joined by "  ·  ". Too wide, the separators close up; still too wide,
    items go from the right (the help key, which lists them all, and Esc always stay).
    """
    if cache.width(keys) <= width:
        return keys
    items = keys.split(SEPARATOR)
    while True:
        shown = " · ".join(items)
        if cache.width(shown) <= width or len(items) <= 1:
            return shown
        keep = [item for item in items if item.startswith(("?", "Esc"))]
        droppable = [index for index, item in enumerate(items) if item not in keep]
        if not droppable:
            return shown
        items.pop(droppable[-1])


def is_back(event: pygame.event.Event) -> bool:
    """Esc (the way back everywhere)."""
    return event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE


class Screen:
    """One screen of the game; subclasses override what they need."""

    name = "screen"  # for screenshots and tests
    modal = False  # drawn over the screen below it, which is dimmed

    def __init__(self, app: GuiApp):
        self.app = app
        self.dirty = True
        self.size = (0, 0)

    def layout(self, size: tuple[int, int]) -> None:
        """Place everything for a window of `size`; called on opening and on every resize."""
        self.size = size
        self.dirty = True

    def handle(self, event: pygame.event.Event) -> None:
        """React to one event (keys, mouse)."""

    def update(self, seconds: float) -> None:
        """Advance animations by `seconds`; set `dirty` when a full redraw is due."""

    def draw(self, surface: pygame.Surface) -> None:
        """Draw the whole screen."""

    def draw_partial(self, surface: pygame.Surface) -> list[pygame.Rect]:
        """Redraw only what moved since the last frame; the rects changed (none by default)."""
        return []

    def busy(self) -> bool:
        """True while something is still moving or typing (autoplay waits for it)."""
        return False

    def resumed(self) -> None:
        """This screen is on top again (the one above it closed)."""
        self.dirty = True

    def settings_changed(self) -> None:
        """Theme, text speed or motion changed: draw again."""
        self.dirty = True

    def locale_changed(self) -> None:
        """The language changed: read the words again and lay out anew (widths change); screens
        that keep words they were given (buttons, views) read them again first."""
        self.settings_changed()
        self.layout(self.size)

    # Shared drawing ---------------------------------------------------------------------

    def draw_header(self, surface: pygame.Surface, title: str, right: str = "") -> int:
        """A top bar with a title at the left and a note at the right; returns its bottom."""
        app = self.app
        theme, fonts = app.theme, app.fonts
        height = fonts.heading.line_height + 16
        bar = pygame.Rect(0, 0, surface.get_width(), height)
        surface.fill(theme.panel, bar)
        pygame.draw.line(surface, theme.accent, bar.bottomleft, (bar.right, bar.bottom), 2)
        right_width = 0
        if right:
            drawn = draw_line(surface, fonts.body, right, theme.muted, (bar.right - MARGIN, bar.y + (height - fonts.body.line_height) // 2), bar.width // 2, "right")
            right_width = drawn.width + MARGIN
        draw_line(surface, fonts.heading, title, theme.text, (MARGIN, 8), bar.width - 2 * MARGIN - right_width)
        return bar.bottom

    def draw_footer(self, surface: pygame.Surface, keys: str) -> int:
        """A bottom line of key hints; returns its top."""
        app = self.app
        cache = app.fonts.small
        top = surface.get_height() - cache.line_height - 10
        surface.fill(app.theme.panel, pygame.Rect(0, top - 2, surface.get_width(), surface.get_height() - top + 2))
        draw_line(surface, cache, footer_keys(cache, keys, surface.get_width() - 2 * MARGIN), app.theme.muted, (MARGIN, top + 4), surface.get_width() - 2 * MARGIN)
        return top - 2

    def draw_box(self, surface: pygame.Surface, rect: pygame.Rect, title: str) -> int:
        """A modal box with a title bar; returns the y where its content starts."""
        theme, fonts = self.app.theme, self.app.fonts
        pygame.draw.rect(surface, theme.panel, rect, border_radius=14)
        pygame.draw.rect(surface, theme.accent, rect, width=3, border_radius=14)
        draw_line(surface, fonts.heading, title, theme.accent, (rect.x + 24, rect.y + 14), rect.width - 48)
        return rect.y + 24 + fonts.heading.line_height
