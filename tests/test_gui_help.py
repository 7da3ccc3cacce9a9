"""Help (game/gui/screens/help.py): every key listed, opened by ? and closed by Esc."""

from __future__ import annotations

import pygame

from game.gui.screens.help import KEYS, HelpScreen
from tests.test_gui_app import close, drive, entry, key, make_app


def test_help_opens_over_the_play_screen_and_closes(tmp_path):
    """? opens help over play (which keeps its state); Esc closes it."""
    app = make_app(tmp_path, entry("late-birthday-parcel"))
    try:
        drive(app, key(pygame.K_SLASH, "?"))
        assert isinstance(app.top(), HelpScreen) and app.stack[-2].name == "play"
        drive(app, key(pygame.K_ESCAPE))
        assert app.top().name == "play"
    finally:
        close(app)


def test_every_key_the_screens_use_is_listed():
    """The keys table names undo, retry, next, the filter, fullscreen and the scenario board keys."""
    listed = {key for _, keys in KEYS for key, _ in keys}
    assert {"u", "r", "n", "f", "m", "l", "p", "?", "s", "F11", "[ ]", "1-9"} <= listed
