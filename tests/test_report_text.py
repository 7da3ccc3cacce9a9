"""Tests for game.export.report.text: stored text shown literally, never acted on."""

from __future__ import annotations

from game.export.report.text import clip, columns, visible


def test_control_characters_become_visible_escapes():
    """An ANSI escape, a NUL and a carriage return show as \\x1b, \\x00 and \\r (the terminal commands' rule)."""
    assert visible("\x1b[31mred\x00\r") == "\\x1b[31mred\\x00\\r"


def test_reordering_controls_are_escaped_but_rtl_text_is_kept():
    """A right-to-left override shows as \\u202e; Arabic and Chinese letters stay as they are."""
    assert visible("a\u202eb") == "a\\u202eb"
    assert visible("فرح 陈静") == "فرح 陈静"


def test_markup_newlines_and_tabs_are_left_for_the_escaper():
    """visible() does not HTML-escape (autoescape does) and keeps newlines and tabs."""
    assert visible('<b>"x"</b>\n\t{{ 1 }}') == '<b>"x"</b>\n\t{{ 1 }}'
    assert visible(None) == "" and visible(7) == "7"


def test_columns_count_wide_characters_twice():
    """CJK characters take two columns, combining marks none."""
    assert columns("abc") == 3 and columns("陈静") == 4 and columns("e\u0301") == 1


def test_clip_cuts_with_an_ellipsis_within_the_limit():
    """A long label is cut to the limit (ellipsis included); a short one is kept whole."""
    assert clip("short", 10) == "short"
    assert clip("a" * 50, 10) == "a" * 9 + "…"
    assert columns(clip("陈" * 20, 10)) <= 10
    assert clip("two\nlines", 20) == "two lines"
