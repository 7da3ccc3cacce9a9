"""The welcome screen (game/tui/screens/welcome.py): its snapshot and editing a profile."""

from __future__ import annotations

import pytest

from game.tui.screens.picker import PickerScreen
from game.tui.screens.welcome import WelcomeScreen
from tests.test_tui_app import SIZE, make_app, press_all


@pytest.fixture
def app(tmp_path):
    """An app for a trainee the game has not met: it opens on the welcome screen."""
    made = make_app(tmp_path, player=None, start=False)
    yield made
    made.store.close()


def test_welcome_snapshot(app, snap_compare):
    """A new trainee sees the banner and the empty name, cohort and team fields."""

    async def steady_cursor(pilot) -> None:
        # A blinking cursor is drawn or not depending on when the picture is taken: on a
        # busy machine that made the snapshot flaky. Hold it on.
        for field in pilot.app.screen.query("Input"):
            field.cursor_blink = False
            field._cursor_visible = True
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=steady_cursor)


@pytest.mark.asyncio
async def test_p_edits_the_profile_and_escape_keeps_it(tmp_path):
    """From the picker, p opens the profile filled in; Esc goes back with the name unchanged."""
    app = make_app(tmp_path, start=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await press_all(pilot, ["p"])
        welcome = app.screen
        assert isinstance(welcome, WelcomeScreen)
        assert welcome.query_one("#name").value == "Dana"
        await press_all(pilot, ["escape"])
        assert isinstance(app.screen, PickerScreen) and app.profile.name == "Dana"
    app.store.close()


async def _sign_in(tmp_path, seat: str, name: str, pin: str):
    """A served seat (its own settings, the class's store) types a name and PIN; returns the app after Enter."""
    from game.store.db import open_store
    from game.tui.app import DojoApp
    from tests.test_tui_app import bundled

    app = DojoApp(
        list(bundled()), store=open_store(str(tmp_path / "class.db")), player=None,
        settings_path=tmp_path / seat / "settings.json", player_settings=tmp_path / "players", seed=0,
    )
    (tmp_path / "players").mkdir(exist_ok=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WelcomeScreen) and screen.query("#pin")
        screen.query_one("#name").value = name
        screen.query_one("#pin").value = pin
        await press_all(pilot, ["ctrl+s"])
        await pilot.pause()
        still = isinstance(app.screen, WelcomeScreen)
        shown = (type(app.screen), str(app.screen.query_one("#error").render()) if still else "")
    app.store.close()
    return shown


@pytest.mark.asyncio
async def test_a_served_seat_cannot_take_another_players_name(tmp_path):
    """Finding 6: the first seat claims 'alice' with a PIN; another seat typing 'ALICE' without it is refused, with it gets in."""
    first = await _sign_in(tmp_path, "seat1", "alice", "1234")
    assert first[0] is PickerScreen
    intruder = await _sign_in(tmp_path, "seat2", "ALICE", "9999")
    assert intruder[0] is WelcomeScreen and "Wrong PIN" in intruder[1]
    owner = await _sign_in(tmp_path, "seat3", "Alice", "1234")
    assert owner[0] is PickerScreen


@pytest.mark.asyncio
async def test_the_whole_form_and_start_show_at_80_by_24(tmp_path):
    """At 80x24 the banner gives way: every field and the Start button are on screen without scrolling; taller, the banner is back."""
    app = make_app(tmp_path, player=None, start=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WelcomeScreen)
        for selector in ("#name", "#cohort", "#team", "#start"):
            region = screen.query_one(selector).region
            assert region.height > 0 and region.bottom <= 23, selector  # above the footer row
        assert not screen.query_one("#banner").display
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert screen.query_one("#banner").display
    app.store.close()
