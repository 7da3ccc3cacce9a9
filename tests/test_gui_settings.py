"""Settings (game/gui/screens/settings.py): each change applied and saved at once."""

from __future__ import annotations

import pygame

from game.gui.screens.settings import OPTIONS, SettingsScreen
from game.play.setting_rows import stepped
from game.play.settings import Settings, load_settings
from tests.test_gui_app import close, drive, key, make_app


def test_s_opens_settings_and_a_change_is_saved(tmp_path):
    """s opens the settings; Enter on the first row switches the theme to light, saved to the file."""
    app = make_app(tmp_path)
    try:
        drive(app, key(pygame.K_s, "s"))
        assert isinstance(app.top(), SettingsScreen)
        drive(app, key(pygame.K_RETURN))
        assert app.settings.theme == "light" and load_settings(tmp_path / "settings.json").theme == "light"
        drive(app, key(pygame.K_ESCAPE))
        assert not isinstance(app.top(), SettingsScreen)
    finally:
        close(app)


def test_high_contrast_changes_the_palette(tmp_path):
    """Switching high contrast on gives the app the high-contrast theme."""
    app = make_app(tmp_path)
    try:
        before = app.theme
        drive(app, key(pygame.K_s, "s"), key(pygame.K_DOWN), key(pygame.K_RIGHT))
        assert app.settings.high_contrast and app.theme != before
    finally:
        close(app)


def test_steps_cycle_and_clamp():
    """Volume moves by 10 within 0..100; text speed cycles; booleans flip."""
    settings = Settings(volume=95)
    assert stepped(settings, "volume", 1) == 100 and stepped(settings.with_changes(volume=0), "volume", -1) == 0
    assert stepped(settings, "text_speed", 1) == "fast" and stepped(settings, "muted", 1) is True
    assert [option.field for option in OPTIONS][:2] == ["theme", "high_contrast"]


def test_no_setting_is_cut_at_any_size(tmp_path):
    """At 800x600, 1280x720 and 1920x1080 the settings box is wide enough that no title, explanation or the key line ends in '…'."""
    from tests.gui_helpers import drawn_words

    for size in ((800, 600), (1280, 720), (1920, 1080)):
        app = make_app(tmp_path / f"{size[0]}", size=size)
        try:
            drive(app, key(pygame.K_s, "s"))
            box = app.top().box
            texts = [item.text for item in drawn_words(app) if box.contains(item.rect)]
            assert len(texts) > 10 and not any(text.endswith("…") for text in texts), (size, [t for t in texts if t.endswith("…")])
        finally:
            close(app)


def test_in_a_short_window_every_setting_keeps_its_row(tmp_path, monkeypatch):
    """At 640x480, and at 800x600 with a setting more (the Language row to come), every title is drawn inside the box; the focused explanation shows under the rows."""
    from game.gui.screens import settings as settings_screen
    from game.play.setting_rows import setting_rows
    from tests.gui_helpers import drawn_words

    for size, extra in (((640, 480), 0), ((800, 600), 1)):
        rows = setting_rows("window")
        monkeypatch.setattr(settings_screen, "setting_rows", lambda front, rows=rows, extra=extra: rows + rows[:extra])
        app = make_app(tmp_path / f"{size[0]}-{extra}", size=size)
        try:
            drive(app, key(pygame.K_s, "s"))
            screen = app.top()
            assert isinstance(screen, SettingsScreen) and screen.compact
            words = drawn_words(app)
            for option in screen.options:
                drawn = [item for item in words if item.text == option.title]
                assert drawn and all(screen.box.contains(item.rect) for item in drawn), (size, option.title)
            assert any(item.text == screen.options[0].why for item in words)
        finally:
            close(app)
