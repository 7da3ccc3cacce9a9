"""Text for the window game (game/gui/fonts.py): Chinese glyphs, linear wrapping, caches."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

from pathlib import Path

import pygame
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.gui.fonts import TextCache, clean, font_path

REPO = Path(__file__).resolve().parents[1]
WHITE = (255, 255, 255)
CHINESE = "我们明天上午十点在公司门口见面，请不要迟到。如果有问题，请提前打电话给我，谢谢！"


@pytest.fixture(scope="module")
def text() -> TextCache:
    """A 20-pixel text cache (fonts load once per module)."""
    pygame.font.init()
    return TextCache(20)


def pixels(surface: pygame.Surface) -> bytes:
    """A surface's raw RGBA bytes, for comparing drawings."""
    return pygame.image.tobytes(surface, "RGBA")


def test_font_is_the_ofl_cjk_font_from_pygame_gui():
    """font_path() is pygame-gui's Noto Sans SC, and the licence list says where it comes from."""
    path = font_path()
    assert path.exists() and path.name == "NotoSansSC-Regular.otf" and path.parent.parent.name == "pygame_gui"
    assert font_path(bold=True).exists()
    licences = (REPO / "assets" / "LICENSES.md").read_text(encoding="utf-8")
    assert "NotoSansSC-Regular.otf" in licences and "Open Font License" in licences


def test_chinese_renders_real_glyphs_not_boxes(text):
    """Two Chinese characters render differently from each other and from a missing glyph's box."""
    ni, hao = pixels(text.render("你", WHITE)), pixels(text.render("好", WHITE))
    box = pixels(text.render("\ue000", WHITE))  # a private-use code point: the .notdef box
    assert ni != hao
    assert ni != box and hao != box


def test_render_is_cached_per_text_and_colour(text):
    """The same text and colour give the very same surface; another colour a new one."""
    first = text.render("Hello", WHITE)
    assert text.render("Hello", WHITE) is first
    assert text.render("Hello", (255, 0, 0)) is not first
    assert first.get_height() >= text.line_height * 0.8


def test_render_survives_control_characters_and_huge_strings(text):
    """Nulls, other controls, lone surrogates and a 100,000-character line render without error."""
    assert text.render("a\x00b\x07c\ud800\n\t", WHITE).get_width() > 0
    assert text.render("", WHITE).get_height() > 0
    assert text.render("x" * 100_000, WHITE).get_width() < 100_000
    assert text.width("a\x00b") == text.width("ab")
    assert text.wrap("\x00\x01\x02", 100) == [""]


def test_markup_is_drawn_literally(text):
    """Markup-looking text is measured as the characters it is, not interpreted."""
    assert text.width("[b]bold[/b]") > text.width("bold")
    assert text.wrap("<b>hi</b>", 1000) == ["<b>hi</b>"]


def test_wrap_chinese_breaks_per_character_and_keeps_order(text):
    """A long Chinese line with no spaces fits the width on several lines, every character in order."""
    width = text.width("我") * 7 + 3
    lines = text.wrap(CHINESE, width)
    assert len(lines) >= 4
    assert all(text.width(line) <= width for line in lines)
    assert "".join(lines) == CHINESE
    assert not any(line.startswith(("，", "。", "！")) for line in lines)  # closing marks stay with their text


def test_wrap_english_keeps_words_whole(text):
    """English breaks only at spaces: each word appears whole on some line."""
    sentence = "The parcel was guaranteed for Saturday and the tracking has said at depot since Thursday"
    width = text.width("guaranteed for") + 2
    lines = text.wrap(sentence, width)
    assert len(lines) > 3
    assert [word for line in lines for word in line.split(" ")] == sentence.split(" ")
    assert all(text.width(line) <= width for line in lines)


def test_wrap_newlines_and_overlong_words(text):
    """A newline always breaks; a word wider than the line is split per character."""
    assert text.wrap("one\n\ntwo", 500) == ["one", "", "two"]
    word = "x" * 40
    lines = text.wrap(word, text.width("x") * 10)
    assert "".join(lines) == word and all(len(line) == 10 for line in lines)


def test_wrap_is_cached_and_copies(text):
    """Wrapping the same text and width again gives equal lines, and callers cannot spoil the cache."""
    lines = text.wrap("a b c d e f g", 30)
    lines.append("junk")
    assert text.wrap("a b c d e f g", 30) == lines[:-1]


class _CountingFont:
    """A font that adds the length of every text it measures to `measured[0]`."""

    def __init__(self, font: pygame.font.Font, measured: list[int]):
        self._font, self._measured = font, measured

    def size(self, text: str) -> tuple[int, int]:
        """The font's own size, counted."""
        self._measured[0] += len(text)
        return self._font.size(text)

    def __getattr__(self, name: str) -> object:
        return getattr(self._font, name)


def _characters_measured(make_text: str, width: int) -> int:
    """How many characters one wrap of `make_text` measures, with a fresh cache: each advance looked up, each text sized."""
    fresh = TextCache(20)
    measured = [0]
    fresh.font = _CountingFont(fresh.font, measured)  # type: ignore[assignment]
    char_width = fresh.char_width

    def counting_char_width(char: str) -> int:
        measured[0] += 1
        return char_width(char)

    fresh.char_width = counting_char_width  # type: ignore[method-assign]
    fresh.wrap(make_text, width)
    return measured[0]


@pytest.mark.parametrize("copies", [25, 250])  # about 1,000 and 10,000 characters
def test_wrap_is_linear_not_quadratic(copies: int):
    """Wrapping Chinese with no spaces measures each character about once: no growing prefix is measured again (that is quadratic)."""
    text = CHINESE * copies
    measured = _characters_measured(text, 400)
    assert measured <= 2 * len(text) + 100, f"{measured:,} characters measured to wrap {len(text):,}"


def test_clean_drops_controls_and_keeps_text():
    """Control characters go, tabs become spaces, lone surrogates a replacement mark; plain text is untouched."""
    assert clean("a\x00b\tc\ud800") == "ab c\ufffd"
    assert clean("a\nb", newline=" ") == "a b"
    assert clean("普通 text") == "普通 text"


def test_line_height_grows_with_size():
    """A bigger size has taller lines; bold measures wider."""
    assert TextCache(30).line_height > TextCache(14).line_height > 0
    assert TextCache(20, bold=True).width("Service Dojo") > TextCache(20).width("Service Dojo")


WRAP_ALPHABET = st.one_of(
    st.characters(exclude_categories=("Cc", "Cs")),
    st.sampled_from([" ", " ", " ", "\n", "你", "好", "，", "a", "W", "（"]),
)


def matches_with_breaks(original: str, lines: list[str]) -> bool:
    """True when `lines` are consecutive pieces of `original` with only spaces and newlines between them."""
    pos = 0
    for line in lines:
        while pos < len(original) and original[pos] in " \n" and not original.startswith(line, pos):
            pos += 1
        if not original.startswith(line, pos):
            return False
        pos += len(line)
    return original[pos:].strip(" \n") == ""


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.text(WRAP_ALPHABET, max_size=120), st.integers(min_value=0, max_value=400))
def test_wrap_property_lines_fit_and_nothing_is_lost(text, source, extra):
    """For any text and any width of at least its widest character: every line fits, and the lines are
    the original in order with only break spaces and newlines taken out."""
    widest = max((text.char_width(char) for char in source), default=1)
    width = max(1, widest) + extra
    lines = text.wrap(source, width)
    assert all(text.width(line) <= width for line in lines), lines
    assert matches_with_breaks(source, lines), (source, lines)
