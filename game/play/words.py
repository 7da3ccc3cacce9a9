"""Plain words for what the screens show in place of internal ids: outcomes, patterns, boards.

Scenario files and the rubric name things by ids ("policy-broken", "refuse-before-listening",
"angry-shoe-buyer"); a trainee reads titles and plain words. Both front ends take their
wording from here, so the ids never reach a screen.
"""

from __future__ import annotations

from collections.abc import Mapping

from game.store.ranking import BoardSpec
from scoring.rubric import Rubric
from scoring.scorer import FeedbackItem

OUTCOME_WORDS = {
    "delighted": "the customer left delighted",
    "resolved": "resolved",
    "partly-resolved": "partly resolved",
    "escalated": "passed up the line",
    "walked-out": "the customer walked out",
    "policy-broken": "a rule was broken",
}


def outcome_words(outcome: str) -> str:
    """How an ending turned out, in plain words ('policy-broken' -> 'a rule was broken')."""
    return OUTCOME_WORDS.get(outcome, outcome.replace("-", " "))


def pattern_words(rubric: Rubric, key: str) -> str:
    """A pattern's title from the rubric ('refuse-before-listening' -> 'Refused before listening')."""
    pattern = rubric.patterns.get(key)
    return pattern.title if pattern is not None else key.replace("-", " ")


def ending_item_words(item: FeedbackItem) -> str:
    """An ending's feedback item as a sentence: 'How it ended, a rule was broken: <why>'."""
    if item.source == "outcome":
        head = f"How it ended, {outcome_words(item.key)}"
    else:
        head = item.title[:1].upper() + item.title[1:]
    return f"{head}: {item.explain}" if item.explain else head


def board_title(spec: BoardSpec, titles: Mapping[str, str]) -> str:
    """A board's one-line title with the scenario's title in place of its file id."""
    words = spec.title
    if spec.scenario is not None and spec.scenario in titles:
        words = titles[spec.scenario] + words[len(spec.scenario) :]
    return words


def recorded_words(mode: str) -> str:
    """Where a finished run went, short enough for one line: 'Recorded: practice, off the boards.'"""
    return "Recorded: ranked, on the boards." if mode == "ranked" else "Recorded: practice, off the boards."
