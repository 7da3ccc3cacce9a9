"""The window game's own error, and the checks made before a window is opened; importable
without pygame (the command module uses them before pygame loads)."""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from pathlib import Path

from game.i18n import _


class WindowError(Exception):
    """No window could be opened (no display, a video driver that fails); the message says why."""


def display_problem(environ: Mapping[str, str], platform: str) -> str | None:
    """Why no window can be shown here, or None.

    On Linux a window needs an X or Wayland display. Without one SDL does not fail: it
    falls back to a driver that shows nothing, and the game would run unseen until killed.
    Naming a video driver (SDL_VIDEODRIVER=dummy for tests) says the caller knows.
    """
    if not platform.startswith("linux") or environ.get("SDL_VIDEODRIVER"):
        return None
    if environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"):
        return None
    return _(
        "there is no display to open a window on (neither DISPLAY nor WAYLAND_DISPLAY is set); "
        "play in this terminal with 'dojo play', or run the window game under X (for a headless "
        "kiosk test: SDL_VIDEODRIVER=dummy with --autoplay and --screenshot-dir)"
    )


def quiet_audio(environ: MutableMapping[str, str], platform: str, cards: Path = Path("/proc/asound/cards")) -> None:
    """Use SDL's silent audio driver on a Linux machine with no sound card.

    Without one, ALSA prints a dozen lines of errors to the terminal when the mixer starts;
    the game is silent either way. An audio driver the caller chose is kept.
    """
    if environ.get("SDL_AUDIODRIVER") or not platform.startswith("linux"):
        return
    try:
        listed = cards.read_text(encoding="utf-8", errors="replace")
    except OSError:
        listed = ""
    if not listed.strip() or "no soundcards" in listed:
        environ["SDL_AUDIODRIVER"] = "dummy"


def software_framebuffer(environ: MutableMapping[str, str], platform: str, dri: Path = Path("/dev/dri")) -> None:
    """Draw the window without GL on a Linux machine that has no GPU device.

    With no /dev/dri render node (a server, a VM, Xvfb), SDL still asks for an accelerated
    framebuffer and gets a software GL emulation of one: measured under Xvfb, active play
    cost 10.9% of a core that way and 2.3% with SDL_FRAMEBUFFER_ACCELERATION=0. A value the
    caller chose is kept.
    """
    if environ.get("SDL_FRAMEBUFFER_ACCELERATION") is not None or not platform.startswith("linux"):
        return
    try:
        devices = [entry.name for entry in dri.iterdir()]
    except OSError:
        devices = []
    if not any(name.startswith(("renderD", "card")) for name in devices):
        environ["SDL_FRAMEBUFFER_ACCELERATION"] = "0"
