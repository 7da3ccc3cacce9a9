"""The scenario picker: each scenario's title, level, skills, minutes, the trainee's best and band, new or played.

↑ ↓ move, Enter or a click plays, the wheel scrolls; `f` cycles the skill filter, `m`
switches practice and ranked, `l` leaderboards, `p` profile, `s` settings, `?` help,
Esc or `q` asks before it quits. The highlighted scenario's summary shows at the right
(below the list in a narrow window); a summary longer than its panel scrolls with the
wheel over it or Shift+↑ ↓.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.gui.buttons import Button, ButtonGroup
from game.gui.fonts import TextCache
from game.gui.labels import mode_heading, mode_word, skill_list, skill_word
from game.gui.screen import MARGIN, Screen, char, is_back
from game.gui.text import draw_line, draw_paragraph, wrap
from game.i18n import N_, SOURCE_LOCALE, _, active_locale, ngettext
from game.play.catalog import Entry
from game.play.views import PickerRow, scenario_title

if TYPE_CHECKING:
    from game.gui.app import GuiApp
    from scoring.rubric import Rubric

QUIT_TITLE = N_("Quit Service Dojo?")
QUIT_KEYS = N_("Enter or Esc: quit   ·   any other key: stay")
MODIFIER_KEYS = {pygame.K_LSHIFT, pygame.K_RSHIFT, pygame.K_LCTRL, pygame.K_RCTRL, pygame.K_LALT, pygame.K_RALT, pygame.K_LGUI, pygame.K_RGUI}
# The buttons: their labels (translated where drawn) and the key each stands for.
ACTIONS = ((N_("Play  ▶"), "Enter"), (N_("Mode"), "m"), (N_("Filter"), "f"), (N_("Leaderboards"), "l"), (N_("Profile"), "p"), (N_("Settings"), "s"), (N_("Help"), "?"))


def details_text(row: PickerRow, rubric: Rubric | None = None) -> str:
    """A row's line of details: the player's best comes early, so a narrow row cuts skills, not the best."""
    return _("{level}  ·  {best}  ·  {minutes} min  ·  {skills}").format(
        level=row.level, best=row.best_label, minutes=row.minutes, skills=skill_list(row.skills, rubric)
    )


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
        self.button_font = app.fonts.body
        self.summary_scroll = 0  # the first summary line shown
        self.summary_lines = 0  # how many summary lines fit in the panel (set when drawn)
        self.asking_quit = False  # Esc or q was pressed: the quit question is showing
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
            self._place_actions(fonts.body)
            if self.actions_top - self.panel.y < self._panel_words_height():
                self._place_actions(fonts.small)
        else:
            # Narrow: the panel under the list. Its buttons take small type and the panel grows
            # (the list keeps two rows) rather than lose its buttons.
            least_list = 2 * self.row_height()
            for panel_h in (round((bottom - top) * 0.42), bottom - top - MARGIN - least_list):
                self.list_rect = pygame.Rect(MARGIN, top, width - 2 * MARGIN, bottom - top - panel_h - MARGIN)
                self.panel = pygame.Rect(MARGIN, self.list_rect.bottom + MARGIN, width - 2 * MARGIN, panel_h)
                self._place_actions(fonts.small)
                if self.actions_top - self.panel.y >= self._panel_words_height():
                    break
        self._keep_visible()

    def _narrow(self) -> bool:
        """The panel sits under the list (a narrow window)."""
        return self.panel.y > self.list_rect.y

    def _panel_words_height(self) -> int:
        """The least room above the buttons: title (wide only), facts, skills, three lines of summary (one may say "more"), the mode line."""
        fonts = self.app.fonts
        return 14 + (0 if self._narrow() else fonts.heading.line_height + 4) + 2 * fonts.small.line_height + 12 + 3 * fonts.body.line_height + 12 + fonts.small.line_height + 8

    def _place_actions(self, font: TextCache) -> None:
        """The action buttons along the bottom of the summary panel in `font`, wrapping onto rows."""
        self.button_font = font
        buttons = []
        height = font.line_height + 14
        x, y = self.panel.x + 16, self.panel.bottom - 16 - height
        rows: list[list[Button]] = [[]]
        for label, key in ACTIONS:
            label = _("Mode: {mode}").format(mode=mode_word(self.app.mode)) if label == "Mode" else _(label)
            width = font.width(label) + font.width(key) + 44
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

    def visible_rows(self) -> int:
        """How many rows the list shows; when some are left out, "▼ N more" needs room in the gap under it."""
        room = self.list_rect.height + 6  # the last row's gap below it may go
        if len(self.shown) * self.row_height() > room:
            room -= max(self.app.fonts.small.line_height - MARGIN + 4, 0)
        return max(room // self.row_height(), 1)

    def _keep_visible(self) -> None:
        visible = self.visible_rows()
        if self.selected < self.offset:
            self.offset = self.selected
        elif self.selected >= self.offset + visible:
            self.offset = self.selected - visible + 1
        self.offset = max(0, min(self.offset, max(len(self.shown) - visible, 0)))
        self.dirty = True

    # Events ---------------------------------------------------------------------------

    def handle(self, event: pygame.event.Event) -> None:
        """Move, play, and the one-letter actions."""
        if self.asking_quit:
            self._answer_quit(event)
            return
        if event.type == pygame.MOUSEWHEEL:
            if self.panel.collidepoint(pygame.mouse.get_pos()):
                self.scroll_summary(-event.y)
                return
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
        if event.key in (pygame.K_UP, pygame.K_DOWN) and event.mod & pygame.KMOD_SHIFT:
            self.scroll_summary(1 if event.key == pygame.K_DOWN else -1)
        elif event.key in (pygame.K_UP, pygame.K_DOWN, pygame.K_PAGEUP, pygame.K_PAGEDOWN, pygame.K_HOME, pygame.K_END):
            self.move(event.key)
        elif event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.act("Enter")
        elif is_back(event):
            self.act("q")
        else:
            self.act(char(event).lower())

    def _answer_quit(self, event: pygame.event.Event) -> None:
        """The quit question: Enter, y, Esc or q quit; n, any other key or a click stays."""
        if event.type == pygame.KEYDOWN:
            typed = char(event).lower()
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER) or typed in ("y", "q") or is_back(event):
                self.app.quit()
                return
            if event.key in MODIFIER_KEYS:
                return
        elif event.type != pygame.MOUSEBUTTONDOWN:
            return
        self.asking_quit = False
        self.dirty = True

    def scroll_summary(self, lines: int) -> None:
        """Scroll the highlighted scenario's summary by `lines` (never past its end)."""
        total = self._summary_total()
        self.summary_scroll = max(0, min(self.summary_scroll + lines, max(total - self.summary_lines, 0)))
        self.dirty = True

    def _summary_total(self) -> int:
        """How many lines the highlighted summary wraps to in the panel."""
        if not self.shown:
            return 0
        return len(wrap(self.app.fonts.body, self.shown[self.selected].scenario.summary, self.panel.width - 36))

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
        self.summary_scroll = 0
        self._keep_visible()

    def act(self, key: str) -> None:
        """Do what a key (or the button showing it) stands for."""
        app = self.app
        if key == "Enter" and self.shown:
            app.sounds.play("select")
            app.begin(self.shown[self.selected])
        elif key == "m":
            app.controller.switch_mode()
            self.fill()  # the best shown is the mode's: ranked mode shows the ranked best
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
            self.asking_quit = True
            self.dirty = True

    def _rubric(self) -> Rubric | None:
        """The rubric whose titles name the skills in a locale other than English (in English the
        skills show by id, and the picker's first paint does not wait for the scorer)."""
        return None if active_locale() == SOURCE_LOCALE else self.app.scorer.rubric

    def locale_changed(self) -> None:
        """Another language: the rows' words and the buttons' widths change."""
        self.fill()
        self.layout(self.size)

    # Drawing --------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        """Header, the list, the summary panel and the key line."""
        app, theme = self.app, self.app.theme
        surface.fill(theme.background)
        skill = skill_word(self.skill, self._rubric()) if self.skill else _("all skills")
        count = len(self.shown)
        right = ngettext(
            "{player}  ·  {mode}  ·  {skill}  ·  {count} scenarios", "{player}  ·  {mode}  ·  {skill}  ·  {count} scenarios", count
        ).format(player=app.profile.name, mode=mode_heading(app.mode), skill=skill, count=count)
        self.draw_header(surface, "Service Dojo", right)
        self._draw_list(surface)
        self._draw_panel(surface)
        self.draw_footer(
            surface,
            _("↑↓ move  ·  Enter or click: play  ·  m: practice/ranked  ·  f: filter  ·  l: leaderboards  ·  p: profile  ·  s: settings  ·  ?: help  ·  Esc: quit"),
        )
        if self.asking_quit:
            self._draw_quit_question(surface)

    def _draw_quit_question(self, surface: pygame.Surface) -> None:
        """A box in the middle: quit or stay."""
        theme, fonts = self.app.theme, self.app.fonts
        title, keys = _(QUIT_TITLE), _(QUIT_KEYS)
        width = min(surface.get_width() - 2 * MARGIN, max(fonts.body.width(keys), fonts.heading.width(title)) + 64)
        box = pygame.Rect(0, 0, width, fonts.heading.line_height + fonts.body.line_height + 24 + 24 + 14)
        box.center = surface.get_rect().center
        y = self.draw_box(surface, box, title)
        draw_line(surface, fonts.body, keys, theme.text, (box.x + 24, y + 4), box.width - 48)

    def _draw_list(self, surface: pygame.Surface) -> None:
        theme, fonts = self.app.theme, self.app.fonts
        self.rows = []
        height = self.row_height()
        y = self.list_rect.y
        if not self.shown:
            draw_line(surface, fonts.body, _("No scenario trains that skill; press f for the next filter."), theme.muted, (self.list_rect.x, y), self.list_rect.width)
            return
        for index in range(self.offset, min(self.offset + self.visible_rows(), len(self.shown))):
            rect = pygame.Rect(self.list_rect.x, y, self.list_rect.width, height - 6)
            self.rows.append(rect)
            self._draw_row(surface, rect, self.view[index], index == self.selected)
            y += height
        if self.offset + len(self.rows) < len(self.shown):
            hidden = len(self.shown) - self.offset - len(self.rows)
            more = ngettext("▼ {count} more", "▼ {count} more", hidden).format(count=hidden)
            draw_line(surface, fonts.small, more, theme.muted, (self.list_rect.right, y - 4), align="right")

    def _draw_row(self, surface: pygame.Surface, rect: pygame.Rect, row: PickerRow, selected: bool) -> None:
        theme, fonts = self.app.theme, self.app.fonts
        saved = row.saved
        pygame.draw.rect(surface, theme.button_hover if selected else theme.panel, rect, border_radius=10)
        if selected:
            pygame.draw.rect(surface, theme.focus, rect, width=3, border_radius=10)
        status = row.status
        # On a selected row (the button's fill) a NEW pill takes the reply badge's colours, which stand out from it.
        new = row.new  # the NEW pill (its words are the view's, in any language)
        fill, words = (theme.badge, theme.badge_text) if selected and new else (theme.accent if new else theme.good if saved else theme.muted, theme.background)
        status_image = fonts.small.render(status, words)
        pill = pygame.Rect(0, 0, status_image.get_width() + 16, fonts.small.line_height + 4)
        pill.topright = (rect.right - 12, rect.y + 10)
        pygame.draw.rect(surface, fill, pill, border_radius=pill.height // 2)
        surface.blit(status_image, (pill.x + 8, pill.y + 2))
        # A selected row has the button's fill, so its words take the button's colours.
        title_colour, detail_colour = (theme.button_text, theme.button_muted) if selected else (theme.text, theme.muted)
        draw_line(surface, fonts.heading, row.title, title_colour, (rect.x + 14, rect.y + 8), pill.x - rect.x - 24)
        draw_line(surface, fonts.small, details_text(row, self._rubric()), detail_colour, (rect.x + 14, rect.y + 10 + fonts.heading.line_height), rect.width - 28)

    def _draw_panel(self, surface: pygame.Surface) -> None:
        theme, fonts, panel = self.app.theme, self.app.fonts, self.panel
        pygame.draw.rect(surface, theme.panel, panel, border_radius=12)
        self.actions.draw(surface, theme, self.button_font, show_focus=False)
        if not self.shown:
            return
        scenario = self.shown[self.selected].scenario
        x, width = panel.x + 18, panel.width - 36
        y = panel.y + 14
        if not self._narrow():  # a narrow window shows the title in the highlighted row just above
            y = draw_paragraph(surface, fonts.heading, scenario_title(scenario), theme.text, pygame.Rect(x, y, width, fonts.heading.line_height * 2)) + 4
        facts = _("level {level}  ·  about {minutes} min  ·  {people} in the scene").format(
            level=scenario.difficulty, minutes=scenario.minutes, people=len(scenario.cast)
        )
        draw_line(surface, fonts.small, facts, theme.muted, (x, y), width)
        y += fonts.small.line_height + 2
        trains = _("trains {skills}").format(skills=skill_list(scenario.skills, self._rubric()))
        draw_line(surface, fonts.small, trains, theme.accent, (x, y), width)
        y += fonts.small.line_height + 10
        room = pygame.Rect(x, y, width, max(0, self.actions_top - y - 12 - fonts.small.line_height))
        self._draw_summary(surface, scenario.summary, room)
        mode = _("Practice: coaching after each reply, undo allowed.") if self.app.mode == "practice" else _("Ranked: no hints, no undo; counts on the leaderboards.")
        draw_line(surface, fonts.small, mode, theme.muted, (x, self.actions_top - 8 - fonts.small.line_height), width)

    def _draw_summary(self, surface: pygame.Surface, summary: str, room: pygame.Rect) -> None:
        """The summary from its scroll position; a marker says when more lies above or below."""
        theme, fonts = self.app.theme, self.app.fonts
        body = fonts.body
        lines = wrap(body, summary, room.width)
        fits = max(room.height // body.line_height, 0)
        if len(lines) > fits:
            fits -= 1  # the last line says there is more
        self.summary_lines = fits
        if fits <= 0:
            return
        self.summary_scroll = max(0, min(self.summary_scroll, max(len(lines) - fits, 0)))
        more_below = self.summary_scroll + fits < len(lines)
        shown = lines[self.summary_scroll : self.summary_scroll + fits]
        y = room.y
        for line in shown:
            surface.blit(body.render(line, theme.text), (room.x, y))
            y += body.line_height
        if more_below or self.summary_scroll:
            mark = ("▲ " if self.summary_scroll else "") + ("▼ " if more_below else "") + _("wheel or Shift+↑↓: more")
            tag = fonts.small.render(mark, theme.muted)
            surface.blit(tag, tag.get_rect(topright=(room.right, y + 2)))
