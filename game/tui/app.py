"""The `dojo play` app: who plays, which screen is showing, and the way between screens.

The game itself (the profile, the settings, the store, the scenario list and the runs) is
the `Controller` of `game.play`, shared with the window game: this app asks it for each
run and each view and moves between the screens; each screen draws one thing. Nothing
here scores or changes a session.

Start-up paints first: the first screen (the welcome or the scenario list) shows at once,
and a `Backstage` callable (loading the pack, opening the store) runs in a thread after
that paint, filling the list when it is done. So this module imports textual and the
first screens only; the engine, the store and the other screens load when first needed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.screen import ModalScreen, Screen
from textual.theme import Theme

from game.i18n import N_, _, active_locale, ngettext, use_locale
from game.play.catalog import Entry
from game.play.controller import Controller, FrontEnd
from game.play.profile import Profile, sign_in
from game.play.watch import Reload, Stamp, reload, replay, stamp
from game.store.errors import StoreError
from game.tui.language import translate_bindings
from game.tui.screens.picker import PickerScreen
from game.tui.screens.welcome import WelcomeScreen

if TYPE_CHECKING:
    from typing import Unpack

    from game.play.controller import GameOptions
    from game.play.playthrough import Playthrough
    from game.scenario.diagnostics import Diagnostic
    from game.store.db import Store

HIGH_CONTRAST = Theme(
    name="dojo-high-contrast",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FFFF00",
    warning="#FFFF00",
    error="#FF8080",
    success="#00FF00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#202020",
    dark=True,
)
# The Textual theme for each of the settings' colour themes (high contrast overrides both).
THEME_NAMES = {"dark": "textual-dark", "light": "textual-light"}
NORMAL_THEME = THEME_NAMES["dark"]
# Textual's commands in its command palette (Ctrl+P), by their English title and help, marked
# here so that the palette reads in the game's language too.
PALETTE_WORDS = frozenset(
    (
        N_("Theme"),
        N_("Change the current theme"),
        N_("Quit"),
        N_("Quit the application as soon as possible"),
        N_("Keys"),
        N_("Hide the keys and widget help panel"),
        N_("Show help for the focused widget and a summary of available keys"),
        N_("Minimize"),
        N_("Minimize the widget and restore to normal size"),
        N_("Maximize"),
        N_("Maximize the focused widget"),
        N_("Screenshot"),
        N_("Save an SVG 'screenshot' of the current screen"),
    )
)
PALETTE_PLACEHOLDER = N_("Search for commands…")
# Seconds between the first frame and the start of loading (see on_mount).
BACKSTAGE_DELAY = 0.05
# How often a watched draft is checked for a save (a stat call: cheap enough to do twice a second).
WATCH_SECONDS = 0.5


def player_settings_path(folder: Path, name: str) -> Path:
    """The settings file of the player called `name` in a served class's settings folder."""
    import hashlib  # here: start-up is measured, and only a served app needs it

    digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return folder / f"{digest}.json"  # a digest: any name is a safe file name


@dataclass(frozen=True)
class Backstage:
    """What the app needs that is slow to get: the scenario list and the open store."""

    entries: list[Entry]
    store: Store | None


