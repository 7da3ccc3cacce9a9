"""Running a cached Core statement straight through the driver's cursor, for the hottest board reads.

A board is a handful of index reads; SQLAlchemy's per-execution bookkeeping costs more than
the query itself (benchmark: 2.7x the raw query, against about 1.1x this way). The SQL is
still compiled by SQLAlchemy for the connection's dialect (once per statement), runs in the
caller's transaction, and reads only columns that need no type conversion.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable
from functools import lru_cache
from typing import Any, cast

from sqlalchemy import Connection, Dialect, Select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.compiler import SQLCompiler


@lru_cache(maxsize=64)
def _compiled(statement: Select[Any], dialect: Dialect) -> SQLCompiler:
    return statement.compile(dialect=dialect)


def driver_rows(connection: Connection, statement: Select[Any], params: dict[str, Any]) -> Generator[tuple[Any, ...], None, None]:
    """Rows of a cached Core statement, read straight from the driver's cursor (see the module docstring).

    Driver errors are wrapped as SQLAlchemy's DBAPIError, so the store reports them as usual.
    """
    compiled = _compiled(statement, connection.dialect)
    values = compiled.construct_params(params, _check=False)
    arguments: Any = tuple(values[name] for name in compiled.positiontup or ()) if compiled.positional else values
    dbapi = connection.dialect.loaded_dbapi
    cursor = connection.connection.cursor()
    try:
        cursor.execute(compiled.string, arguments)
        yield from cast(Iterable[tuple[Any, ...]], cursor)  # the driver's cursor iterates (sqlite3's does)
    except dbapi.Error as error:
        raise DBAPIError.instance(compiled.string, arguments, error, dbapi.Error) from None
    finally:
        cursor.close()


