"""A verdict's rubric words as a trainee reads them: titles in place of tags, all prose in the active locale.

The scorer (scoring/) knows no language and names a behaviour by its tag and an outcome by
its id; those codes stay in the ScoreCard, the stored runs, the JSON and xAPI. The views
that show a verdict (the coaching, the debrief, the reports) pass what they show through
here: a behaviour's or outcome's title from the rubric (its code when the rubric gives
none), and every title, rule statement, explanation, skill and band name through
`rubric_text`, the rubric catalog of the active locale.
"""

from __future__ import annotations

from dataclasses import replace

from game.i18n import N_, _, rubric_text
from scoring.rubric import Rubric
from scoring.scorer import FeedbackItem, ScoreCard

# What the scorer puts before the explanation of a reply whose points were earned before
# (scoring/scorer.py); marked here, in the rubric catalog, to be shown translated.
CREDITED = N_("Already credited earlier in this run.")


def behaviour_name(rubric: Rubric, tag: str) -> str:
    """A behaviour's title in the active locale ('listening.let-vent' -> 'Let them vent'); the tag if it has none."""
    return rubric_text(rubric.behaviour_title(tag))


def outcome_name(rubric: Rubric, outcome: str) -> str:
    """An outcome's title in the active locale ('walked-out' -> 'Walked out'); the id if it has none."""
    return rubric_text(rubric.outcome_title(outcome))


def pattern_name(rubric: Rubric, key: str) -> str:
    """A pattern's title in the active locale ('refuse-before-listening' -> 'Refused before listening')."""
    return rubric_text(rubric.pattern_title(key))


def skill_name(rubric: Rubric, skill: str) -> str:
    """A skill's (dimension's) title in the active locale ('refusal' -> 'Refusal technique'); the name if unknown."""
    dimension = rubric.dimensions.get(skill)
    return rubric_text(dimension.title if dimension is not None else skill)


def rule_statement(rubric: Rubric, rule: str) -> str:
    """What a rule ID says, in the active locale; the ID itself for a rule the rubric does not list."""
    return rubric_text(rubric.rule_title(rule))


def band_name(band: str | None) -> str | None:
    """A band's name in the active locale ('Gold'); None (below every band) stays None."""
    return rubric_text(band) if band else band


def explanation(text: str) -> str:
    """An item's explanation in the active locale, the scorer's 'already credited' note included."""
    if text.startswith(CREDITED + " "):
        note, rest = _(CREDITED), rubric_text(text[len(CREDITED) + 1 :])
        return f"{note}{'' if note.endswith(('。', '！', '？')) else ' '}{rest}"
    return rubric_text(text)


def shown_item(item: FeedbackItem, rubric: Rubric) -> FeedbackItem:
    """One feedback item as shown: its title from the rubric, every word of it in the active locale; codes kept."""
    if item.source == "behaviour":
        title = behaviour_name(rubric, item.key)
    elif item.source == "outcome":
        title = outcome_name(rubric, item.key)
    elif item.source == "mood":
        title = rubric_text(rubric.final_mood.title or item.title)
    else:
        title = rubric_text(item.title)
    rule_title = rule_statement(rubric, item.rule) if item.rule and item.rule_title else item.rule_title
    return replace(item, title=title, rule_title=rule_title, explain=explanation(item.explain))


def ending_words(item: FeedbackItem, rubric: Rubric) -> str:
    """An ending's feedback item (the outcome or the final mood) as one sentence: 'How it ended (Policy broken): <why>'."""
    shown = shown_item(item, rubric)
    if item.source == "outcome":
        head = _("How it ended ({outcome})").format(outcome=shown.title)
    else:
        head = shown.title[:1].upper() + shown.title[1:]
    return _("{head}: {explanation}").format(head=head, explanation=shown.explain) if shown.explain else head


def shown_card(card: ScoreCard, rubric: Rubric) -> ScoreCard:
    """A ScoreCard as a screen shows it: skill titles and every item's words as `shown_item`; figures, band and keys kept."""
    dimensions = {name: replace(score, title=skill_name(rubric, name)) for name, score in card.dimensions.items()}
    turns = tuple(replace(turn, items=tuple(shown_item(item, rubric) for item in turn.items)) for turn in card.turns)
    ending_items = tuple(shown_item(item, rubric) for item in card.ending_items)
    return replace(card, dimensions=dimensions, turns=turns, ending_items=ending_items)
