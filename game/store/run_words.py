"""The words a run's stored codes are shown in: its mode and its check status, in the language shown.

The store, `--json` and the boards keep the codes (`ranked`, `verified`); a command's text
shows them through these (`排位`, `已核验` in Chinese). A code not listed here (a newer
store's, say) is shown as it is.

Why a run is not verified is stored with it, in English (the record). `dojo verify`'s
sentences are defined here so they are catalog messages: `problem_text` shows a fixed one
in the language shown, and one with figures in it (a score that differs, say) remade from
its template's translation with the stored figures (game.i18n.templates). A reason from
elsewhere (an error's own words) stays as it was stored.
"""

from __future__ import annotations

from game.i18n import N_, _
from game.i18n.templates import from_templates

MODE_WORDS = {"practice": N_("practice"), "ranked": N_("ranked")}
STATUS_WORDS = {
    "verified": N_("verified"),
    "flagged": N_("flagged"),
    "legacy": N_("legacy"),
    "unchecked": N_("unchecked"),
    "missing": N_("missing"),  # a run the copy lacks (dojo db copy)
}


# verify's fixed sentences (game/store/verify.py writes them as they are here).
LEGACY_SEAL = N_("sealed before seals had a key (legacy): not trusted until the owner adopts it (dojo verify --reseal)")
OTHER_KEY = N_("sealed with another key than this machine's: it cannot be checked here")
EDITED = N_("the row was edited after it was recorded (its seal does not match)")
SUMMARY_NOT_JSON = N_("the stored score summary is not valid JSON")
SUMMARY_DAMAGED = N_("the stored score summary is damaged")
SUMMARY_DIFFERS = N_("the stored score summary does not match the replay")
FIXED_PROBLEMS = frozenset({LEGACY_SEAL, OTHER_KEY, EDITED, SUMMARY_NOT_JSON, SUMMARY_DAMAGED, SUMMARY_DIFFERS})
# ... and those with figures: verify.py fills them in English with .format().
SCORE_DIFFERS = N_("stored score {stored}% but the replay scores {replayed}%")
BAND_DIFFERS = N_("stored band {stored} but the replay earns {replayed}")
ENDING_DIFFERS = N_("stored ending '{stored}' but the replay ends at '{replayed}'")
NOT_REPLAYABLE = N_("cannot be replayed: {error}")
COPY_NOT_REPAIRED = N_("not checkable until its copy is repaired: {error}")
TOO_COSTLY = N_("its scenario is too costly to analyse (more than {states} states); runs of it are kept but not ranked")
FIGURED_PROBLEMS = (SCORE_DIFFERS, BAND_DIFFERS, ENDING_DIFFERS, NOT_REPLAYABLE, COPY_NOT_REPAIRED, TOO_COSTLY)


def mode_word(mode: str) -> str:
    """A run's mode (practice, ranked) in the language shown."""
    return _(MODE_WORDS[mode]) if mode in MODE_WORDS else mode


def status_word(status: str) -> str:
    """A run's check status (verified, flagged, legacy...) in the language shown."""
    return _(STATUS_WORDS[status]) if status in STATUS_WORDS else status


def problem_text(problem: str) -> str:
    """A stored problem in the language shown when it is one of verify's sentences (its figures as stored), else as it was stored."""
    if problem in FIXED_PROBLEMS:
        return _(problem)
    return from_templates(problem, FIGURED_PROBLEMS) or problem
