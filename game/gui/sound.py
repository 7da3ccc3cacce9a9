"""The window game's sounds, synthesised at start-up: no files, so no licence question.

Each sound is a few bell-like notes (a sine with two soft overtones, a quick attack and an
exponential fade) written as 16-bit PCM with the `array` module. The samples are wrapped
in an in-memory WAV header so SDL converts them to whatever format the mixer opened with
(mono or stereo, any rate). When the mixer cannot start (no audio device, a broken driver)
or the player has muted the game, every call is a silent no-op.
"""

from __future__ import annotations

import cmath
import io
import math
import sys
import wave
from array import array

import pygame

RATE = 22050  # samples per second of the synthesised notes (SDL resamples as needed)
PEAK = 0.55  # loudest sample as a fraction of full scale, leaving headroom for overlap
NAMES = ("select", "line", "good", "bad", "finish")

# Each sound: (frequency in Hz, start in seconds, length in seconds, loudness 0..1) per note.
C5, E5, G5, A5, C6, E6 = 523.25, 659.25, 783.99, 880.0, 1046.5, 1318.5
SCORES: dict[str, tuple[tuple[float, float, float, float], ...]] = {
    # A soft tick for moving between replies.
    "select": ((A5 * 2, 0.0, 0.05, 0.35),),
    # A light two-note "pop" as a new line of dialogue appears.
    "line": ((G5, 0.0, 0.07, 0.3), (C6, 0.04, 0.09, 0.25)),
    # A rising major third: that went well.
    "good": ((C6, 0.0, 0.35, 0.55), (E6, 0.09, 0.45, 0.55)),
    # A gentle falling minor third: that did not land (never harsh; it is a lesson).
    "bad": ((E5, 0.0, 0.25, 0.5), (C5, 0.14, 0.4, 0.5)),
    # An arpeggio that rings out at the end of a scene.
    "finish": ((C5, 0.0, 0.5, 0.45), (E5, 0.1, 0.5, 0.45), (G5, 0.2, 0.55, 0.45), (C6, 0.3, 0.9, 0.55)),
}


def note_samples(frequency: float, length: float, loudness: float) -> list[float]:
    """One bell-like note as floats in -1..1: fundamental plus two quiet overtones, fading out.

    The sines and the fade advance by multiplication per sample (a rotating complex number
    and a constant factor), which is several times faster than calling sin and exp.
    """
    count = max(1, int(length * RATE))
    attack = max(1, int(0.006 * RATE))
    fade = math.exp(-5.0 / length / RATE)  # about -43 dB by the end, so the note never clicks off
    turn = cmath.exp(1j * 2 * math.pi * frequency / RATE)
    turn2, turn3 = turn * turn, turn * turn * turn
    first = second = third = 1 + 0j
    level = loudness / 1.42
    out = []
    for i in range(count):
        out.append(level * min(1.0, i / attack) * (first.imag + 0.3 * second.imag + 0.12 * third.imag))
        first *= turn
        second *= turn2
        third *= turn3
        level *= fade
    return out


def synthesize(name: str) -> array:
    """The 16-bit mono samples of one named sound."""
    notes = SCORES[name]
    total = max(int((start + length) * RATE) for _, start, length, _ in notes) + 1
    mix = [0.0] * total
    for frequency, start, length, loudness in notes:
        offset = int(start * RATE)
        for i, value in enumerate(note_samples(frequency, length, loudness)):
            mix[offset + i] += value
    top = max(1e-9, max(abs(v) for v in mix))
    scale = 32767 * PEAK / max(top, 1.0)
    samples = array("h", (int(max(-32767, min(32767, v * scale))) for v in mix))
    if sys.byteorder == "big":  # WAV is little-endian
        samples.byteswap()
    return samples


def wav_bytes(samples: array) -> bytes:
    """`samples` (16-bit mono at RATE) as a complete WAV file in memory."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(samples.tobytes())
    return buffer.getvalue()


def _start_mixer() -> bool:
    """Open the mixer if it is not open yet; False when there is no working audio."""
    try:
        if not pygame.mixer.get_init():
            pygame.mixer.init(frequency=44100, size=-16, channels=2, buffer=512)
        return bool(pygame.mixer.get_init())
    except (pygame.error, OSError, NotImplementedError):
        return False


class Sounds:
    """The game's sound effects: `play("good")` and friends, at the player's volume."""

    def __init__(self, volume: int, muted: bool):
        self.volume = 0
        self.muted = True
        self.bank: dict[str, pygame.mixer.Sound] = {}
        self.available = _start_mixer()
        if self.available:
            try:
                for name in NAMES:
                    self.bank[name] = pygame.mixer.Sound(file=io.BytesIO(wav_bytes(synthesize(name))))
            except pygame.error:  # a mixer that opened but cannot load sounds: stay silent
                self.bank.clear()
                self.available = False
        self.set_volume(volume, muted)

    def set_volume(self, volume: int, muted: bool) -> None:
        """Volume in percent (clamped to 0..100) and mute, kept apart so unmuting restores it."""
        self.volume = min(max(int(volume), 0), 100)
        self.muted = bool(muted)
        for sound in self.bank.values():
            sound.set_volume(self.volume / 100)

    @property
    def audible(self) -> bool:
        """True when a sound played now would be heard."""
        return self.available and not self.muted and self.volume > 0

    def play(self, name: str) -> None:
        """Play a sound by name (one of NAMES); silent when muted, at zero volume, with no audio
        or for an unknown name."""
        if not self.audible:
            return
        sound = self.bank.get(name)
        if sound is None:
            return
        try:
            sound.play()
        except pygame.error:  # the device went away mid-game: carry on in silence
            self.available = False
