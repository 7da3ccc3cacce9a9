"""Tests for game.store.display: stored text printed literally, control characters made visible."""

from __future__ import annotations

from game.store.display import fit, printable, width


def test_markup_and_unicode_print_unchanged():
    """Markup, emoji with joiners, Chinese and backslashes in ordinary names are left alone."""
    for name in ["[b]Bob[/b]", "<script>alert(1)</script>", "王小明", "👩‍💻 Dev", "C:\\temp"]:
        assert printable(name) == name


def test_control_characters_become_visible_escapes():
    """Escape, carriage return, newline, NUL and DEL are shown as escapes, never acted on."""
    assert printable("Bob\x1b[31mRED") == "Bob\\x1b[31mRED"
    assert printable("a\rb\nc\td") == "a\\rb\\nc\\td"
    assert printable("nul\x00del\x7f") == "nul\\x00del\\x7f"
    assert "\x1b" not in printable("\x1b]0;title\x07")


def test_reordering_characters_are_escaped():
    """A right-to-left override cannot reverse the rest of the line."""
    assert printable("abc\u202edcba") == "abc\\u202edcba"
    assert printable("x\u2028y") == "x\\u2028y"


def test_backslash_is_doubled_only_beside_an_escape():
    """When something is escaped, a real backslash is doubled so the two cannot be confused."""
    assert printable("a\\x1b\x1b") == "a\\\\x1b\\x1b"


def test_empty_and_none():
    """None and '' print as ''."""
    assert printable(None) == "" and printable("") == ""


def test_width_counts_wide_characters_twice():
    """CJK characters take two columns; combining marks none."""
    assert width("abc") == 3
    assert width("王小明") == 6
    assert width("e\u0301") == 1


def test_fit_pads_and_cuts_to_exact_columns():
    """fit() returns exactly the asked width, with an ellipsis when cut."""
    assert fit("Ann", 6) == "Ann   "
    assert width(fit("王小明王小明", 7)) == 7 and fit("王小明王小明", 7).endswith("…")
    assert fit("Bob\x1b", 10) == "Bob\\x1b   "


def test_kept_characters_stay_while_the_rest_are_escaped():
    """With keep={newline, tab} those stay as they are; an escape beside them is still shown (\\x1b)."""
    assert printable("a\nb\tc", keep=frozenset("\n\t")) == "a\nb\tc"
    assert printable("a\n\x1bb", keep=frozenset("\n\t")) == "a\n\\x1bb"
    assert printable("a\n\x1bb") == "a\\n\\x1bb"


def test_cut_to_keeps_the_longest_start_within_the_columns():
    """A cut counts a Chinese character as two columns, never splits one, and leaves a short text whole."""
    from game.store.display import cut_to

    assert cut_to("奥先生您好", 5) == "奥先" and cut_to("Okafor", 3) == "Oka"
    assert cut_to("ok", 10) == "ok" and cut_to("奥", 1) == ""
