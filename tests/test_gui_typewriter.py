"""Typewriter text (game/gui/typewriter.py): characters by elapsed time, finished by a key."""

from __future__ import annotations

from game.gui.typewriter import Typewriter


def test_characters_appear_at_the_given_speed():
    """At 10 characters a second, 0.35 s shows 3 characters, and an update reports the change."""
    writer = Typewriter("Hello there", 10.0)
    assert writer.shown == 0 and writer.update(0.35) and writer.shown == 3
    assert not writer.update(0.01)  # not yet the fourth


def test_finish_shows_everything_once():
    """finish() reveals the whole text and says True only while it was still typing."""
    writer = Typewriter("Hi", 1.0)
    assert writer.finish() and writer.done and writer.shown == 2
    assert not writer.finish()


def test_no_speed_means_at_once():
    """Speed None (reduced motion, instant) shows the text whole from the start."""
    writer = Typewriter("你好", None)
    assert writer.done and not writer.update(1.0)
