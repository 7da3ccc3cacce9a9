"""Waiting for a watched file that does not load yet (`dojo play --watch` on a broken draft).

The screen lists the file's errors and waits: saving a version that loads replaces it by
the play screen. q leaves the game.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static

from game.i18n import N_, _
from game.tui.language import translate_bindings
from game.tui.widgets.findings import FindingsPanel
from game.tui.lifecycle import while_attached

if TYPE_CHECKING:
    from game.tui.app import DojoApp


class DraftScreen(Screen[None]):
    """The watched file's errors, until a saved version loads."""

    DEFAULT_CSS = """
    DraftScreen #box { padding: 1 2; }
    DraftScreen FindingsPanel { max-height: 100%; }
    """

    BINDINGS = [Binding("q", "app.quit", N_("Quit")), Binding("question_mark", "help", N_("Help"))]

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)

    @property
    def dojo(self) -> DojoApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        """Which file is watched, and what is wrong with it."""
        with Vertical(id="box"):
            before, __, after = _("Watching {file} for changes…").partition("{file}")
            yield Static(Text.assemble(before, (str(self.dojo.watch_path), "bold"), after), id="watching")
            yield FindingsPanel(id="findings")
        yield Footer()

    @while_attached
    def on_mount(self) -> None:
        """Show the findings as they stand."""
        self.findings_changed()

    def language_changed(self) -> None:
        """Composed again in another language: the findings as they stand."""
        self.findings_changed()

    def findings_changed(self) -> None:
        """Redraw the findings (called after every reload)."""
        self.query_one(FindingsPanel).show(self.dojo.findings, playable=False, never_loaded=True)

    def action_help(self) -> None:
        """Show every key."""
        self.dojo.show_help()
