"""Tests for game.store.tables: the tables, their indexes, and that the board query uses its index."""

from __future__ import annotations

import pytest

from sqlalchemy import inspect, text
from sqlalchemy.dialects import postgresql, sqlite

from game.store.ranking import BoardSpec, candidates
from game.store.tables import metadata, runs
from tests.store_helpers import DATABASES, MONDAY, insert_fake, open_tmp


pytestmark = pytest.mark.usefixtures("db_engine")  # every test here runs on SQLite and on PostgreSQL


def test_every_table_exists_in_a_new_database(tmp_path):
    """A new database holds exactly the tables the metadata defines."""
    with open_tmp(tmp_path) as store, store.read() as connection:
        assert set(inspect(connection).get_table_names()) == set(metadata.tables)


def test_board_index_columns_and_order(tmp_path):
    """ix_runs_board leads with scenario, mode, status, pack, then percent descending and finish time."""
    with open_tmp(tmp_path) as store, store.read() as connection:
        if DATABASES.engine == "sqlite":
            rows = connection.execute(text("PRAGMA index_xinfo('ix_runs_board')")).all()
            keys = [(row.name, row.desc) for row in rows if row.key]
        else:  # PostgreSQL's reflection gives the order (SQLite's does not)
            (index,) = [index for index in inspect(connection).get_indexes(runs.name) if index["name"] == "ix_runs_board"]
            sorting = index.get("column_sorting", {})
            keys = [(name, int("desc" in sorting.get(name, ()))) for name in index["column_names"]]
    assert keys == [
        ("scenario_id", 0),
        ("mode", 0),
        ("status", 0),
        ("pack", 0),
        ("percent", 1),
        ("finished_at", 0),
        ("id", 0),
    ]


def test_player_and_window_indexes_exist(tmp_path):
    """The runs list, windowed scenario boards and the overall board have their own indexes."""
    with open_tmp(tmp_path) as store, store.read() as connection:
        names = {index["name"] for index in inspect(connection).get_indexes(runs.name)}
    assert {"ix_runs_board", "ix_runs_scenario_window", "ix_runs_window", "ix_runs_player"} <= names


def test_scenario_board_query_reads_the_index_in_order(tmp_path):
    """The all-time top-N query (as top_scenario runs it) reads ix_runs_board in ranking order: no sort."""
    store = open_tmp(tmp_path)
    for i in range(50):
        insert_fake(store, f"p{i % 7}", f"s{i % 3}", float(i), MONDAY + i)
    query = candidates(BoardSpec("s1", window="all"), MONDAY + 100, until_now=False).order_by(
        runs.c.percent.desc(), runs.c.finished_at, runs.c.id
    )
    if DATABASES.engine == "postgresql":
        # 50 rows: PostgreSQL's planner would rather scan the table; barred from that, it must
        # still answer in order from the index, with no Sort step.
        sql = str(query.compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}))
        with store.read() as connection:
            connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
            connection.exec_driver_sql("SET LOCAL enable_bitmapscan = off")
            plan = " | ".join(row[0] for row in connection.exec_driver_sql("EXPLAIN " + sql))
        assert "ix_runs_board" in plan
        assert "Sort" not in plan
        return
    sql = str(query.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))
    with store.read() as connection:
        connection.execute(text("ANALYZE"))
        plan = " | ".join(row[3] for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))
    assert "ix_runs_board" in plan
    assert "TEMP B-TREE" not in plan
