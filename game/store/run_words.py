"""The words a run's stored codes are shown in: its mode and its check status, in the language shown.

The store, `--json` and the boards keep the codes (`ranked`, `verified`); a command's text
shows them through these (`排位`, `已核验` in Chinese). A code not listed here (a newer
store's, say) is shown as it is.

Why a run is not verified is stored with it, in English (the record). `dojo verify`'s fixed
sentences are defined here so they are catalog messages and `problem_text` shows them in
the language shown; a problem with figures in it (a score that differs, say) is shown as
it was stored.
"""

from __future__ import annotations

from game.i18n import N_, _

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


def mode_word(mode: str) -> str:
    """A run's mode (practice, ranked) in the language shown."""
    return _(MODE_WORDS[mode]) if mode in MODE_WORDS else mode


def status_word(status: str) -> str:
    """A run's check status (verified, flagged, legacy...) in the language shown."""
    return _(STATUS_WORDS[status]) if status in STATUS_WORDS else status


def problem_text(problem: str) -> str:
    """A stored problem in the language shown when it is one of verify's fixed sentences, else as it was stored."""
    return _(problem) if problem in FIXED_PROBLEMS else problem
