"""Screens closed while they mount (game/tui/lifecycle.py): no traceback for a screen nobody sees."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from game.tui.lifecycle import while_attached
from tests.test_tui_app import SIZE, entry, make_app


class Counting(Screen[None]):
    """A screen whose mount handler records that it ran."""

    ran = 0

    def compose(self) -> ComposeResult:
        """One line."""
        yield Static("hello", id="line")

    @while_attached
    def on_mount(self) -> None:
        """Count, and read a widget as real mount handlers do."""
        self.query_one("#line", Static)
        Counting.ran += 1


@pytest.mark.asyncio
async def test_an_attached_screen_runs_its_mount_handler():
    """On a running app the wrapped handler runs as usual."""
    Counting.ran = 0
    app = App[None]()
    async with app.run_test() as pilot:
        await app.push_screen(Counting())
        await pilot.pause()
    assert Counting.ran == 1


@pytest.mark.asyncio
@pytest.mark.parametrize("pauses", range(6))
async def test_quitting_while_the_play_screen_mounts_is_no_error(tmp_path, pauses):
    """A scenario opened and the app closed at once (a browser seat shut): the play screen's mount does nothing and nothing is raised."""
    app = make_app(tmp_path, start=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(pauses):  # closing at different moments of the mount
            await pilot.pause(0)
        app.begin(entry())
        app.exit()
    app.store.close()


@pytest.mark.asyncio
@pytest.mark.parametrize("pauses", range(6))
async def test_shutting_down_while_the_play_screen_mounts_is_no_error(tmp_path, pauses):
    """The app shut down (not asked to exit first, as a test harness or a dropped connection does) while a scenario opens: no error."""
    app = make_app(tmp_path, start=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(pauses):
            await pilot.pause(0)
        app.begin(entry())
    app.store.close()
