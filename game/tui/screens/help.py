"""Help: every key of every screen, in one place (the table is game/play/keys.py's)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from game.i18n import N_, _
from game.play.keys import HelpView, help_view
from game.store.display import width
from game.tui.language import translate_bindings


def help_text(view: HelpView | None = None) -> Text:
    """The terminal game's key table (game/play/keys.py) as text, each meaning clear of its keys."""
    view = view or help_view("terminal")
    text = Text()
    for section in view.sections:
        text.append(f"{section.title}\n", style="bold underline")
        for keys, does in section.rows:
            text.append("  " + keys + " " * (view.key_columns - width(keys)), style="bold")
            text.append(f"{does}\n")
    text.append("\n" + view.footnote)
    return text


class HelpScreen(ModalScreen[None]):
    """The key list over the current screen; any of Esc, q or ? closes it."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen VerticalScroll { width: 80; height: auto; max-height: 90%; border: heavy $accent; padding: 1 2; background: $surface; }
    """

    BINDINGS = [
        Binding("escape", "close", N_("Close")),
        Binding("q", "close", N_("Close"), show=False),
        Binding("question_mark", "close", N_("Close"), show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        """The key table."""
        with VerticalScroll() as scroll:
            scroll.border_title = _("Help")
            yield Static(help_text(), id="help-text")

    def action_close(self) -> None:
        """Back to where you were."""
        self.dismiss(None)
