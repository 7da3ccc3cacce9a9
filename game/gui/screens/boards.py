"""Leaderboards: the cohort this week, all time, and per scenario, the trainee's row marked.

Boards come from `game.store.boards.leaderboard` (ranked, verified runs only), built once
per board shown, in a thread: the window keeps drawing (and says the board is loading)
while the store is read, so a slow or busy store never freezes it. The trainee's own row
is marked with ▶ and the word "you", not by colour alone, and shown with its neighbours
even when it is outside the top ten.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

import pygame

from game.gui.buttons import Button, ButtonGroup
from game.gui.screen import MARGIN, Screen, char, is_back
from game.gui.text import draw_line
from game.i18n import N_, _, rubric_text
from game.play.boards import LIMIT, LOADING, MINE, SCENARIO_TAB, TABS, BoardView, tab_titles, board_spec, board_view, no_store, titles_of, unreadable
from game.store.boards import BoardSpec, leaderboard
from game.store.errors import StoreError

if TYPE_CHECKING:
    from game.gui.app import GuiApp

COLUMNS = (N_("RANK"), N_("PLAYER"), N_("SCORE"), N_("BAND"))


class BoardsScreen(Screen):
    """Three boards behind tabs; `[` and `]` change the scenario of the third."""

    name = "boards"

    def __init__(self, app: GuiApp):
        super().__init__(app)
        self.tabs = ButtonGroup([Button(title) for title in tab_titles(app.profile)], vertical=False)
        self.scenario_index = 0
        self.boards: dict[tuple[int, int], BoardView | str] = {}
        self.builders: list[threading.Thread] = []
        self.table = pygame.Rect(0, 0, 0, 0)
        self.generation = 0  # boards read before the language changed are not kept

    def spec(self) -> BoardSpec:
        """The board the current tab shows."""
        return board_spec(self.tabs.focus, self.app.profile, self.app.entries, self.scenario_index)

    def board(self) -> BoardView | str:
        """The current board, or the sentence to show instead (loading, no store, a store problem)."""
        key = (self.tabs.focus, self.scenario_index if self.tabs.focus == SCENARIO_TAB else 0)
        if key not in self.boards:
            if self.app.store is None:
                self.boards[key] = no_store("gui")
            else:
                self.boards[key] = LOADING
                builder = threading.Thread(target=self._build, args=(key, self.spec(), self.app.profile.name, self.generation), daemon=True)
                self.builders.append(builder)
                builder.start()
        return self.boards[key]

    def title_text(self) -> str:
        """The board's title, naming a scenario by its title (never its file id)."""
        board = self.board()
        title = board.title if isinstance(board, BoardView) else ""
        return _("{title}   ([ ] other scenarios)").format(title=title) if self.tabs.focus == SCENARIO_TAB else title

    def locale_changed(self) -> None:
        """Another language: the tabs' titles and the boards' words are read again."""
        for button, title in zip(self.tabs.buttons, tab_titles(self.app.profile)):
            button.label = title
        self.generation += 1  # a board still being read arrives in the old words: it is read again
        self.boards.clear()
        self.layout(self.size)

    def _build(self, key: tuple[int, int], spec: BoardSpec, player: str, generation: int = 0) -> None:
        """In a thread: read one board from the store, then ask for a redraw."""
        store = self.app.store
        assert store is not None
        try:
            found: BoardView | str = board_view(leaderboard(store, spec, limit=LIMIT, player=player), titles_of(self.app.entries))
        except StoreError as error:
            found = unreadable(error.message)
        except Exception as error:  # noqa: BLE001  # a thread's error must reach the screen, not vanish
            found = unreadable(str(error))
        if generation == self.generation:
            self.boards[key] = found
            self.dirty = True

    def busy(self) -> bool:
        """True while a board is still being read (autoplay waits for it before a screenshot)."""
        return any(builder.is_alive() for builder in self.builders)

    def settle(self, timeout: float = 10.0) -> None:
        """Wait for the boards being read (for tests and screenshots)."""
        for builder in self.builders:
            builder.join(timeout)

    def layout(self, size: tuple[int, int]) -> None:
        """Tabs under the header, the table under them."""
        super().layout(size)
        fonts = self.app.fonts
        top = fonts.heading.line_height + 16 + MARGIN
        width = (size[0] - 2 * MARGIN - 2 * 12) // 3
        for index, button in enumerate(self.tabs.buttons):
            button.rect = pygame.Rect(MARGIN + index * (width + 12), top, width, fonts.body.line_height + 16)
        table_top = top + fonts.body.line_height + 16 + MARGIN
        self.table = pygame.Rect(MARGIN, table_top, size[0] - 2 * MARGIN, size[1] - table_top - fonts.small.line_height - 12 - MARGIN)

    def handle(self, event: pygame.event.Event) -> None:
        """Tabs by mouse, ← → or Tab; [ ] for the scenario; Esc back."""
        if event.type == pygame.KEYDOWN and event.key == pygame.K_TAB:
            self.tabs.focus = (self.tabs.focus + 1) % len(TABS)
            self.dirty = True
            return
        before = self.tabs.focus
        self.tabs.handle(event)
        if self.tabs.changed or self.tabs.focus != before:
            self.dirty = True
        if event.type != pygame.KEYDOWN:
            return
        typed = char(event)
        if is_back(event) or typed.lower() == "q":
            self.app.pop()
        elif typed in ("[", "]") and self.app.entries:
            self.tabs.focus = SCENARIO_TAB
            self.scenario_index = (self.scenario_index + (1 if typed == "]" else -1)) % len(self.app.entries)
            self.dirty = True
        elif typed == "?":
            self.app.show_help()

    def draw(self, surface: pygame.Surface) -> None:
        """Header, tabs, the table of rows."""
        theme, fonts = self.app.theme, self.app.fonts
        surface.fill(theme.background)
        self.draw_header(surface, _("Leaderboards"), _("{player}  ·  ranked, verified runs only").format(player=self.app.profile.name))
        self.tabs.draw(surface, theme, fonts.body)
        board = self.board()
        pygame.draw.rect(surface, theme.panel, self.table, border_radius=12)
        x, y, width = self.table.x + 20, self.table.y + 14, self.table.width - 40
        draw_line(surface, fonts.heading, self.title_text(), theme.text, (x, y), width)
        y += fonts.heading.line_height + 10
        if isinstance(board, str):
            draw_line(surface, fonts.body, _(board), theme.muted, (x, y), width)  # LOADING is the play catalog's
        else:
            self._draw_rows(surface, board, x, y, width)
        self.draw_footer(surface, _("← → or Tab: boards  ·  [ ]: other scenario  ·  Esc: back"))

    def _draw_rows(self, surface: pygame.Surface, board: BoardView, x: int, y: int, width: int) -> None:
        theme, fonts = self.app.theme, self.app.fonts
        if board.empty:
            draw_line(surface, fonts.body, board.empty, theme.muted, (x, y), width)
            return
        columns = (x + 40, x + 130, x + width - 260, x + width - 140)  # rank | player | score | band
        for label, column in zip(COLUMNS, columns):
            draw_line(surface, fonts.small, _(label), theme.muted, (column, y))
        y += fonts.small.line_height + 6
        for entry in board.rows:
            if y + fonts.body.line_height > self.table.bottom - 8:
                break
            if entry.gap_before:
                draw_line(surface, fonts.body, "…", theme.muted, (columns[0], y))
                y += fonts.body.line_height
            mine = entry.mine
            if mine:
                pygame.draw.rect(surface, theme.button_hover, pygame.Rect(x - 8, y - 2, width + 16, fonts.body.line_height + 4), border_radius=6)
                draw_line(surface, fonts.body, "▶", theme.button_text, (x, y))
            colour = theme.button_text if mine else theme.text
            draw_line(surface, fonts.body, str(entry.rank), colour, (columns[0], y))
            draw_line(surface, fonts.body, entry.player + ("  " + _(MINE) if mine else ""), colour, (columns[1], y), columns[2] - columns[1] - 16)
            draw_line(surface, fonts.body, entry.score, colour, (columns[2], y))
            draw_line(surface, fonts.body, rubric_text(entry.band), colour, (columns[3], y))
            y += fonts.body.line_height + 4
