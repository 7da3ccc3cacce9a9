"""Help: every key of every screen, in one place (the table is game/play/keys.py's); Esc, `q`, `?` or a click closes it."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.gui.fonts import TextCache
from game.gui.screen import Screen, char, is_back
from game.gui.text import draw_line, wrap
from game.i18n import _
from game.play.keys import help_view

if TYPE_CHECKING:
    from game.gui.app import GuiApp

Rows = tuple[tuple[str, str], ...]


class HelpScreen(Screen):
    """The key list over the current screen."""

    name = "help"
    modal = True

    def __init__(self, app: GuiApp):
        super().__init__(app)
        self.box = pygame.Rect(0, 0, 0, 0)
        self.view = help_view("window")
        self.sections: list[tuple[str, Rows]] = []
        self._read_view()

    def _read_view(self) -> None:
        """The sections in the active locale (the table's words are game/play's, in the play catalog)."""
        self.view = help_view("window")
        self.sections = [
            (_(section.title), tuple((_(keys), _(meaning)) for keys, meaning in section.rows)) for section in self.view.sections
        ]

    def locale_changed(self) -> None:
        """Another language: the table again, laid out anew."""
        self._read_view()
        self.layout(self.size)

    def layout(self, size: tuple[int, int]) -> None:
        """A box nearly the window's size; two columns of sections when wide enough."""
        super().layout(size)
        self.box = pygame.Rect(0, 0, min(size[0] - 48, max(1100, round(size[0] * 0.8))), size[1] - 48)
        self.box.center = (size[0] // 2, size[1] // 2)

    def handle(self, event: pygame.event.Event) -> None:
        """Esc, q, ? or a click closes."""
        if is_back(event) or (event.type == pygame.KEYDOWN and char(event).lower() in ("q", "?")) or (
            event.type == pygame.MOUSEBUTTONDOWN and event.button == 1
        ):
            self.app.pop()

    def plan(self) -> tuple[TextCache, list[tuple[str, Rows, int, int]], int, int]:
        """Where each section goes: (key font, [(section, keys, x, y)], key column width, column width).

        Body type in one, two or three columns if every section fits, else small type; a
        meaning wraps onto a second line when its column is narrow; sections flow down a
        column and on into the next.
        """
        fonts, box = self.app.fonts, self.box
        top = box.y + 24 + fonts.heading.line_height
        bottom = self._footnote_top() - 8
        placed: list[tuple[str, Rows, int, int]] = []
        key_font, key_w, column_w = fonts.body, 0, box.width - 48
        for key_font in (fonts.body, fonts.small):
            for columns in (1, 2, 3):
                column_w = (box.width - 48 - (columns - 1) * 24) // columns
                key_w = max(key_font.width(key) for _title, keys in self.sections for key, _meaning in keys) + 16
                if any(len(wrap(fonts.small, meaning, column_w - key_w)) > 2 for _title, keys in self.sections for _key, meaning in keys):
                    break  # more columns are only narrower
                placed, column, y = [], 0, top
                for section, keys in self.sections:
                    needed = self.section_height(key_font, keys, column_w - key_w)
                    if y + needed > bottom and y > top:
                        column, y = column + 1, top
                    if column >= columns or y + needed > bottom:
                        break
                    placed.append((section, keys, box.x + 24 + column * (column_w + 24), y))
                    y += needed
                if len(placed) == len(self.sections):
                    return key_font, placed, key_w, column_w
        return key_font, placed, key_w, column_w

    def section_height(self, key_font: TextCache, keys: Rows, meaning_w: int) -> int:
        """A section's height: its title, then per key one or two lines (a wrapped meaning)."""
        small = self.app.fonts.small
        rows = sum(max(key_font.line_height, len(wrap(small, meaning, meaning_w)) * small.line_height) for _key, meaning in keys)
        return key_font.line_height + 2 + rows + 10

    def _footnote(self) -> list[str]:
        return wrap(self.app.fonts.small, _(self.view.footnote), self.box.width - 48)

    def _footnote_top(self) -> int:
        return self.box.bottom - (len(self._footnote()) + 1) * self.app.fonts.small.line_height - 8

    def draw(self, surface: pygame.Surface) -> None:
        """Sections of keys in columns, then the footnote."""
        theme, fonts, box = self.app.theme, self.app.fonts, self.box
        self.draw_box(surface, box, _("Help  ·  every key"))
        key_font, placed, key_w, column_w = self.plan()
        for section, keys, x, y in placed:
            draw_line(surface, key_font, section.upper(), theme.accent, (x, y), column_w)
            y += key_font.line_height + 2
            for key, meaning in keys:
                draw_line(surface, key_font, key, theme.text, (x, y), key_w)
                lines = wrap(fonts.small, meaning, column_w - key_w)
                line_y = y + (key_font.line_height - fonts.small.line_height) // 2
                for line in lines:
                    surface.blit(fonts.small.render(line, theme.muted), (x + key_w, line_y))
                    line_y += fonts.small.line_height
                y += max(key_font.line_height, len(lines) * fonts.small.line_height)
        y = self._footnote_top()
        for line in self._footnote():
            surface.blit(fonts.small.render(line, theme.muted), (box.x + 24, y))
            y += fonts.small.line_height
        draw_line(surface, fonts.small, _("Esc, q, ? or a click closes this."), theme.muted, (box.x + 24, y), box.width - 48)
