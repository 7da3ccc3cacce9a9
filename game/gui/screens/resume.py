"""Offer to resume a saved run: Enter, `y` or Esc resumes, `n` starts over."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.engine.session import Session
from game.gui.buttons import Button, ButtonGroup
from game.gui.screen import Screen, char, is_back
from game.gui.labels import mode_word
from game.gui.text import draw_paragraph
from game.i18n import _, ngettext
from game.play.catalog import Entry

if TYPE_CHECKING:
    from game.gui.app import GuiApp


def resume_text(session: Session, title: str | None = None) -> str:
    """What the save holds: scenario (by `title`, the title in the language shown, else the save's own), mode and how far it got."""
    made = len(session.turns)
    return ngettext(
        "You have a saved run of {title}: {mode} mode, {count} reply made. Resume where you left off?",
        "You have a saved run of {title}: {mode} mode, {count} replies made. Resume where you left off?",
        made,
    ).format(title=title or session.scenario.title, mode=mode_word(session.mode), count=made)


class ResumeScreen(Screen):
    """A small box over the picker with two buttons."""

    name = "resume"
    modal = True

    def __init__(self, app: GuiApp, entry: Entry, saved: Session):
        super().__init__(app)
        self.entry = entry
        self.saved = saved
        self.box = pygame.Rect(0, 0, 0, 0)
        self.buttons = ButtonGroup([Button(_("Resume"), hint="y"), Button(_("Start over"), hint="n")], vertical=False)

    def locale_changed(self) -> None:
        """Another language: the buttons' words again."""
        for button, label in zip(self.buttons.buttons, (_("Resume"), _("Start over"))):
            button.label = label
        self.layout(self.size)

    def layout(self, size: tuple[int, int]) -> None:
        """A centred box, the buttons side by side at its foot."""
        super().layout(size)
        fonts = self.app.fonts
        width = min(600, size[0] - 48)
        height = fonts.heading.line_height + 4 * fonts.body.line_height + fonts.body.line_height + 100
        self.box = pygame.Rect(0, 0, width, height)
        self.box.center = (size[0] // 2, size[1] // 2)
        button_w = (width - 48 - 16) // 2
        y = self.box.bottom - 24 - (fonts.body.line_height + 16)
        for index, button in enumerate(self.buttons.buttons):
            button.rect = pygame.Rect(self.box.x + 24 + index * (button_w + 16), y, button_w, fonts.body.line_height + 16)

    def handle(self, event: pygame.event.Event) -> None:
        """y, n, Esc, the buttons (mouse, ← → and Enter)."""
        pressed = self.buttons.handle(event)
        self.dirty = self.dirty or self.buttons.changed
        if pressed is not None:
            self.answer(pressed == 0)
        elif event.type == pygame.KEYDOWN:
            typed = char(event).lower()
            if typed == "y" or is_back(event):
                self.answer(True)
            elif typed == "n":
                self.answer(False)

    def answer(self, resume: bool) -> None:
        """Resume the saved session, or start afresh."""
        self.app.resume(self.entry, self.saved if resume else None)

    def draw(self, surface: pygame.Surface) -> None:
        """The question and the two buttons."""
        theme, fonts = self.app.theme, self.app.fonts
        y = self.draw_box(surface, self.box, _("A saved run"))
        room = pygame.Rect(self.box.x + 24, y, self.box.width - 48, self.buttons.buttons[0].rect.y - y - 8)
        draw_paragraph(surface, fonts.body, resume_text(self.saved, self.entry.scenario.title), theme.text, room)
        self.buttons.draw(surface, theme, fonts.body)
