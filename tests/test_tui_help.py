"""The help screen (game/tui/screens/help.py): every key listed, its snapshot, and closing it."""

from __future__ import annotations

import pytest

from game.tui.screens.help import KEYS, HelpScreen, help_text
from tests.test_tui_app import SIZE, make_app, press_all


@pytest.fixture
def app(tmp_path):
    """An app that opens on the picker; its store is closed afterwards."""
    made = make_app(tmp_path, start=False)
    yield made
    made.store.close()


def test_help_snapshot(app, snap_compare):
    """? over the scenario list shows the key table in a box."""
    assert snap_compare(app, press=["question_mark"], terminal_size=SIZE)


def test_help_lists_every_key_and_the_two_modes():
    """Each section and key of KEYS is in the text, and it says what practice and ranked mean."""
    text = help_text().plain
    for section, keys in KEYS:
        assert section in text
        assert all(key in text and meaning in text for key, meaning in keys)
    assert "Ranked shows no hints" in text


@pytest.mark.asyncio
async def test_question_mark_opens_and_closes_help(app):
    """? opens help over the picker and ? again closes it."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await press_all(pilot, ["question_mark"])
        assert isinstance(app.screen, HelpScreen)
        await press_all(pilot, ["question_mark"])
        assert not isinstance(app.screen, HelpScreen)
