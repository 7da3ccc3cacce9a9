"""Welcome and profile: name, cohort and team, remembered for next time; a PIN at a served seat.

Under `dojo serve` the screen also asks for the player's PIN and hands the profile and PIN
to `sign_in` (given by the app: `game.play.profile.sign_in` on the class's store), which
says why not when the name is someone else's; the screen only shows what it says.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, Static

from game.i18n import N_, _
from game.play.profile import STORE_OPENING, Profile
from game.store.errors import StoreError
from game.store.names import check_name
from game.tui.language import translate_bindings
from game.tui.lifecycle import while_attached

SHORT_ROWS = 32  # the full card (banner, three or four fields, Start) needs this many rows
RETRY_SECONDS = 0.5  # how soon a sign-in made before the store was open is tried again

BANNER = """\
╔═╗┌─┐┬─┐┬  ┬┬┌─┐┌─┐  ╔╦╗┌─┐ ┬┌─┐
╚═╗├┤ ├┬┘└┐┌┘││  ├┤    ║║│ │ ││ │
╚═╝└─┘┴└─ └┘ ┴└─┘└─┘  ═╩╝└─┘└┘└─┘"""


class WelcomeScreen(Screen[Profile]):
    """Asks who is playing; dismisses with the Profile."""

    DEFAULT_CSS = """
    WelcomeScreen { align: center middle; }
    WelcomeScreen #card { width: 64; height: auto; border: heavy $accent; padding: 1 2; }
    WelcomeScreen #banner { width: 100%; text-align: center; color: $accent; }
    WelcomeScreen #tagline { width: 100%; text-align: center; margin-bottom: 1; }
    WelcomeScreen Input { margin-bottom: 1; }
    WelcomeScreen #error { color: $error; height: auto; }
    WelcomeScreen #class-name { margin-bottom: 1; }
    WelcomeScreen Label { width: 100%; }
    /* A short terminal (80x24): the banner and tagline give their rows to the form, so every
       field and the Start button show without scrolling. */
    WelcomeScreen.-short #banner, WelcomeScreen.-short #tagline { display: none; }
    WelcomeScreen.-short #card { padding: 0 2; }
    WelcomeScreen.-short Input { margin-bottom: 0; }
    WelcomeScreen Button { width: 100%; }
    """

    BINDINGS = [Binding("ctrl+s", "start", N_("Start")), Binding("escape", "cancel", N_("Back"))]

    def __init__(
        self,
        profile: Profile | None = None,
        sign_in: Callable[[Profile, str], str | None] | None = None,
        class_name: str | None = None,
    ):
        super().__init__()
        self.profile = profile
        self.sign_in = sign_in  # a served seat: proves the name with a PIN; None elsewhere
        self.class_name = class_name  # in a class, the cohort is the class's name and not asked
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        """The banner and three fields."""
        profile = self.profile or Profile("")
        with Center():
            with Vertical(id="card"):
                yield Static(BANNER, id="banner", markup=False)
                yield Static(_("Practise the hardest moments of customer service."), id="tagline", markup=False)
                yield Label(_("Your name (shown on leaderboards)"), markup=False)
                yield Input(profile.name, placeholder=_("e.g. Dana Wu"), id="name", max_length=200)
                if self.class_name is not None:
                    yield Static(Text.assemble(_("Class: "), (self.class_name, "bold")), id="class-name")
                else:
                    yield Label(_("Cohort (your hire class, optional)"), markup=False)
                    yield Input(profile.cohort or "", placeholder=_("e.g. 2024-09"), id="cohort")
                yield Label(_("Team (optional)"), markup=False)
                yield Input(profile.team or "", placeholder=_("e.g. Returns desk"), id="team")
                if self.sign_in is not None:
                    yield Label(_("PIN (4-12 digits; the first time you use your name, this sets it)"), markup=False)
                    yield Input("", placeholder=_("only you know it"), id="pin", password=True, max_length=12)
                yield Static(id="error")
                yield Button(_("Start  (Enter)"), id="start", variant="primary")
        yield Footer()

    @while_attached
    def on_mount(self) -> None:
        """Start in the name field."""
        self.set_class(self.app.size.height < SHORT_ROWS, "-short")
        self.query_one("#name", Input).focus()

    def on_resize(self, event: events.Resize) -> None:
        """Below SHORT_ROWS rows the banner goes, so the whole form fits."""
        self.set_class(event.size.height < SHORT_ROWS, "-short")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in any field starts."""
        event.stop()
        self.action_start()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """The Start button starts."""
        event.stop()
        self.action_start()

    def action_cancel(self) -> None:
        """Leave the profile unchanged (only when editing one: a new trainee must give a name)."""
        if self.profile is not None:
            self.dismiss(None)

    def action_start(self) -> None:
        """Check the name and hand the profile back."""
        name = self.query_one("#name", Input).value
        try:
            check_name(name)
        except StoreError as error:
            self.query_one("#error", Static).update(Text(error.message))
            self.query_one("#name", Input).focus()
            return
        cohort = self.class_name if self.class_name is not None else self.query_one("#cohort", Input).value.strip() or None
        team = self.query_one("#team", Input).value.strip() or None
        profile = Profile(name, cohort, team)
        if self.sign_in is not None:
            refused = self.sign_in(profile, self.query_one("#pin", Input).value)
            if refused == STORE_OPENING:  # the store opens in the background: try again shortly, by itself
                self.query_one("#error", Static).update(Text(_(refused)))
                self.set_timer(RETRY_SECONDS, self.action_start)
                return
            if refused is not None:
                self.query_one("#error", Static).update(Text(refused))
                self.query_one("#pin", Input).focus()
                return
        self.dismiss(profile)
