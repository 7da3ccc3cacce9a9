"""The help screen (game/tui/screens/help.py): every key listed, its snapshot, and closing it."""

from __future__ import annotations

import pytest

from game.play.keys import help_view
from game.tui.screens.help import HelpScreen, help_text
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
    """Each section and key of the terminal's table is in the text, and it says what practice and ranked mean."""
    text = help_text().plain
    view = help_view("terminal")
    for section in view.sections:
        assert section.title in text
        assert all(key in text and meaning in text for key, meaning in section.rows)
    assert view.footnote in " ".join(text.split())


def test_every_key_stands_apart_from_what_it_does():
    """No key label runs into its meaning: each row has at least two spaces between them ("a clickwhile" was one word)."""
    view = help_view("terminal")
    lines = help_text(view).plain.splitlines()
    for section in view.sections:
        for keys, does in section.rows:
            row = next(line for line in lines if line.strip().startswith(keys) and line.endswith(does))
            assert row.startswith("  " + keys + "  ")
    assert "clickwhile" not in help_text(view).plain


@pytest.mark.asyncio
async def test_question_mark_opens_and_closes_help(app):
    """? opens help over the picker and ? again closes it."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await press_all(pilot, ["question_mark"])
        assert isinstance(app.screen, HelpScreen)
        await press_all(pilot, ["question_mark"])
        assert not isinstance(app.screen, HelpScreen)
