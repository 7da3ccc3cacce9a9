"""Plain words for what the screens show in place of internal ids: outcomes, patterns, boards.

Scenario files and the rubric name things by ids ("policy-broken", "refuse-before-listening",
"angry-shoe-buyer"); a trainee reads titles and plain words, the rubric's in the active
locale (game/i18n/shown.py). Both front ends take their wording from here, so the ids
never reach a screen.
"""

from __future__ import annotations

from collections.abc import Mapping

from game.i18n import _, rubric_text
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


def skill_words(skill: str, rubric: Rubric | None = None) -> str:
    """A skill as the list and the play screen name it: the rubric's title of it ('Refusal technique') in the
    active language; the id of a skill the rubric does not know."""
    if rubric is None:
        from scoring.rubric import default_rubric

        rubric = default_rubric()
    dimension = rubric.dimensions.get(skill)
    if dimension is None:
        return skill
    return rubric_text(dimension.title)


def board_title(spec: BoardSpec, titles: Mapping[str, str]) -> str:
    """A board's one-line title with the scenario's title in place of its file id, in the active language."""
    parts = spec.title_parts(titles.get(spec.scenario, spec.scenario) if spec.scenario is not None else None)
    title = parts[0]
    for part in parts[1:]:
        title = _("{title}, {part}").format(title=title, part=part)
    return title


def recorded_words(mode: str) -> str:
    """Where a finished run went, short enough for one line: 'Recorded: practice, off the boards.'"""
    return _("Recorded: ranked, on the boards.") if mode == "ranked" else _("Recorded: practice, off the boards.")
