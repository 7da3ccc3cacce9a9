"""The screen base (game/gui/screen.py): the typed character of a key event, and Esc."""

from __future__ import annotations

import pygame

from game.gui.screen import char, is_back
from tests.test_gui_app import key


def test_char_prefers_what_was_typed_and_falls_back_to_the_key_name():
    """A '?' typed with shift is '?'; a posted 'u' without text is still 'u'; F1 types nothing."""
    pygame.init()
    assert char(key(pygame.K_SLASH, "?")) == "?"
    assert char(key(pygame.K_u)) == "u"
    assert char(key(pygame.K_F1)) == ""


def test_escape_is_the_way_back():
    """Only Esc counts as back."""
    assert is_back(key(pygame.K_ESCAPE)) and not is_back(key(pygame.K_q, "q"))
