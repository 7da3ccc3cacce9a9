"""Leaderboards: the cohort this week, all time, and per scenario, the trainee's row marked.

Boards come from `game.store.boards.leaderboard` (ranked, verified runs only). The
trainee's own row is marked with ▶ and the word "you", not by colour alone, and shown
with its neighbours even when it is outside the top ten. Each board is built in a worker
thread, never on the UI thread: a slow database (or a class of trainees opening boards at
once) never stops the keys; a board still being built says so, and only the latest request
for a tab is drawn.
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import count
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Static, TabbedContent, TabPane

from game.play.words import board_title
from game.store.boards import Board, BoardSpec, leaderboard
from game.store.errors import StoreError
from game.store.display import fit
from game.tui.drawing import percent_text
from game.tui.lifecycle import while_attached

if TYPE_CHECKING:
    from game.tui.app import DojoApp


def board_text(board: Board, titles: Mapping[str, str] | None = None) -> Text:
    """The board as a table of text, a scenario named by its title (`titles`: id -> title); the player's own row marked '▶ … you'."""
    text = Text(board_title(board.spec, titles or {}) + "\n\n", style="bold")
    rows = board.rows()
    if not rows:
        text.append("No ranked runs here yet. Play a scenario in ranked mode (m in the list) to appear.")
        return text
    text.append(f"   {'rank':>4}  {'player':<28} {'score':>6}  band\n", style="bold underline")
    previous = 0
    for entry in rows:
        if entry.rank > previous + 1:
            text.append("   ...\n", style="dim")
        previous = entry.rank
        you = board.you
        mine = you is not None and entry.rank == you.rank
        line = Text(f"{'▶' if mine else ' '}  {entry.rank:>4}  ")
        # Literal (never markup), control characters as visible escapes, CJK counted as two columns.
        line.append(fit(entry.player, 28))
        line.append(f" {percent_text(entry.percent):>6}  {entry.band or '—'}{'   ◀ you' if mine else ''}\n")
        if mine:
            line.stylize("bold reverse")
        text.append_text(line)
    return text


class BoardsScreen(Screen[None]):
    """Three tabs of boards; `[` and `]` change the scenario of the third."""

    DEFAULT_CSS = """
    BoardsScreen Static.board { padding: 1 2; }
    """

    BINDINGS = [
        Binding("[", "scenario(-1)", "Prev scenario"),
        Binding("]", "scenario(1)", "Next scenario"),
        Binding("q", "back", "Back"),
        Binding("escape", "back", "Back", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.scenario_index = 0
        self._requests = count(1)
        self._latest: dict[str, int] = {}  # widget id -> the request whose board it should draw

    @property
    def dojo(self) -> DojoApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        """The three tabs."""
        with TabbedContent(id="tabs"):
            with TabPane("Cohort · this week", id="tab-cohort"):
                yield Static(id="board-cohort", classes="board")
            with TabPane("All time", id="tab-all"):
                yield Static(id="board-all", classes="board")
            with TabPane("Per scenario", id="tab-scenario"):
                yield Static(id="board-scenario", classes="board")
        yield Footer()

    @while_attached
    def on_mount(self) -> None:
        """Fill every tab."""
        profile = self.dojo.profile
        self.show("board-cohort", BoardSpec(cohort=profile.cohort, window="week"))
        self.show("board-all", BoardSpec())
        self.action_scenario(0)

    def show(self, widget_id: str, spec: BoardSpec) -> None:
        """Start building one board in a worker thread; it is drawn when it is ready."""
        target = self.query_one(f"#{widget_id}", Static)
        store = self.dojo.store
        if store is None:
            target.update(Text("No database: boards need one (dojo play --db PATH)."))
            return
        request = self._latest[widget_id] = next(self._requests)
        titles = {entry.scenario.id: entry.scenario.title for entry in self.dojo.entries}
        target.update(Text(f"{board_title(spec, titles)}\n\nLoading the board…"))
        player = self.dojo.profile.name

        def build() -> None:
            try:
                drawn = board_text(leaderboard(store, spec, limit=10, player=player), titles)
            except StoreError as error:
                drawn = Text(f"The board cannot be shown: {error.message}")
            self.app.call_from_thread(self.draw, widget_id, request, drawn)

        self.run_worker(build, thread=True, group=widget_id, exit_on_error=False)

    def draw(self, widget_id: str, request: int, drawn: Text) -> None:
        """On the UI thread: draw a finished board, unless a newer one was asked for meanwhile."""
        if self._latest.get(widget_id) != request or not self.is_attached:
            return
        self.query_one(f"#{widget_id}", Static).update(drawn)

    def action_scenario(self, step: int) -> None:
        """Show the board of the previous or next scenario."""
        entries = self.dojo.entries
        if not entries:
            return
        self.scenario_index = (self.scenario_index + step) % len(entries)
        self.show("board-scenario", BoardSpec(scenario=entries[self.scenario_index].scenario.id))

    def action_back(self) -> None:
        """Back to the scenarios."""
        self.dismiss(None)
