"""The window game's words for ids (game/gui/labels.py): the ids themselves in English, the catalogs' words in Chinese."""

from __future__ import annotations

from game.gui.labels import band_word, grade_word, medal_word, mode_heading, mode_word, skill_list, skill_word
from game.i18n import use_locale
from scoring.rubric import default_rubric


def test_english_shows_the_words_the_screens_always_showed():
    """In English a mode, grade, medal and band read as before ('practice', 'slip', 'GOLD', 'no band'), a skill by the rubric's title."""
    rubric = default_rubric()
    assert (mode_word("practice"), mode_heading("ranked")) == ("practice", "RANKED")
    assert (grade_word("slip"), grade_word(None)) == ("slip", "—")
    assert (medal_word("Gold"), medal_word(None)) == ("GOLD", "NO BAND")
    assert (band_word("Silver"), band_word(None)) == ("Silver", "no band")
    assert skill_word("refusal", rubric) == "Refusal technique"
    assert skill_list(("listening", "empathy"), rubric) == "Listening, Empathy"


def test_chinese_comes_from_the_window_catalog():
    """In zh-Hans the window's own words are Chinese and a list is joined with '、'."""
    use_locale("zh-Hans")
    assert (mode_word("practice"), mode_heading("ranked")) == ("练习", "排位")
    assert (grade_word("blunder"), medal_word("Bronze"), medal_word(None), band_word(None)) == ("严重失误", "铜牌", "无等级", "无等级")
    assert skill_list(("a", "b"), None) == "a、b"


def test_skills_take_the_rubric_titles_outside_english():
    """In Chinese too a skill is named by the rubric's title for it (translated by the rubric catalog); an unknown skill stays its id."""
    rubric = default_rubric()
    use_locale("zh-Hans")
    from game.i18n import rubric_text

    title = rubric_text(rubric.dimensions["listening"].title)
    assert skill_word("listening", rubric) == title
    assert skill_word("juggling", rubric) == "juggling"
    assert skill_word("listening", None) == "listening"


def test_unknown_ids_are_shown_as_they_are():
    """A mode or grade the tables do not know is shown as its id (never a KeyError)."""
    use_locale("zh-Hans")
    assert (mode_word("arcade"), mode_heading("arcade"), grade_word("odd")) == ("arcade", "ARCADE", "odd")
