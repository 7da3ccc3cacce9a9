"""Plain words for what the screens show in place of internal ids: outcomes, patterns, boards.

Scenario files and the rubric name things by ids ("policy-broken", "refuse-before-listening",
"angry-shoe-buyer"); a trainee reads titles and plain words, the rubric's in the active
locale (game/i18n/shown.py). Both front ends take their wording from here, so the ids
never reach a screen.
"""

from __future__ import annotations

from collections.abc import Mapping

from game.i18n.shown import ending_words, outcome_name, pattern_name
from game.store.ranking import BoardSpec
from scoring.rubric import Rubric
from scoring.scorer import FeedbackItem


def outcome_words(rubric: Rubric, outcome: str) -> str:
    """How an ending turned out, by the rubric's title in the active locale ('policy-broken' -> 'Policy broken')."""
    return outcome_name(rubric, outcome)


def pattern_words(rubric: Rubric, key: str) -> str:
    """A pattern's title from the rubric, in the active locale ('refuse-before-listening' -> 'Refused before listening')."""
    return pattern_name(rubric, key)


def ending_item_words(item: FeedbackItem, rubric: Rubric) -> str:
    """An ending's feedback item as a sentence in the active locale: 'How it ended (Policy broken): <why>'."""
    return ending_words(item, rubric)


def board_title(spec: BoardSpec, titles: Mapping[str, str]) -> str:
    """A board's one-line title with the scenario's title in place of its file id."""
    words = spec.title
    if spec.scenario is not None and spec.scenario in titles:
        words = titles[spec.scenario] + words[len(spec.scenario) :]
    return words


def recorded_words(mode: str) -> str:
    """Where a finished run went, short enough for one line: 'Recorded: practice, off the boards.'"""
    return "Recorded: ranked, on the boards." if mode == "ranked" else "Recorded: practice, off the boards."
