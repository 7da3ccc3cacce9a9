"""The typewriter rule both games type a moment's lines by: how much shows after t seconds.

The lines said at one moment are typed one after another at the player's text speed
(characters per second; None shows them whole at once), with a short pause between two
lines so a change of speaker is seen. Every character counts once, a Chinese one as much
as a Latin one (the speed is of reading, not of screen cells); a combining mark or a
joiner is never shown without the character it belongs to, so a half-typed line never
ends in a broken glyph. Any key or click shows everything (the front end stops asking).
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

PAUSE = 0.25  # seconds between one line and the next
_JOINERS = {0x200C, 0x200D, *range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)}  # ZWNJ, ZWJ, variation selectors


def _attached(char: str) -> bool:
    """True for a character drawn onto the one before it (a combining mark, a joiner, a variation selector)."""
    return bool(unicodedata.combining(char)) or ord(char) in _JOINERS or unicodedata.category(char) == "Me"


def cut(text: str, count: int) -> int:
    """Where a line shown up to `count` characters may end: never before a mark that belongs to the character shown last.

    A joiner also pulls in the character it joins to, so an emoji sequence appears whole.
    """
    end = max(0, min(count, len(text)))
    while 0 < end < len(text) and _attached(text[end]):
        end += 1
        if ord(text[end - 1]) == 0x200D and end < len(text):
            end += 1  # the joined character comes with its joiner
    return end


@dataclass(frozen=True)
class Typing:
    """How far the typing of a moment's lines has come."""

    shown: tuple[int, ...]  # characters of each line showing (all of a line said, none of one to come)
    current: int  # the line being typed (or just typed, during the pause after it; the last once all show)
    done: bool  # every line shows whole

    def visible(self, texts: Sequence[str]) -> tuple[str, ...]:
        """The part of each line showing."""
        return tuple(text[:count] for text, count in zip(texts, self.shown))


def typing(texts: Sequence[str], seconds: float, speed: float | None, pause: float = PAUSE) -> Typing:
    """The typing of `texts` `seconds` after the first line began, at `speed` characters per second."""
    if speed is None or not texts:
        return whole(texts)
    left = max(seconds, 0.0)
    shown: list[int] = []
    for index, text in enumerate(texts):
        needed = len(text) / speed
        if left < needed:
            shown.append(cut(text, math.floor(left * speed)))
            return Typing(tuple(shown) + (0,) * (len(texts) - index - 1), index, False)
        shown.append(len(text))
        left -= needed
        last = index == len(texts) - 1
        if not last and left < pause:
            return Typing(tuple(shown) + (0,) * (len(texts) - index - 1), index, False)
        left -= pause
    return whole(texts)


def whole(texts: Sequence[str]) -> Typing:
    """Every line showing whole (no speed, a key pressed, or the time is up)."""
    return Typing(tuple(len(text) for text in texts), max(len(texts) - 1, 0), True)


def duration(texts: Sequence[str], speed: float | None, pause: float = PAUSE) -> float:
    """Seconds from the first character to the last line whole (0 with no speed)."""
    if speed is None or not texts:
        return 0.0
    return sum(len(text) for text in texts) / speed + pause * (len(texts) - 1)
