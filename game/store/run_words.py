"""The words a run's stored codes are shown in: its mode and its check status, in the language shown.

The store, `--json` and the boards keep the codes (`ranked`, `verified`); a command's text
shows them through these (`排位`, `已核验` in Chinese). A code not listed here (a newer
store's, say) is shown as it is.
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


def mode_word(mode: str) -> str:
    """A run's mode (practice, ranked) in the language shown."""
    return _(MODE_WORDS[mode]) if mode in MODE_WORDS else mode


def status_word(status: str) -> str:
    """A run's check status (verified, flagged, legacy...) in the language shown."""
    return _(STATUS_WORDS[status]) if status in STATUS_WORDS else status
