"""Plain words for ids (game/play/words.py): outcomes, patterns, board titles, the recorded line."""

from __future__ import annotations

from game.play.words import board_title, ending_item_words, outcome_words, pattern_words, recorded_words
from game.scenario.schema import Outcome
from game.store.ranking import BoardSpec
from scoring.rubric import default_rubric, parse_rubric
from scoring.scorer import FeedbackItem
from tests.test_rubric import MINIMAL


def test_every_outcome_is_named_by_its_rubric_title():
    """Each outcome type is shown by the default rubric's title for it, never by its id."""
    rubric = default_rubric()
    for outcome in Outcome:
        assert outcome_words(rubric, outcome.value) == rubric.outcomes[outcome.value].title
        assert "-" not in outcome_words(rubric, outcome.value)


def test_an_outcome_without_a_title_falls_back_to_its_id():
    """A manager's rubric with no outcome titles shows the outcome's id."""
    rubric = parse_rubric(MINIMAL)
    outcome = next(iter(rubric.outcomes))
    assert rubric.outcomes[outcome].title is None and outcome_words(rubric, outcome) == outcome


def test_patterns_are_named_by_their_rubric_title():
    """A pattern key becomes its title from the rubric."""
    rubric = default_rubric()
    for key, pattern in rubric.patterns.items():
        assert pattern_words(rubric, key) == pattern.title


def test_ending_items_read_as_sentences():
    """The outcome item names its title, not its id; the mood item starts with a capital."""
    outcome = FeedbackItem("outcome", "policy-broken", "policy-broken", "resolution", -15, None, None, "Why.")
    mood = FeedbackItem("mood", "final-mood", "final mood", "resolution", 8, None, None, "Why.")
    assert ending_item_words(outcome, default_rubric()) == "How it ended (Policy broken): Why."
    assert ending_item_words(mood, default_rubric()) == "Final mood: Why."


def test_board_titles_use_the_scenario_title():
    """A scenario board is titled by the scenario's title; other boards are unchanged."""
    spec = BoardSpec(scenario="angry-shoe-buyer")
    assert board_title(spec, {"angry-shoe-buyer": "The shoes that met the rain"}).startswith("The shoes that met the rain,")
    assert board_title(BoardSpec(), {}) == BoardSpec().title


def test_the_recorded_line_is_short():
    """Both recorded lines are short enough for one line beside the buttons."""
    assert all(len(recorded_words(mode)) <= 36 for mode in ("practice", "ranked"))


def test_board_titles_and_the_recorded_line_in_chinese():
    """In Chinese a board's title and the recorded line are Chinese; the scenario's title and the cohort stay as given."""
    from game.i18n import rubric_text, use_locale
    from game.play.words import skill_words

    assert skill_words("refusal") == "Refusal technique" and skill_words("no-such-skill") == "no-such-skill"  # by the rubric's title
    use_locale("zh-Hans")
    spec = BoardSpec(scenario="angry-shoe-buyer", window="week", cohort="2024-09")
    assert board_title(spec, {"angry-shoe-buyer": "淋过雨的皮鞋"}) == "淋过雨的皮鞋，本周，批次 2024-09"
    assert recorded_words("ranked") == "已记录：排位，计入排行榜。"
    title = default_rubric().dimensions["listening"].title
    assert skill_words("listening") == rubric_text(title) != title
