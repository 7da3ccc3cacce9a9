"""A verdict's rubric words as shown (game/i18n/shown.py): titles in place of codes, the active locale's words, codes kept."""

from __future__ import annotations

from game.engine.session import Session
from game.i18n import rubric_text, use_locale
from game.i18n.shown import CREDITED, band_name, ending_words, explanation, outcome_name, pattern_name, shown_card, shown_item, skill_name
from scoring.rubric import default_rubric, parse_rubric
from scoring.scorer import FeedbackItem, Scorer
from tests.test_play_controller import BEST, entry
from tests.test_rubric import MINIMAL


def finished_card():
    """The ScoreCard of the example scenario played along its best path."""
    session = Session(entry("late-birthday-parcel").scenario, seed=0)
    for choice in BEST:
        session.choose(choice)
    return session.scorecard()


def test_a_behaviour_item_shows_its_title_and_keeps_its_codes():
    """A behaviour item is titled by the rubric; its key, dimension, points and rule ID stay as the scorer made them."""
    rubric = default_rubric()
    item = FeedbackItem("behaviour", "listening.let-vent", "listening.let-vent", "listening", 10, "LIS-1", rubric.rule_title("LIS-1"), "Why.")
    shown = shown_item(item, rubric)
    assert shown.title == rubric.behaviours["listening.let-vent"].title
    assert (shown.key, shown.dimension, shown.points, shown.rule) == (item.key, item.dimension, item.points, item.rule)


def test_untitled_behaviours_and_outcomes_show_their_codes():
    """Under a rubric without titles a behaviour is shown by its tag and an outcome by its id."""
    rubric = parse_rubric(MINIMAL)
    item = FeedbackItem("behaviour", "listening.let-vent", "listening.let-vent", "listening", 10, "LIS-5", "x", "Why.")
    assert shown_item(item, rubric).title == "listening.let-vent"
    assert outcome_name(rubric, "resolved") == "resolved"


def test_the_shown_card_keeps_figures_and_leaves_the_kept_card_alone():
    """The shown card has the kept card's percent, band, patterns and JSON codes; the kept card's JSON is unchanged."""
    card = finished_card()
    before = card.to_json()
    shown = shown_card(card, default_rubric())
    assert (shown.percent, shown.band, shown.patterns) == (card.percent, card.band, card.patterns)
    assert card.to_json() == before
    behaviours = [item for turn in shown.turns for item in turn.items if item.source == "behaviour"]
    assert behaviours and all(item.title != item.key for item in behaviours)


def test_in_chinese_every_word_of_the_card_comes_from_the_catalog():
    """In zh-Hans skill titles, behaviour titles, rules, explanations, outcome, pattern and band names are the catalog's."""
    rubric = default_rubric()
    card = finished_card()
    use_locale("zh-Hans")
    shown = shown_card(card, rubric)
    for name, score in shown.dimensions.items():
        assert score.title == rubric_text(rubric.dimensions[name].title) != rubric.dimensions[name].title
    item = next(item for turn in shown.turns for item in turn.items if item.source == "behaviour")
    behaviour = rubric.behaviours[item.key]
    assert item.title == rubric_text(behaviour.title or "") != behaviour.title
    assert item.rule_title == rubric_text(rubric.rule_title(behaviour.rule)) != rubric.rule_title(behaviour.rule)
    assert item.explain == rubric_text(behaviour.explain) != behaviour.explain
    assert outcome_name(rubric, "walked-out") == rubric_text("Walked out") != "Walked out"
    assert pattern_name(rubric, "third-apology") == rubric_text("A third apology") != "A third apology"
    assert skill_name(rubric, "refusal") == rubric_text("Refusal technique") != "Refusal technique"
    assert band_name("Gold") == rubric_text("Gold") != "Gold" and band_name(None) is None


def test_the_already_credited_note_is_translated_with_its_explanation():
    """The scorer's 'already credited' note is the one shown.py translates, and in zh-Hans both parts are Chinese."""
    rubric = default_rubric()
    repeat = Scorer(rubric)._behaviour_item("listening.let-vent", True)  # the scorer's own wording for a repeat
    assert repeat.explain.startswith(CREDITED + " ")
    use_locale("zh-Hans")
    shown = explanation(repeat.explain)
    english = rubric.behaviours["listening.let-vent"].explain
    assert shown.startswith(rubric_text(CREDITED)) and shown.endswith(rubric_text(english)) and CREDITED not in shown


def test_an_ending_item_reads_as_one_sentence_in_either_language():
    """The outcome item names its title in English; in zh-Hans the whole sentence is the rubric catalog's, no id in it."""
    rubric = default_rubric()
    item = FeedbackItem("outcome", "policy-broken", "policy-broken", "resolution", -15, None, None, rubric.outcomes["policy-broken"].explain)
    assert ending_words(item, rubric) == f"How it ended (Policy broken): {item.explain}"
    use_locale("zh-Hans")
    shown = ending_words(item, rubric)
    assert rubric_text("Policy broken") in shown and rubric_text(item.explain) in shown and "policy-broken" not in shown
