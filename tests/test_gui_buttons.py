"""Buttons (game/gui/buttons.py): mouse, number keys, arrows and Enter all press the right one."""

from __future__ import annotations

import pygame

from game.gui.buttons import Button, ButtonGroup
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
