"""The window game's words for what the views hand over as ids: modes, grades, bands and skills, in the active locale.

The engine and the store name a mode `practice`, a grade `slip`, a band `Gold` and a skill
`listening`; the screens show words. In English they read as the ids always did (the
tests and screenshots of the English game are unchanged); in another locale they come
from the window catalog, and band and skill names from the rubric's own catalog.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from game.play.words import skill_words
from game.i18n import N_, _, rubric_text
from game.store.run_words import mode_word as mode_word  # one word per mode, the CLI's and the window's

if TYPE_CHECKING:
    from scoring.rubric import Rubric

MODE_HEADINGS = {"practice": N_("PRACTICE"), "ranked": N_("RANKED")}
GRADE_WORDS = {
    "best": N_("best"),
    "good": N_("good"),
    "slip": N_("slip"),
    "mistake": N_("mistake"),
    "blunder": N_("blunder"),
}
MEDAL_WORDS = {"Gold": N_("GOLD"), "Silver": N_("SILVER"), "Bronze": N_("BRONZE")}


def mode_heading(mode: str) -> str:
    """The mode as a header shows it: 'PRACTICE' or 'RANKED'."""
    return _(MODE_HEADINGS[mode]) if mode in MODE_HEADINGS else mode.upper()


def grade_word(grade: str | None) -> str:
    """A reply's grade in one word ('—' where none was given)."""
    if grade is None:
        return "—"
    return _(GRADE_WORDS[grade]) if grade in GRADE_WORDS else grade


def medal_word(band: str | None) -> str:
    """The word on the medal: 'GOLD', 'SILVER', 'BRONZE', or 'NO BAND' below Bronze."""
    if not band:
        return _("NO BAND")
    return _(MEDAL_WORDS[band]) if band in MEDAL_WORDS else rubric_text(band).upper()


def band_word(band: str | None) -> str:
    """A band's name from the rubric ('Gold'), or 'no band' below Bronze."""
    return rubric_text(band) if band else _("no band")


def skill_word(skill: str, rubric: Rubric | None) -> str:
    """A skill as the screens name it: its id in English ('listening'), the rubric's title for it in another locale
    (game.play.words.skill_words, which both games share); the id while no rubric is at hand."""
    return skill if rubric is None else skill_words(skill, rubric)


def skill_list(skills: Iterable[str], rubric: Rubric | None) -> str:
    """Skills as a list in words: 'listening, empathy' ('倾听、共情' in Chinese)."""
    # Translators: what separates the items of a list, e.g. of skills ("、" in Chinese).
    return _(", ").join(skill_word(skill, rubric) for skill in skills)
