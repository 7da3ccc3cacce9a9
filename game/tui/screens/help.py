"""Help: every key of every screen, in one place."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Playing",
        (
            ("1-9", "make the reply with that number"),
            ("↑ ↓ then Enter", "move through the replies and make one (a click works too)"),
            ("u", "undo the last reply (practice only)"),
            ("q or Esc", "save and leave; the next start offers to resume"),
            ("any key, a click", "while a line is being typed: show it whole (text speed in settings)"),
        ),
    ),
    (
        "Debrief",
        (("r", "retry the same scenario"), ("n", "play the next scenario"), ("q or Esc", "back to the scenarios")),
    ),
    (
        "Scenarios",
        (
            ("↑ ↓ then Enter", "pick a scenario (a click works too)"),
            ("f", "filter by skill"),
            ("m", "switch practice and ranked"),
            ("l", "leaderboards"),
            ("p", "change your name, cohort or team"),
            ("q", "quit"),
        ),
    ),
    (
        "Leaderboards",
        (("← →", "switch tabs (when the tabs have focus; a click works too)"), ("[ ]", "previous / next scenario's board"), ("q or Esc", "back")),
    ),
    ("Everywhere", (("?", "this help"), ("s", "settings"), ("ctrl+q", "quit at once (your run is saved)"))),
)


def help_text() -> Text:
    """The key table as text."""
    text = Text()
    for section, keys in KEYS:
        text.append(f"{section}\n", style="bold underline")
        for key, meaning in keys:
            text.append(f"  {key:<16}", style="bold")
            text.append(f"{meaning}\n")
    text.append("\nPractice shows coaching after each reply and allows undo. ")
    text.append("Ranked shows no hints, has no undo, and counts on the leaderboards.")
    return text


class HelpScreen(ModalScreen[None]):
    """The key list over the current screen; any of Esc, q or ? closes it."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen VerticalScroll { width: 80; height: auto; max-height: 90%; border: heavy $accent; padding: 1 2; background: $surface; }
    """

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("q", "close", "Close", show=False),
        Binding("question_mark", "close", "Close", show=False),
    ]

    def compose(self) -> ComposeResult:
        """The key table."""
        with VerticalScroll() as scroll:
            scroll.border_title = "Help"
            yield Static(help_text(), id="help-text")

    def action_close(self) -> None:
        """Back to where you were."""
        self.dismiss(None)
