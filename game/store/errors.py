"""The one exception storage raises for a problem a person must hear about (no SQLAlchemy import, so commands load fast).

`kind` lets a caller react without parsing the message: the game keeps a run in memory
and retries when the disk is `FULL`, and writes it to a file instead when the database
is `READ_ONLY`.
"""

from __future__ import annotations

EXIT_USAGE = 2

# What went wrong, for callers that act on it (the message is for people).
FULL = "full"  # no room left on the disk (SQLITE_FULL, ENOSPC)
READ_ONLY = "read-only"  # the file, its folder or the whole disk cannot be written
BUSY = "busy"  # another process held the write lock past the busy timeout
DAMAGED = "damaged"  # not an SQLite database, or a corrupt one
OTHER = "other"


class StoreError(Exception):
    """A storage problem to report in one line, with the exit code to leave with and its kind."""

    def __init__(self, message: str, code: int = EXIT_USAGE, kind: str = OTHER):
        super().__init__(message)
        self.message = message
        self.code = code
        self.kind = kind
