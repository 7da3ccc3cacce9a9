"""Where the database lives: `--db` or `DOJO_DB` (a SQLAlchemy URL, or a path meaning a SQLite
file), else `dojo.db` in the user's data directory (platformdirs); and how to name it in messages."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import platformdirs
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from game.i18n import _
from game.store.errors import StoreError
from game.store.files import name_problem, shown
from game.store.tables import APP_NAME

ENV_VAR = "DOJO_DB"
DB_FILE_NAME = "dojo.db"


def default_db_path() -> Path:
    """`dojo.db` in the user's data directory for Service Dojo."""
    return platformdirs.user_data_path(APP_NAME, appauthor=False) / DB_FILE_NAME


def resolve_url(db: str | None = None, environ: Mapping[str, str] | None = None) -> URL:
    """The database URL from `--db`, else `DOJO_DB`, else the default file."""
    env = os.environ if environ is None else environ
    value = db or env.get(ENV_VAR) or ""
    if not value.strip():
        return URL.create("sqlite", database=str(default_db_path()))
    if "://" in value:
        try:
            return make_url(value)
        except ArgumentError:
            raise StoreError(_("'{value}' is not a database URL (e.g. sqlite:///path/dojo.db) or a file path").format(value=value)) from None
    problem = name_problem(value)
    if problem is not None:
        raise StoreError(_("cannot use the database {path}: {problem}").format(path=shown(value), problem=problem))
    return URL.create("sqlite", database=str(Path(value).expanduser().absolute()))


def sqlite_file(url: URL) -> Path | None:
    """The file behind a SQLite URL, or None (in-memory, or not SQLite)."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


def describe(url: URL) -> str:
    """The database as a person should see it: the file path, or the URL without password."""
    path = sqlite_file(url)
    return str(path) if path else url.render_as_string(hide_password=True)
