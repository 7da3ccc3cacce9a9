"""What the speech bubble says: the lines spoken at this point, typed one after another.

Each line keeps who said it, so the bubble labels every change of speaker; `current` says
which line types now, and the play screen shows that line's beat of the stage
(game/play/stage.py): the speaker's face, or while the narrator speaks, the person listening.
How much of each line shows after so many seconds is game/play/typewriter.py's rule, the
same the terminal game types by.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from game.engine.session import SpokenLine
from game.play.typewriter import Typing, typing, whole


@dataclass
class Shown:
    """One line's text and how many of its characters show (the partly typed line is clipped there)."""

    text: str
    shown: int

    @property
    def done(self) -> bool:
        """True once every character shows."""
        return self.shown >= len(self.text)


@dataclass
class Segment:
    """One spoken line and how much of it shows."""

    speaker: str
    name: str
    writer: Shown


class Speech:
    """The lines of the current moment, typed in order at `speed` characters per second (None: at once)."""

    def __init__(self, lines: Sequence[SpokenLine], speed: float | None):
        self.texts = tuple(line.text for line in lines)
        self.speed = speed
        self.elapsed = 0.0
        self.state: Typing = typing(self.texts, 0.0, speed)
        self.segments = [Segment(line.speaker, line.speaker_name, Shown(line.text, 0)) for line in lines]
        self._apply()

    def _apply(self) -> None:
        for segment, count in zip(self.segments, self.state.shown):
            segment.writer.shown = count

    @property
    def current(self) -> int:
        """The line typing now (during the pause after a line, still that line)."""
        return self.state.current

    @property
    def done(self) -> bool:
        """True once every line shows in full."""
        return self.state.done

    def update(self, seconds: float) -> bool:
        """Type on by `seconds`; True when more text shows or the next line begins (a redraw is due)."""
        if self.done:
            return False
        self.elapsed += seconds
        before = self.state
        self.state = typing(self.texts, self.elapsed, self.speed)
        self._apply()
        return self.state != before

    def finish(self) -> bool:
        """Show every line now; True if something was still typing (the key or click is used up)."""
        typing_now = not self.done
        self.state = whole(self.texts)
        self._apply()
        return typing_now

    def speaker(self, fallback: str) -> str:
        """The cast id of whoever is talking now (the last to speak once all is shown)."""
        if not self.segments:
            return fallback
        return self.segments[min(self.current, len(self.segments) - 1)].speaker
