"""The scenario picker: each scenario's title, level, skills, minutes, the trainee's best and band, new or played.

↑ ↓ move, Enter or a click plays, the wheel scrolls; `f` cycles the skill filter, `m`
switches practice and ranked, `l` leaderboards, `p` profile, `s` settings, `?` help,
Esc or `q` quits. The highlighted scenario's summary shows at the right.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.gui.buttons import Button, ButtonGroup
from game.gui.screen import MARGIN, Screen, char, is_back
from game.gui.text import draw_line, draw_paragraph
from game.play.catalog import Entry
from game.play.views import PickerRow

if TYPE_CHECKING:
    from game.gui.app import GuiApp

ACTIONS = (("Play  ▶", "Enter"), ("Mode", "m"), ("Filter", "f"), ("Leaderboards", "l"), ("Profile", "p"), ("Settings", "s"), ("Help", "?"))


class PickerScreen(Screen):
    """The list of scenarios; see the module docstring."""

    name = "picker"

    def __init__(self, app: GuiApp):
        super().__init__(app)
        self.skill: str | None = None
        self.shown: list[Entry] = []
        self.selected = 0
        self.offset = 0
        self.rows: list[pygame.Rect] = []
        self.list_rect = pygame.Rect(0, 0, 0, 0)
        self.panel = pygame.Rect(0, 0, 0, 0)
        self.view: tuple[PickerRow, ...] = ()  # the rows of the entries shown, in their order
        self.actions = ButtonGroup(vertical=False)
        self.actions_top: int  # the top of the action buttons, set by layout()
        self.fill()
        if app.start is not None:
            self.select(app.start.scenario.id)

    # Data -----------------------------------------------------------------------------

    def fill(self) -> None:
        """(Re)read the entries for the current filter and the player's records."""
        picker = self.app.controller.picker(self.skill)
        self.shown, self.view = list(picker.entries), picker.rows
        self.selected = min(self.selected, max(len(self.shown) - 1, 0))
        self.dirty = True

    def select(self, scenario_id: str) -> None:
        """Highlight the scenario with this id (if shown)."""
        ids = [entry.scenario.id for entry in self.shown]
        if scenario_id in ids:
            self.selected = ids.index(scenario_id)
            self._keep_visible()

    def resumed(self) -> None:
        """Back from a run: the best scores and statuses may have changed."""
        self.fill()

    # Layout ---------------------------------------------------------------------------

    def row_height(self) -> int:
        """One scenario's row: title and a line of details."""
        return self.app.fonts.heading.line_height + self.app.fonts.small.line_height + 20

    def layout(self, size: tuple[int, int]) -> None:
        """The list at the left, the summary panel at the right (under the list when narrow)."""
        super().layout(size)
        fonts = self.app.fonts
        width, height = size
        top = fonts.heading.line_height + 16 + MARGIN
        bottom = height - fonts.small.line_height - 12 - MARGIN
        if width >= 900:
            list_w = round((width - 3 * MARGIN) * 0.58)
            self.list_rect = pygame.Rect(MARGIN, top, list_w, bottom - top)
            self.panel = pygame.Rect(self.list_rect.right + MARGIN, top, width - list_w - 3 * MARGIN, bottom - top)
        else:
            panel_h = round((bottom - top) * 0.42)
            self.list_rect = pygame.Rect(MARGIN, top, width - 2 * MARGIN, bottom - top - panel_h - MARGIN)
            self.panel = pygame.Rect(MARGIN, self.list_rect.bottom + MARGIN, width - 2 * MARGIN, panel_h)
        self._place_actions()
        if self.actions_top - self.panel.y < 5 * fonts.body.line_height:
            self.actions.buttons = []  # a cramped panel keeps the summary; the footer lists the keys
            self.actions_top = self.panel.bottom - 8
        self._keep_visible()

    def _place_actions(self) -> None:
        """The action buttons along the bottom of the summary panel, wrapping onto rows."""
        fonts = self.app.fonts
        buttons = []
        height = fonts.body.line_height + 14
        x, y = self.panel.x + 16, self.panel.bottom - 16 - height
        rows: list[list[Button]] = [[]]
        for label, key in ACTIONS:
            if label == "Mode":
                label = f"Mode: {self.app.mode}"
            width = fonts.body.width(label) + fonts.small.width(key) + 44
            if x + width > self.panel.right - 16 and rows[-1]:
                rows.append([])
                x = self.panel.x + 16
            button = Button(label, pygame.Rect(x, 0, width, height), hint=key)
            rows[-1].append(button)
            buttons.append(button)
            x += width + 8
        for index, row in enumerate(reversed(rows)):
            for button in row:
                button.rect.y = y - index * (height + 8)
        self.actions.buttons = buttons
        self.actions_top = min((button.rect.y for button in buttons), default=self.panel.bottom)

    def _keep_visible(self) -> None:
        visible = max(self.list_rect.height // self.row_height(), 1)
        if self.selected < self.offset:
            self.offset = self.selected
        elif self.selected >= self.offset + visible:
            self.offset = self.selected - visible + 1
        self.offset = max(0, min(self.offset, max(len(self.shown) - visible, 0)))
        self.dirty = True

    # Events ---------------------------------------------------------------------------

    def handle(self, event: pygame.event.Event) -> None:
        """Move, play, and the one-letter actions."""
        if event.type == pygame.MOUSEWHEEL:
            self.offset = max(0, min(self.offset - event.y, max(len(self.shown) - 1, 0)))
            self.dirty = True
            return
        if event.type in (pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN):
            pressed = self.actions.handle(event)
            if self.actions.changed:
                self.dirty = True
            if pressed is not None:
                self.act(ACTIONS[pressed][1])
                return
            if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
                row = next((i for i, rect in enumerate(self.rows) if rect.collidepoint(event.pos)), None)
                if row is not None:
                    self.selected = self.offset + row
                    self.act("Enter")
            return
        if event.type != pygame.KEYDOWN:
            return
        if event.key in (pygame.K_UP, pygame.K_DOWN, pygame.K_PAGEUP, pygame.K_PAGEDOWN, pygame.K_HOME, pygame.K_END):
            self.move(event.key)
        elif event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.act("Enter")
        elif is_back(event):
            self.app.quit()
        else:
            self.act(char(event).lower())

    def move(self, key: int) -> None:
        """Move the highlight by a row, a page, or to either end."""
        if not self.shown:
            return
        page = max(self.list_rect.height // self.row_height(), 1)
        step = {pygame.K_UP: -1, pygame.K_DOWN: 1, pygame.K_PAGEUP: -page, pygame.K_PAGEDOWN: page}.get(key)
        if step is not None:
            self.selected = max(0, min(self.selected + step, len(self.shown) - 1))
        else:
            self.selected = 0 if key == pygame.K_HOME else len(self.shown) - 1
        self._keep_visible()

    def act(self, key: str) -> None:
        """Do what a key (or the button showing it) stands for."""
        app = self.app
        if key == "Enter" and self.shown:
            app.sounds.play("select")
            app.begin(self.shown[self.selected])
        elif key == "m":
            app.controller.switch_mode()
            self.layout(self.size)
        elif key == "f":
            self.skill = app.controller.next_skill(self.skill)
            self.selected = self.offset = 0
            self.fill()
        elif key == "l":
            app.show_boards()
        elif key == "p":
            app.show_profile()
        elif key == "s":
            app.show_settings()
        elif key == "?":
            app.show_help()
        elif key == "q":
            app.quit()

    # Drawing --------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        """Header, the list, the summary panel and the key line."""
        app, theme = self.app, self.app.theme
        surface.fill(theme.background)
        skill = self.skill or "all skills"
        self.draw_header(surface, "Service Dojo", f"{app.profile.name}  ·  {app.mode.upper()}  ·  {skill}  ·  {len(self.shown)} scenarios")
        self._draw_list(surface)
        self._draw_panel(surface)
        self.draw_footer(surface, "↑↓ move  ·  Enter or click: play  ·  m: practice/ranked  ·  f: filter  ·  l: leaderboards  ·  p: profile  ·  s: settings  ·  ?: help  ·  Esc: quit")

    def _draw_list(self, surface: pygame.Surface) -> None:
        theme, fonts = self.app.theme, self.app.fonts
        self.rows = []
        height = self.row_height()
        y = self.list_rect.y
        if not self.shown:
            draw_line(surface, fonts.body, "No scenario trains that skill; press f for the next filter.", theme.muted, (self.list_rect.x, y), self.list_rect.width)
            return
        for index in range(self.offset, len(self.shown)):
            if y + height > self.list_rect.bottom + 1:
                break
            rect = pygame.Rect(self.list_rect.x, y, self.list_rect.width, height - 6)
            self.rows.append(rect)
            self._draw_row(surface, rect, self.view[index], index == self.selected)
            y += height
        if self.offset + len(self.rows) < len(self.shown):
            more = f"▼ {len(self.shown) - self.offset - len(self.rows)} more"
            draw_line(surface, fonts.small, more, theme.muted, (self.list_rect.right, self.list_rect.bottom - fonts.small.line_height), align="right")

    def _draw_row(self, surface: pygame.Surface, rect: pygame.Rect, row: PickerRow, selected: bool) -> None:
        theme, fonts = self.app.theme, self.app.fonts
        saved = row.saved
        pygame.draw.rect(surface, theme.button_hover if selected else theme.panel, rect, border_radius=10)
        if selected:
            pygame.draw.rect(surface, theme.focus, rect, width=3, border_radius=10)
        status = row.status
        status_image = fonts.small.render(status, theme.background)
        pill = pygame.Rect(0, 0, status_image.get_width() + 16, fonts.small.line_height + 4)
        pill.topright = (rect.right - 12, rect.y + 10)
        pygame.draw.rect(surface, theme.accent if status == "NEW" else theme.good if saved else theme.muted, pill, border_radius=pill.height // 2)
        surface.blit(status_image, (pill.x + 8, pill.y + 2))
        draw_line(surface, fonts.heading, row.title, theme.text, (rect.x + 14, rect.y + 8), pill.x - rect.x - 24)
        details = f"{row.level}  ·  {row.minutes} min  ·  {', '.join(row.skills)}  ·  {row.best_label}"
        draw_line(surface, fonts.small, details, theme.muted, (rect.x + 14, rect.y + 10 + fonts.heading.line_height), rect.width - 28)

    def _draw_panel(self, surface: pygame.Surface) -> None:
        theme, fonts, panel = self.app.theme, self.app.fonts, self.panel
        pygame.draw.rect(surface, theme.panel, panel, border_radius=12)
        self.actions.draw(surface, theme, fonts.body, show_focus=False)
        if not self.shown:
            return
        scenario = self.shown[self.selected].scenario
        x, width = panel.x + 18, panel.width - 36
        y = panel.y + 14
        y = draw_paragraph(surface, fonts.heading, scenario.title, theme.text, pygame.Rect(x, y, width, fonts.heading.line_height * 2)) + 4
        facts = f"level {scenario.difficulty}  ·  about {scenario.minutes} min  ·  {len(scenario.cast)} in the scene"
        draw_line(surface, fonts.small, facts, theme.muted, (x, y), width)
        y += fonts.small.line_height + 2
        draw_line(surface, fonts.small, "trains " + ", ".join(scenario.skills), theme.accent, (x, y), width)
        y += fonts.small.line_height + 10
        room = pygame.Rect(x, y, width, max(0, self.actions_top - y - 12 - fonts.small.line_height))
        if room.height >= fonts.body.line_height:
            draw_paragraph(surface, fonts.body, scenario.summary, theme.text, room)
        mode = "Practice: coaching after each reply, undo allowed." if self.app.mode == "practice" else "Ranked: no hints, no undo; counts on the leaderboards."
        draw_line(surface, fonts.small, mode, theme.muted, (x, self.actions_top - 8 - fonts.small.line_height), width)
