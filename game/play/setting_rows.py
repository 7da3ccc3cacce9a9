"""The settings screen as both games show it: which settings, what each is called and does, its value in words.

Each game lists the settings it has (the plain transcript is the terminal's, for screen
readers; volume, mute and fullscreen are the window's), in its own order, but every
setting is named and explained once here, and stepping a value (the window's ← →) follows
one rule. A front end draws the rows and sends the changed value to the controller.
Titles, explanations and values come in the active language (game.i18n).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from game.i18n import N_, _, language_name
from game.play.keys import Front
from game.play.settings import LANGUAGES, TEXT_SPEEDS, THEMES, Settings

VOLUME_STEP = 10
Kind = Literal["switch", "choice", "volume"]
# A choice's value in words (the values themselves are codes kept in settings.json).
CHOICE_WORDS = {
    "dark": N_("dark"),
    "light": N_("light"),
    "slow": N_("slow"),
    "normal": N_("normal"),
    "fast": N_("fast"),
    "instant": N_("instant"),
    "": N_("automatic"),
}


@dataclass(frozen=True)
class SettingRow:
    """One setting: its field in Settings, its title, what it does, and how it is changed."""

    field: str
    name: str  # the title in English (the message id); `title` is it in the active language
    explains: str  # what it does in English; `why` is it in the active language
    kind: Kind  # switch: on/off; choice: one of `choices`; volume: 0-100 in steps
    choices: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        """The setting's name, in the active language."""
        return _(self.name)

    @property
    def why(self) -> str:
        """What the setting does, in the active language."""
        return _(self.explains)


ROWS = {
    row.field: row
    for row in (
        SettingRow(
            "language", N_("Language"), N_("automatic: the scenario's language, else the system's"), "choice", LANGUAGES
        ),
        SettingRow("theme", N_("Colour theme"), N_("dark or light (high contrast, when on, takes precedence)"), "choice", THEMES),
        SettingRow("high_contrast", N_("High contrast"), N_("black and white with a bright accent; faces drawn without colour"), "switch"),
        SettingRow("reduced_motion", N_("Reduced motion"), N_("no fades, sliding bars, smooth scrolling or typing text"), "switch"),
        SettingRow("plain_transcript", N_("Plain transcript"), N_("no face or bars: plain text a screen reader reads in order"), "switch"),
        SettingRow(
            "text_speed", N_("Text speed"), N_("how fast lines type; any key or click shows them whole"), "choice", tuple(TEXT_SPEEDS)
        ),
        SettingRow("volume", N_("Volume"), N_("sound effects, 0 to 100"), "volume"),
        SettingRow("muted", N_("Mute"), N_("no sound at all"), "switch"),
        SettingRow("fullscreen", N_("Fullscreen"), N_("also F11, anywhere"), "switch"),
    )
}
ORDER: dict[Front, tuple[str, ...]] = {
    "terminal": ("high_contrast", "reduced_motion", "plain_transcript", "theme", "text_speed", "language"),
    "window": ("theme", "high_contrast", "reduced_motion", "text_speed", "language", "volume", "muted", "fullscreen"),
}


def setting_rows(front: Front) -> tuple[SettingRow, ...]:
    """The settings `front` shows, in its order."""
    return tuple(ROWS[field] for field in ORDER[front])


def choice_text(field: str, value: str) -> str:
    """One value of a choice in words: a language by its own name ('简体中文'), 'automatic', 'fast'."""
    if field == "language" and value:
        return language_name(value)
    words = CHOICE_WORDS.get(value)
    return _(words) if words is not None else value


def value_text(settings: Settings, field: str) -> str:
    """A setting's current value in words: 'on', 'off', '80%', 'fast'."""
    value = getattr(settings, field)
    if isinstance(value, bool):
        return _("on") if value else _("off")
    if ROWS[field].kind == "volume":
        return f"{value}%"
    return choice_text(field, str(value))


def stepped(settings: Settings, field: str, step: int) -> object:
    """The value after one step forward (+1) or back (-1): a switch flips, a choice cycles, the volume moves and stops at 0 and 100."""
    row = ROWS[field]
    value = getattr(settings, field)
    if row.kind == "switch":
        return not value
    if row.kind == "volume":
        return max(0, min(100, value + step * VOLUME_STEP))
    return row.choices[(row.choices.index(value) + step) % len(row.choices)]
