"""The game's application core: who plays, their settings, the scenario list, the store and the runs.

Both front ends (`game.tui`, `game.gui`) hold one `Controller` and ask it for everything that
is not drawing: begin a scenario (offering a saved run first), resume or start afresh, choose,
undo, leave, retry, play the next scenario, change the profile or a setting; and for what the
screens show (the picker's rows, a finished run's debrief). A front end maps keys and clicks
to these intents and draws what they return; it decides nothing about the game itself.

Every answer a screen needs to tell the player (a save that could not be used, a settings
file that cannot be written) comes back as a one-line string, and the front end shows it its
own way. Start-up is measured in the terminal game, so the engine and the store are imported
when a run first needs them, not with this module.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

from game.i18n import _, choose_locale
from game.play.catalog import Entry, Record, entry_after, in_language, matching, player_records, saved_scenarios, skills_of
from game.play.profile import Profile
from game.play.settings import Settings, SettingsFile, default_path, load_settings
from game.play.views import DebriefView, PickerRow, debrief_view, picker_rows

if TYPE_CHECKING:
    from game.engine.session import Mode, Session, Turn
    from game.play.classroom import Classroom
    from game.play.playthrough import Playthrough
    from game.store.db import Store
    from scoring.scorer import Scorer


class GameOptions(TypedDict, total=False):
    """What a front end's app is started with and hands on to its Controller (see `Controller`)."""

    start: Entry | None
    store: Store | None
    mode: Mode
    player: str | None
    settings_path: Path | None
    seed: int | None
    locale: str | None


@dataclass(frozen=True)
class Opening:
    """What beginning a scenario leads to: a run to play now, or a saved run to offer first."""

    entry: Entry
    playthrough: Playthrough | None  # play this now (None while a saved run is offered)
    saved: Session | None  # the saved run to offer (None when there is none)
    note: str | None  # why a saved run could not be used, one line for the player


@dataclass(frozen=True)
class PickerView:
    """The picker's list for one skill filter: the entries shown and their rows, in the same order."""

    skill: str | None
    entries: tuple[Entry, ...]
    rows: tuple[PickerRow, ...]


