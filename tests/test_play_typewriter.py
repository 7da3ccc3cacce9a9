"""The typewriter rule (game/play/typewriter.py): how much of a moment's lines shows after t seconds, in both games."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from game.play.typewriter import PAUSE, cut, duration, typing, whole

texts = st.lists(st.text(min_size=0, max_size=30), min_size=1, max_size=4)
speeds = st.floats(min_value=1.0, max_value=500.0)


def test_characters_appear_at_the_given_speed():
    """At 10 characters a second, 0.35 s shows 3 characters of the first line and none of the next."""
    state = typing(["Hello there", "Bye"], 0.35, 10.0)
    assert state.shown == (3, 0) and state.current == 0 and not state.done
    assert state.visible(["Hello there", "Bye"]) == ("Hel", "")


def test_a_pause_between_two_lines_then_the_next_types():
    """After a line is whole the next one waits PAUSE seconds (the current line stays the first), then types."""
    first, second = "Hi.", "Refund her."
    typed = len(first) / 10.0
    state = typing([first, second], typed + PAUSE / 2, 10.0)
    assert state.shown == (3, 0) and state.current == 0
    state = typing([first, second], typed + PAUSE + 0.25, 10.0)
    assert state.shown[0] == 3 and state.shown[1] == 2 and state.current == 1


def test_no_speed_shows_everything_at_once():
    """Speed None (reduced motion, the plain transcript, instant) shows every line whole from the start."""
    assert typing(["你好", "再见"], 0.0, None) == whole(["你好", "再见"])
    assert whole(["你好", "再见"]).done and whole(["ab"]).current == 0


def test_a_chinese_character_counts_once():
    """Speed is of characters read, not screen cells: two seconds at 2 a second show four Chinese characters."""
    assert typing(["请您先别担心"], 2.0, 2.0).shown == (4,)


def test_a_combining_mark_comes_with_its_letter():
    """A cut never leaves an accent or a joined emoji half shown."""
    assert cut("cafe\u0301!", 4) == 5
    assert cut("\U0001F469\u200D\U0001F373 ok", 1) == 3
    assert cut("abc", 10) == 3 and cut("abc", -1) == 0


@given(texts, speeds, st.floats(min_value=0.0, max_value=100.0), st.floats(min_value=0.0, max_value=100.0))
def test_typing_only_moves_forward(lines, speed, earlier, later):
    """Later never shows less than earlier, line by line, and the current line never goes back."""
    a, b = sorted((earlier, later))
    before, after = typing(lines, a, speed), typing(lines, b, speed)
    assert all(x <= y for x, y in zip(before.shown, after.shown))
    assert before.current <= after.current


@given(texts, speeds, st.floats(min_value=0.0, max_value=100.0))
def test_lines_type_in_order_and_within_their_length(lines, speed, seconds):
    """No line shows more than it has, none starts before the one above is whole, and done only once every line is whole."""
    state = typing(lines, seconds, speed)
    assert all(0 <= count <= len(text) for count, text in zip(state.shown, lines))
    for index in range(1, len(lines)):
        if state.shown[index]:
            assert state.shown[index - 1] == len(lines[index - 1])
    if state.shown != tuple(len(text) for text in lines):
        assert not state.done


@given(texts, speeds)
def test_everything_shows_once_the_duration_is_over(lines, speed):
    """At `duration` (and a little after, for rounding) every line is whole."""
    assert typing(lines, duration(lines, speed) + 1e-6, speed).done
