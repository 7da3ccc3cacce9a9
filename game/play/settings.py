"""The trainee's remembered profile and display settings, kept in one small JSON file.

The file lives in the user's config folder (platformdirs), so `dojo play` greets a
returning trainee by name. A missing or damaged file means the defaults: settings are a
convenience, and a bad file must never stop anyone from playing. Likewise a folder that
cannot be written (read-only, or a full disk): `save_settings` raises `SettingsError`
(an OSError) with one line, and `SettingsFile` keeps the settings in memory and says so
once instead of at every change.
"""

from __future__ import annotations

import errno
import json
import os
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

import platformdirs

from game.i18n import LOCALES, _

APP_NAME = "service-dojo"
FILE_NAME = "settings.json"
# How fast a customer's line is typed into the transcript, in characters per second;
# None shows it at once.
TEXT_SPEEDS: dict[str, float | None] = {"slow": 25.0, "normal": 60.0, "fast": 150.0, "instant": None}
DEFAULT_TEXT_SPEED = "normal"
# Colour themes every front end offers; high contrast is a separate switch over either.
THEMES = ("dark", "light")
DEFAULT_THEME = "dark"
# The languages a player may pick: "" is automatic (the scenario's, else the system's).
LANGUAGES = ("", *LOCALES)


@dataclass(frozen=True)
class Settings:
    """Who plays (name, cohort, team) and how the game looks."""

    player: str = ""
    cohort: str = ""
    team: str = ""
    high_contrast: bool = False
    reduced_motion: bool = False
    plain_transcript: bool = False
    text_speed: str = DEFAULT_TEXT_SPEED
    theme: str = DEFAULT_THEME
    # The window game's sound: volume in percent, and mute (kept apart so unmuting
    # restores the chosen volume).
    volume: int = 80
    muted: bool = False
    fullscreen: bool = False
    # The game's language: "" follows the scenario played, else the system (game.i18n.choose_locale).
    language: str = ""

    def with_changes(self, **changes: Any) -> Settings:
        """A copy with some fields changed."""
        return replace(self, **changes)

    def typing_speed(self) -> float | None:
        """Characters per second for a customer's line, or None for at once.

        Reduced motion and the plain transcript both mean at once: a moving line is motion,
        and a screen reader must be handed the whole line, not a letter at a time.
        """
        if self.reduced_motion or self.plain_transcript:
            return None
        return TEXT_SPEEDS.get(self.text_speed, TEXT_SPEEDS[DEFAULT_TEXT_SPEED])


def default_path() -> Path:
    """`settings.json` in the user's config folder for Service Dojo."""
    return platformdirs.user_config_path(APP_NAME, appauthor=False) / FILE_NAME


def load_settings(path: Path) -> Settings:
    """The settings in `path`; defaults for a missing file, a damaged one or unknown fields."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    if not isinstance(data, dict):
        return Settings()
    known: dict[str, Any] = {}
    for spec in fields(Settings):
        value = data.get(spec.name)
        # Only values of the right type are kept: a hand-edited file cannot smuggle in junk.
        if isinstance(value, type(getattr(Settings(), spec.name))):
            known[spec.name] = value
    if known.get("text_speed") not in TEXT_SPEEDS:
        known.pop("text_speed", None)  # an unknown speed word means the default
    if known.get("theme") not in THEMES:
        known.pop("theme", None)
    if known.get("language") not in LANGUAGES:
        known.pop("language", None)  # a language no longer shipped means automatic
    if not 0 <= known.get("volume", 0) <= 100 or isinstance(known.get("volume"), bool):
        known.pop("volume", None)
    return Settings(**known)


class SettingsError(OSError):
    """The settings could not be written; the message is one line naming the file and why."""


def save_settings(path: Path, settings: Settings) -> None:
    """Write the settings atomically (a crash or a full disk never leaves half a file).

    Raises SettingsError (an OSError) when the file cannot be written; the old file, if
    any, is then unchanged and no temporary file is left behind.
    """
    temporary = path.with_name(path.name + ".tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(json.dumps(asdict(settings), ensure_ascii=False, indent=2), encoding="utf-8")
        os.replace(temporary, path)
    except OSError as error:
        try:
            temporary.unlink(missing_ok=True)
        except OSError:
            pass  # a folder we cannot write to holds no temporary file either
        raise SettingsError(_("cannot save settings to {path}: {why}").format(path=path, why=_why(error))) from None


def _why(error: OSError) -> str:
    """The cause in words a trainee understands."""
    if error.errno == errno.ENOSPC:
        return _("the disk is full")
    if error.errno == errno.EROFS:
        return _("the disk is read-only")
    if error.errno in (errno.EACCES, errno.EPERM):
        return _("permission denied")
    return error.strerror or str(error)


class SettingsFile:
    """The settings file as a front end uses it: saving never raises, and a failure is told once.

    While saving fails the settings live only in the caller's memory (they apply until the
    game quits); `save` returns the message the first time, then None until a save
    succeeds again.
    """

    def __init__(self, path: Path):
        self.path = path
        self.failing = False

    def load(self) -> Settings:
        """The saved settings, or the defaults."""
        return load_settings(self.path)

    def save(self, settings: Settings) -> str | None:
        """Save; the one line to show the trainee when this starts failing, else None."""
        try:
            save_settings(self.path, settings)
        except SettingsError as error:
            first = not self.failing
            self.failing = True
            text = str(error)
            return _("{problem}; your changes apply until you quit.").format(problem=text[:1].upper() + text[1:]) if first else None
        self.failing = False
        return None