class Controller:
    """One player's game, whichever front end draws it; see the module docstring."""

    def __init__(
        self,
        entries: Iterable[Entry] = (),
        *,
        start: Entry | None = None,
        store: Store | None = None,
        mode: Mode = "practice",
        player: str | None = None,
        settings_path: Path | None = None,
        seed: int | None = None,
        persist: bool = True,
        search_ahead: bool = False,
        locale: str | None = None,
    ):
        """A game of `entries` (with `start` first if it is not among them) on `store`.

        `player` overrides the name remembered in the settings; `seed` fixes every run's
        reply order (tests, demos). Without `persist` (an attract-mode run) nothing is
        saved: no settings, no runs. With `search_ahead`, every new run starts its
        scenario's analysis in a thread, in ranked mode too (the window game's debrief
        needs it, and the trainee is reading meanwhile). `locale` (`--locale`) is the
        language for this game whatever the settings say.
        """
        self.start = start
        self.locale = locale
        self.store = store
        self.mode: Mode = mode
        self.seed = seed
        self.persist = persist
        self.search_ahead = search_ahead
        self.settings_path = settings_path or default_path()
        self.settings: Settings = load_settings(self.settings_path)
        self._settings_file: SettingsFile | None = None
        self._scorer: Scorer | None = None
        self.classroom: Classroom | None = None  # a served class fixes cohort, mode and scenarios
        self._entries: list[Entry] = []  # as given; `entries` shows them in the game's language
        self._shown: tuple[str, list[Entry]] | None = None  # (language, entries in it), made on first use
        self.take_entries(entries)
        name = player if player is not None else self.settings.player
        self.profile = Profile(name, self.settings.cohort or None, self.settings.team or None)
        self.playthrough: Playthrough | None = None  # the run being played or just finished

    def language(self, scenario_locale: str | None = None) -> str:
        """The locale to show: `--locale`, else the Language setting, else `scenario_locale` (the
        scenario played, if any), else the system's (game.i18n.choose_locale)."""
        return choose_locale(self.locale or self.settings.language or None, scenario_locale)

    # A class ------------------------------------------------------------------------------------

    def join_class(self, classroom: Classroom) -> None:
        """Play in `classroom` from now on: its mode, its scenarios, its name as everyone's cohort."""
        self.classroom = classroom
        self.mode = "ranked" if classroom.mode == "ranked" else "practice"
        self.take_entries(self._entries)
        self.profile = self.class_profile(self.profile)

    def class_profile(self, profile: Profile) -> Profile:
        """`profile` with the class's name as its cohort (unchanged outside a class)."""
        if self.classroom is None:
            return profile
        return Profile(profile.name, self.classroom.cohort, profile.team)

    def blocked(self) -> str | None:
        """Why no new run may start now (the trainer ended the round, the class closed), else None."""
        return self.classroom.blocked() if self.classroom is not None else None

    # The catalogue and the rubric ----------------------------------------------------------------

    @property
    def entries(self) -> list[Entry]:
        """The scenario list, each scenario in the game's language where it has a complete table for
        it (so the Language setting changes what the scenes say, not only the game's own words)."""
        language = self.language()
        if self._shown is None or self._shown[0] != language:
            self._shown = (language, [in_language(entry, language) for entry in self._entries])
        return self._shown[1]

    def take_entries(self, entries: Iterable[Entry]) -> None:
        """The scenario list, with the start scenario first if it is not in it."""
        self._shown = None
        self._entries = list(entries)
        if self.classroom is not None:
            self._entries = self.classroom.entries(self._entries)
            return  # a class plays its own list, nothing else
        start = self.start
        if start is not None and all(entry.scenario.id != start.scenario.id for entry in self._entries):
            self._entries.insert(0, start)

    def replace_start(self, entry: Entry) -> None:
        """A new version of the start scenario (a watched draft was saved): it replaces the old one, first in the list."""
        old_id = self.start.scenario.id if self.start is not None else None
        self.start = entry
        self._shown = None
        self._entries = [item for item in self._entries if item.scenario.id not in (old_id, entry.scenario.id)]
        self._entries.insert(0, entry)

    @property
    def scorer(self) -> Scorer:
        """The bundled rubric's scorer, made on first use."""
        if self._scorer is None:
            from scoring.rubric import default_rubric
            from scoring.scorer import Scorer

            self._scorer = Scorer(default_rubric())
        return self._scorer

    @property
    def run_store(self) -> Store | None:
        """Where runs are saved and recorded: the store, or None when nothing persists."""
        return self.store if self.persist else None

    # What the picker shows ---------------------------------------------------------------------

    def records(self) -> dict[str, Record]:
        """The player's best run per scenario, in ranked mode the best verified ranked run ({} without a store or before their first run)."""
        return player_records(self.store, self.profile.name, ranked=self.mode == "ranked")

    def saved_ids(self) -> set[str]:
        """The scenarios the player has a saved run of (none when nothing persists)."""
        return saved_scenarios(self.store, self.profile.name) if self.persist else set()

    def picker(self, skill: str | None = None) -> PickerView:
        """The scenarios that train `skill` (all for None), each with its row."""
        shown = tuple(matching(self.entries, skill))
        return PickerView(skill, shown, picker_rows(shown, self.records(), self.saved_ids()))

    def next_skill(self, skill: str | None) -> str | None:
        """The skill filter after `skill`: all, then each skill any scenario trains, round again."""
        options: list[str | None] = [None, *skills_of(self.entries)]
        return options[(options.index(skill) + 1) % len(options)] if skill in options else None

    @property
    def mode_locked(self) -> bool:
        """True when the class has fixed the mode."""
        return self.classroom is not None

    def switch_mode(self) -> Mode:
        """Practice becomes ranked and back, for the next run; the new mode (unchanged in a class)."""
        if self.mode_locked:
            return self.mode
        self.mode = "ranked" if self.mode == "practice" else "practice"
        return self.mode

    # Runs ------------------------------------------------------------------------------------

    def begin(self, entry: Entry) -> Opening:
        """Start `entry`: a saved run of it to offer first (see `resume`), else a new run."""
        from game.play.playthrough import resumable

        entry = in_language(entry, self.language())
        saved, note = resumable(self.run_store, self.profile, entry)
        if saved is not None and self.classroom is not None and saved.mode != self.mode:
            saved = None  # saved in the other mode: it could never count in the class, so the class's run starts afresh
        if saved is not None:
            return Opening(entry, None, saved, note)
        return Opening(entry, self.new_playthrough(entry), None, note)

    def resume(self, entry: Entry, saved: Session | None) -> Playthrough:
        """The answer to the offer: play the saved session, or (None) discard it and start afresh."""
        from game.play.playthrough import Playthrough, discard_save

        if saved is not None:
            return self._playing(Playthrough(entry, saved, self.profile, self.run_store))
        discard_save(self.run_store, self.profile, entry)
        return self.new_playthrough(entry)

    def new_playthrough(self, entry: Entry, mode: Mode | None = None) -> Playthrough:
        """A fresh run of `entry` in `mode` (default: the mode chosen in the picker)."""
        from game.engine.session import Session
        from game.play.playthrough import Playthrough

        entry = in_language(entry, self.language())  # the start scenario too, in the language chosen since
        seed = self.seed if self.seed is not None else random.randrange(2**31)
        session = Session(entry.scenario, seed=seed, mode=mode or self.mode, scorer=self.scorer)
        playthrough = Playthrough(entry, session, self.profile, self.run_store)
        if self.search_ahead and not playthrough.practice:  # practice runs start their own search
            threading.Thread(target=playthrough.analysis, name="dojo-analysis", daemon=True).start()
        return self._playing(playthrough)

    def retry(self, playthrough: Playthrough) -> Playthrough:
        """The same scenario again, in the same mode."""
        return self.new_playthrough(playthrough.entry, playthrough.session.mode)

    def play_next(self, playthrough: Playthrough) -> Playthrough:
        """The scenario after this one in the list (wrapping round), in the same mode."""
        return self.new_playthrough(entry_after(self.entries, playthrough.entry), playthrough.session.mode)

    def _playing(self, playthrough: Playthrough) -> Playthrough:
        """Make `playthrough` the current run."""
        self.playthrough = playthrough
        if self.classroom is not None:
            self.classroom.playing(playthrough)
        return playthrough

    def _current(self) -> Playthrough:
        if self.playthrough is None:
            raise RuntimeError("no run is being played")
        return self.playthrough

    def choose(self, number: int) -> Turn:
        """Make the current run's reply with this 1-based number (saved, or recorded once it ends)."""
        playthrough = self._current()
        turn = playthrough.choose(number)
        if self.classroom is not None:
            if playthrough.session.is_over:
                self.classroom.finished(playthrough)
            else:
                self.classroom.playing(playthrough)
        return turn

    def undo(self) -> str | None:
        """Take back the current run's last reply; None if done, else why not (one line for the player)."""
        from game.engine.session import SessionError

        playthrough = self._current()
        if not playthrough.practice:
            return _("Ranked mode has no undo.")
        try:
            playthrough.undo()
        except SessionError as error:  # nothing to undo yet: the session says so
            return str(error)
        if self.classroom is not None:
            self.classroom.playing(playthrough)
        return None

    def adopt(self, playthrough: Playthrough) -> Playthrough:
        """Make a run made elsewhere (a watched draft replayed on its new version) the current one."""
        return self._playing(playthrough)

    def leave(self) -> str | None:
        """The player leaves the current run: None if it is stored (or there is none), else why not (one line)."""
        playthrough, self.playthrough = self.playthrough, None
        if playthrough is not None and self.classroom is not None and not playthrough.session.is_over:
            self.classroom.left_run()
        return playthrough.leave() if playthrough is not None else None

    def debrief(self, playthrough: Playthrough | None = None) -> DebriefView:
        """The debrief of a finished run (the current one by default), from its kept ScoreCard."""
        return debrief_view(playthrough or self._current())

    # The profile and the settings ------------------------------------------------------------

    def set_profile(self, profile: Profile) -> str | None:
        """Remember who plays (in the settings too); a problem saving the settings, if any. In a class,
        the player takes their seat (signed in by now) and the cohort is the class's."""
        self.profile = self.class_profile(profile)
        if self.classroom is not None:
            self.classroom.seated(profile.name)
        return self.change_settings(player=profile.name, cohort=self.profile.cohort or "", team=profile.team or "")

    def use_settings_file(self, path: Path) -> bool:
        """Keep the settings in `path` from now on, and take the ones it holds if it exists; True if it did."""
        self.settings_path = path
        if not path.exists():
            return False
        self.settings = load_settings(path)
        return True

    def change_settings(self, **changes: object) -> str | None:
        """Change the settings and save them; why they could not be saved (once), else None.

        A file that cannot be written only costs the memory: the changes apply all the same.
        """
        self.settings = self.settings.with_changes(**changes)
        if not self.persist:
            return None
        if self._settings_file is None or self._settings_file.path != self.settings_path:
            self._settings_file = SettingsFile(self.settings_path)
        return self._settings_file.save(self.settings)  # told once, not at every change


