"""What the speech bubble says: the lines spoken at this point, typed one after another.

Each line keeps who said it, so the bubble labels every change of speaker; `current` says
which line types now, and the play screen shows that line's beat of the stage
(game/play/stage.py): the speaker's face, or while the narrator speaks, the person listening.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from game.engine.session import SpokenLine
from game.gui.typewriter import Typewriter

PAUSE = 0.25  # seconds between one person's line and the next, so a change of speaker is seen


@dataclass
class Segment:
    """One spoken line and how much of it shows."""

    speaker: str
    name: str
    writer: Typewriter


class Speech:
    """The lines of the current moment, typed in order at `speed` characters per second (None: at once)."""

    def __init__(self, lines: Sequence[SpokenLine], speed: float | None):
        self.segments = [Segment(line.speaker, line.speaker_name, Typewriter(line.text, speed)) for line in lines]
        self.current = 0
        self.wait = 0.0

    @property
    def done(self) -> bool:
        """True once every line shows in full."""
        return all(segment.writer.done for segment in self.segments)

    def update(self, seconds: float) -> bool:
        """Type on; True when more text shows."""
        if self.done:
            return False
        segment = self.segments[self.current]
        if segment.writer.done:
            self.wait -= seconds
            if self.wait > 0:
                return False
            self.current += 1
            return True
        changed = segment.writer.update(seconds)
        if segment.writer.done and self.current + 1 < len(self.segments):
            self.wait = PAUSE
        return changed

    def finish(self) -> bool:
        """Show every line now; True if something was still typing."""
        typing = not self.done
        for segment in self.segments:
            segment.writer.finish()
        self.current = max(len(self.segments) - 1, 0)
        return typing

    def speaker(self, fallback: str) -> str:
        """The cast id of whoever is talking now (the last to speak once all is shown)."""
        if not self.segments:
            return fallback
        return self.segments[min(self.current, len(self.segments) - 1)].speaker

