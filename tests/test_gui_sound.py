"""Synthesised sound effects (game/gui/sound.py): pleasant, short, silent when muted or without audio."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import io
import wave

import pygame
import pytest

from game.gui import sound
from game.gui.sound import NAMES, RATE, Sounds, synthesize, wav_bytes


class FakeSound:
    """Stands in for a pygame Sound and counts how often it was played."""

    def __init__(self):
        self.plays = 0
        self.volume = None

    def play(self):
        self.plays += 1

    def set_volume(self, volume):
        self.volume = volume


def with_fakes(sounds: Sounds) -> dict[str, FakeSound]:
    """Swap the real sounds for fakes; returns them by name."""
    fakes = {name: FakeSound() for name in NAMES}
    sounds.bank = fakes  # type: ignore[assignment]
    sounds.available = True
    return fakes


@pytest.mark.parametrize("name", NAMES)
def test_each_sound_is_short_sixteen_bit_and_not_clipped(name):
    """Every sound is 16-bit samples, under 1.5 s, audible, and well inside full scale."""
    samples = synthesize(name)
    assert samples.typecode == "h"
    assert 0 < len(samples) < 1.5 * RATE
    peak = max(abs(v) for v in samples)
    assert 2000 < peak <= 32767 * sound.PEAK + 1
    assert abs(samples[-1]) < peak * 0.05  # faded out: no click at the end


def test_sounds_differ_and_make_valid_wav():
    """The five sounds are different, and each wraps as a mono 16-bit WAV."""
    assert len({synthesize(name).tobytes() for name in NAMES}) == len(NAMES)
    with wave.open(io.BytesIO(wav_bytes(synthesize("good")))) as read:
        assert (read.getnchannels(), read.getsampwidth(), read.getframerate()) == (1, 2, RATE)
        assert read.getnframes() == len(synthesize("good"))


def test_dummy_audio_driver_loads_and_plays_quietly():
    """With the dummy driver every sound loads and plays without error, unknown names are ignored."""
    sounds = Sounds(80, False)
    if sounds.available:
        assert set(sounds.bank) == set(NAMES)
    for name in (*NAMES, "no-such-sound"):
        sounds.play(name)


def test_no_audio_device_means_silence(monkeypatch):
    """When the mixer cannot start, Sounds is silent and harmless."""

    def broken(*args, **kwargs):
        raise pygame.error("no audio device")

    monkeypatch.setattr(pygame.mixer, "get_init", lambda: None)
    monkeypatch.setattr(pygame.mixer, "init", broken)
    sounds = Sounds(80, False)
    assert not sounds.available and not sounds.audible and sounds.bank == {}
    sounds.play("good")
    sounds.set_volume(50, False)
    sounds.play("finish")


def test_mute_and_zero_volume_play_nothing():
    """Muted or at volume 0 nothing plays; unmuted it does, at the chosen volume."""
    sounds = Sounds(80, True)
    fakes = with_fakes(sounds)
    sounds.play("good")
    assert fakes["good"].plays == 0
    sounds.set_volume(0, False)
    sounds.play("good")
    assert fakes["good"].plays == 0
    sounds.set_volume(60, False)
    sounds.play("good")
    assert fakes["good"].plays == 1 and fakes["good"].volume == pytest.approx(0.6)
    sounds.set_volume(60, True)
    sounds.play("good")
    assert fakes["good"].plays == 1 and sounds.volume == 60  # mute keeps the volume for later


def test_volume_is_clamped():
    """Volumes outside 0..100 are held to the range."""
    sounds = Sounds(150, False)
    assert sounds.volume == 100
    sounds.set_volume(-5, False)
    assert sounds.volume == 0 and not sounds.audible
