"""Offer to resume a saved run: Enter or y resumes, n starts over."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from game.engine.session import Session
from game.tui.lifecycle import while_attached


def resume_text(session: Session) -> Text:
    """What the save holds: scenario, mode and how far it got."""
    made = len(session.turns)
    return Text.assemble(
        "You have a saved run of ",
        (session.scenario.title, "bold"),
        f"\n{session.mode} mode, {made} repl{'y' if made == 1 else 'ies'} made.\n\nResume where you left off?",
    )


class ResumeScreen(ModalScreen[bool]):
    """Dismisses True to resume, False to start over."""

    DEFAULT_CSS = """
    ResumeScreen { align: center middle; }
    ResumeScreen #box { width: 60; height: auto; border: heavy $accent; padding: 1 2; background: $surface; }
    ResumeScreen Horizontal { height: auto; margin-top: 1; }
    ResumeScreen Button { width: 1fr; }
    """

    BINDINGS = [
        Binding("y", "answer(True)", "Resume"),
        Binding("n", "answer(False)", "Start over"),
        Binding("escape", "answer(True)", "Resume", show=False),
    ]

    def __init__(self, session: Session):
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        """The question and two buttons."""
        with Vertical(id="box"):
            yield Static(resume_text(self.session), id="question")
            with Horizontal():
                yield Button("Resume (y)", id="resume", variant="primary")
                yield Button("Start over (n)", id="over")

    @while_attached
    def on_mount(self) -> None:
        """Resume is the default."""
        self.query_one("#resume", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """A button answers."""
        event.stop()
        self.dismiss(event.button.id == "resume")

    def action_answer(self, resume: bool) -> None:
        """A key answers."""
        self.dismiss(resume)
