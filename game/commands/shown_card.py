"""A ScoreCard as the command line shows it: its rubric prose (skill names, rule statements,
pattern titles, explanations, the band's name) in the active locale, its codes untouched.

The card the scorer made is never changed: the run is recorded and verified from its own,
and only a copy made here for printing carries translated text.
"""

from __future__ import annotations

from dataclasses import replace

from game.i18n import N_, _, rubric_text
from scoring.scorer import DimensionScore, FeedbackItem, ScoreCard, TurnFeedback

# The words scoring puts before an explanation when a reply's credit was already earned
# (scoring/scorer.py; scoring imports nothing from game, so it cannot translate them).
ALREADY_CREDITED = "Already credited earlier in this run. "
ALREADY_CREDITED_SHOWN = N_("Already credited earlier in this run. {explain}")
MOOD_TITLE = N_("final mood")  # the title scoring gives the final-mood item


def shown_explain(explain: str) -> str:
    """A feedback explanation in the active locale, the already-credited note included."""
    if explain.startswith(ALREADY_CREDITED):
        return _(ALREADY_CREDITED_SHOWN).format(explain=rubric_text(explain[len(ALREADY_CREDITED):]))
    return rubric_text(explain)


def shown_item(item: FeedbackItem) -> FeedbackItem:
    """One feedback item with its prose shown (a behaviour's or outcome's title is its tag or id: a code)."""
    if item.source == "pattern":
        title = rubric_text(item.title)
    elif item.source == "mood":
        title = _(item.title)
    else:
        title = item.title
    rule_title = rubric_text(item.rule_title) if item.rule_title else item.rule_title
    return replace(item, title=title, rule_title=rule_title, explain=shown_explain(item.explain))


def shown_dimension(score: DimensionScore) -> DimensionScore:
    """A skill's score with its name shown."""
    return replace(score, title=rubric_text(score.title))


def shown_turn(turn: TurnFeedback) -> TurnFeedback:
    """One turn's feedback with its prose shown (the author's coaching comes from the scenario, already in its language)."""
    return replace(turn, items=tuple(shown_item(item) for item in turn.items))


def shown_card(card: ScoreCard) -> ScoreCard:
    """A copy of `card` whose prose is in the active locale; the band stays the rubric's name (see band_name)."""
    return replace(
        card,
        dimensions={name: shown_dimension(score) for name, score in card.dimensions.items()},
        turns=tuple(shown_turn(turn) for turn in card.turns),
        ending_items=tuple(shown_item(item) for item in card.ending_items),
    )


def band_name(band: str | None) -> str | None:
    """The band's name in the active locale (None: no band reached)."""
    return rubric_text(band) if band else band
