"""Screens that close while they are still mounting: skip the work their mount would do.

A screen's `on_mount` runs after its widgets are composed, but if the app closes in
between (the trainee quits at once, or a browser seat of `dojo serve` is shut the moment a
scenario opens), the widgets are already being taken down and a query for them raises.
The trainer's console would show a traceback for a screen nobody will ever see.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

from textual.screen import Screen

S = TypeVar("S", bound=Screen)  # any screen, whatever its result type


def while_attached(handler: Callable[[S], None]) -> Callable[[S], None]:
    """Wrap a screen's `on_mount` so that it does nothing once the screen is detached or the app is shutting down."""

    @functools.wraps(handler)
    def guarded(screen: S) -> None:
        # Asked to exit, the app is no longer attached to; shut down without being asked
        # (a dropped connection, a test harness), it is no longer running.
        if screen.is_attached and screen.app.is_running:
            handler(screen)

    return guarded
