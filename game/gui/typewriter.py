"""Typewriter text: how much of a line is showing, advanced by elapsed time.

The text is wrapped once at its full length, so words never jump from one line to the
next while it types; the partly typed line is drawn by clipping the whole line's cached
surface, so typing renders nothing new per frame.
"""

from __future__ import annotations

import math


class Typewriter:
    """Reveals `text` at `speed` characters per second (None: all at once)."""

    def __init__(self, text: str, speed: float | None):
        self.text = text
        self.speed = speed
        self.elapsed = 0.0
        self.shown = len(text) if speed is None else 0

    @property
    def done(self) -> bool:
        """True once every character shows."""
        return self.shown >= len(self.text)

    def update(self, seconds: float) -> bool:
        """Advance by `seconds`; True when more characters now show (a redraw is due)."""
        if self.done or self.speed is None:
            return False
        self.elapsed += seconds
        shown = min(len(self.text), math.floor(self.elapsed * self.speed))
        changed = shown != self.shown
        self.shown = shown
        return changed

    def finish(self) -> bool:
        """Show everything now; True if the text was still typing (the key or click is used up)."""
        if self.done:
            return False
        self.shown = len(self.text)
        return True

