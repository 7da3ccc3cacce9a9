"""Remembered profile and display settings (game/play/settings.py)."""

from __future__ import annotations

from game.play.settings import TEXT_SPEEDS, Settings, load_settings, save_settings


def test_settings_round_trip(tmp_path):
    """What is saved is what is loaded, markup and non-ASCII included."""
    path = tmp_path / "deep" / "settings.json"
    wanted = Settings(player="[b]Zoë[/b]", cohort="2024-09", team="Returns", high_contrast=True, plain_transcript=True)
    save_settings(path, wanted)
    assert load_settings(path) == wanted
    assert not (tmp_path / "deep" / "settings.json.tmp").exists()


def test_missing_or_damaged_file_means_defaults(tmp_path):
    """No file, a broken file or a list instead of an object all give the defaults."""
    assert load_settings(tmp_path / "none.json") == Settings()
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    assert load_settings(broken) == Settings()
    broken.write_text("[1, 2]", encoding="utf-8")
    assert load_settings(broken) == Settings()


def test_values_of_the_wrong_type_are_dropped(tmp_path):
    """A hand-edited file with a wrong type or an unknown key keeps only the good values."""
    path = tmp_path / "settings.json"
    path.write_text('{"player": "Dana", "high_contrast": "yes", "colour": 3}', encoding="utf-8")
    assert load_settings(path) == Settings(player="Dana")


def test_text_speed_round_trips_and_an_unknown_word_means_normal(tmp_path):
    """A known speed is kept; an unknown one falls back to the default 'normal'."""
    path = tmp_path / "settings.json"
    save_settings(path, Settings(text_speed="fast"))
    assert load_settings(path).text_speed == "fast"
    path.write_text('{"player": "Dana", "text_speed": "warp"}', encoding="utf-8")
    assert load_settings(path) == Settings(player="Dana", text_speed="normal")


def test_reduced_motion_or_plain_transcript_means_instant_text():
    """Typing speed is characters per second, slower for slow; None when motion is reduced or the transcript plain."""
    assert TEXT_SPEEDS["slow"] < TEXT_SPEEDS["normal"] < TEXT_SPEEDS["fast"]
    assert Settings(text_speed="slow").typing_speed() == TEXT_SPEEDS["slow"]
    assert Settings(text_speed="instant").typing_speed() is None
    assert Settings(text_speed="slow", reduced_motion=True).typing_speed() is None
    assert Settings(text_speed="fast", plain_transcript=True).typing_speed() is None


def test_theme_volume_and_mute_round_trip_and_bad_values_mean_defaults(tmp_path):
    """Theme, volume and mute are remembered; an unknown theme or a volume outside 0-100 falls back."""
    path = tmp_path / "settings.json"
    save_settings(path, Settings(theme="light", volume=35, muted=True, fullscreen=True))
    loaded = load_settings(path)
    assert (loaded.theme, loaded.volume, loaded.muted, loaded.fullscreen) == ("light", 35, True, True)
    path.write_text('{"theme": "neon", "volume": 250}', encoding="utf-8")
    assert (load_settings(path).theme, load_settings(path).volume) == ("dark", 80)
