"""The settings screen (game/tui/screens/settings.py): its snapshot and a switch that is saved."""

from __future__ import annotations

import pytest

from game.tui.screens.settings import SettingsScreen
from game.play.settings import load_settings
from tests.test_tui_app import SIZE, make_app, press_all


@pytest.fixture
def app(tmp_path):
    """An app that opens on the picker; its store is closed afterwards."""
    made = make_app(tmp_path, start=False)
    yield made
    made.store.close()


def test_settings_snapshot(app, snap_compare):
    """s over the scenario list shows three switches (reduced motion on), the colour theme, the text speed and the language."""
    assert snap_compare(app, press=["s"], terminal_size=SIZE)


@pytest.mark.asyncio
async def test_reduced_motion_switch_is_saved(app, tmp_path):
    """Tab to the second switch and Space turns reduced motion off, in the app and in the file."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await press_all(pilot, ["s"])
        assert isinstance(app.screen, SettingsScreen)
        await press_all(pilot, ["tab", "space", "escape"])
        assert app.settings.reduced_motion is False
        assert app.animation_level == "full"
    assert load_settings(tmp_path / "settings.json").reduced_motion is False


@pytest.mark.asyncio
async def test_light_theme_is_applied_and_saved(app, tmp_path):
    """Choosing the light colour theme switches the app to Textual's light theme and remembers it."""
    from textual.widgets import Select

    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await press_all(pilot, ["s"])
        app.screen.query_one("#theme", Select).value = "light"
        await pilot.pause()
        assert app.theme == "textual-light"
        await press_all(pilot, ["escape"])
    assert load_settings(tmp_path / "settings.json").theme == "light"
