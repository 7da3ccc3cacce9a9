"""Help (game/gui/screens/help.py): every key listed, opened by ? and closed by Esc."""

from __future__ import annotations

import pygame

from game.gui.screens.help import HelpScreen
from game.play.keys import help_view
from game.gui.text import wrap
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
    listed = help_view("window").keys
    assert {"u", "r", "n", "f", "m", "l", "p", "?", "s", "F11", "[ ]", "1-9"} <= listed


def test_every_section_shows_whole_at_every_size(tmp_path):
    """At 800x600, 1280x720 and 1920x1080 help places every section (Ctrl+Q and F11 too), inside the box, meanings whole in two lines at most."""
    for size in ((800, 600), (1280, 720), (1920, 1080)):
        app = make_app(tmp_path / f"{size[0]}", size=size)
        try:
            drive(app, key(pygame.K_SLASH, "?"))
            help_screen = app.top()
            assert isinstance(help_screen, HelpScreen)
            key_font, placed, key_w, column_w = help_screen.plan()
            assert [section for section, *_ in placed] == [section.title for section in help_view("window").sections], size
            for _, keys, x, y in placed:
                assert x + column_w <= help_screen.box.right - 24
                assert y + help_screen.section_height(key_font, keys, column_w - key_w) <= help_screen._footnote_top() + 10
                assert all(len(wrap(app.fonts.small, meaning, column_w - key_w)) <= 2 for _, meaning in keys)
        finally:
            close(app)
