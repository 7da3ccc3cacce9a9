"""Which kind of storage problem (FULL, READ_ONLY, BUSY, DAMAGED or OTHER) a driver or system
error is, by SQLite's error code where the driver gives it, else by its text."""

from __future__ import annotations

import errno

from game.store.dialect import postgresql_kind
from game.store.errors import BUSY, DAMAGED, FULL, OTHER, READ_ONLY

# SQLite error codes that are about the disk or the folder, never about the file's content.
NOT_THE_FILES_FAULT = ("SQLITE_IOERR", "SQLITE_CANTOPEN", "SQLITE_FULL", "SQLITE_NOMEM", "SQLITE_READONLY")
READ_ONLY_ERRNOS = (errno.EROFS, errno.EACCES, errno.EPERM)  # errors of a disk, folder or file that cannot be written


def code_name(error: BaseException) -> str:
    """SQLite's error name (e.g. SQLITE_FULL) when the driver gives it (Python 3.11+), else ''."""
    return str(getattr(error, "sqlite_errorname", "") or "")


def error_kind(error: BaseException) -> str:
    """FULL, READ_ONLY, BUSY, DAMAGED or OTHER for a driver error: PostgreSQL's by its SQLSTATE
    (dialect.py), SQLite's by its code, else by its text."""
    kind = postgresql_kind(error)
    if kind is not None:
        return kind
    name = code_name(error)
    lowered = str(error).lower()
    # SHMSIZE: the shared-memory file beside a WAL database could not grow (no room for it).
    if name.startswith(("SQLITE_FULL", "SQLITE_IOERR_SHMSIZE")) or "disk is full" in lowered:
        return FULL
    if name.startswith("SQLITE_READONLY") or "readonly" in lowered or "read-only" in lowered:
        return READ_ONLY
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in lowered or "busy" in lowered:
        return BUSY
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in lowered or "not a database" in lowered:
        return DAMAGED
    return OTHER
