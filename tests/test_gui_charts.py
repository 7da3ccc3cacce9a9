"""Meters, skill charts and the mood curve (game/gui/charts.py): numbers drawn, odd data handled."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame
import pytest

from game.gui.charts import (
    draw_meter,
    draw_mood_curve,
    draw_skill_chart,
    percent_label,
)
from game.gui.fonts import TextCache
from game.gui.theme import theme_for

THEME = theme_for("dark", False)
SIZE = (420, 300)


@pytest.fixture(scope="module")
def text() -> TextCache:
    """A 16-pixel text cache."""
    pygame.font.init()
    return TextCache(16)


def canvas() -> pygame.Surface:
    """A fresh surface filled with the theme's background."""
    surface = pygame.Surface(SIZE)
    surface.fill(THEME.background)
    return surface


def pixels(surface: pygame.Surface, area: pygame.Rect | None = None) -> bytes:
    """Raw RGBA bytes of a surface, or of part of it."""
    return pygame.image.tobytes(surface.subsurface(area) if area else surface, "RGBA")


def meter(text: TextCache, value: float, good_when_low: bool = True, low: int = 0, high: int = 100) -> pygame.Surface:
    """A surface with one meter drawn at (10, 10, 400, 50)."""
    surface = canvas()
    draw_meter(surface, pygame.Rect(10, 10, 400, 50), "Anger", value, low, high, THEME, text, good_when_low)
    return surface


def test_meter_writes_its_number(text):
    """41 and 42 differ in the number row even though the bars are almost the same."""
    reading_row = pygame.Rect(10, 10, 400, text.line_height)
    assert pixels(meter(text, 41.0), reading_row) != pixels(meter(text, 42.0), reading_row)


def test_meter_bar_follows_the_value(text):
    """A higher value fills more of the bar (pixels change below the number row)."""
    bar_row = pygame.Rect(10, 10 + text.line_height, 400, 50 - text.line_height)
    assert pixels(meter(text, 20), bar_row) != pixels(meter(text, 80), bar_row)


def test_meter_says_which_way_is_better(text):
    """Good-when-low and good-when-high meters draw different hints."""
    assert pixels(meter(text, 50, True)) != pixels(meter(text, 50, False))


@pytest.mark.parametrize(("value", "low", "high"), [(33.3333, 0, 100), (-40, 0, 100), (250, 0, 100), (5, 5, 5), (0, -10, 15)])
def test_meter_handles_fractions_out_of_range_and_empty_ranges(text, value, low, high):
    """Fractional, out-of-range values and a zero-width range draw without error."""
    assert pixels(meter(text, value, low=low, high=high)) != pixels(canvas())


def test_percent_labels():
    """A percent reads whole; None reads 'n/a'."""
    assert percent_label(None) == "n/a" and percent_label(81.6) == "82%"


def chart(text: TextCache, percents) -> pygame.Surface:
    """A surface with a skill chart drawn in (10, 10, 400, 280)."""
    surface = canvas()
    draw_skill_chart(surface, pygame.Rect(10, 10, 400, 280), percents, THEME, text)
    return surface


def test_radar_changes_with_values_and_marks_missing_skills(text):
    """A radar of three or more skills changes when a percent changes, and None draws differently from 0."""
    base = {"listening": 80, "empathy": 60, "refusal": 40, "resolution": 20}
    assert pixels(chart(text, base)) != pixels(chart(text, {**base, "empathy": 61}))
    assert pixels(chart(text, {**base, "resolution": None})) != pixels(chart(text, {**base, "resolution": 0}))


def test_few_skills_draw_bars_with_numbers(text):
    """One or two skills draw as bars whose numbers change the picture; None is allowed."""
    one = chart(text, {"listening": 50})
    assert pixels(one) != pixels(canvas())
    assert pixels(one) != pixels(chart(text, {"listening": 51}))
    assert pixels(chart(text, {"listening": 50, "refusal": None})) != pixels(chart(text, {"listening": 50, "refusal": 0}))


def test_empty_skill_chart_says_so(text):
    """No skills at all still draws a message rather than nothing or an error."""
    assert pixels(chart(text, {})) != pixels(canvas())


def curve(text: TextCache, values) -> pygame.Surface:
    """A surface with a mood curve drawn in (10, 10, 400, 280)."""
    surface = canvas()
    draw_mood_curve(surface, pygame.Rect(10, 10, 400, 280), values, THEME, text)
    return surface


def test_mood_curve_follows_values(text):
    """Changing one point changes the picture; an empty curve and a single point draw axes without error."""
    assert pixels(curve(text, [0.2, 0.5, 0.9])) != pixels(curve(text, [0.2, 0.6, 0.9]))
    empty = curve(text, [])
    assert pixels(empty) != pixels(canvas())
    assert pixels(curve(text, [0.5])) != pixels(empty)
    curve(text, [-1.0, 2.0] * 100)  # out of range and crowded


@pytest.mark.parametrize("rect", [pygame.Rect(50, 50, 0, 0), pygame.Rect(50, 50, 3, 3), pygame.Rect(50, 50, 40, 12), pygame.Rect(50, 50, -10, 5)])
def test_tiny_rects_stay_inside(text, rect):
    """Every chart drawn into a tiny rect raises nothing and leaves the rest of the surface untouched."""
    surface = canvas()
    outside = pygame.Rect(0, 0, SIZE[0], 49)
    before = pixels(surface, outside)
    draw_meter(surface, rect, "Anger", 50, 0, 100, THEME, text, True)
    draw_skill_chart(surface, rect, {"a": 1, "b": 2, "c": None}, THEME, text)
    draw_skill_chart(surface, rect, {"a": 1}, THEME, text)
    draw_mood_curve(surface, rect, [0.1, 0.9], THEME, text)
    assert pixels(surface, outside) == before


@pytest.mark.parametrize("width", [380, 560, 600, 900])
def test_the_last_value_never_touches_the_band_names(text, width):
    """A curve ending at 100 puts its "100" inside the plot, clear of "relieved" (the debrief's sizes)."""
    surface = pygame.Surface((width + 40, 300))
    labels = draw_mood_curve(surface, pygame.Rect(10, 10, width, 200), [0.7, 0.8, 0.9, 1.0, 1.0, 1.0], THEME, text)
    assert "relieved" in labels and "last" in labels
    assert not labels["last"].colliderect(labels["relieved"].inflate(8, 0))



@pytest.mark.parametrize(("size", "width"), [(20, 560), (34, 560), (34, 900)])
def test_the_start_label_keeps_clear_of_the_turn_label(size, width):
    """Under the mood curve 'start' never runs into 'turn' left of the axis (they read 'turnstart' at 1920x1080)."""
    from tests.gui_helpers import drawn_by

    cache = TextCache(size)
    drawn = drawn_by(lambda surface: draw_mood_curve(surface, pygame.Rect(10, 10, width, 260), [0.5, 0.6, 0.7, 1.0], THEME, cache), (width + 40, 300))
    turn = next(item.rect for item in drawn if item.text == "turn")
    start = next(item.rect for item in drawn if item.text == "start")
    assert start.left >= turn.right + 4, (turn, start)
