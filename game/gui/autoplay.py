"""Autoplay: a run played unattended by posting the same key events a person would, with screenshots.

It is the kiosk's attract mode and the hook for tests. The script waits until the screen
is still (no fade, no typing, no moving meter) and a pause has passed, then acts: fill the
profile and press Enter, open help, settings and the boards for their screenshots when
screenshots are asked for, start the scenario, make each reply by its number key, and
finish on the debrief (or go round again with `loop`). Screenshots are numbered in order:
`01-profile.png`, `02-picker.png`, ..., `NN-play-3.png`, ..., `NN-debrief.png`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pygame

if TYPE_CHECKING:
    from game.gui.app import AutoplayPlan, GuiApp

SLOW_PAUSE = 1.6  # seconds a kiosk lingers on each step, so passers-by can follow
FAST_PAUSE = 0.0
SETTLE_FRAMES = 2  # frames drawn after the screen is still, before a screenshot


def key_event(key: int, text: str = "") -> pygame.event.Event:
    """A key press as the keyboard would send it."""
    return pygame.event.Event(pygame.KEYDOWN, key=key, unicode=text, mod=0, scancode=0)


class Autoplay:
    """Steps a script whenever the app is still; see the module docstring."""

    def __init__(self, app: GuiApp, plan: AutoplayPlan):
        self.app = app
        self.plan = plan
        self.pause = FAST_PAUSE if plan.fast else SLOW_PAUSE
        self.waited = 0.0
        self.still = 0
        self.count = 0
        self.shots: list[str] = []
        self.script = self._script()

    def tick(self, seconds: float) -> None:
        """Called after each frame: advance the script once the screen has been still long enough."""
        if self.app.busy():
            self.still, self.waited = 0, 0.0
            if self.plan.fast and self._top() == "play":
                pygame.event.post(key_event(pygame.K_SPACE, " "))  # show a typing line whole at once
            return
        self.still += 1
        self.waited += seconds
        if self.still < SETTLE_FRAMES or self.waited < self.pause:
            return
        self.still, self.waited = 0, 0.0
        try:
            next(self.script)
        except StopIteration:
            self.app.quit(0)

    def shot(self, label: str) -> None:
        """Save the window as `NN-label.png` (when screenshots were asked for)."""
        self.count += 1
        if self.plan.screenshot_dir is None:
            return
        name = f"{self.count:02d}-{label}.png"
        self.app.screenshot(self.plan.screenshot_dir / name)
        self.shots.append(name)

    def press(self, key: int, text: str = "") -> None:
        """Post a key press for the next frame."""
        pygame.event.post(key_event(key, text))

    def _script(self) -> Iterator[None]:
        """The steps; each `yield` waits for the screen to be still again."""
        screenshots = self.plan.screenshot_dir is not None
        while True:
            if self._top() == "profile":
                self.shot("profile")
                self.press(pygame.K_RETURN)
                yield
            if self._top() == "picker":
                self.shot("picker")
                if screenshots:
                    for key, text, label in ((pygame.K_SLASH, "?", "help"), (pygame.K_s, "s", "settings"), (pygame.K_l, "l", "boards")):
                        self.press(key, text)
                        yield
                        self.shot(label)
                        self.press(pygame.K_ESCAPE)
                        yield
                self._select_start()
                self.press(pygame.K_RETURN)
                yield
            if self._top() == "resume":
                self.press(pygame.K_n, "n")  # a kiosk always starts afresh
                yield
            yield from self._play()
            self.shot("debrief")
            if not self.plan.loop:
                return
            self.press(pygame.K_ESCAPE)
            yield

    def _play(self) -> Iterator[None]:
        """Each reply by its number key, a screenshot before each."""
        from game.gui.screens.play import PlayScreen

        for turn, choice in enumerate(self.plan.choices, start=1):
            screen = self.app.top()
            if not isinstance(screen, PlayScreen):
                return
            self.shot(f"play-{turn}")
            ids = [reply.id for reply in screen.playthrough.session.replies]
            number = ids.index(choice) + 1 if choice in ids else 1
            self.press(pygame.K_0 + number, str(number))
            yield

    def _select_start(self) -> None:
        """Highlight the scenario to play in the list (the list may have been scrolled or filtered)."""
        picker = self.app.top()
        if self.app.start is not None and hasattr(picker, "select"):
            picker.select(self.app.start.scenario.id)  # type: ignore[union-attr]

    def _top(self) -> str:
        screen = self.app.top()
        return screen.name if screen is not None else ""
