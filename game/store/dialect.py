"""What differs between the two databases the store runs on, SQLite and PostgreSQL (psycopg 3),
kept here so the rest of the store is the same SQLAlchemy Core for both.

- Write transactions. SQLite takes its one write lock up front with `BEGIN IMMEDIATE`
  (engines.py), so a transaction that reads and then writes (a player found or added, a
  board's best compared and replaced) never races another writer. PostgreSQL gets the same
  guarantee from a transaction-scoped advisory lock taken as the write transaction's first
  statement: writers to one database queue on it (a lock, not a retry), each then sees every
  earlier writer's commit (READ COMMITTED), and the lock goes with the commit or rollback.
  Reads never take it.
- Read transactions. SQLite's read transaction is one snapshot (WAL); on PostgreSQL it is
  REPEATABLE READ, the same single snapshot for every statement in it.
- Types. A run's seed is a 64-bit number: SQLite's INTEGER holds it, PostgreSQL needs BIGINT.
- Errors. psycopg's errors carry a SQLSTATE, which gives our StoreError kinds: a full disk
  (53100) is FULL, a read-only transaction or standby (25006) READ_ONLY, a lock or statement
  timeout or deadlock BUSY, corrupt data or index (XX001, XX002) DAMAGED; a server that cannot
  be reached is UNREACHABLE (in `error_messages`, one line naming the server).
- Pragmas (WAL, busy timeout, foreign keys, synchronous) are SQLite's alone (engines.py).
- Statistics. A board's key is (pack, window, window start), and a start of 0 means the
  window is 'all': PostgreSQL's planner, taking the columns as independent, guessed about 170
  of the 10,000 all-time totals on a million runs, and so joined a cohort's players by hash
  and sorted (14-28 ms) instead of reading the board's index in order (about 1 ms). Extended
  statistics on those columns (`key_statistics`, made with the table; a store made before
  them gets them when upgraded to schema 7) tell it how they go together; ANALYZE
  (autovacuum's, the upgrade's, or a benchmark's own) fills them.
- Round trips. A query costs PostgreSQL a round trip to the server (about 0.1 ms on a local
  socket), SQLite a function call. So on PostgreSQL the overall board reads each row's runs
  in the same query as its rows (`ordered_text_agg`: string_agg with ORDER BY, in a subquery
  per row shown); SQLite reads them with a second query, as its group_concat keeps no order
  before SQLite 3.44.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import DDL, BigInteger, ColumnElement, Connection, Engine, Integer, Table, create_engine, event, func, literal_column
from sqlalchemy.engine import URL
from sqlalchemy.types import Text, TypeEngine

from game.store.errors import BUSY, DAMAGED, FULL, OTHER, READ_ONLY

# The advisory lock every PostgreSQL write transaction holds: an arbitrary constant ("dojo" in ASCII).
WRITE_LOCK_KEY = 0x646F6A6F
# How long a PostgreSQL writer waits for the lock (or any row lock) before BUSY, as SQLite's busy timeout.
LOCK_TIMEOUT_MS = 30_000
POSTGRESQL = "postgresql"
SQLITE = "sqlite"


def backend(url: URL) -> str:
    """'sqlite', 'postgresql', or whatever else the URL names."""
    return url.get_backend_name()


def big_integer() -> TypeEngine[int]:
    """A 64-bit whole number column: INTEGER on SQLite (already 64-bit), BIGINT on PostgreSQL."""
    return Integer().with_variant(BigInteger(), POSTGRESQL)


# Every table's extended statistics, by table name: its columns (filled by `key_statistics`).
KEY_STATISTICS: dict[str, tuple[str, ...]] = {}


def key_statistics(table: Table, *columns: str) -> None:
    """On PostgreSQL, create extended statistics (functional dependencies, distinct counts) on `columns` of `table`
    whenever the table is created (see the module docstring); nothing on SQLite."""
    KEY_STATISTICS[table.name] = columns
    event.listen(table, "after_create", DDL(statistics_statement(table.name)).execute_if(dialect=POSTGRESQL))


def statistics_statement(table_name: str) -> str:
    """PostgreSQL's CREATE STATISTICS for the columns `key_statistics` named for `table_name` (a no-op if they exist)."""
    quoted = ", ".join(f'"{column}"' for column in KEY_STATISTICS[table_name])
    return f"CREATE STATISTICS IF NOT EXISTS st_{table_name}_key (dependencies, ndistinct) ON {quoted} FROM {table_name}"


