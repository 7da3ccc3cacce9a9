"""Help: every key of every screen, in one place; Esc, `q`, `?` or a click closes it."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.gui.screen import Screen, char, is_back
from game.gui.text import draw_line

if TYPE_CHECKING:
    from game.gui.app import GuiApp

KEYS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Playing",
        (
            ("1-9", "make the reply with that number"),
            ("↑ ↓ then Enter", "choose a reply; a click works too"),
            ("any key, a click", "while a line types: show it whole"),
            ("u", "undo the last reply (practice only)"),
            ("Esc", "save and leave; the next start offers to resume"),
        ),
    ),
    ("Debrief", (("r", "retry the same scenario"), ("n", "play the next scenario"), ("↑ ↓, wheel", "scroll the feedback"), ("Esc", "back to the scenarios"))),
    (
        "Scenarios",
        (
            ("↑ ↓ then Enter", "pick a scenario; a click works too"),
            ("m", "switch practice and ranked"),
            ("f", "filter by skill"),
            ("l", "leaderboards"),
            ("p", "change your name, cohort or team"),
            ("Esc or q", "quit"),
        ),
    ),
    ("Leaderboards", (("← → or Tab", "switch boards"), ("[ ]", "previous / next scenario's board"), ("Esc", "back"))),
    (
        "Everywhere",
        (("?", "this help"), ("s", "settings"), ("F11", "fullscreen on or off"), ("Ctrl+Q", "quit at once (your run is saved)")),
    ),
)
FOOTNOTE = "Practice shows coaching after each reply and allows undo. Ranked shows no hints, has no undo, and counts on the leaderboards."


class HelpScreen(Screen):
    """The key list over the current screen."""

    name = "help"
    modal = True

    def __init__(self, app: GuiApp):
        super().__init__(app)
        self.box = pygame.Rect(0, 0, 0, 0)

    def layout(self, size: tuple[int, int]) -> None:
        """A box nearly the window's size; two columns of sections when wide enough."""
        super().layout(size)
        self.box = pygame.Rect(0, 0, min(size[0] - 48, 1100), size[1] - 48)
        self.box.center = (size[0] // 2, size[1] // 2)

    def handle(self, event: pygame.event.Event) -> None:
        """Esc, q, ? or a click closes."""
        if is_back(event) or (event.type == pygame.KEYDOWN and char(event).lower() in ("q", "?")) or (
            event.type == pygame.MOUSEBUTTONDOWN and event.button == 1
        ):
            self.app.pop()

    def draw(self, surface: pygame.Surface) -> None:
        """Sections of keys in columns, then the footnote."""
        theme, fonts, box = self.app.theme, self.app.fonts, self.box
        top = self.draw_box(surface, box, "Help  ·  every key")
        columns = 2 if box.width >= 760 else 1
        column_w = (box.width - 48 - (columns - 1) * 24) // columns
        key_w = max(fonts.body.width(key) for _, keys in KEYS for key, _ in keys) + 16
        x, y = box.x + 24, top
        bottom = box.bottom - 2 * fonts.small.line_height - 16
        for index, (section, keys) in enumerate(KEYS):
            needed = (len(keys) + 1) * fonts.body.line_height + 10
            if columns == 2 and index == 2:
                x, y = box.x + 24 + column_w + 24, top
            if y + needed > bottom and y > top:
                continue
            draw_line(surface, fonts.body, section.upper(), theme.accent, (x, y), column_w)
            y += fonts.body.line_height + 2
            for key, meaning in keys:
                draw_line(surface, fonts.body, key, theme.text, (x, y), key_w)
                draw_line(surface, fonts.small, meaning, theme.muted, (x + key_w, y + 2), column_w - key_w)
                y += fonts.body.line_height
            y += 10
        draw_line(surface, fonts.small, FOOTNOTE, theme.muted, (box.x + 24, box.bottom - 2 * fonts.small.line_height - 8), box.width - 48)
        draw_line(surface, fonts.small, "Esc, q, ? or a click closes this.", theme.muted, (box.x + 24, box.bottom - fonts.small.line_height - 8), box.width - 48)
