"""The read-only fallback: a database that cannot be written (a read-only file, folder or disk,
or a data folder that cannot be created) still opens, read-only, so boards and runs can be
read; where there is no file yet, the store is an empty one in memory.

Here: why a database cannot be written, and the engine a read-only store reads through;
`game.store.db.open_read_only` puts them together with the schema check such a store needs
(`game.store.upgrade.check_read_only_schema`: it cannot be upgraded).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import URL

from game.store.engines import make_engine, make_read_only_engine
from game.store.errors import DAMAGED, StoreError
from game.store.file_check import FileState, inspect_file
from game.store.upgrade import create_or_migrate


def unwritable(path: Path, default: bool) -> str | None:
    """Why the database at `path` cannot be written (one line naming it), or None if it can.

    SQLite in WAL mode writes companion files beside the database, so its folder must be
    writable too. The default folder is created here when it does not exist yet.
    """
    if not path.parent.is_dir():
        if not default:
            raise StoreError(f"cannot create the database {path}: the folder {path.parent} does not exist")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            return f"cannot save to {path}: its folder cannot be created ({error.strerror or error})"
    if path.exists() and not os.access(path, os.W_OK):
        return f"cannot save to {path}: {_why_not_writable(path, 'the file is read-only')}"
    if not os.access(path.parent, os.W_OK):
        return f"cannot save to {path}: {_why_not_writable(path.parent, f'its folder {path.parent} is read-only')}"
    return None


def _why_not_writable(target: Path, otherwise: str) -> str:
    """'the disk ... is read-only' when the whole file system is mounted read-only, else `otherwise`."""
    try:
        read_only_disk = bool(os.statvfs(target).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # no statvfs on Windows
        read_only_disk = False
    return "the disk it is on is read-only" if read_only_disk else otherwise


def read_only_engine(url: URL, path: Path, reason: str, clock: Callable[[], float]) -> Engine:
    """The engine a read-only store reads `path` through (an empty database in memory if there
    is no database there yet).

    A file that is not ours is refused as usual, but without the advice to move it aside
    or reset it, which a read-only folder does not allow.
    """
    state = inspect_file(path) if path.exists() else FileState("new")
    if state.kind == "bad":
        raise StoreError(
            f"{path} is not a usable Service Dojo database: {state.reason}; and {reason.split(': ', 1)[-1]}, "
            "so it cannot be replaced here either. Point --db at another file",
            kind=DAMAGED,
        )
    if state.kind == "new":
        engine = make_engine(URL.create("sqlite"))  # an empty database in memory: boards show nothing
        with engine.begin() as connection:
            create_or_migrate(connection, clock, official_on_create=False)
    else:
        engine = make_read_only_engine(url, path)
    return engine
