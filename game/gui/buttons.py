"""Buttons drawn with the theme, and a group of them that mouse, number keys and arrows all drive.

A group keeps one button in keyboard focus (a thick outline) and one under the mouse (a
lighter fill); both are visible at once, so a trainee always sees what Enter will press.
Reply buttons carry a number badge (1-9) and wrap their text over several lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pygame

from game.gui.fonts import TextCache
from game.gui.text import fit, wrap
from game.gui.theme import Theme

PADDING = 10
PAD_Y = 7  # above and below a wrapped label
RADIUS = 8


@dataclass
class Button:
    """One button: where it is, what it says, and an optional number badge or key hint."""

    label: str
    rect: pygame.Rect = field(default_factory=lambda: pygame.Rect(0, 0, 0, 0))
    number: int | None = None
    hint: str = ""
    lines: list[str] = field(default_factory=list)  # the label wrapped to the button's width

    def badge_width(self, text: TextCache) -> int:
        """Room the number badge takes at the left (0 without one)."""
        return text.line_height + PADDING if self.number is not None else 0

    def fit_height(self, text: TextCache, width: int, max_lines: int = 3) -> int:
        """Wrap the label for `width` and return the height the button then needs."""
        inner = width - 2 * PADDING - self.badge_width(text) - (text.width(self.hint) + PADDING if self.hint else 0)
        self.lines = wrap(text, self.label, max(inner, 20), max_lines)
        return len(self.lines) * text.line_height + 2 * PAD_Y


def draw_button(surface: pygame.Surface, button: Button, theme: Theme, text: TextCache, hover: bool, focus: bool) -> None:
    """Draw `button`: fill (lighter under the mouse), outline when focused, badge, label, hint."""
    rect = button.rect
    pygame.draw.rect(surface, theme.button_hover if hover or focus else theme.button, rect, border_radius=RADIUS)
    if focus:
        pygame.draw.rect(surface, theme.focus, rect, width=3, border_radius=RADIUS)
    x = rect.x + PADDING
    if button.number is not None:
        size = text.line_height
        badge = pygame.Rect(x, rect.y + PAD_Y, size, size)
        pygame.draw.rect(surface, theme.badge, badge, border_radius=size // 4)
        number = text.render(str(button.number), theme.badge_text)
        surface.blit(number, number.get_rect(center=badge.center))
        x = badge.right + PADDING
    hint_width = 0
    if button.hint:
        hint = text.render(button.hint, theme.button_muted)
        hint_width = hint.get_width() + PADDING
        surface.blit(hint, hint.get_rect(midright=(rect.right - PADDING, rect.centery)))
    lines = button.lines or [fit(text, button.label, rect.right - PADDING - hint_width - x)]
    if button.number is None and not button.lines:  # a plain button: its label centred
        image = text.render(lines[0], theme.button_text)
        surface.blit(image, image.get_rect(center=(rect.centerx - hint_width // 2, rect.centery)))
        return
    y = rect.y + PAD_Y
    for line in lines:
        if line:
            surface.blit(text.render(line, theme.button_text), (x, y))
        y += text.line_height


class ButtonGroup:
    """Buttons that answer the mouse, number keys (when numbered) and arrows with Enter.

    `handle(event)` returns the index of the button pressed, or None; `changed` says a
    redraw is due (hover or focus moved).
    """

    def __init__(self, buttons: list[Button] | None = None, numbered: bool = False, vertical: bool = True):
        self.buttons: list[Button] = buttons or []
        self.numbered = numbered
        self.vertical = vertical
        self.focus = 0
        self.hover: int | None = None
        self.changed = False

    def set_buttons(self, buttons: list[Button]) -> None:
        """New buttons (focus back on the first)."""
        self.buttons = buttons
        self.focus = 0
        self.hover = None
        self.changed = True

    def at(self, pos: tuple[int, int]) -> int | None:
        """The index of the button under `pos`."""
        return next((i for i, button in enumerate(self.buttons) if button.rect.collidepoint(pos)), None)

    def handle(self, event: pygame.event.Event) -> int | None:
        """React to one event; the index of a button it pressed, else None."""
        if not self.buttons:
            return None
        if event.type == pygame.MOUSEMOTION:
            hover = self.at(event.pos)
            if hover != self.hover:
                self.hover, self.changed = hover, True
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            pressed = self.at(event.pos)
            if pressed is not None:
                self.focus, self.changed = pressed, True
                return pressed
        elif event.type == pygame.KEYDOWN:
            return self._key(event)
        return None

    def _key(self, event: pygame.event.Event) -> int | None:
        back = (pygame.K_UP,) if self.vertical else (pygame.K_LEFT,)
        ahead = (pygame.K_DOWN,) if self.vertical else (pygame.K_RIGHT,)
        if event.key in back:
            self.focus, self.changed = (self.focus - 1) % len(self.buttons), True
        elif event.key in ahead:
            self.focus, self.changed = (self.focus + 1) % len(self.buttons), True
        elif event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            return self.focus
        elif self.numbered and pygame.K_1 <= event.key <= pygame.K_9:
            number = event.key - pygame.K_1
            if number < len(self.buttons):
                self.focus, self.changed = number, True
                return number
        elif self.numbered and pygame.K_KP1 <= event.key <= pygame.K_KP9:
            number = event.key - pygame.K_KP1
            if number < len(self.buttons):
                return number
        return None

    def draw(self, surface: pygame.Surface, theme: Theme, text: TextCache, show_focus: bool = True) -> None:
        """Draw every button."""
        for index, button in enumerate(self.buttons):
            draw_button(surface, button, theme, text, hover=index == self.hover, focus=show_focus and index == self.focus)
        self.changed = False
