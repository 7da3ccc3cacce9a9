"""The settings rows (game/play/setting_rows.py): each game's settings, named once, values in words, one stepping rule."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from game.play.setting_rows import ORDER, ROWS, setting_rows, stepped, value_text
from game.play.settings import TEXT_SPEEDS, THEMES, Settings


def test_each_game_lists_the_settings_it_has():
    """The terminal has the plain transcript and no sound; the window has volume, mute and fullscreen; both the rest."""
    terminal = [row.field for row in setting_rows("terminal")]
    window = [row.field for row in setting_rows("window")]
    assert "plain_transcript" in terminal and not {"volume", "muted", "fullscreen"} & set(terminal)
    assert {"volume", "muted", "fullscreen"} <= set(window) and "plain_transcript" not in window
    assert {"theme", "high_contrast", "reduced_motion", "text_speed"} <= set(terminal) & set(window)


def test_every_row_names_a_setting_and_says_what_it_does():
    """Each row is a field of Settings with a title and a reason; choices list the settings' own options."""
    fields = set(Settings.__dataclass_fields__)
    for order in ORDER.values():
        assert set(order) <= fields
    assert all(row.title and row.why for row in ROWS.values())
    assert ROWS["theme"].choices == THEMES and ROWS["text_speed"].choices == tuple(TEXT_SPEEDS)


def test_values_read_in_words():
    """Switches read on/off, the volume as a percent, choices as their name."""
    settings = Settings(volume=80, muted=True, text_speed="fast")
    assert value_text(settings, "muted") == "on" and value_text(settings, "high_contrast") == "off"
    assert value_text(settings, "volume") == "80%" and value_text(settings, "text_speed") == "fast"


def test_steps_cycle_and_clamp():
    """Volume moves by 10 within 0..100; text speed and theme cycle; switches flip."""
    settings = Settings(volume=95)
    assert stepped(settings, "volume", 1) == 100 and stepped(settings.with_changes(volume=0), "volume", -1) == 0
    assert stepped(settings, "text_speed", 1) == "fast" and stepped(settings, "muted", 1) is True
    assert stepped(Settings(theme="light"), "theme", 1) == "dark"


@given(st.sampled_from(list(TEXT_SPEEDS)), st.integers(-5, 5))
def test_a_choice_steps_back_where_it_came_from(speed, step):
    """Stepping a choice forward then back by the same amount returns to it, and stays among the choices."""
    ahead = stepped(Settings(text_speed=speed), "text_speed", step)
    assert ahead in TEXT_SPEEDS
    assert stepped(Settings(text_speed=str(ahead)), "text_speed", -step) == speed


def test_the_language_row_names_each_language_in_its_own_words():
    """The terminal lists the language: automatic, then every shipped locale by its own name; stepping cycles them."""
    from game.i18n import LOCALES, use_locale

    assert "language" in ORDER["terminal"]
    assert ROWS["language"].choices == ("", *LOCALES)
    assert value_text(Settings(), "language") == "automatic"
    assert value_text(Settings(language="zh-Hans"), "language") == "简体中文"
    assert stepped(Settings(language="zh-Hans"), "language", 1) == ""
    use_locale("zh-Hans")
    assert value_text(Settings(), "language") == "自动" and value_text(Settings(language="en"), "language") == "English"
    assert ROWS["language"].title == "语言" and value_text(Settings(high_contrast=True), "high_contrast") == "开"
