"""The read-only fallback: a database that cannot be written (a read-only file, folder or disk,
or a data folder that cannot be created) still opens, read-only, so boards and runs can be
read; where there is no file yet, the store is an empty one in memory.

Here: why a database cannot be written, and the engine a read-only store reads through;
`game.store.db.open_read_only` puts them together with the schema check such a store needs
(`game.store.upgrade.check_read_only_schema`: it cannot be upgraded).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import URL

from game.i18n import N_, _
from game.store.engines import make_engine, make_read_only_engine
from game.store.errors import DAMAGED, StoreError
from game.store.file_check import FileState, inspect_file
from game.store.upgrade import create_or_migrate

CANNOT_SAVE = N_("cannot save to {path}: {why}")  # a translation keeps ': ' or '：' after the path (read_only_engine)


def unwritable(path: Path, default: bool) -> str | None:
    """Why the database at `path` cannot be written (one line naming it), or None if it can.

    SQLite in WAL mode writes companion files beside the database, so its folder must be
    writable too. The default folder is created here when it does not exist yet.
    """
    if not path.parent.is_dir():
        if not default:
            raise StoreError(_("cannot create the database {path}: the folder {folder} does not exist").format(path=path, folder=path.parent))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            why = _("its folder cannot be created ({reason})").format(reason=error.strerror or error)
            return _(CANNOT_SAVE).format(path=path, why=why)
    if path.exists() and not os.access(path, os.W_OK):
        return _(CANNOT_SAVE).format(path=path, why=_why_not_writable(path, _("the file is read-only")))
    if not os.access(path.parent, os.W_OK):
        why = _why_not_writable(path.parent, _("its folder {folder} is read-only").format(folder=path.parent))
        return _(CANNOT_SAVE).format(path=path, why=why)
    return None


def _why_not_writable(target: Path, otherwise: str) -> str:
    """'the disk ... is read-only' when the whole file system is mounted read-only, else `otherwise`."""
    try:
        read_only_disk = bool(os.statvfs(target).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # no statvfs on Windows
        read_only_disk = False
    return _("the disk it is on is read-only") if read_only_disk else otherwise


def read_only_engine(url: URL, path: Path, reason: str, clock: Callable[[], float]) -> Engine:
    """The engine a read-only store reads `path` through (an empty database in memory if there
    is no database there yet).

    A file that is not ours is refused as usual, but without the advice to move it aside
    or reset it, which a read-only folder does not allow.
    """
    state = inspect_file(path) if path.exists() else FileState("new")
    if state.kind == "bad":
        why = re.split(r": |：", reason, maxsplit=1)[-1]  # the reason without its "cannot save to PATH:" (CANNOT_SAVE)
        raise StoreError(
            _("{path} is not a usable Service Dojo database: {problem}; and {why}, so it cannot be replaced here either. Point --db at another file").format(
                path=path, problem=state.reason, why=why
            ),
            kind=DAMAGED,
        )
    if state.kind == "new":
        engine = make_engine(URL.create("sqlite"))  # an empty database in memory: boards show nothing
        with engine.begin() as connection:
            create_or_migrate(connection, clock, official_on_create=False)
    else:
        engine = make_read_only_engine(url, path)
    return engine
