"""Tests for game.commands.shown_card: a ScoreCard's rubric prose shown in the active locale, its codes and the scorer's card untouched."""

from __future__ import annotations

import gettext

import pytest

import game.i18n
from game.commands.shown_card import ALREADY_CREDITED, band_name, shown_card, shown_explain
from game.engine.session import Session
from scoring.rubric import default_rubric
from scoring.scorer import Scorer
from tests.conftest import EXAMPLE


class Marked(gettext.NullTranslations):
    """A catalog that 'translates' every message by wrapping it in guillemets, so what went through it shows."""

    def gettext(self, message: str) -> str:
        """The message, marked."""
        return f"«{message}»"


@pytest.fixture
def marked(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every message shown from now on in the test goes through Marked."""
    monkeypatch.setattr(game.i18n, "_translation", Marked())


def _card():
    """A finished run of the example scenario and its scorecard."""
    from game.scenario.loader import load_scenario

    rubric = default_rubric()
    session = Session(load_scenario(EXAMPLE, rubric).scenario, seed=0, scorer=Scorer(rubric))
    while not session.is_over:
        session.choose(session.replies[0].id)
    return session.scorecard()


def test_prose_goes_through_the_catalog_and_codes_do_not(marked: None) -> None:
    """Skill names, rule statements, explanations and pattern titles are looked up; ids, tags, rules and points are not."""
    card = _card()
    shown = shown_card(card)
    for name, score in shown.dimensions.items():
        assert score.title == f"«{card.dimensions[name].title}»" and score.raw == card.dimensions[name].raw
    pairs = [(a, b) for turn, original in zip(shown.turns, card.turns) for a, b in zip(turn.items, original.items)]
    pairs += list(zip(shown.ending_items, card.ending_items))
    assert pairs
    for item, original in pairs:
        assert (item.key, item.dimension, item.rule, item.points, item.source) == (
            original.key, original.dimension, original.rule, original.points, original.source
        )
        assert item.explain.startswith("«") and item.rule_title == (f"«{original.rule_title}»" if original.rule_title else None)
        assert item.title == (original.title if item.source in ("behaviour", "outcome") else f"«{original.title}»")
    assert card.turns[0].items[0].explain.startswith("«") is False  # the scorer's own card is left as it was


def test_an_already_credited_explanation_is_one_translated_sentence(marked: None) -> None:
    """Scoring's already-credited note and the explanation after it are both shown through the catalog."""
    assert shown_explain(f"{ALREADY_CREDITED}Nice.") == "«Already credited earlier in this run. {explain}»".replace("{explain}", "«Nice.»")
    assert shown_explain("Nice.") == "«Nice.»"


def test_a_band_is_shown_by_its_name_and_no_band_stays_none(marked: None) -> None:
    """A band's name goes through the catalog; no band reached stays None."""
    assert band_name("Gold") == "«Gold»" and band_name(None) is None
