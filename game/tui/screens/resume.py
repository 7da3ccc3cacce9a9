"""Offer to resume a saved run: Enter or y resumes, n starts over."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from game.engine.session import Session
from game.i18n import N_, _, ngettext
from game.tui.language import translate_bindings
from game.tui.lifecycle import while_attached


def resume_text(session: Session) -> Text:
    """What the save holds: scenario, mode and how far it got."""
    made = len(session.turns)
    if session.mode == "ranked":
        progress = ngettext("ranked mode, {count} reply made.", "ranked mode, {count} replies made.", made)
    else:
        progress = ngettext("practice mode, {count} reply made.", "practice mode, {count} replies made.", made)
    return Text.assemble(
        _("You have a saved run of "),
        (session.scenario.title, "bold"),
        "\n" + progress.format(count=made) + "\n\n" + _("Resume where you left off?"),
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
        Binding("y", "answer(True)", N_("Resume")),
        Binding("n", "answer(False)", N_("Start over")),
        Binding("escape", "answer(True)", N_("Resume"), show=False),
    ]

    def __init__(self, session: Session):
        super().__init__()
        self.session = session
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        """The question and two buttons."""
        with Vertical(id="box"):
            yield Static(resume_text(self.session), id="question")
            with Horizontal():
                yield Button(_("Resume (y)"), id="resume", variant="primary")
                yield Button(_("Start over (n)"), id="over")

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