class DojoApp(FrontEnd, App[None]):
    """Service Dojo in the terminal; see the module docstring."""

    TITLE = "Service Dojo"

    def __init__(
        self,
        entries: list[Entry] | None = None,
        *,
        backstage: Callable[[], Backstage] | None = None,
        watch: Path | None = None,
        findings: Sequence[Diagnostic] = (),
        player_settings: Path | None = None,
        class_join: tuple[str, str] | None = None,
        **options: Unpack[GameOptions],
    ):
        """Play `entries` (options as the Controller takes them: start, store, mode, player, settings
        path, seed), or, given `backstage`, get the entries and the store from it after the first paint.

        With `watch`, the file is reloaded and linted whenever it is saved (`dojo play --watch`);
        `findings` are its lint findings at start, and `start` is None if it did not load.
        With `player_settings` (a served app, shared by a class), each player's settings are
        kept in a file of their own in that folder, found by the name they give. With
        `class_join` (join code, name: `dojo serve --class`), the player plays in that class.
        """
        super().__init__()
        self.player_settings = player_settings
        self.class_join = class_join
        self.watch_path = watch  # not `watch`: that is Textual's App.watch method
        self.findings: list[Diagnostic] = list(findings)
        self._watch_stamp: Stamp | None = stamp(watch) if watch is not None else None
        self._reloading = False
        self.controller = Controller(entries or (), **options)
        self.backstage = backstage
        self.ready = backstage is None
        # A problem that ends the app (the store cannot be opened): play_cmd reports it.
        self.failure: StoreError | None = None
        # The locale of the scenario on screen (None in the list): the language follows it when
        # neither --locale nor the Language setting names one (see relocalize).
        self.scenario_locale: str | None = None
        if watch is not None and not self.profile.name.strip():
            # a draft is never recorded: no need to ask who plays
            self.controller.profile = Profile("Author", self.profile.cohort, self.profile.team)

    # Start-up -------------------------------------------------------------------------------

    def on_mount(self) -> None:
        """Apply the settings, greet a new trainee or show the scenarios, then fetch the rest."""
        self.register_theme(HIGH_CONTRAST)
        self.apply_settings()
        translate_bindings(self)  # the command palette's key, in the footer
        if self.watch_path is not None and self.start is None:
            from game.tui.screens.draft import DraftScreen

            self.push_screen(DraftScreen())  # the watched draft does not load yet
        elif self.profile.name.strip() and self.player_settings is None:  # a served seat always proves its name
            self.open_picker()
        else:
            self.push_screen(WelcomeScreen(sign_in=self.pin_check(), class_name=self.class_name), self.welcomed)
        if self.watch_path is not None:
            self.set_interval(WATCH_SECONDS, self.check_watched)
        if self.backstage is not None:
            # A moment after the first frame, not with it: the loading thread holds the
            # interpreter while it imports, and the first frame should reach the screen whole.
            self.set_timer(BACKSTAGE_DELAY, self.start_backstage)

    def start_backstage(self) -> None:
        """Start loading the pack and opening the store, in a thread."""
        self.run_worker(self.fetch_backstage, thread=True, exit_on_error=False)

    def fetch_backstage(self) -> None:
        """In a thread, after the first paint: load the pack and open the store."""
        assert self.backstage is not None
        try:
            result = self.backstage()
        except StoreError as error:
            self.call_from_thread(self.fail, error)
            return
        self.call_from_thread(self.backstage_ready, result)

    def backstage_ready(self, result: Backstage) -> None:
        """The pack and the store are here: fill the list and start a scenario named on the command line."""
        self.store = result.store
        self.take_entries(result.entries)
        if self.class_join is not None and not self.enter_class(self.class_join[0]):
            return
        self.ready = True
        if self.store is not None and self.store.read_only:
            self.notify(self.store.read_only, severity="warning", markup=False, timeout=10)
        pickers = [screen for screen in self.screen_stack if isinstance(screen, PickerScreen)]
        for picker in pickers:
            picker.fill()
        if pickers and self.start is not None and isinstance(self.screen, PickerScreen):
            self.begin(self.start)

    @property
    def served(self) -> bool:
        """True in a browser seat of `dojo serve` (a class's settings folder is shared): many apps share the cores."""
        return self.player_settings is not None

    @property
    def class_name(self) -> str | None:
        """The name of the class this app plays in (None outside one)."""
        if self.controller.classroom is not None:
            return self.controller.classroom.cohort
        return self.class_join[1] or None if self.class_join is not None else None

    def enter_class(self, code: str) -> bool:
        """Join the served class with this code; False (and the app ends) when it is not open."""
        from game.play.classroom import CHECK_SECONDS, Classroom

        classroom = Classroom.join(self.store, code) if self.store is not None else None
        if classroom is None:
            self.fail(StoreError(_("this class is closed or its code is wrong; ask the trainer for the address")))
            return False
        self.controller.join_class(classroom)
        self.set_interval(CHECK_SECONDS, self.check_class)
        return True

    def check_class(self) -> None:
        """What the trainer said or did since the last look: a message, the round's end."""
        classroom = self.controller.classroom
        if classroom is None:
            return
        was_over = classroom.blocked() is not None
        news = classroom.news()
        if news.message:
            self.notify(news.message, title=_("From the trainer"), timeout=20, markup=False)
        blocked = classroom.blocked()
        if blocked is not None and not was_over:
            title = _("Round over") if news.round_over else _("Class closed")
            self.notify(blocked, title=title, severity="warning", timeout=30, markup=False)
        elif blocked is None and was_over:
            self.notify(_("The next round has started: pick a scenario."), timeout=10, markup=False)

    def may_start(self) -> bool:
        """True when a new run may start; otherwise says why (the trainer ended the round)."""
        blocked = self.controller.blocked()
        if blocked is not None:
            self.notify(blocked, severity="warning", markup=False)
        return blocked is None

    def on_unmount(self) -> None:
        """Leaving a class: the trainer's roster shows the player left."""
        if self.controller.classroom is not None:
            self.controller.classroom.leave()

    def fail(self, error: StoreError) -> None:
        """Leave the app; `dojo play` prints the message and exits with its code."""
        self.failure = error
        self.exit(return_code=error.code)

    def welcomed(self, profile: Profile | None) -> None:
        """Remember who plays, then show the scenarios (or return to them)."""
        if profile is None:
            return
        if self.player_settings is not None:
            self.take_player_settings(profile.name)
        self.told(self.controller.set_profile(profile))
        self.apply_settings()
        if not any(isinstance(screen, PickerScreen) for screen in self.screen_stack):
            self.open_picker()

    def pin_check(self) -> Callable[[Profile, str], str | None] | None:
        """A served app (shared by a class) proves names with PINs; elsewhere the name is the player's own."""
        if self.player_settings is None:
            return None
        return lambda profile, pin: sign_in(self.store, self.controller.class_profile(profile), pin)

    def take_player_settings(self, name: str) -> None:
        """A served app: switch to this player's own settings file, and their display settings in it."""
        assert self.player_settings is not None
        if self.controller.use_settings_file(player_settings_path(self.player_settings, name)):
            self.apply_settings()

    # Watching a draft (dojo play --watch) ----------------------------------------------------

    def check_watched(self) -> None:
        """If the watched file was saved since last time, reload and lint it in a thread."""
        assert self.watch_path is not None
        now = stamp(self.watch_path)
        if now is None or now == self._watch_stamp or self._reloading:
            return
        self._watch_stamp = now
        self._reloading = True
        self.run_worker(self._reload_watched, thread=True, exit_on_error=False)

    def _reload_watched(self) -> None:
        """The thread's part: read, load and lint (the analysis can take a moment)."""
        assert self.watch_path is not None
        try:
            result = reload(self.watch_path, self.scorer)
        except BaseException:
            self.call_from_thread(self._reload_failed)
            raise
        self.call_from_thread(self.reloaded, result)

    def _reload_failed(self) -> None:
        """Let the next save be checked after a reload that crashed (the worker reports it)."""
        self._reloading = False

    def reloaded(self, result: Reload) -> None:
        """Show the findings; if the new version loads, replay the run on it where it still applies."""
        # Cleared here, on the app's thread, not in the worker: a second save arriving while
        # this result is on its way would otherwise switch screens twice in one frame, and
        # the first new screen would be torn down while it mounts.
        self._reloading = False
        self.findings = result.findings
        for screen in self.screen_stack:
            changed = getattr(screen, "findings_changed", None)
            if changed is not None:
                changed()
        if result.entry is None:
            errors = len(result.errors)
            message = ngettext("{count} error in the file: see the lint panel", "{count} errors in the file: see the lint panel", errors)
            self.notify(message.format(count=errors), severity="error", markup=False)
            return
        if self.start is not None and result.entry.raw == self.start.raw:
            return  # saved again without a change (or only touched): the run goes on as it is
        self.replace_watched(result.entry)

    def replace_watched(self, entry: Entry) -> None:
        """Put the new version of the watched scenario in place of the old, on screen and in the list."""
        from game.play.playthrough import Playthrough
        from game.tui.screens.debrief import DebriefScreen
        from game.tui.screens.draft import DraftScreen
        from game.tui.screens.play import PlayScreen

        self.controller.replace_start(entry)
        self.show_in(entry.scenario.locale)
        while isinstance(self.screen, ModalScreen):
            self.pop_screen()  # help or settings over the run: the run underneath changes now
        current = self.screen
        if isinstance(current, DraftScreen):
            self.switch_screen(PlayScreen(self.new_playthrough(entry)))
            self.notify(_("The file loads: playing it."), markup=False)
            return
        if not isinstance(current, (PlayScreen, DebriefScreen)):
            self.notify(_("Reloaded {file}.").format(file=entry.file_name), markup=False)
            return
        replayed = replay(current.playthrough.session, entry.scenario, self.scorer)
        playthrough = self.controller.adopt(Playthrough(entry, replayed.session, self.profile, None))  # a draft is never recorded
        screen = DebriefScreen(playthrough) if replayed.session.is_over else PlayScreen(playthrough)
        self.switch_screen(screen)
        self.notify(_("Reloaded {file}: {summary}.").format(file=entry.file_name, summary=replayed.summary()), markup=False)

    def open_picker(self) -> None:
        """The scenario list, with the scenario named on the command line started on top (once loaded)."""
        self.push_screen(PickerScreen())
        if self.start is not None and self.ready:
            self.begin(self.start)

    # Runs -------------------------------------------------------------------------------------

    def begin(self, entry: Entry) -> None:
        """Start `entry`, first offering to resume a saved run of it."""
        from game.tui.screens.play import PlayScreen
        from game.tui.screens.resume import ResumeScreen

        if not self.may_start():
            return
        self.show_in(entry.scenario.locale)
        opening = self.controller.begin(entry)
        if opening.note:
            self.notify(opening.note, severity="warning", markup=False)
        if opening.playthrough is not None:
            self.push_screen(PlayScreen(opening.playthrough))
            return
        saved = opening.saved
        assert saved is not None  # no run to play now: a saved one is on offer

        def answered(resume: bool | None) -> None:
            self.push_screen(PlayScreen(self.controller.resume(entry, saved if resume else None)))

        self.push_screen(ResumeScreen(saved), answered)

    def show_debrief(self, playthrough: Playthrough) -> None:
        """Replace the finished play screen by its debrief."""
        from game.tui.screens.debrief import DebriefScreen

        self.switch_screen(DebriefScreen(playthrough))

    def retry(self, playthrough: Playthrough) -> None:
        """The same scenario again, in the same mode."""
        from game.tui.screens.play import PlayScreen

        if self.may_start():
            self.show_in(playthrough.session.scenario.locale)
            self.switch_screen(PlayScreen(self.controller.retry(playthrough)))

    def play_next(self, playthrough: Playthrough) -> None:
        """The scenario after this one in the list (wrapping round), in the same mode."""
        from game.tui.screens.play import PlayScreen

        if self.may_start():
            following = self.controller.play_next(playthrough)
            self.show_in(following.session.scenario.locale)
            self.switch_screen(PlayScreen(following))

    # Other screens and settings --------------------------------------------------------------

    def show_help(self) -> None:
        """Every key."""
        from game.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def show_settings(self) -> None:
        """The settings."""
        from game.tui.screens.settings import SettingsScreen

        if not isinstance(self.screen, SettingsScreen):
            self.push_screen(SettingsScreen())

    def show_welcome(self) -> None:
        """Change the profile."""
        self.push_screen(WelcomeScreen(self.profile, sign_in=self.pin_check(), class_name=self.class_name), self.welcomed)

    def show_boards(self) -> None:
        """The leaderboards."""
        from game.tui.screens.boards import BoardsScreen

        self.push_screen(BoardsScreen())

    def change_settings(self, **changes: object) -> None:
        """Change, save and apply settings; a file we cannot write only costs the memory."""
        self.told(self.controller.change_settings(**changes))
        self.apply_settings()

    def told(self, problem: str | None) -> None:
        """Show the controller's one-line warning, if it has one."""
        if problem:
            self.notify(problem, severity="warning", markup=False)

    def apply_settings(self) -> None:
        """Theme and motion now; screens that care redraw themselves."""
        normal = THEME_NAMES.get(self.settings.theme, NORMAL_THEME)
        self.theme = HIGH_CONTRAST.name if self.settings.high_contrast else normal
        self.animation_level = "none" if self.settings.reduced_motion else "full"
        for screen in self.screen_stack:
            changed = getattr(screen, "settings_changed", None)
            if changed is not None:
                changed()
        self.relocalize()

    # The language ----------------------------------------------------------------------------

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Textual's palette commands, their titles and help in the game's language (PALETTE_WORDS)."""
        for command in super().get_system_commands(screen):
            title, help_text = (_(text) if text in PALETTE_WORDS else text for text in (command.title, command.help))
            yield SystemCommand(title, help_text, command.callback, command.discover)

    def search_themes(self) -> None:
        """The palette's theme list, each theme named in the game's language (game/tui/themes.py)."""
        from textual.command import CommandPalette

        from game.tui.themes import THEME_PLACEHOLDER, ThemeNames

        self.push_screen(CommandPalette(providers=[ThemeNames], placeholder=_(THEME_PLACEHOLDER)))

    def action_command_palette(self) -> None:
        """Textual's command palette, its search box in the game's language."""
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]  # App[None] is an App
            self.push_screen(CommandPalette(id="--command-palette", placeholder=_(PALETTE_PLACEHOLDER)))

    def show_in(self, scenario_locale: str | None) -> None:
        """The scenario on screen now is written in `scenario_locale` (None: no scenario): switch
        the language if that changes it (see relocalize)."""
        self.scenario_locale = scenario_locale
        self.relocalize()

    def relocalize(self) -> None:
        """Show the game in the language the controller picks (--locale, the Language setting, the
        scenario's, the system's); if that changes it, every screen is built again in the new one."""
        chosen = self.controller.language(self.scenario_locale)
        if chosen == active_locale():
            return
        use_locale(chosen)
        translate_bindings(self)
        for screen in self.screen_stack:
            translate_bindings(screen)
            screen.call_later(self._rebuild, screen)

    @staticmethod
    async def _rebuild(screen: Screen[object]) -> None:
        """Compose `screen` again (its words are made when composed), then let it fill in what it draws itself."""
        await screen.recompose()
        again = getattr(screen, "language_changed", None)
        if again is not None:
            again()
