"""Text sizes that follow the window: readable at 800x600, not tiny on a kiosk's big screen.

Caches are kept per size, so resizing back and forth reuses rendered lines instead of
rendering everything again.
"""

from __future__ import annotations

from game.gui.fonts import TextCache

_CACHES: dict[tuple[int, bool], TextCache] = {}


def body_size(width: int, height: int) -> int:
    """The body text size for a window (1280x720 → 20); a tall narrow window sizes by its width."""
    return max(15, min(34, round(min(height, width * 0.75) / 36)))


def cache(size: int, bold: bool = False) -> TextCache:
    """The shared text cache for a size and weight."""
    key = (size, bold)
    if key not in _CACHES:
        _CACHES[key] = TextCache(size, bold)
    return _CACHES[key]


class Fonts:
    """The four text styles of the game at the sizes for one window size."""

    def __init__(self, width: int, height: int):
        body = body_size(width, height)
        self.body_size = body
        self.small = cache(max(14, body - 4))
        self.body = cache(body)
        self.heading = cache(body + 4, bold=True)
        self.title = cache(body * 2, bold=True)
