"""Settings: theme, high contrast, reduced motion, text speed, volume, mute and fullscreen, saved at once.

↑ ↓ choose a setting, ← → or Enter or Space change it (a click changes it too), Esc
closes. Every change is applied and saved on the spot. In a window too short for every row
with its explanation, rows show title and value and the focused setting's explanation
stands under them. A change of language lays the box out anew in it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.gui.screen import Screen, char, footer_keys, is_back
from game.gui.text import draw_line
from game.i18n import N_, _
from game.play.setting_rows import setting_rows, stepped, value_text

if TYPE_CHECKING:
    from game.gui.app import GuiApp

OPTIONS = setting_rows("window")  # what each is called and does: game/play/setting_rows.py
NOTE = N_("↑↓ choose  ·  ← → Enter Space change  ·  Esc close  ·  saved at once")  # the keys, at the foot of the box


class SettingsScreen(Screen):
    """A row per setting; see the module docstring."""

    name = "settings"
    modal = True

    def __init__(self, app: GuiApp):
        super().__init__(app)
        self.focus = 0
        self.box = pygame.Rect(0, 0, 0, 0)
        self.rows: list[pygame.Rect] = []
        self.options = setting_rows("window")
        self.compact = False  # rows of title and value only; the focused row's explanation at the foot

    def locale_changed(self) -> None:
        """Another language (perhaps chosen on this screen): the rows' words and the box's width change."""
        self.options = setting_rows("window")
        self.layout(self.size)

    def layout(self, size: tuple[int, int]) -> None:
        """A centred box, one row per setting; when every row with its explanation cannot fit the
        window's height, rows of title and value, the focused one's explanation under them."""
        super().layout(size)
        fonts = self.app.fonts
        row_h = fonts.body.line_height + fonts.small.line_height + 12
        # Wide enough for every setting's explanation and the key line in the type of this size.
        wanted = max([fonts.small.width(_(option.why)) + 72 for option in self.options] + [fonts.small.width(_(NOTE)) + 48, 720])
        width = min(wanted, size[0] - 48)
        height = fonts.heading.line_height + 40 + len(self.options) * (row_h + 6) + fonts.small.line_height + 20
        self.compact = height > size[1] - 24
        if self.compact:
            row_h = fonts.body.line_height + 12
            height = fonts.heading.line_height + 40 + len(self.options) * (row_h + 6) + fonts.small.line_height + 20 + fonts.small.line_height + 6
        self.box = pygame.Rect(0, 0, width, min(height, size[1] - 24))
        self.box.center = (size[0] // 2, size[1] // 2)
        y = self.box.y + fonts.heading.line_height + 30
        self.rows = []
        for _option in self.options:
            self.rows.append(pygame.Rect(self.box.x + 20, y, width - 40, row_h))
            y += row_h + 6

    def handle(self, event: pygame.event.Event) -> None:
        """Move, change, close."""
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            row = next((i for i, rect in enumerate(self.rows) if rect.collidepoint(event.pos)), None)
            if row is not None:
                self.focus = row
                self.change(1 if event.pos[0] >= self.rows[row].centerx or self.options[row].kind != "volume" else -1)
            elif not self.box.collidepoint(event.pos):
                self.app.pop()
            return
        if event.type != pygame.KEYDOWN:
            return
        if is_back(event) or char(event).lower() in ("q", "s"):
            self.app.pop()
        elif event.key == pygame.K_UP:
            self.focus = (self.focus - 1) % len(self.options)
        elif event.key == pygame.K_DOWN:
            self.focus = (self.focus + 1) % len(self.options)
        elif event.key == pygame.K_LEFT:
            self.change(-1)
        elif event.key in (pygame.K_RIGHT, pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
            self.change(1)
        self.dirty = True

    def change(self, step: int) -> None:
        """Step the focused setting, then apply and save it."""
        field = self.options[self.focus].field
        value = stepped(self.app.settings, field, step)
        if field == "fullscreen":
            self.app.toggle_fullscreen()
        else:
            self.app.change_settings(**{field: value})
        self.app.sounds.play("select")
        self.dirty = True

    def draw(self, surface: pygame.Surface) -> None:
        """Each setting: title, what it does, its value (focus outlined)."""
        theme, fonts, settings = self.app.theme, self.app.fonts, self.app.settings
        self.draw_box(surface, self.box, _("Settings"))
        for index, (option, rect) in enumerate(zip(self.options, self.rows)):
            if rect.bottom > self.box.bottom - 8:
                break
            focused = index == self.focus
            pygame.draw.rect(surface, theme.button_hover if focused else theme.button, rect, border_radius=8)
            if focused:
                pygame.draw.rect(surface, theme.focus, rect, width=3, border_radius=8)
            value = f"◀  {_(value_text(settings, option.field))}  ▶"
            top = rect.y + (rect.height - fonts.body.line_height) // 2 if self.compact else rect.y + 4  # a compact row: its line centred
            value_rect = draw_line(surface, fonts.body, value, theme.button_text, (rect.right - 16, top + 2), align="right")
            # The rows' words are game/play's (the play catalog); `_` finds them there, or keeps words already translated.
            draw_line(surface, fonts.body, _(option.title), theme.button_text, (rect.x + 16, top), value_rect.x - rect.x - 32)
            if not self.compact:
                draw_line(surface, fonts.small, _(option.why), theme.button_muted, (rect.x + 16, rect.y + 6 + fonts.body.line_height), rect.width - 32)
        note_y = self.box.bottom - fonts.small.line_height - 10
        if self.compact and self.options:
            why = _(self.options[self.focus % len(self.options)].why)
            draw_line(surface, fonts.small, why, theme.text, (self.box.x + 24, note_y - fonts.small.line_height - 6), self.box.width - 48)
        note = footer_keys(fonts.small, _(NOTE), self.box.width - 48)
        draw_line(surface, fonts.small, note, theme.muted, (self.box.x + 24, note_y), self.box.width - 48)
