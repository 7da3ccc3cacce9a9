"""Checks made before the window game opens a window (game/gui/errors.py)."""

from __future__ import annotations

from game.gui.errors import display_problem, quiet_audio, software_framebuffer


def test_no_display_on_linux_is_a_clear_problem_unless_a_driver_is_named():
    """Linux with neither DISPLAY nor WAYLAND_DISPLAY is refused with advice; a display or SDL_VIDEODRIVER is fine."""
    problem = display_problem({}, "linux")
    assert problem and "no display" in problem and "dojo play" in problem
    assert display_problem({"DISPLAY": ":0"}, "linux") is None
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None
    assert display_problem({"SDL_VIDEODRIVER": "dummy"}, "linux") is None
    assert display_problem({}, "win32") is None and display_problem({}, "darwin") is None


def test_audio_is_made_silent_only_where_linux_has_no_sound_card(tmp_path):
    """No cards file or 'no soundcards' means the dummy driver; a listed card, a chosen driver or another OS are left alone."""
    cards = tmp_path / "cards"
    environ: dict[str, str] = {}
    quiet_audio(environ, "linux", cards)
    assert environ == {"SDL_AUDIODRIVER": "dummy"}
    cards.write_text("--- no soundcards ---\n", encoding="utf-8")
    environ = {}
    quiet_audio(environ, "linux", cards)
    assert environ == {"SDL_AUDIODRIVER": "dummy"}
    cards.write_text(" 0 [PCH            ]: HDA-Intel - HDA Intel PCH\n", encoding="utf-8")
    environ = {}
    quiet_audio(environ, "linux", cards)
    assert environ == {}
    environ = {"SDL_AUDIODRIVER": "pulseaudio"}
    quiet_audio(environ, "linux", tmp_path / "missing")
    assert environ == {"SDL_AUDIODRIVER": "pulseaudio"}
    environ = {}
    quiet_audio(environ, "darwin", tmp_path / "missing")
    assert environ == {}


def test_no_gpu_device_means_a_software_framebuffer(tmp_path):
    """On Linux with an empty /dev/dri (no GPU), SDL is told not to emulate an accelerated framebuffer."""
    environ: dict[str, str] = {}
    software_framebuffer(environ, "linux", tmp_path)
    assert environ["SDL_FRAMEBUFFER_ACCELERATION"] == "0"
    software_framebuffer(environ := {}, "linux", tmp_path / "missing")
    assert environ["SDL_FRAMEBUFFER_ACCELERATION"] == "0"


def test_a_gpu_device_or_the_callers_choice_is_left_alone(tmp_path):
    """With a render node, or a value already set, or on another system, nothing is changed."""
    (tmp_path / "renderD128").touch()
    environ: dict[str, str] = {}
    software_framebuffer(environ, "linux", tmp_path)
    assert "SDL_FRAMEBUFFER_ACCELERATION" not in environ
    environ = {"SDL_FRAMEBUFFER_ACCELERATION": "1"}
    software_framebuffer(environ, "linux", tmp_path / "missing")
    assert environ["SDL_FRAMEBUFFER_ACCELERATION"] == "1"
    environ = {}
    software_framebuffer(environ, "darwin", tmp_path / "missing")
    assert environ == {}
