"""A face over time: when the eyes are shut in a blink, and how open the mouth is while speaking.

Both take any running clock in seconds, so the same moment always looks the same.
"""

from __future__ import annotations

from game.gui.expressions import FEATURES
from game.gui.looks import BLINK_PERIOD, look_for

BLINK_SECONDS = 0.14
MOUTH_FPS = 9.0  # mouth shapes per second while speaking
MOUTH_SHAPES = (0.15, 0.75, 0.4, 1.0, 0.25, 0.6)  # openness, cycled while speaking


def blink_closed(cast_id: str, seconds: float) -> bool:
    """True while the person's eyes are shut in a blink (each person blinks on their own beat)."""
    phase = (seconds + look_for(cast_id).blink_offset) % BLINK_PERIOD
    return phase > BLINK_PERIOD - BLINK_SECONDS


def mouth_opening(expression: str, speaking: bool, seconds: float) -> float:
    """How open the mouth is now: the expression's own, or moving through shapes while speaking."""
    rest = FEATURES.get(expression, FEATURES["calm"]).open
    if not speaking:
        return rest
    shape = MOUTH_SHAPES[int(seconds * MOUTH_FPS) % len(MOUTH_SHAPES)]
    return max(0.12, min(1.0, rest * 0.5 + shape * 0.6))
