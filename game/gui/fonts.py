"""Text for the window game: one OFL font with Chinese coverage, rendered and wrapped with caches.

The font is Noto Sans SC, which pygame-gui already ships (OFL); it is used from the
installed pygame_gui package rather than copied (assets/LICENSES.md says so). Its Latin
is good too, so one face serves English and Chinese alike.

Text is drawn literally: no markup of any kind is interpreted. Control characters are
dropped (a tab is a space; a newline is a line break in `wrap` and a space in `render`),
lone surrogates become U+FFFD, and very long strings are cut for rendering, so nothing a
scenario author writes can crash the renderer.

Wrapping breaks at spaces and, since Chinese has no spaces, between any two wide (CJK)
characters, never before closing punctuation such as "，" or after opening punctuation.
Widths are summed from per-character advances measured once and cached, so wrapping is
linear in the text's length (re-measuring a growing prefix would be quadratic; see
pitfalls.md). Summed advances are never narrower than the rendered line (kerning only
tightens), so a wrapped line always fits.
"""

from __future__ import annotations

import unicodedata
from collections import OrderedDict
from collections.abc import Hashable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Generic, TypeVar

import pygame

from game.i18n import _
from game.play.lines import spans

FONT_FILE = "NotoSansSC-Regular.otf"
BOLD_FONT_FILE = "NotoSansSC-Bold.otf"
RENDER_CACHE = 512  # rendered surfaces kept per TextCache
WRAP_CACHE = 256  # wrapped texts kept per TextCache
WIDTH_CACHE = 2048  # measured strings kept per TextCache
CHAR_CACHE = 20000  # per-character advances kept per TextCache
MAX_RENDER_CHARS = 500  # longer strings are cut: a surface wider than any screen helps nobody
ELLIPSIS = "…"


K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Lru(Generic[K, V]):
    """A small least-recently-used map with a fixed number of entries."""

    def __init__(self, size: int):
        self.size = size
        self._items: OrderedDict[K, V] = OrderedDict()

    def get(self, key: K) -> V | None:
        """The value for `key` (now the most recently used), or None."""
        value = self._items.get(key)
        if value is not None:
            self._items.move_to_end(key)
        return value

    def put(self, key: K, value: V) -> V:
        """Remember `value`, forgetting the least recently used entry when full."""
        self._items[key] = value
        self._items.move_to_end(key)
        while len(self._items) > self.size:
            self._items.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._items)


def _font_folder() -> Path:
    """pygame-gui's data folder, found without importing pygame_gui (and its start-up work)."""
    import importlib.util

    spec = importlib.util.find_spec("pygame_gui")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(_("pygame-gui is not installed; it provides the game's font"))
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def font_path(bold: bool = False) -> Path:
    """The OFL font with CJK coverage that every text in the window game uses."""
    return _font_folder() / (BOLD_FONT_FILE if bold else FONT_FILE)


@lru_cache(maxsize=32)
def _load_font(size: int, bold: bool) -> pygame.font.Font:
    """One loaded font per size and weight, shared by every TextCache."""
    if not pygame.font.get_init():
        pygame.font.init()
    path = font_path(bold)
    if not path.exists():  # a bold face missing from some pygame-gui build: embolden the regular
        font = pygame.font.Font(font_path(False), size)
        font.set_bold(bold)
        return font
    return pygame.font.Font(path, size)


def clean(text: str, newline: str = "\n") -> str:
    """`text` safe to hand to the font: control characters dropped, tabs as spaces,
    newlines as `newline`, lone surrogates as U+FFFD."""
    if text.isprintable():  # the common case, checked in C
        return text
    out = []
    for char in text:
        if char == "\n":
            out.append(newline)
        elif char == "\t":
            out.append(" ")
        elif unicodedata.category(char) == "Cc":
            continue
        elif "\ud800" <= char <= "\udfff":
            out.append("\ufffd")
        else:
            out.append(char)
    return "".join(out)


class TextCache:
    """Renders, measures and wraps text in one size and weight, caching all three."""

    def __init__(self, size: int, bold: bool = False):
        self.size = max(1, int(size))
        self.bold = bold
        self.font = _load_font(self.size, bold)
        self.line_height: int = self.font.get_linesize()
        self._renders: Lru[tuple[str, tuple[int, ...]], pygame.Surface] = Lru(RENDER_CACHE)
        self._wraps: Lru[tuple[str, int], list[str]] = Lru(WRAP_CACHE)
        self._widths: Lru[str, int] = Lru(WIDTH_CACHE)
        self._chars: dict[str, int] = {}

    def render(self, text: str, colour: Sequence[int]) -> pygame.Surface:
        """`text` on one line in `colour` on a transparent surface (the same surface for the same
        text and colour while it stays cached)."""
        rgba = tuple(pygame.Color(colour))
        key = (text, rgba)
        surface = self._renders.get(key)
        if surface is None:
            line = clean(text, newline=" ")
            if len(line) > MAX_RENDER_CHARS:
                line = line[: MAX_RENDER_CHARS - 1] + ELLIPSIS
            surface = self._renders.put(key, self.font.render(line, True, rgba))
        return surface

    def width(self, text: str) -> int:
        """How many pixels wide `text` renders on one line."""
        known = self._widths.get(text)
        if known is None:
            line = clean(text, newline=" ")
            if len(line) > MAX_RENDER_CHARS:  # as render cuts it; summing is cheap and safe
                known = self.advance(line[: MAX_RENDER_CHARS - 1] + ELLIPSIS)
            else:
                known = self.font.size(line)[0]
            self._widths.put(text, known)
        return known

    def char_width(self, char: str) -> int:
        """The advance of one character, measured once."""
        known = self._chars.get(char)
        if known is None:
            if len(self._chars) >= CHAR_CACHE:
                self._chars.clear()
            known = self._chars[char] = self.font.size(char)[0]
        return known

    def advance(self, text: str) -> int:
        """The summed advances of `text`'s characters (never less than its rendered width)."""
        return sum(self.char_width(char) for char in text)

    def wrap(self, text: str, width: int) -> list[str]:
        """`text` broken into lines no wider than `width` pixels.

        Breaks at spaces (dropping them) and between wide characters; a newline always
        breaks; a word wider than the whole width is split per character. A character wider
        than `width` gets a line to itself. Every character other than the dropped spaces
        and newlines appears once, in order.
        """
        width = max(1, int(width))
        key = (text, width)
        lines = self._wraps.get(key)
        if lines is None:
            lines = []
            for paragraph in clean(text).split("\n"):
                lines.extend(self._wrap_paragraph(paragraph, width))
            self._wraps.put(key, lines)
        return list(lines)

    def _wrap_paragraph(self, paragraph: str, width: int) -> list[str]:
        """One paragraph (no newlines) greedily filled into lines, by the rule both games share (game/play/lines.py)."""
        return [paragraph[start:end] for start, end in spans(paragraph, width, self.advance)]
