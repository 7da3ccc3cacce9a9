"""Welcome and profile: name, cohort and team, remembered for next time.

The three fields are pygame-gui text entry lines (typing, selection, the cursor, input
methods for any script) in the bundled font with CJK coverage; they show text literally.
Tab moves between fields, Enter starts, Esc leaves an edit unchanged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame
import pygame_gui

from game.gui.buttons import Button, ButtonGroup
from game.gui.fonts import font_path
from game.gui.screen import Screen, is_back
from game.gui.text import draw_line
from game.gui.theme import Theme
from game.i18n import N_, _
from game.play.playthrough import Profile
from game.store.errors import StoreError
from game.store.players import check_name

if TYPE_CHECKING:
    from game.gui.app import GuiApp

FIELDS = (
    ("name", N_("Your name (shown on leaderboards)")),
    ("cohort", N_("Cohort (your hire class, optional)")),
    ("team", N_("Team (optional)")),
)
MAX_LENGTH = 200
TAGLINE = N_("Practise the hardest moments of customer service.")


def hex_colour(colour: tuple[int, ...]) -> str:
    """'#rrggbb' for an RGB tuple (pygame-gui themes take strings)."""
    return "#{:02x}{:02x}{:02x}".format(*colour[:3])


def gui_theme(theme: Theme, size: int) -> dict:
    """A pygame-gui theme for the text fields: our colours and our font."""
    return {
        "text_entry_line": {
            "colours": {
                "dark_bg": hex_colour(theme.background),
                "normal_text": hex_colour(theme.text),
                "selected_bg": hex_colour(theme.accent),
                "selected_text": hex_colour(theme.background),
                "text_cursor": hex_colour(theme.text),
                "normal_border": hex_colour(theme.muted),
                "focused_border": hex_colour(theme.focus),
            },
            "font": {"name": f"dojo-{size}", "size": str(size), "regular_path": str(font_path())},
            "misc": {"border_width": "2", "shape": "rounded_rectangle", "shape_corner_radius": "6", "padding": "8,4"},
        }
    }


class ProfileScreen(Screen):
    """Asks who is playing; hands the Profile to the app."""

    name = "profile"

    def __init__(self, app: GuiApp, profile: Profile | None, editing: bool):
        super().__init__(app)
        profile = profile or Profile("")
        self.values = {"name": profile.name, "cohort": profile.cohort or "", "team": profile.team or ""}
        self.editing = editing
        self.error = ""
        self.focus = 0
        self.manager: pygame_gui.UIManager | None = None
        self.entries: dict[str, pygame_gui.elements.UITextEntryLine] = {}
        self.labels: list[tuple[str, tuple[int, int]]] = []
        self.card = pygame.Rect(0, 0, 0, 0)
        self.start = ButtonGroup([Button(_("Start"), hint="Enter")])

    def layout(self, size: tuple[int, int]) -> None:
        """A centred card; the fields are built again at the new size, keeping what was typed."""
        super().layout(size)
        self._keep_values()
        fonts = self.app.fonts
        self.start.buttons[0].label = _("Start")  # laid out again when the language changes
        width = min(max(620, fonts.body.width(_(TAGLINE)) + 48), size[0] - 48)  # the tagline whole at every size
        field_h = fonts.body.line_height + 16
        height = fonts.title.line_height + fonts.body.line_height + 3 * (fonts.small.line_height + field_h + 18) + field_h + 90
        self.card = pygame.Rect(0, 0, width, min(height, size[1] - 24))
        self.card.center = (size[0] // 2, size[1] // 2)
        self.manager = pygame_gui.UIManager(size, gui_theme(self.app.theme, fonts.body_size))
        x, y = self.card.x + 28, self.card.y + 20 + fonts.title.line_height + fonts.body.line_height + 16
        self.labels, self.entries = [], {}
        for key, label in FIELDS:
            self.labels.append((_(label), (x, y)))
            y += fonts.small.line_height + 4
            entry = pygame_gui.elements.UITextEntryLine(pygame.Rect(x, y, width - 56, field_h), self.manager)
            entry.set_text_length_limit(MAX_LENGTH)
            if self.values[key]:
                entry.set_text(self.values[key])  # set after creation: the cursor then follows the text
            self.entries[key] = entry
            y += field_h + 14
        self.start.buttons[0].rect = pygame.Rect(x, y + fonts.small.line_height + 8, width - 56, field_h)
        self._focus(self.focus)

    def _keep_values(self) -> None:
        for key, entry in self.entries.items():
            self.values[key] = entry.get_text()

    def _focus(self, index: int) -> None:
        self.focus = index % len(FIELDS)
        for position, (key, _label) in enumerate(FIELDS):
            entry = self.entries.get(key)
            if entry is None:
                continue
            if position == self.focus:
                entry.focus()
            else:
                entry.unfocus()

    def set_field(self, key: str, text: str) -> None:
        """Fill a field (autoplay, tests)."""
        self.values[key] = text
        if key in self.entries:
            self.entries[key].set_text(text)
        self.dirty = True

    def handle(self, event: pygame.event.Event) -> None:
        """Typing goes to the focused field; Tab, Enter and Esc are ours."""
        if event.type == pygame.KEYDOWN and event.key == pygame.K_TAB:
            self._focus(self.focus + (-1 if event.mod & pygame.KMOD_SHIFT else 1))
        elif event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.submit()
        elif is_back(event):
            if self.editing:
                self.app.pop()
        elif self.start.handle(event) is not None:
            self.submit()
        elif self.manager is not None:
            if event.type == pygame.MOUSEBUTTONDOWN:
                clicked = next((i for i, (key, _label) in enumerate(FIELDS) if self.entries[key].rect.collidepoint(event.pos)), None)
                if clicked is not None:
                    self.focus = clicked
            self.manager.process_events(event)
            self._clear_error()
        self.dirty = True

    def _clear_error(self) -> None:
        """The name's error goes as soon as what is typed would pass."""
        if not self.error or "name" not in self.entries:
            return
        try:
            check_name(self.entries["name"].get_text())
        except StoreError:
            return
        self.error = ""

    def submit(self) -> None:
        """Check the name and hand the profile to the app."""
        self._keep_values()
        try:
            name = check_name(self.values["name"])
        except StoreError as error:
            self.error = error.message
            self._focus(0)
            self.dirty = True
            return
        profile = Profile(name, self.values["cohort"].strip() or None, self.values["team"].strip() or None)
        self.app.set_profile(profile)

    def update(self, seconds: float) -> None:
        """pygame-gui animates the cursor: draw every frame while this screen shows."""
        if self.manager is not None:
            self.manager.update(seconds)
        self.dirty = True

    def draw(self, surface: pygame.Surface) -> None:
        """The card: title, tagline, labelled fields, the error if any, Start."""
        theme, fonts, card = self.app.theme, self.app.fonts, self.card
        surface.fill(theme.background)
        pygame.draw.rect(surface, theme.panel, card, border_radius=16)
        pygame.draw.rect(surface, theme.accent, card, width=3, border_radius=16)
        draw_line(surface, fonts.title, "Service Dojo", theme.accent, (card.centerx, card.y + 14), card.width - 40, "center")
        draw_line(surface, fonts.body, _(TAGLINE), theme.muted, (card.centerx, card.y + 18 + fonts.title.line_height), card.width - 40, "center")
        for label, pos in self.labels:
            draw_line(surface, fonts.small, label, theme.text, pos, card.width - 56)
        if self.error:
            button = self.start.buttons[0].rect
            draw_line(surface, fonts.small, self.error, theme.bad, (button.x, button.y - fonts.small.line_height - 6), button.width)
        self.start.draw(surface, theme, fonts.body, show_focus=False)
        if self.manager is not None:
            self.manager.draw_ui(surface)
        hint = _("Tab: next field  ·  Enter: start  ·  Esc: back") if self.editing else _("Tab: next field  ·  Enter: start")
        self.draw_footer(surface, hint)

    def settings_changed(self) -> None:
        """New colours: rebuild the fields in them."""
        self.layout(self.size)
