"""Remembered profile and display settings (game/tui/settings.py)."""

from __future__ import annotations

from game.tui.settings import Settings, load_settings, save_settings


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
