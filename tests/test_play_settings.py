"""Remembered profile and display settings (game/play/settings.py)."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from game.play.settings import TEXT_SPEEDS, Settings, SettingsError, SettingsFile, load_settings, save_settings
from tests.store_helpers import fill, tmpfs


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


def test_a_failed_save_is_one_clear_error_and_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    """A full disk while writing: SettingsError naming the file and the cause; old settings intact, no .tmp left."""
    path = tmp_path / "settings.json"
    save_settings(path, Settings(player="Dana"))

    def no_room(self, *_args, **_kwargs):
        self.open("w").close()  # the temporary file exists, empty, as after a failed write
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_text", no_room)
    with pytest.raises(SettingsError) as caught:
        save_settings(path, Settings(player="Eve"))
    monkeypatch.undo()
    assert str(caught.value) == f"cannot save settings to {path}: the disk is full"
    assert isinstance(caught.value, OSError)  # callers that catch OSError keep working
    assert load_settings(path) == Settings(player="Dana")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["settings.json"]


def test_a_folder_that_cannot_be_made_is_a_settings_error(tmp_path):
    """A config folder blocked by a file is refused with SettingsError, not a raw OSError traceback."""
    (tmp_path / "config").write_text("a file, not a folder", encoding="utf-8")
    with pytest.raises(SettingsError, match=r"cannot save settings to .*settings\.json"):
        save_settings(tmp_path / "config" / "dojo" / "settings.json", Settings())


def test_a_really_full_disk_keeps_the_old_settings(tmp_path):
    """On a tiny tmpfs filled up, saving fails cleanly with "the disk is full" and the old file still loads."""
    with tmpfs(tmp_path / "disk", "64k") as disk:
        path = disk / "settings.json"
        save_settings(path, Settings(player="Dana"))
        filler = fill(disk)
        with pytest.raises(SettingsError, match="the disk is full"):
            save_settings(path, Settings(player="Eve" * 5000))
        assert load_settings(path) == Settings(player="Dana") and not (disk / "settings.json.tmp").exists()
        filler.unlink()


def test_settings_file_tells_once_while_saving_fails_and_again_after_it_worked(tmp_path, monkeypatch):
    """SettingsFile.save never raises; the first failure gives one line, repeats are silent, a success re-arms it."""
    blocked = tmp_path / "blocked"
    blocked.write_text("a file", encoding="utf-8")
    keeper = SettingsFile(blocked / "settings.json")
    first = keeper.save(Settings(player="Dana"))
    assert first.startswith(f"Cannot save settings to {blocked / 'settings.json'}: ") and "\n" not in first
    assert first.endswith("; your changes apply until you quit.")
    assert keeper.save(Settings(player="Dana", theme="light")) is None
    blocked.unlink()
    assert keeper.save(Settings(player="Dana")) is None and keeper.load() == Settings(player="Dana")
    blocked_again = keeper.path.parent
    monkeypatch.setattr(Path, "write_text", lambda *a, **k: (_ for _ in ()).throw(OSError(errno.EROFS, "Read-only file system")))
    assert keeper.save(Settings()) == f"Cannot save settings to {blocked_again / 'settings.json'}: the disk is read-only; your changes apply until you quit."


def test_the_language_is_kept_and_an_unknown_one_means_automatic(tmp_path):
    """A shipped language is remembered; one not shipped (or not text) loads as "" (automatic)."""
    path = tmp_path / "settings.json"
    save_settings(path, Settings(language="zh-Hans"))
    assert load_settings(path).language == "zh-Hans"
    path.write_text('{"language": "tlh"}', encoding="utf-8")
    assert load_settings(path).language == ""
    path.write_text('{"language": 7}', encoding="utf-8")
    assert load_settings(path).language == ""
