"""Line breaking (game/play/lines.py): where a line may break, greedy wrapping by any measure, terminal cells."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from game.play.lines import NO_BREAK_BEFORE, spans, tokens, wrap_cells
from game.store.display import width

WORDS = st.text(alphabet=st.sampled_from(list("ab 你好，。（）") + ["\n"]), max_size=60)


def test_tokens_allow_breaks_between_wide_characters():
    """Wide characters are separate pieces; closing punctuation sticks to the character before it."""
    assert tokens("你好，世界") == ["你", "好，", "世", "界"]
    assert tokens("hello  world") == ["hello", "  ", "world"]
    assert tokens("（括号）") == ["（括", "号）"]


def test_chinese_wraps_by_cells_and_never_starts_a_line_with_a_comma():
    """At 8 cells (four Chinese characters) '，' stays with the character before it."""
    text = "我的雨伞，蓝色的，很重要。"
    lines = [text[a:b] for a, b in wrap_cells(text, 8)]
    assert all(width(line) <= 8 for line in lines)
    assert not any(line[:1] in NO_BREAK_BEFORE for line in lines)
    assert "".join(lines) == text


def test_english_breaks_at_spaces_and_drops_them():
    """Words stay whole; the space at a break is not drawn."""
    assert [t[a:b] for t in ["one two three"] for a, b in wrap_cells(t, 8)] == ["one two", "three"]


def test_a_word_wider_than_the_line_is_cut_never_hidden():
    """A piece wider than the width is cut between characters; an empty text is one empty line."""
    assert [("abcdefghij")[a:b] for a, b in spans("abcdefghij", 4, len)] == ["abcd", "efgh", "ij"]
    assert spans("", 10, len) == [(0, 0)]


@given(WORDS, st.integers(min_value=2, max_value=30))
def test_every_character_but_break_spaces_is_shown_once_in_order(text, columns):
    """Joined back, the lines are the text without the spaces and newlines at breaks; no line is wider than the width."""
    lines = [text[a:b] for a, b in wrap_cells(text, columns)]
    assert "".join(lines).replace(" ", "") == text.replace(" ", "").replace("\n", "")
    assert all(width(line) <= columns for line in lines)


def test_a_chinese_speaker_is_followed_by_a_full_width_colon_and_an_english_one_by_a_colon_and_space():
    """'奥先生：' (no space) for a Chinese name; 'Mr Okafor: ' for a Latin one, and for an empty name."""
    from game.play.lines import speaker_separator

    assert speaker_separator("奥先生") == "："
    assert speaker_separator("Mr Okafor") == ": " and speaker_separator("") == ": "
