"""Benchmark (issue 16): CPU per typewriter frame, the play screen against a bare transcript.

While a customer's line is typed out (30 frames a second), every frame costs the app CPU;
in a served class of 30 these frames were most of the apps' CPU. The play screen (the
example scenario, practice, motion on, the slow text speed) types the lines after three
replies; the CPU this thread spends in the typewriter's tick and the screen's update is
summed over those frames. The floor is a bare app holding only a Transcript, typing a line
of the same length the same way in the same run. Figures are printed, never asserted.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.screen import Screen

from game.play.settings import Settings
from game.play.story import SaidLine
from game.tui.widgets.transcript import Transcript
from tests.bench import print_table
from tests.test_tui_app import BEST, SIZE, keys_for, make_app

REPLIES = 3
SPEED = 25.0  # the slow text speed, characters per second


class FrameClock:
    """Sums this thread's CPU time inside the typewriter's tick and the screen's update while on."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.frames = 0
        self.on = False
        self._undo: list[tuple[type, str, Callable[..., Any]]] = []

    def wrap(self, owner: type, name: str, counts: bool) -> None:
        """Time `owner.name` (a frame when `counts`) until `restore`."""
        original = getattr(owner, name)
        clock = self

        def timed(this: object, *args: object, **kwargs: object) -> object:
            if not clock.on:
                return original(this, *args, **kwargs)
            began = time.thread_time()
            try:
                return original(this, *args, **kwargs)
            finally:
                clock.seconds += time.thread_time() - began
                clock.frames += counts

        setattr(owner, name, timed)
        self._undo.append((owner, name, original))

    def restore(self) -> None:
        """Put the original methods back."""
        for owner, name, original in reversed(self._undo):
            setattr(owner, name, original)
        self._undo.clear()

    @property
    def per_frame_ms(self) -> float:
        """Milliseconds of CPU per frame."""
        return self.seconds * 1000 / max(1, self.frames)


async def until_typed(transcript: Transcript, seconds: float = 120.0) -> None:
    """Wait while the transcript types (a hang guard gives up after `seconds`)."""
    deadline = time.monotonic() + seconds
    while transcript.typing and time.monotonic() < deadline:
        await asyncio.sleep(0.05)


async def play_screen(tmp_path: Path, clock: FrameClock) -> int:
    """Type the lines after REPLIES replies on the play screen; the characters typed."""
    app = make_app(tmp_path, settings=Settings(text_speed="slow"))
    typed = 0
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            transcript = app.screen.query_one(Transcript)
            for key in keys_for(BEST)[:REPLIES]:
                await until_typed(transcript)
                await pilot.press(key)
                await asyncio.sleep(0.3)  # the reply's own redraw is not a typing frame
                typed += sum(len(line.entry.text) for line in transcript.queue)
                clock.on = True
                await until_typed(transcript)
                clock.on = False
    finally:
        app.store.close()
    return typed


class Bare(App[None]):
    """Only a transcript: the floor."""

    def compose(self) -> ComposeResult:
        """One transcript filling the screen."""
        yield Transcript(id="transcript")


async def bare(characters: int, clock: FrameClock) -> None:
    """Type one line of `characters` letters in the bare app."""
    app = Bare()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        transcript = app.query_one(Transcript)
        clock.on = True
        transcript.sync([SaidLine("line", "Mr Okafor", ("word " * characters)[:characters])], animate=False, speed=SPEED)
        await until_typed(transcript)
        clock.on = False


def measure(run: Callable[[FrameClock], Any]) -> FrameClock:
    """Run `run` with a fresh frame clock wrapped around the tick and the screen's update."""
    clock = FrameClock()
    clock.wrap(Transcript, "_tick", counts=False)
    clock.wrap(Screen, "_on_timer_update", counts=True)
    try:
        asyncio.run(run(clock))
    finally:
        clock.restore()
    return clock


@pytest.mark.bench
def test_bench_typing(tmp_path: Path) -> None:
    """Print CPU per typewriter frame on the play screen against a bare transcript."""
    typed: list[int] = []

    async def screen(clock: FrameClock) -> None:
        typed.append(await play_screen(tmp_path, clock))

    played = measure(screen)
    floor = measure(lambda clock: bare(max(typed[0] // REPLIES, 40), clock))
    print_table(
        "typewriter frames: CPU of the app's thread per frame (tick + the screen's update)",
        ["app", "frames", "ms per frame", "ratio"],
        [
            ["play screen (practice, motion on, slow text)", played.frames, f"{played.per_frame_ms:.2f}", f"{played.per_frame_ms / floor.per_frame_ms:.1f}x"],
            ["bare app, a transcript alone (floor)", floor.frames, f"{floor.per_frame_ms:.2f}", "1.0x"],
        ],
    )
    assert played.frames > 0 and floor.frames > 0
