"""Settings: colour theme, high contrast, reduced motion, a plain transcript for screen readers, text speed and language, kept on disk."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Select, Static, Switch

from game.i18n import N_, _
from game.play.setting_rows import choice_text, setting_rows
from game.tui.language import translate_bindings
from game.tui.lifecycle import while_attached

if TYPE_CHECKING:
    from game.tui.app import DojoApp

class SettingsScreen(ModalScreen[None]):
    """A switch per setting; each change is applied and saved at once."""

    DEFAULT_CSS = """
    SettingsScreen { align: center middle; }
    SettingsScreen #box { width: 76; height: auto; max-height: 100%; border: heavy $accent; padding: 1 2; background: $surface; }
    SettingsScreen Horizontal { height: auto; margin-bottom: 1; }
    SettingsScreen Label { width: 20; padding-top: 1; text-style: bold; }
    SettingsScreen .why { width: 1fr; padding-top: 1; color: $text-muted; }
    SettingsScreen #text_speed, SettingsScreen #theme { width: 16; }
    SettingsScreen #language { width: 18; }  /* "automatic" whole */
    """

    BINDINGS = [Binding("escape", "close", N_("Close")), Binding("q", "close", N_("Close"), show=False)]

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)

    @property
    def dojo(self) -> DojoApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        """One row per setting: switch, name, what it does."""
        settings = self.dojo.settings
        with VerticalScroll(id="box") as box:  # scrolls on a short terminal (80x24): every row is reachable
            box.border_title = _("Settings (Tab moves, Space toggles, Esc closes)")
            for row in setting_rows("terminal"):  # named and explained in game/play/setting_rows.py
                value = getattr(settings, row.field)
                with Horizontal():
                    if row.kind == "switch":
                        yield Switch(value, id=row.field)
                    else:
                        choices = [(choice_text(row.field, name), name) for name in row.choices]
                        yield Select(choices, value=value, allow_blank=False, id=row.field)
                    yield Label(row.title)
                    yield Static(row.why, classes="why", markup=False)

    @while_attached
    def on_mount(self) -> None:
        """Focus the first switch."""
        self.query(Switch).first().focus()

    def on_switch_changed(self, event: Switch.Changed) -> None:
        """Apply and save the change."""
        event.stop()
        if event.switch.id:
            self.dojo.change_settings(**{event.switch.id: event.value})

    def on_select_changed(self, event: Select.Changed) -> None:
        """Apply and save a new text speed, colour theme or language (the game switches to it at once)."""
        event.stop()
        name = event.select.id
        if name in ("text_speed", "theme", "language") and isinstance(event.value, str) and event.value != getattr(self.dojo.settings, name):
            self.dojo.change_settings(**{name: event.value})

    def language_changed(self) -> None:
        """Composed again in the language just picked: keep the focus on that choice."""
        if self.app.screen is self:
            self.query_one("#language", Select).focus()

    def action_close(self) -> None:
        """Back to where you were."""
        self.dismiss(None)
