"""Buttons (game/gui/buttons.py): mouse, number keys, arrows and Enter all press the right one."""

from __future__ import annotations

import pygame
import pytest

from game.gui.buttons import PAD_Y, PADDING, Button, ButtonGroup, draw_button
from game.gui.fonts import TextCache
from game.gui.theme import contrast, theme_for
from game.play.settings import THEMES
from tests.test_gui_app import click, key


def group() -> ButtonGroup:
    """Three numbered buttons stacked vertically."""
    buttons = [Button(f"Reply {n}", pygame.Rect(0, n * 50, 200, 40), number=n) for n in (1, 2, 3)]
    return ButtonGroup(buttons, numbered=True)


def test_a_click_presses_the_button_under_it():
    """A click inside the second button returns index 1; a click between buttons returns None."""
    buttons = group()
    assert buttons.handle(click((10, 110))) == 1
    assert buttons.handle(click((10, 95))) is None


def test_number_keys_press_their_button_and_others_do_nothing():
    """3 presses the third; 4 (not on offer) presses nothing."""
    buttons = group()
    assert buttons.handle(key(pygame.K_3, "3")) == 2
    assert buttons.handle(key(pygame.K_4, "4")) is None


def test_arrows_move_focus_and_enter_presses_it():
    """Down twice then Enter presses the third; Up wraps round to the last."""
    buttons = group()
    buttons.handle(key(pygame.K_DOWN))
    buttons.handle(key(pygame.K_DOWN))
    assert buttons.handle(key(pygame.K_RETURN)) == 2
    buttons.focus = 0
    buttons.handle(key(pygame.K_UP))
    assert buttons.focus == 2


def test_hover_follows_the_mouse_and_asks_for_a_redraw():
    """Moving over a button sets hover and `changed`."""
    buttons = group()
    buttons.handle(pygame.event.Event(pygame.MOUSEMOTION, pos=(5, 60), rel=(0, 0), buttons=(0, 0, 0)))
    assert buttons.hover == 0 and buttons.changed


@pytest.mark.parametrize(("name", "high"), [(name, high) for name in THEMES for high in (False, True)])
def test_the_number_badge_stands_out_in_every_theme(name, high):
    """As drawn, a reply's badge differs from its button by 3:1 (plain and selected) and its digit from the badge by 4.5:1 (7:1 in high contrast)."""
    pygame.font.init()
    theme, cache = theme_for(name, high), TextCache(20)
    for selected in (False, True):
        surface = pygame.Surface((300, 60))
        button = Button("Reply", pygame.Rect(0, 0, 300, 60), number=7)
        button.fit_height(cache, 300)
        draw_button(surface, button, theme, cache, hover=selected, focus=selected)
        fill = tuple(surface.get_at((150, 55)))[:3]
        badge = pygame.Rect(PADDING, PAD_Y, cache.line_height, cache.line_height)
        inside = [tuple(surface.get_at((x, y)))[:3] for x in range(badge.left, badge.right) for y in range(badge.top, badge.bottom)]
        badge_fill = tuple(surface.get_at((badge.left + 3, badge.centery)))[:3]
        digit = max(inside, key=lambda colour: contrast(colour, badge_fill))
        assert contrast(badge_fill, fill) >= 3.0, (name, high, selected, badge_fill, fill)
        assert contrast(digit, badge_fill) >= (7.0 if high else 4.5), (name, high, selected, digit, badge_fill)
