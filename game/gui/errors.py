"""The window game's own error, importable without pygame (the command module catches it)."""

from __future__ import annotations


class WindowError(Exception):
    """No window could be opened (no display, a video driver that fails); the message says why."""
