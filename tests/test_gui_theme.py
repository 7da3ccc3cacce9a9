"""Colour themes for the window game (game/gui/theme.py): every text pair readable."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

from dataclasses import fields

import pytest

from game.gui.theme import TEXT_PAIRS as DRAWN_PAIRS
from game.gui.theme import Theme, blend, contrast, theme_for
from game.play.settings import THEMES

TEXT_PAIRS = (("text", "background"), ("text", "panel"), ("muted", "background"), ("bubble_text", "bubble"), ("button_text", "button"), ("button_text", "button_hover"))
SIGNAL_PAIRS = (("good", "background"), ("bad", "background"), ("accent", "background"), ("warn", "background"), ("good", "panel"), ("bad", "panel"))
ALL = [(name, high) for name in THEMES for high in (False, True)]


@pytest.mark.parametrize(("name", "high"), ALL)
def test_text_contrast_meets_wcag(name, high):
    """Text pairs reach 4.5:1 (AA) normally and 7:1 (AAA) in high contrast."""
    theme = theme_for(name, high)
    need = 7.0 if high else 4.5
    for fore, back in TEXT_PAIRS:
        ratio = contrast(getattr(theme, fore), getattr(theme, back))
        assert ratio >= need, f"{name} hc={high}: {fore} on {back} is {ratio:.2f}"


@pytest.mark.parametrize(("name", "high"), ALL)
def test_every_pair_the_screens_draw_meets_wcag_aa(name, high):
    """Every text colour on every background the screens draw it on reaches 4.5:1 (7:1 in high contrast)."""
    theme = theme_for(name, high)
    need = 7.0 if high else 4.5
    assert ("button_muted", "button_hover") in DRAWN_PAIRS and ("bubble_accent", "bubble") in DRAWN_PAIRS
    assert ("badge_text", "badge") in DRAWN_PAIRS  # a reply's number on its badge
    for fore, back in DRAWN_PAIRS:
        ratio = contrast(getattr(theme, fore), getattr(theme, back))
        assert ratio >= need, f"{name} hc={high}: {fore} on {back} is {ratio:.2f}"


@pytest.mark.parametrize(("name", "high"), ALL)
def test_the_focus_outline_stands_out_from_the_background(name, high):
    """The focus outline (not text) reaches 3:1 against the background, as WCAG asks of a focus indicator."""
    theme = theme_for(name, high)
    assert contrast(theme.focus, theme.background) >= 3.0


@pytest.mark.parametrize(("name", "high"), ALL)
def test_signal_colours_readable(name, high):
    """Good, bad, accent and warning colours also carry numbers, so they reach 4.5:1 (7:1 in high contrast)."""
    theme = theme_for(name, high)
    need = 7.0 if high else 4.5
    for fore, back in SIGNAL_PAIRS:
        assert contrast(getattr(theme, fore), getattr(theme, back)) >= need, (name, high, fore, back)


@pytest.mark.parametrize(("name", "high"), ALL)
def test_every_field_is_an_rgb_tuple(name, high):
    """Every palette field is three integers 0..255."""
    theme = theme_for(name, high)
    for spec in fields(Theme):
        value = getattr(theme, spec.name)
        assert isinstance(value, tuple) and len(value) == 3 and all(isinstance(v, int) and 0 <= v <= 255 for v in value)


def test_themes_differ_and_unknown_name_falls_back():
    """Dark, light and their high-contrast forms are four different palettes; a bad name means the default."""
    palettes = {theme_for(name, high) for name, high in ALL}
    assert len(palettes) == 4
    assert theme_for("no-such-theme", False) == theme_for("dark", False)
    assert sum(theme_for("dark", False).background) < sum(theme_for("light", False).background)


def test_high_contrast_is_black_and_white():
    """High contrast uses pure black and white for text and background."""
    assert {theme_for("dark", True).background, theme_for("dark", True).text} == {(0, 0, 0), (255, 255, 255)}
    assert {theme_for("light", True).background, theme_for("light", True).text} == {(0, 0, 0), (255, 255, 255)}


def test_contrast_and_blend_arithmetic():
    """Black on white is 21:1, a colour against itself 1:1; blend moves between colours and clamps."""
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert contrast((90, 90, 90), (90, 90, 90)) == pytest.approx(1.0)
    assert blend((0, 0, 0), (200, 100, 50), 0.5) == (100, 50, 25)
    assert blend((0, 0, 0), (200, 100, 50), 2.0) == (200, 100, 50)