class FrontEnd:
    """What both apps share: the controller's state under the names their screens read, and the run intents.

    A front end's app inherits this (before its UI library's base class) and sets
    `controller`; the screens read `app.entries`, `app.mode`, `app.profile` and so on as
    before, and every one of them is the controller's. Only what a screen changes directly
    (the start scenario, the store, the mode) can be set through here.
    """

    controller: Controller

    @property
    def entries(self) -> list[Entry]:
        """The scenario list."""
        return self.controller.entries

    @property
    def start(self) -> Entry | None:
        """The scenario named on the command line (or the watched draft), if any."""
        return self.controller.start

    @start.setter
    def start(self, entry: Entry | None) -> None:
        self.controller.start = entry

    @property
    def store(self) -> Store | None:
        """The open store (None without one, or before it is open)."""
        return self.controller.store

    @store.setter
    def store(self, store: Store | None) -> None:
        self.controller.store = store

    @property
    def mode(self) -> Mode:
        """The mode of the next run (the picker switches it)."""
        return self.controller.mode

    @mode.setter
    def mode(self, mode: Mode) -> None:
        self.controller.mode = mode

    @property
    def persist(self) -> bool:
        """False in attract mode, which saves neither settings nor runs."""
        return self.controller.persist

    @property
    def profile(self) -> Profile:
        """Who plays."""
        return self.controller.profile

    @property
    def settings(self) -> Settings:
        """The player's settings."""
        return self.controller.settings

    @property
    def settings_path(self) -> Path:
        """Where the settings are kept."""
        return self.controller.settings_path

    @property
    def scorer(self) -> Scorer:
        """The bundled rubric's scorer, made on first use."""
        return self.controller.scorer

    def take_entries(self, entries: Iterable[Entry]) -> None:
        """The scenario list, with the start scenario first if it is new."""
        self.controller.take_entries(entries)

    def records(self) -> dict[str, Record]:
        """The player's best run per scenario ({} without a store or before their first run)."""
        return self.controller.records()

    def saved_ids(self) -> set[str]:
        """The scenarios the player has a saved run of (none when nothing persists)."""
        return self.controller.saved_ids()

    def picker(self, skill: str | None) -> PickerView:
        """The scenarios shown for a skill filter, with their rows."""
        return self.controller.picker(skill)

    def new_playthrough(self, entry: Entry, mode: Mode | None = None) -> Playthrough:
        """A fresh run of `entry` in `mode` (default: the mode chosen in the picker)."""
        return self.controller.new_playthrough(entry, mode)
