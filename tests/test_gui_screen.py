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


def test_footer_keys_drop_whole_items_and_keep_help_and_esc():
    """A key-hint line too wide closes up its separators, then drops whole items from the right, keeping '?: help' and 'Esc'."""
    from game.gui.fonts import TextCache
    from game.gui.screen import footer_keys

    cache = TextCache(16)
    keys = "1: one  ·  2: two  ·  Esc: leave  ·  3: three  ·  ?: help  ·  F11: fullscreen"
    assert footer_keys(cache, keys, cache.width(keys)) == keys
    closed = keys.replace("  ·  ", " · ")
    assert footer_keys(cache, keys, cache.width(closed)) == closed
    narrow = footer_keys(cache, keys, cache.width("1: one · Esc: leave · ?: help"))
    assert narrow == "1: one · Esc: leave · ?: help"
