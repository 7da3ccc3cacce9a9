"""The one exception storage raises for a problem a person must hear about (no SQLAlchemy import, so commands load fast)."""

from __future__ import annotations

EXIT_USAGE = 2


class StoreError(Exception):
    """A storage problem to report in one line, with the exit code to leave with."""

    def __init__(self, message: str, code: int = EXIT_USAGE):
        super().__init__(message)
        self.message = message
        self.code = code
