"""The play screen: who speaks and how they feel, the meters, the conversation, the replies.

In practice a coaching panel explains each reply and `u` undoes it; in ranked there are
no hints and no undo. Every reply is saved at once (by the Playthrough), so `q` simply
leaves: the next start offers to resume.

While the customer's line is being typed (the text speed setting), any key or click shows
the whole line and does nothing else, so a trainee never answers a line they have not read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static

from game.i18n import N_, _
from game.store.display import printable
from game.tui.drawing import Wrapped, sparkline
from game.tui.language import translate_bindings
from game.play.playthrough import Playthrough
from game.play.scene import PlayView, play_view
from game.play.story import conversation
from game.tui.widgets.coaching import CoachingPanel
from game.tui.widgets.findings import FindingsPanel
from game.tui.widgets.meters import MeterPanel
from game.tui.widgets.portrait import Portrait
from game.tui.widgets.replies import ReplyList
from game.tui.widgets.transcript import Transcript
from game.tui.lifecycle import while_attached

if TYPE_CHECKING:
    from game.tui.app import DojoApp

# Terminals shorter than this get the short layout (see the CSS): at 80x24 the replies and
# the coach at full size left the transcript one row, or none.
SHORT_ROWS = 34


class PlayScreen(Screen[None]):
    """One scenario being played; see the module docstring."""

    DEFAULT_CSS = """
    PlayScreen #topbar { height: 1; background: $primary; color: $text; padding: 0 1; }
    PlayScreen #stage { height: 1fr; }
    PlayScreen #side { width: 34; border-right: vkey $primary; }
    PlayScreen #main { width: 1fr; }
    PlayScreen.-plain #portrait { display: none; }
    PlayScreen #scene { height: auto; padding: 1 1 0 1; }
    PlayScreen #status { height: auto; padding: 0 1; color: $warning; }
    /* A short terminal (80x24 is the classic): the replies and the coach give up rows so
       that the customer's last lines stay readable above them. */
    PlayScreen.-short ReplyList { max-height: 10; }
    PlayScreen.-short CoachingPanel { max-height: 5; }
    /* Before the first reply the coach has only its hint: one row, the customer gets the rest. */
    PlayScreen.-short CoachingPanel.-empty { max-height: 3; }
    PlayScreen.-short FindingsPanel { max-height: 4; }
    """

    BINDINGS = [
        *(Binding(str(n), f"choose({n})", f"reply {n}", show=False) for n in range(1, 10)),  # never shown
        Binding("u", "undo", N_("Undo")),
        Binding("q", "leave", N_("Save & leave")),
        Binding("escape", "leave", N_("Save & leave"), show=False),
        Binding("question_mark", "help", N_("Help")),
        Binding("s", "settings", N_("Settings")),
    ]

    def __init__(self, playthrough: Playthrough):
        super().__init__()
        self.playthrough = playthrough
        self.view: PlayView = play_view(playthrough)
        self._swallow_select = False  # a click that revealed a line must not also pick a reply
        self._refocus = False  # composed again in another language while another screen was on top
        translate_bindings(self)

    @property
    def dojo(self) -> DojoApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        """Top bar; side column (portrait, meters); main column (transcript, replies, coach)."""
        session = self.playthrough.session
        plain = self.dojo.settings.plain_transcript
        yield Static(id="topbar")
        with Horizontal(id="stage"):
            with Vertical(id="side"):
                yield Portrait(id="portrait")
                yield MeterPanel(session.scenario.meters, self.values(), plain=plain)
                yield Static(id="scene")
            with Vertical(id="main"):
                yield Transcript(id="transcript")
                yield Static(id="status")
                if self.dojo.watch_path is not None:
                    yield FindingsPanel(id="findings")
                yield ReplyList(id="replies")
                if self.view.coaching is not None:
                    yield CoachingPanel(id="coach")
        yield Footer()

    @while_attached
    def on_mount(self) -> None:
        """Draw the scene as it stands (fresh or resumed)."""
        self.set_class(self.dojo.settings.plain_transcript, "-plain")
        self.fit_height(self.app.size.height)
        self.redraw(animate=False, type_lines=True)
        self.query_one(ReplyList).focus()
        # The debrief needs the scenario's exact analysis (about a second for a big scenario):
        # work it out while the trainee reads, so the last reply does not stall the screen.
        self.run_worker(self.playthrough.analysis, thread=True, exit_on_error=False)

    def on_resize(self, event: events.Resize) -> None:
        """Re-fit the columns when the terminal changes size."""
        self.fit_height(event.size.height)

    def fit_height(self, rows: int) -> None:
        """Below SHORT_ROWS rows, cap the replies and the coach so the transcript keeps room to read."""
        self.set_class(rows < SHORT_ROWS, "-short")

    # Drawing -----------------------------------------------------------------------------

    def values(self) -> dict[str, int]:
        """Each meter's value now, by name."""
        return {meter.name: meter.value for meter in self.view.meters}

    def redraw(self, animate: bool = True, type_lines: bool = True) -> None:
        """Draw the play view (game/play/scene.py) as it stands; new customer lines typed out if asked."""
        view = self.view
        motion = animate and not self.dojo.settings.reduced_motion
        self.query_one(Portrait).show(view.stage.rest, colour=not self.dojo.settings.high_contrast)
        self.query_one(MeterPanel).set_values(self.values(), motion)
        speed = self.dojo.settings.typing_speed() if type_lines else None
        self.query_one(Transcript).sync(conversation(self.playthrough.session), animate=motion, speed=speed)
        self.query_one(ReplyList).show(view.replies)
        self.query_one("#topbar", Static).update(self.topbar_text())
        self.query_one("#scene", Static).update(Wrapped(self.scene_text()))  # a Chinese list of skills never starts a row with "、"
        if view.coaching is not None:
            self.query_one(CoachingPanel).show(view.coaching)
        self.query_one("#status", Static).update(Text(view.problem or ""))
        self.findings_changed()

    def findings_changed(self) -> None:
        """Show the watched file's lint findings (`dojo play --watch` only)."""
        for panel in self.query(FindingsPanel):
            panel.show(self.dojo.findings, playable=not any(finding.is_error for finding in self.dojo.findings))

    def topbar_text(self) -> Text:
        """Title, mode and turn, all literal."""
        view = self.view
        return Text.assemble(
            (view.title, "bold"),
            _("  ·  {mode} · {note}  ·  turn {turn}  ·  ").format(mode=view.mode_label, note=view.mode_note, turn=view.turn),
            (printable(view.player), "italic"),
        )

    def scene_text(self) -> Text:
        """The mood so far as a sparkline with numbers, and the skills this scene trains."""
        view = self.view
        shown = 8  # the latest turns fit the side column
        text = Text(_("Mood so far "), style="bold")
        text.append(sparkline(view.mood[-shown:]))
        text.append("\n" + view.mood_numbers(shown) + " /100")
        text.append("\n\n" + _("Trains "), style="bold")
        text.append(_(", ").join(view.trains))
        return text

    # Acting ------------------------------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        """Any key while a line is typed shows it whole, and does nothing else."""
        self._swallow_select = False
        if self.query_one(Transcript).finish():
            event.stop()
            event.prevent_default()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        """A click while a line is typed shows it whole (and picks no reply)."""
        self._swallow_select = self.query_one(Transcript).finish()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter or a click on a reply makes it."""
        event.stop()
        if self._swallow_select:
            self._swallow_select = False
            return
        self.action_choose(event.option_index + 1)

    def action_choose(self, number: int) -> None:
        """Make reply `number` (1-based); a number not on offer does nothing."""
        if self.query_one(Transcript).finish():
            return  # a reply key while a line is typed only shows the line
        if self.view.reply(number) is None:
            self.app.bell()
            return
        self.dojo.controller.choose(number)
        self.view = play_view(self.playthrough)
        if self.view.over:
            self.dojo.show_debrief(self.playthrough)
            return
        self.redraw()

    def action_undo(self) -> None:
        """Take back the last reply (practice only)."""
        refused = self.dojo.controller.undo()  # the run says whether it can
        if refused:
            self.notify(refused, severity="warning", markup=False)
            return
        self.view = play_view(self.playthrough)
        self.redraw()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Undo is not offered in ranked mode (the footer hides it)."""
        if action == "undo" and not self.view.undo_offered:
            return False
        return True

    def action_leave(self) -> None:
        """Leave to the scenario list; the run is saved, or kept in memory if the store will not take it."""
        unsaved = self.dojo.controller.leave()
        if unsaved:
            self.notify(unsaved, severity="warning", markup=False)
        elif self.playthrough.session.turns:
            self.notify(_("Saved. Pick this scenario again to resume."), markup=False)
        self.dismiss(None)

    def action_help(self) -> None:
        """Show every key."""
        self.dojo.show_help()

    def action_settings(self) -> None:
        """Open the settings."""
        self.dojo.show_settings()

    def language_changed(self) -> None:
        """Composed again in another language: draw the run as it stands in it."""
        self.view = play_view(self.playthrough)
        self.redraw(animate=False, type_lines=False)
        if self.dojo.screen is self:
            self.query_one(ReplyList).focus()
        else:
            self._refocus = True  # the settings are open over it: the replies take the focus back after

    def on_screen_resume(self) -> None:
        """Back from a screen over this one: after a change of language the replies get the focus again (the old list is gone)."""
        if self._refocus:
            self._refocus = False
            self.query_one(ReplyList).focus()

    def settings_changed(self) -> None:
        """Redraw with the new display settings."""
        self.set_class(self.dojo.settings.plain_transcript, "-plain")
        for meter in self.query("MeterBar"):
            meter.plain = self.dojo.settings.plain_transcript  # type: ignore[attr-defined]
            meter.refresh_text()  # type: ignore[attr-defined]
        self.redraw(animate=False, type_lines=False)
