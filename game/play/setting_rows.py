"""The settings screen as both games show it: which settings, what each is called and does, its value in words.

Each game lists the settings it has (the plain transcript is the terminal's, for screen
readers; volume, mute and fullscreen are the window's), in its own order, but every
setting is named and explained once here, and stepping a value (the window's ← →) follows
one rule. A front end draws the rows and sends the changed value to the controller.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from game.play.keys import Front
from game.play.settings import TEXT_SPEEDS, THEMES, Settings

VOLUME_STEP = 10
Kind = Literal["switch", "choice", "volume"]


@dataclass(frozen=True)
class SettingRow:
    """One setting: its field in Settings, its title, what it does, and how it is changed."""

    field: str
    title: str
    why: str
    kind: Kind  # switch: on/off; choice: one of `choices`; volume: 0-100 in steps
    choices: tuple[str, ...] = ()


ROWS = {
    row.field: row
    for row in (
        SettingRow("theme", "Colour theme", "dark or light (high contrast, when on, takes precedence)", "choice", THEMES),
        SettingRow("high_contrast", "High contrast", "black and white with a bright accent; faces drawn without colour", "switch"),
        SettingRow("reduced_motion", "Reduced motion", "no fades, sliding bars, smooth scrolling or typing text", "switch"),
        SettingRow("plain_transcript", "Plain transcript", "no face or bars: plain text a screen reader reads in order", "switch"),
        SettingRow(
            "text_speed", "Text speed", "how fast lines type; any key or click shows them whole", "choice", tuple(TEXT_SPEEDS)
        ),
        SettingRow("volume", "Volume", "sound effects, 0 to 100", "volume"),
        SettingRow("muted", "Mute", "no sound at all", "switch"),
        SettingRow("fullscreen", "Fullscreen", "also F11, anywhere", "switch"),
    )
}
ORDER: dict[Front, tuple[str, ...]] = {
    "terminal": ("high_contrast", "reduced_motion", "plain_transcript", "theme", "text_speed"),
    "window": ("theme", "high_contrast", "reduced_motion", "text_speed", "volume", "muted", "fullscreen"),
}


def setting_rows(front: Front) -> tuple[SettingRow, ...]:
    """The settings `front` shows, in its order."""
    return tuple(ROWS[field] for field in ORDER[front])


def value_text(settings: Settings, field: str) -> str:
    """A setting's current value in words: 'on', 'off', '80%', 'fast'."""
    value = getattr(settings, field)
    if isinstance(value, bool):
        return "on" if value else "off"
    if ROWS[field].kind == "volume":
        return f"{value}%"
    return str(value)


def stepped(settings: Settings, field: str, step: int) -> object:
    """The value after one step forward (+1) or back (-1): a switch flips, a choice cycles, the volume moves and stops at 0 and 100."""
    row = ROWS[field]
    value = getattr(settings, field)
    if row.kind == "switch":
        return not value
    if row.kind == "volume":
        return max(0, min(100, value + step * VOLUME_STEP))
    return row.choices[(row.choices.index(value) + step) % len(row.choices)]
