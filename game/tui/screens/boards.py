"""Leaderboards: the cohort this week, all time, and per scenario, the trainee's row marked.

Boards come from `game.store.boards.leaderboard` (ranked, verified runs only). The
trainee's own row is marked with ▶ and the word "you", not by colour alone, and shown
with its neighbours even when it is outside the top ten. Each board is built in a worker
thread, never on the UI thread: a slow database (or a class of trainees opening boards at
once) never stops the keys; a board still being built says so, and only the latest request
for a tab is drawn.
"""

from __future__ import annotations

from itertools import count
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Static, TabbedContent, TabPane

from game.i18n import N_, _
from game.play.boards import LIMIT, LOADING, MINE, SCENARIO_TAB, BoardView, tab_titles, board_spec, board_view, no_store, titles_of, unreadable
from game.play.words import board_title
from game.store.boards import BoardSpec, leaderboard
from game.store.errors import StoreError
from game.store.display import fit, width
from game.tui.language import translate_bindings
from game.tui.lifecycle import while_attached

if TYPE_CHECKING:
    from game.tui.app import DojoApp

BOARDS = ("cohort", "all", "scenario")  # the widget id of each tab's board, in the order of TABS


def header_line() -> str:
    """The column heads, each padded to its column by display width (a Chinese head is two columns a character)."""
    rank, player, score, band = _("rank"), _("player"), _("score"), _("band")
    return f"   {_pad(4, rank)}{rank}  {player}{_pad(28, player)} {_pad(6, score)}{score}  {band}\n"


def _pad(columns: int, text: str) -> str:
    """The spaces that fill `text` out to `columns` terminal columns."""
    return " " * max(0, columns - width(text))


def board_text(view: BoardView) -> Text:
    """The board as a table of text; the player's own row marked '▶ … ◀ you'."""
    text = Text(view.title + "\n\n", style="bold")
    if view.empty:
        text.append(view.empty)
        return text
    text.append(header_line(), style="bold underline")
    for row in view.rows:
        if row.gap_before:
            text.append("   ...\n", style="dim")
        line = Text(f"{'▶' if row.mine else ' '}  {row.rank:>4}  ")
        # Literal (never markup), control characters as visible escapes, CJK counted as two columns.
        line.append(fit(row.player, 28))
        line.append(f" {row.score:>6}  {row.band}{'   ' + _(MINE) if row.mine else ''}\n")
        if row.mine:
            line.stylize("bold reverse")
        text.append_text(line)
    return text


class BoardsScreen(Screen[None]):
    """Three tabs of boards; `[` and `]` change the scenario of the third."""

    DEFAULT_CSS = """
    BoardsScreen Static.board { padding: 1 2; }
    """

    BINDINGS = [
        Binding("[", "scenario(-1)", N_("Prev scenario")),
        Binding("]", "scenario(1)", N_("Next scenario")),
        Binding("q", "back", N_("Back")),
        Binding("escape", "back", N_("Back"), show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.scenario_index = 0
        self._requests = count(1)
        self._latest: dict[str, int] = {}  # widget id -> the request whose board it should draw
        translate_bindings(self)

    @property
    def dojo(self) -> DojoApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        """The three tabs."""
        with TabbedContent(id="tabs"):
            for tab, name in zip(tab_titles(self.dojo.profile), BOARDS):
                with TabPane(tab, id=f"tab-{name}"):
                    yield Static(id=f"board-{name}", classes="board")
        yield Footer()

    @while_attached
    def on_mount(self) -> None:
        """Fill every tab."""
        for tab, name in enumerate(BOARDS[:SCENARIO_TAB]):
            self.show(f"board-{name}", board_spec(tab, self.dojo.profile, self.dojo.entries, 0))
        self.action_scenario(0)

    def show(self, widget_id: str, spec: BoardSpec) -> None:
        """Start building one board in a worker thread; it is drawn when it is ready."""
        target = self.query_one(f"#{widget_id}", Static)
        store = self.dojo.store
        if store is None:
            target.update(Text(no_store("play")))
            return
        request = self._latest[widget_id] = next(self._requests)
        titles = titles_of(self.dojo.entries)
        target.update(Text(f"{board_title(spec, titles)}\n\n{_(LOADING)}"))
        player = self.dojo.profile.name

        def build() -> None:
            try:
                drawn = board_text(board_view(leaderboard(store, spec, limit=LIMIT, player=player), titles))
            except StoreError as error:
                drawn = Text(unreadable(error.message))
            self.app.call_from_thread(self.draw, widget_id, request, drawn)

        self.run_worker(build, thread=True, group=widget_id, exit_on_error=False)

    def draw(self, widget_id: str, request: int, drawn: Text) -> None:
        """On the UI thread: draw a finished board, unless a newer one was asked for meanwhile."""
        if self._latest.get(widget_id) != request or not self.is_attached:
            return
        self.query_one(f"#{widget_id}", Static).update(drawn)

    def language_changed(self) -> None:
        """Composed again in another language: fill every tab again."""
        self.on_mount()

    def action_scenario(self, step: int) -> None:
        """Show the board of the previous or next scenario."""
        entries = self.dojo.entries
        if not entries:
            return
        self.scenario_index = (self.scenario_index + step) % len(entries)
        self.show("board-scenario", board_spec(SCENARIO_TAB, self.dojo.profile, entries, self.scenario_index))

    def action_back(self) -> None:
        """Back to the scenarios."""
        self.dismiss(None)
