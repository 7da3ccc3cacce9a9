"""Plain words for ids (game/play/words.py): outcomes, patterns, board titles, the recorded line."""

from __future__ import annotations

from game.play.words import OUTCOME_WORDS, board_title, ending_item_words, outcome_words, pattern_words, recorded_words
from game.scenario.schema import Outcome
from game.store.ranking import BoardSpec
from scoring.rubric import default_rubric
from scoring.scorer import FeedbackItem


def test_every_outcome_has_plain_words_without_hyphens():
    """Each outcome type has words of its own, none of them the id."""
    for outcome in Outcome:
        assert outcome.value in OUTCOME_WORDS
        assert "-" not in outcome_words(outcome.value)
    assert outcome_words("something-new") == "something new"


def test_patterns_are_named_by_their_rubric_title():
    """A pattern key becomes its title from the rubric."""
    rubric = default_rubric()
    for key, pattern in rubric.patterns.items():
        assert pattern_words(rubric, key) == pattern.title


def test_ending_items_read_as_sentences():
    """The outcome item names no id; the mood item starts with a capital."""
    outcome = FeedbackItem("outcome", "policy-broken", "policy-broken", "resolution", -15, None, None, "Why.")
    mood = FeedbackItem("mood", "final-mood", "final mood", "resolution", 8, None, None, "Why.")
    assert ending_item_words(outcome) == "How it ended, a rule was broken: Why."
    assert ending_item_words(mood) == "Final mood: Why."


def test_board_titles_use_the_scenario_title():
    """A scenario board is titled by the scenario's title; other boards are unchanged."""
    spec = BoardSpec(scenario="angry-shoe-buyer")
    assert board_title(spec, {"angry-shoe-buyer": "The shoes that met the rain"}).startswith("The shoes that met the rain,")
    assert board_title(BoardSpec(), {}) == BoardSpec().title


def test_the_recorded_line_is_short():
    """Both recorded lines are short enough for one line beside the buttons."""
    assert all(len(recorded_words(mode)) <= 36 for mode in ("practice", "ranked"))


def test_outcomes_grades_and_board_titles_in_chinese():
    """In Chinese an outcome, the final mood, a board's title and the recorded line are Chinese; codes and names stay."""
    from game.i18n import rubric_text, use_locale
    from game.play.words import item_title, outcome_name, skill_words

    mood = FeedbackItem("mood", "final-mood", "final mood", "resolution", 5.0, None, None, "Why.")
    assert item_title(mood) == "final mood" and outcome_name("walked-out") == "walked-out"
    use_locale("zh-Hans")
    assert item_title(mood) == "离开时的情绪" and outcome_name("walked-out") == "顾客离开"
    spec = BoardSpec(scenario="angry-shoe-buyer", window="week", cohort="2024-09")
    assert board_title(spec, {"angry-shoe-buyer": "淋过雨的皮鞋"}) == "淋过雨的皮鞋，本周，批次 2024-09"
    assert recorded_words("ranked") == "已记录：排位，计入排行榜。"
    # A skill is named by the rubric's title once the rubric's catalog translates it; by its id until then.
    title = default_rubric().dimensions["listening"].title
    assert skill_words("listening") == ("listening" if rubric_text(title) == title else rubric_text(title))