def keeps_aggregate_order(dialect_name: str) -> bool:
    """True where an aggregate can be told the order of its values (`ordered_text_agg` gives one)."""
    return dialect_name == POSTGRESQL


def ordered_text_agg(dialect_name: str, column: ColumnElement[Any], order_by: ColumnElement[Any]) -> ColumnElement[str] | None:
    """An aggregate of `column`'s values as one text, space-separated in `order_by` order, where the database
    keeps that order (PostgreSQL: string_agg with ORDER BY); None elsewhere (SQLite), where the caller reads the
    values with a query of their own."""
    if not keeps_aggregate_order(dialect_name):
        return None
    from sqlalchemy.dialects.postgresql import aggregate_order_by

    return func.string_agg(column, aggregate_order_by(literal_column("' '"), order_by), type_=Text)


def make_postgresql_engine(url: URL) -> Engine:
    """An engine for a PostgreSQL URL: READ COMMITTED writes behind the write lock, REPEATABLE READ reads."""
    engine = create_engine(url, pool_pre_ping=True, connect_args={"options": f"-c lock_timeout={LOCK_TIMEOUT_MS}"})
    event.listen(engine, "begin", _postgresql_begin)
    return engine


def _postgresql_begin(connection: Connection) -> None:
    """The first statement of each transaction: the write lock for writers, one snapshot for readers."""
    if connection.get_execution_options().get("dojo_begin") == "IMMEDIATE":
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")
    else:
        connection.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")


def after_copy(connection: Connection, table: Table) -> None:
    """After rows were copied in with their own ids: on PostgreSQL, move the table's id sequence past
    them (SQLite's AUTOINCREMENT-less ids follow the largest id by themselves)."""
    if connection.dialect.name != POSTGRESQL:
        return
    for column in table.primary_key.columns:
        if column.autoincrement is True:
            connection.exec_driver_sql(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column.name}'), "
                f"COALESCE(MAX({column.name}), 1), MAX({column.name}) IS NOT NULL) FROM {table.name}"
            )


# SQLSTATE (or its two-character class) -> our kind, for psycopg's errors.
_SQLSTATE_KINDS = {
    "53100": FULL,  # disk_full
    "25006": READ_ONLY,  # read_only_sql_transaction (also a hot standby)
    "55P03": BUSY,  # lock_not_available (lock_timeout)
    "40P01": BUSY,  # deadlock_detected
    "57014": BUSY,  # query_canceled (statement_timeout)
    "40001": BUSY,  # serialization_failure
    "XX001": DAMAGED,  # data_corrupted
    "XX002": DAMAGED,  # index_corrupted
}
UNREACHABLE_CLASSES = ("08", "57P")  # connection exceptions; the server shutting down


def sqlstate(error: BaseException) -> str | None:
    """PostgreSQL's SQLSTATE for a psycopg error, else None (SQLite's errors have none)."""
    value = getattr(error, "sqlstate", None)
    return str(value) if value else None


def postgresql_kind(error: BaseException) -> str | None:
    """Our kind for a psycopg error by its SQLSTATE, or None when the error is not PostgreSQL's."""
    if not _is_psycopg(error):
        return None
    state = sqlstate(error) or ""
    return _SQLSTATE_KINDS.get(state, OTHER)


def unreachable(error: BaseException) -> bool:
    """True for a psycopg error that means the server could not be reached (or went away)."""
    if not _is_psycopg(error):
        return False
    state = sqlstate(error)
    if state is None:  # psycopg's own connection failures have no SQLSTATE
        return type(error).__name__ == "OperationalError"
    return state.startswith(UNREACHABLE_CLASSES)


def _is_psycopg(error: Any) -> bool:
    return type(error).__module__.startswith("psycopg")
