"""Things that move: a value easing toward its target, and a fade between two screens.

Both take the elapsed seconds per frame, so they look the same at any frame rate, and
both settle at once under reduced motion (the caller passes `instant=True`).
"""

from __future__ import annotations

import math

EASE_SECONDS = 0.35  # time for a meter to cover about 95% of a change
FADE_SECONDS = 0.18


class Eased:
    """A number that glides toward `target` (exponential ease-out)."""

    def __init__(self, value: float):
        self.value = float(value)
        self.target = float(value)

    @property
    def settled(self) -> bool:
        """True when the shown value has reached the target."""
        return self.value == self.target

    def set(self, target: float, instant: bool = False) -> None:
        """Aim at a new value; `instant` jumps there (reduced motion)."""
        self.target = float(target)
        if instant:
            self.value = self.target

    def update(self, seconds: float) -> bool:
        """Move toward the target; True when the shown value changed."""
        if self.settled:
            return False
        keep = math.exp(-3.0 * seconds / EASE_SECONDS)
        value = self.target + (self.value - self.target) * keep
        if abs(value - self.target) < 0.05:
            value = self.target
        self.value = value
        return True


class Fade:
    """How far a fade from the old screen to the new one has gone (0 → 1)."""

    def __init__(self, seconds: float = FADE_SECONDS):
        self.seconds = seconds
        self.elapsed = 0.0

    @property
    def done(self) -> bool:
        """True once the new screen shows alone."""
        return self.elapsed >= self.seconds

    def update(self, seconds: float) -> None:
        """Advance the fade."""
        self.elapsed = min(self.seconds, self.elapsed + seconds)

    @property
    def old_alpha(self) -> int:
        """The old screen's opacity (255 at the start, 0 at the end), eased."""
        progress = self.elapsed / self.seconds if self.seconds else 1.0
        return round(255 * (1.0 - progress) ** 2)
