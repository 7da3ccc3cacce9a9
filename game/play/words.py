"""Plain words for what the screens show in place of internal ids: outcomes, patterns, boards.

Scenario files and the rubric name things by ids ("policy-broken", "refuse-before-listening",
"angry-shoe-buyer"); a trainee reads titles and plain words. Both front ends take their
wording from here, so the ids never reach a screen.
"""

from __future__ import annotations

from collections.abc import Mapping

from game.i18n import N_, _, rubric_text
from game.store.ranking import BoardSpec
from scoring.rubric import Rubric
from scoring.scorer import FeedbackItem

OUTCOME_WORDS = {
    "delighted": N_("the customer left delighted"),
    "resolved": N_("resolved"),
    "partly-resolved": N_("partly resolved"),
    "escalated": N_("passed up the line"),
    "walked-out": N_("the customer walked out"),
    "policy-broken": N_("a rule was broken"),
}
# An ending's outcome by name, as the debrief shows it beside the ending (the codes stay in data).
OUTCOME_NAMES = {
    "delighted": N_("delighted"),
    "resolved": N_("resolved"),
    "partly-resolved": N_("partly-resolved"),
    "escalated": N_("escalated"),
    "walked-out": N_("walked-out"),
    "policy-broken": N_("policy-broken"),
}
# A board's time window in words (the store's WINDOW_TITLES, in the active language).
WINDOW_WORDS = {"week": N_("this week"), "month": N_("this month"), "all": N_("all time")}


def outcome_words(outcome: str) -> str:
    """How an ending turned out, in plain words ('policy-broken' -> 'a rule was broken')."""
    words = OUTCOME_WORDS.get(outcome)
    return _(words) if words is not None else outcome.replace("-", " ")


def outcome_name(outcome: str) -> str:
    """An outcome's name as shown ('walked-out'; in Chinese its translation)."""
    name = OUTCOME_NAMES.get(outcome)
    return _(name) if name is not None else outcome


def translated_title_or_key(key: str, title: str | None) -> str:
    """`key` (an id a screen has always shown, e.g. 'listening'), or in another language the rubric's
    title for it translated; the key while the rubric's catalog has no translation of the title."""
    if title is None:
        return key
    translated = rubric_text(title)
    return translated if translated != title else key


def pattern_name(rubric: Rubric, key: str) -> str:
    """A pattern that fired, as the debrief names it: its id, or its title translated (see translated_title_or_key)."""
    pattern = rubric.patterns.get(key)
    return translated_title_or_key(key, pattern.title if pattern is not None else None)


def pattern_words(rubric: Rubric, key: str) -> str:
    """A pattern's title from the rubric ('refuse-before-listening' -> 'Refused before listening')."""
    pattern = rubric.patterns.get(key)
    return rubric_text(pattern.title) if pattern is not None else key.replace("-", " ")


def skill_words(skill: str, rubric: Rubric | None = None) -> str:
    """A skill as a trainee reads it: its id ('listening'), or in another language the rubric's
    title of it translated; the id while the rubric's catalog has no translation of the title."""
    if rubric is None:
        from scoring.rubric import default_rubric

        rubric = default_rubric()
    dimension = rubric.dimensions.get(skill)
    return translated_title_or_key(skill, dimension.title if dimension is not None else None)


def item_title(item: FeedbackItem) -> str:
    """A feedback item's title as shown: an outcome by its name, the final mood in words, else the
    rubric's title (a behaviour's is its tag) through the rubric's catalog."""
    if item.source == "outcome":
        return outcome_name(item.key)
    if item.source == "mood":
        return _("final mood")
    return rubric_text(item.title)


def ending_item_words(item: FeedbackItem) -> str:
    """An ending's feedback item as a sentence: 'How it ended, a rule was broken: <why>'."""
    if item.source == "outcome":
        head = _("How it ended, {outcome}").format(outcome=outcome_words(item.key))
    else:
        title = item_title(item)
        head = title[:1].upper() + title[1:]
    explain = rubric_text(item.explain) if item.explain else ""
    return _("{head}: {explain}").format(head=head, explain=explain) if explain else head


def board_title(spec: BoardSpec, titles: Mapping[str, str]) -> str:
    """A board's one-line title with the scenario's title in place of its file id, in the active language."""
    if spec.scenario is None:
        parts = [_("overall (all scenarios)")]
    else:
        parts = [titles.get(spec.scenario, spec.scenario)]
    parts.append(_(WINDOW_WORDS[spec.window]) if spec.window in WINDOW_WORDS else spec.window)
    if spec.cohort is not None:
        parts.append(_("cohort {cohort}").format(cohort=spec.cohort))
    if spec.team is not None:
        parts.append(_("team {team}").format(team=spec.team))
    if spec.custom:
        parts.append(_("CUSTOM content (not official: anyone can write a scenario that scores 100%)"))
    title = parts[0]
    for part in parts[1:]:
        title = _("{title}, {part}").format(title=title, part=part)
    return title


def recorded_words(mode: str) -> str:
    """Where a finished run went, short enough for one line: 'Recorded: practice, off the boards.'"""
    return _("Recorded: ranked, on the boards.") if mode == "ranked" else _("Recorded: practice, off the boards.")
