"""tests/pg_server.py keeps the databases tests give back only when they come back as a new database is made."""

from __future__ import annotations

import threading
import time
from typing import Any

import psycopg
import pytest

from tests.pg_server import _name_of


def connect(server: Any, url: str) -> psycopg.Connection:
    """An autocommit connection to the database at `url`."""
    return psycopg.connect(host=str(server.folder), port=5432, user="dojo", dbname=_name_of(url), autocommit=True)


def test_a_database_given_back_comes_back_as_a_new_one_is_made(pg_server: Any) -> None:
    """Tables, a sequence and a function made in a database are gone when it is taken again; its layout is a new database's."""
    new = pg_server.create_database()
    try:
        url = pg_server.take_database()
        with connect(pg_server, url) as connection:
            connection.execute("CREATE TABLE t (id SERIAL PRIMARY KEY, x TEXT); INSERT INTO t (x) VALUES ('a')")
            connection.execute("CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'")
        pg_server.give_back(url)
        assert pg_server.spare and pg_server.spare[-1] != url
        again = pg_server.take_database()
        assert pg_server.layout(again) == pg_server.layout(new)
        pg_server.give_back(again)
    finally:
        pg_server.drop_database(new)


@pytest.mark.parametrize(
    "change",
    [
        "ALTER DATABASE {name} SET default_transaction_read_only = on",
        "ALTER DATABASE {name} CONNECTION LIMIT 5",
    ],
)
def test_a_database_changed_outside_its_tables_is_dropped_not_kept(pg_server: Any, change: str) -> None:
    """A database whose settings a test changed is not handed to another test: it no longer exists."""
    url = pg_server.take_database()
    pg_server.admin().execute(change.format(name=f'"{_name_of(url)}"'))
    kept = list(pg_server.spare)
    pg_server.give_back(url)
    assert pg_server.spare == kept
    assert pg_server.admin().execute("SELECT count(*) FROM pg_database WHERE datname LIKE %s", (f"test_%_{pg_server.count}",)).fetchone() == (0,)


def test_a_database_with_another_schema_is_dropped_not_kept(pg_server: Any) -> None:
    """A schema besides `public` is more than the tables: that database is dropped."""
    url = pg_server.take_database()
    with connect(pg_server, url) as connection:
        connection.execute("CREATE SCHEMA other")
    kept = list(pg_server.spare)
    pg_server.give_back(url)
    assert pg_server.spare == kept


def test_nothing_still_connected_reaches_a_database_once_given_back(pg_server: Any) -> None:
    """A connection left open is closed, and the database's old name no longer connects (as after a drop)."""
    url = pg_server.take_database()
    held = connect(pg_server, url)
    pg_server.give_back(url)
    with pytest.raises(psycopg.OperationalError):
        held.execute("SELECT 1")
    with pytest.raises(psycopg.OperationalError):
        connect(pg_server, url)


def test_a_client_that_keeps_connecting_again_is_shut_out_too(pg_server: Any) -> None:
    """A thread that reconnects whenever its connection is ended (a test's background writer) cannot hold a database
    given back: it is kept emptied or dropped, and the thread reaches it no more by its old name."""
    url = pg_server.take_database()
    stop = threading.Event()
    connected = threading.Event()

    def reconnect() -> None:
        while not stop.is_set():
            try:
                with connect(pg_server, url) as connection:
                    while not stop.is_set():
                        connection.execute("SELECT 1")
                        connected.set()
                        time.sleep(0.002)
            except psycopg.OperationalError:
                continue

    thread = threading.Thread(target=reconnect)
    thread.start()
    try:
        assert connected.wait(60)
        pg_server.give_back(url)
        with pytest.raises(psycopg.OperationalError):
            connect(pg_server, url)
        assert url not in pg_server.spare
    finally:
        stop.set()
        thread.join(60)
