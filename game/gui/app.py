"""The `dojo gui` window: the main loop, the screen stack and the way between screens.

The game itself (the profile, the settings, the store, the scenario list and the runs) is
the `Controller` of `game.play`, shared with the terminal game: this app asks it for each
run and each view and moves between screens; each screen draws one thing. Nothing here
scores or changes a session.

The loop is capped at 60 frames a second and draws only when something changed: a whole
frame when a screen is `dirty`, small regions (a blinking face, a typing line) otherwise,
and nothing at all on an idle screen. F11 toggles fullscreen; resizing lays every screen
out again; screen changes fade briefly unless reduced motion is on.

The language is the terminal game's rule: `--locale`, else the Language setting, else the
language of the scenario on screen, else the system's. When it changes (a setting, a
Chinese scenario begun on automatic) every open screen reads its words again and is laid
out anew (`Screen.locale_changed`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pygame
import pygame.freetype

from game.engine.session import Session
from game.gui.errors import WindowError
from game.gui.motion import Fade
from game.gui.scale import Fonts
from game.gui.screen import Screen
from game.gui.sound import Sounds
from game.gui.text import draw_line
from game.gui.theme import Theme, theme_for
from game.i18n import active_locale, use_locale
from game.play.catalog import Entry
from game.play.controller import Controller, FrontEnd
from game.play.playthrough import Playthrough
from game.play.profile import Profile

if TYPE_CHECKING:
    from typing import Unpack

    from game.play.controller import GameOptions
    from game.gui.autoplay import Autoplay

FPS = 60
DEFAULT_SIZE = (1280, 720)
MIN_SIZE = (640, 480)
NOTICE_SECONDS = 3.5
CAPTION = "Service Dojo"


@dataclass(frozen=True)
class AutoplayPlan:
    """An unattended run: the reply ids to make, where screenshots go, how fast, and whether to loop."""

    choices: tuple[str, ...]
    screenshot_dir: Path | None = None
    fast: bool = False
    loop: bool = False


class GuiApp(FrontEnd):
    """Service Dojo in a window; see the module docstring."""

    def __init__(
        self,
        entries: list[Entry],
        *,
        size: tuple[int, int] | None = None,
        fullscreen: bool | None = None,
        autoplay: AutoplayPlan | None = None,
        asked_locale: str | None = None,
        **options: Unpack[GameOptions],
    ):
        """The window game of `entries` (options as the Controller takes them); `autoplay` makes it an unattended run that saves nothing.

        `asked_locale` is the language asked for (`--locale`), whatever the Language setting
        says; see `language` for the rest of the rule.
        """
        # An attract-mode run trains nobody: it neither saves settings nor records runs.
        # The debrief needs each scenario's exact analysis: it is worked out while the trainee reads.
        if asked_locale is not None:
            options["locale"] = asked_locale  # the controller plays each scene in the language asked for too
        self.controller = Controller(entries, persist=autoplay is None, search_ahead=True, **options)
        self.window_size = size or DEFAULT_SIZE
        self.fullscreen = self.settings.fullscreen if fullscreen is None else fullscreen
        self.plan = autoplay
        self.autoplay: Autoplay | None = None
        self.stack: list[Screen] = []
        self.running = False
        self.exit_code = 0
        self.seconds = 0.0  # animation clock (frozen under reduced motion)
        self.frames = 0
        self.notice: tuple[str, float] | None = None  # text and when it goes
        self._fade: Fade | None = None
        self._old_frame: pygame.Surface | None = None
        self._dim: pygame.Surface | None = None
        self.clock: pygame.time.Clock | None = None
        self.surface: pygame.Surface | None = None
        self.theme: Theme = theme_for(self.settings.theme, self.settings.high_contrast)
        self._fonts: Fonts | None = None  # made by open() for the window's size
        self._sounds: Sounds | None = None  # made by open()
        self.scenario_locale: str | None = self.start.scenario.locale if self.start is not None else None  # the scenario on screen's
        self.locale = active_locale()  # the language the screens were last drawn in
        self.relocalize()

    @property
    def fonts(self) -> Fonts:
        """The fonts for the window's size; there are none before open()."""
        if self._fonts is None:
            raise RuntimeError("GuiApp.fonts used before open()")
        return self._fonts

    @property
    def sounds(self) -> Sounds:
        """The sound effects; there are none before open()."""
        if self._sounds is None:
            raise RuntimeError("GuiApp.sounds used before open()")
        return self._sounds

    # Start and stop --------------------------------------------------------------------------

    def open(self) -> None:
        """Open the window and show the first screen (WindowError if no window can be opened)."""
        try:
            pygame.display.init()
            pygame.freetype.init()
            pygame.display.set_caption(CAPTION)
            self._set_mode()
        except pygame.error as error:
            pygame.display.quit()
            raise WindowError(str(error)) from None
        pygame.key.set_repeat(400, 40)
        self.clock = pygame.time.Clock()
        self._sounds = Sounds(self.settings.volume, self.settings.muted)
        self.running = True
        self._first_screens()
        if self.plan is not None:
            from game.gui.autoplay import Autoplay

            self.autoplay = Autoplay(self, self.plan)

    def _first_screens(self) -> None:
        """The scenario list; the profile over it when nobody is known (or in autoplay); the start scenario."""
        from game.gui.screens.picker import PickerScreen
        from game.gui.screens.profile import ProfileScreen

        self.stack = []
        self.push(PickerScreen(self), fade=False)
        if self.plan is not None:
            self.push(ProfileScreen(self, self.profile, editing=True), fade=False)
        elif not self.profile.name.strip():
            self.push(ProfileScreen(self, None, editing=False), fade=False)
        elif self.start is not None:
            self.begin(self.start)

    def close(self) -> None:
        """Close the window (the store is the caller's)."""
        self.running = False
        pygame.display.quit()

    def run(self) -> int:
        """Open the window and loop at up to 60 frames a second until the player quits; the exit code."""
        self.open()
        try:
            while self.running:
                self.frame()
        finally:
            self.close()
        return self.exit_code

    def quit(self, code: int = 0) -> None:
        """Leave the loop (every run is already saved)."""
        self.exit_code = code
        self.running = False

    # One frame ---------------------------------------------------------------------------

    def frame(self, seconds: float | None = None) -> bool:
        """Handle events, advance animations and draw what changed; False once the app is quitting.

        `seconds` is the time since the last frame; by default the clock waits to cap the
        frame rate and measures it (tests pass a fixed step and run as fast as they like).
        """
        if seconds is None:
            assert self.clock is not None
            seconds = self.clock.tick(FPS) / 1000.0
        self.frames += 1
        if not self.settings.reduced_motion:
            self.seconds += seconds
        for event in pygame.event.get():
            self.dispatch(event)
            if not self.running:
                return False
        if not self.stack:
            self.quit()
            return False
        top = self.stack[-1]
        top.update(seconds)
        self._tick_notice()
        self.render(seconds)
        if self.autoplay is not None:
            self.autoplay.tick(seconds)
        return self.running

    def dispatch(self, event: pygame.event.Event) -> None:
        """Window events here; everything else goes to the screen on top."""
        if event.type == pygame.QUIT:
            self.quit()
        elif event.type == pygame.VIDEORESIZE:
            self.resize((event.w, event.h))
        elif event.type in (pygame.WINDOWEXPOSED, pygame.WINDOWRESTORED, pygame.WINDOWFOCUSGAINED):
            self.top_dirty()
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_F11:
            self.toggle_fullscreen()
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_q and event.mod & pygame.KMOD_CTRL:
            self.quit()
        elif self.stack:
            self.stack[-1].handle(event)

    def render(self, seconds: float) -> None:
        """Draw the top screen: a fade, a whole frame, or only the regions that moved."""
        surface = self.surface
        assert surface is not None
        top = self.stack[-1]
        if self._fade is not None:
            self._fade.update(seconds)
            self._draw_stack(surface)
            if self._old_frame is not None and not self._fade.done:
                self._old_frame.set_alpha(self._fade.old_alpha)
                surface.blit(self._old_frame, (0, 0))
            pygame.display.flip()
            if self._fade.done:
                self._fade, self._old_frame = None, None
            return
        if top.dirty:
            self._draw_stack(surface)
            pygame.display.flip()
            return
        rects = top.draw_partial(surface)
        if rects:
            pygame.display.update(rects)

    def _draw_stack(self, surface: pygame.Surface) -> None:
        """The top screen (over the one below, dimmed, when it is modal) and any notice."""
        top = self.stack[-1]
        if top.modal and len(self.stack) > 1:
            below = self.stack[-2]
            below.draw(surface)
            below.dirty = False
            surface.blit(self._dimmer(surface.get_size()), (0, 0))
        top.draw(surface)
        top.dirty = False
        self._draw_notice(surface)

    def _dimmer(self, size: tuple[int, int]) -> pygame.Surface:
        """A translucent veil the size of the window (kept until the size changes)."""
        if self._dim is None or self._dim.get_size() != size:
            self._dim = pygame.Surface(size)
            self._dim.fill((0, 0, 0))
            self._dim.set_alpha(150)
        return self._dim

    # Screens -----------------------------------------------------------------------------

    def push(self, screen: Screen, fade: bool = True) -> None:
        """Show `screen` over the current one."""
        self._start_fade(fade and not screen.modal)
        screen.layout(self.surface.get_size() if self.surface else self.window_size)
        self.stack.append(screen)

    def pop(self, fade: bool = True) -> None:
        """Close the top screen and go back to the one below (quits when none is left)."""
        closing = self.stack.pop() if self.stack else None
        if not self.stack:
            self.quit()
            return
        self._start_fade(fade and closing is not None and not closing.modal)
        self.stack[-1].resumed()
        if self.stack[-1].name == "picker":
            self.show_in(None)  # back in the list: no scenario's language to follow

    def replace(self, screen: Screen) -> None:
        """Swap the top screen for `screen`."""
        self._start_fade(True)
        if self.stack:
            self.stack.pop()
        screen.layout(self.surface.get_size() if self.surface else self.window_size)
        self.stack.append(screen)

    def top(self) -> Screen | None:
        """The screen on top."""
        return self.stack[-1] if self.stack else None

    def top_dirty(self) -> None:
        """Draw the whole top screen again on the next frame."""
        if self.stack:
            self.stack[-1].dirty = True

    def _start_fade(self, wanted: bool) -> None:
        """Keep the current frame to fade from (not under reduced motion, nor before the first frame)."""
        if not wanted or self.settings.reduced_motion or self.surface is None or not self.stack or self.frames == 0:
            return
        self._old_frame = self.surface.copy()
        self._fade = Fade()

    def busy(self) -> bool:
        """True while a fade runs or the top screen is still animating."""
        return self._fade is not None or (bool(self.stack) and self.stack[-1].busy())

    # Window --------------------------------------------------------------------------------

    def _set_mode(self) -> None:
        """(Re)create the window surface for the current size and fullscreen setting."""
        if self.fullscreen:
            self.surface = pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
        else:
            self.surface = pygame.display.set_mode(self.window_size, pygame.RESIZABLE)
        self._fonts = Fonts(*self.surface.get_size())

    def resize(self, size: tuple[int, int]) -> None:
        """Lay every screen out again for a window of `size` (never below MIN_SIZE)."""
        size = (max(size[0], MIN_SIZE[0]), max(size[1], MIN_SIZE[1]))
        if not self.fullscreen:
            self.window_size = size
        if self.surface is None or self.surface.get_size() != size:
            self.surface = pygame.display.set_mode(size, pygame.FULLSCREEN if self.fullscreen else pygame.RESIZABLE)
        self._fonts = Fonts(*self.surface.get_size())
        self._fade, self._old_frame = None, None  # an old frame of another size cannot fade
        for screen in self.stack:
            screen.layout(self.surface.get_size())

    def toggle_fullscreen(self) -> None:
        """F11: fullscreen on or off, remembered in the settings."""
        self.fullscreen = not self.fullscreen
        self._set_mode()
        self._fade, self._old_frame = None, None
        for screen in self.stack:
            screen.layout(self.surface.get_size())  # type: ignore[union-attr]
        self.change_settings(fullscreen=self.fullscreen)

    def screenshot(self, path: Path) -> None:
        """Save the window as it shows now (PNG)."""
        assert self.surface is not None
        pygame.image.save(self.surface, str(path))

    # Notices ---------------------------------------------------------------------------------

    def notify(self, text: str) -> None:
        """Show a one-line notice at the bottom for a few seconds (literal text)."""
        self.notice = (text, time.monotonic() + NOTICE_SECONDS)
        self.top_dirty()

    def _tick_notice(self) -> None:
        if self.notice is not None and time.monotonic() >= self.notice[1]:
            self.notice = None
            self.top_dirty()

    def notice_box(self, size: tuple[int, int], text: str) -> pygame.Rect:
        """Where a notice goes: over the key-hint line at the foot, so it never covers a button."""
        cache = self.fonts.small
        box = pygame.Rect(0, 0, min(size[0] - 16, cache.width(text) + 40), cache.line_height + 12)
        box.midbottom = (size[0] // 2, size[1])
        return box

    def _draw_notice(self, surface: pygame.Surface) -> None:
        if self.notice is None:
            return
        cache = self.fonts.small
        box = self.notice_box(surface.get_size(), self.notice[0])
        pygame.draw.rect(surface, self.theme.panel, box, border_radius=8)
        pygame.draw.rect(surface, self.theme.accent, box, width=2, border_radius=8)
        draw_line(surface, cache, self.notice[0], self.theme.text, (box.x + 20, box.y + 6), box.width - 40)

    # Runs ------------------------------------------------------------------------------------

    def begin(self, entry: Entry) -> None:
        """Start `entry`, first offering to resume a saved run of it."""
        from game.gui.screens.play import PlayScreen
        from game.gui.screens.resume import ResumeScreen

        self.show_in(entry.scenario.locale)
        opening = self.controller.begin(entry)
        if opening.note:
            self.notify(opening.note)
        if opening.playthrough is not None:
            self.push(PlayScreen(self, opening.playthrough))
            return
        assert opening.saved is not None  # no run to play now: a saved one is on offer
        self.push(ResumeScreen(self, entry, opening.saved))

    def resume(self, entry: Entry, saved: Session | None) -> None:
        """The answer to the resume offer: play the saved session, or discard it and start afresh."""
        from game.gui.screens.play import PlayScreen

        self.pop(fade=False)
        self.show_in(entry.scenario.locale)
        self.push(PlayScreen(self, self.controller.resume(entry, saved)))

    def show_debrief(self, playthrough: Playthrough) -> None:
        """Replace the finished play screen by its debrief."""
        from game.gui.screens.debrief import DebriefScreen

        self.sounds.play("finish")
        self.replace(DebriefScreen(self, playthrough))

    def retry(self, playthrough: Playthrough) -> None:
        """The same scenario again, in the same mode."""
        from game.gui.screens.play import PlayScreen

        following = self.controller.retry(playthrough)
        self.show_in(following.session.scenario.locale)
        self.replace(PlayScreen(self, following))

    def play_next(self, playthrough: Playthrough) -> None:
        """The scenario after this one in the list (wrapping round), in the same mode."""
        from game.gui.screens.play import PlayScreen

        following = self.controller.play_next(playthrough)
        self.show_in(following.session.scenario.locale)
        self.replace(PlayScreen(self, following))

    # Other screens and settings --------------------------------------------------------------

    def show_help(self) -> None:
        """Every key."""
        from game.gui.screens.help import HelpScreen

        if not isinstance(self.top(), HelpScreen):
            self.push(HelpScreen(self))

    def show_settings(self) -> None:
        """The settings."""
        from game.gui.screens.settings import SettingsScreen

        if not isinstance(self.top(), SettingsScreen):
            self.push(SettingsScreen(self))

    def show_profile(self) -> None:
        """Change the profile."""
        from game.gui.screens.profile import ProfileScreen

        self.push(ProfileScreen(self, self.profile, editing=True))

    def show_boards(self) -> None:
        """The leaderboards."""
        from game.gui.screens.boards import BoardsScreen

        self.push(BoardsScreen(self))

    def set_profile(self, profile: Profile) -> None:
        """Remember who plays, then go back to the scenarios."""
        self._told(self.controller.set_profile(profile))
        self.apply_settings()
        self.pop()

    def change_settings(self, **changes: object) -> None:
        """Change, save and apply settings; a file we cannot write only costs the memory."""
        self._told(self.controller.change_settings(**changes))
        self.apply_settings()

    def _told(self, problem: str | None) -> None:
        """Show the controller's one-line warning, if it has one."""
        if problem:
            self.notify(problem)

    def apply_settings(self) -> None:
        """Theme, sound, motion and language now; every screen draws again (in another language, laid out anew)."""
        self.theme = theme_for(self.settings.theme, self.settings.high_contrast)
        if self._sounds is not None:
            self._sounds.set_volume(self.settings.volume, self.settings.muted)
        if not self.relocalize():
            for screen in self.stack:
                screen.settings_changed()

    # The language ----------------------------------------------------------------------------

    def language(self) -> str:
        """The locale to show: `--locale`, else the Language setting, else the locale of the scenario
        on screen, else the system's, as the controller decides it for both front ends."""
        return self.controller.language(self.scenario_locale)

    def relocalize(self) -> bool:
        """Show the game in the language `language` picks; when the screens were drawn in another,
        each reads its words again and is laid out anew (widths change). True when they were."""
        chosen = self.language()
        if chosen != active_locale():
            use_locale(chosen)
        if active_locale() == self.locale:
            return False
        self.locale = active_locale()
        for screen in self.stack:
            screen.locale_changed()
        return True

    def show_in(self, scenario_locale: str | None) -> None:
        """The scenario on screen now is written in `scenario_locale` (None: the list, no scenario):
        the language follows it where neither --locale nor the Language setting names one."""
        self.scenario_locale = scenario_locale
        self.relocalize()
