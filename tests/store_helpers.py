"""Helpers shared by the storage tests: a settable clock, finished MINI runs, a store in tmp_path,
and disks that fill up or turn read-only (a real tmpfs where the tests may mount one, and a
SQLite page limit that fails writes with the same SQLITE_FULL everywhere)."""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import os
import subprocess
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event, select

from game.engine.session import Session
from game.scenario.loader import Loaded, load_scenario_text
from game.store.copies import default_rubric_text
from game.store.db import Store, open_store
from game.store.engines import make_engine
from game.store.location import resolve_url
from game.store.keys import load_key
from game.store.names import identity
from game.store.official import Pack, PackFile, read_pack, write_pack
from game.store.standings import note_run, rebuild
from game.store.verify import seal_of
from game.store.players import ensure_player
from game.store.runs import RunRecord, record_run
from game.store.tables import players, rubric_copies, runs, scenario_copies
from game.store.upgrade import create_or_migrate
from tests.conftest import MINI

MINI_TEXT = textwrap.dedent(MINI)
# MINI's playthroughs and what they score (percent, band), found with the real scorer.
BEST = ["listen", "again", "firm"]  # 100.0 Gold
GOOD = ["listen", "firm"]  # 93.7 Gold (skips the open question: graded "good")
LOOPED = ["listen", "again", "again", "firm"]  # 94.8 Gold
BAD = ["refuse", "cave"]  # 0.0, no band
MONDAY = 1_714_953_600.0  # 2024-05-06 00:00:00 UTC, a Monday


class Clock:
    """A clock the test sets; each call returns the current value (then ticks by `step`)."""

    def __init__(self, now: float = MONDAY + 3600, step: float = 0.0):
        self.now = now
        self.step = step

    def __call__(self) -> float:
        value = self.now
        self.now += self.step
        return value


def mini() -> Loaded:
    """The MINI scenario loaded from `MINI_TEXT` (the text runs store as their copy)."""
    return load_scenario_text(MINI_TEXT, "mini.yaml")


def finished(choices: list[str], mode: str = "ranked", seed: int = 0, loaded: Loaded | None = None) -> Session:
    """A MINI session played through `choices` (event times from a ticking clock)."""
    ticks = itertools.count(1_000)
    session = Session((loaded or mini()).scenario, seed=seed, mode=mode, clock=lambda: float(next(ticks)))  # type: ignore[arg-type]
    for choice in choices:
        session.choose(choice)
    return session


# Blank databases kept (see `Databases`): enough for the property tests that make a store per example (40).
BLANK_STORES = 48


class Databases:
    """Where the test's stores live: SQLite files in tmp_path, or (while a test runs on
    PostgreSQL, see the `db_engine` fixture in conftest.py) one PostgreSQL database per name,
    taken on first use and given back after the test (tests/pg_server.py).

    A database comes empty, as CREATE DATABASE makes one; except for `open_tmp`'s stores,
    which may come as a new store's tables with no rows in them (`blank`): the tables a test
    left unchanged in structure are emptied (`Server.clear_rows`) rather than dropped, and
    `open_tmp` then fills them as a new store is filled (`start_store`). Making the 16
    tables with their indexes was most of what such a test cost on PostgreSQL beyond SQLite.
    """

    def __init__(self) -> None:
        self.server: Any = None  # a tests.pg_server.Server while the test runs on PostgreSQL
        self.made: dict[str, str] = {}  # str(tmp_path / name) -> the URL of its database
        self.blank: list[str] = []  # databases holding a new store's tables, empty (on the server of `layout`)
        self.unfilled: set[str] = set()  # of the test's databases, those handed out blank and not filled yet
        self.layout: tuple[Any, str, dict[str, tuple[int, float, int]]] | None = None  # (server, schema, sizes) of a new store

    @property
    def engine(self) -> str:
        """'sqlite' or 'postgresql': what the current test runs on."""
        return "sqlite" if self.server is None else "postgresql"

    def url(self, tmp_path: Path, name: str = "dojo.db", blank: bool = False) -> str:
        """The --db value for the store `name` of this test: a file path, or a PostgreSQL URL.

        With `blank`, a database new to the test may be one holding a new store's tables with no
        rows (then it is in `unfilled` until `start_store` fills it)."""
        if self.server is None:
            return str(tmp_path / name)
        key = str(tmp_path / name)
        if key not in self.made:
            if blank and self.blank and self.layout is not None and self.layout[0] is self.server:
                self.made[key] = self.blank.pop()
                self.unfilled.add(self.made[key])
            else:
                self.made[key] = self.server.take_database()
        return self.made[key]

    def finish(self) -> None:
        """Give back the databases the test took (blank when its tables are as a new store makes them, else empty) and go back to SQLite."""
        if self.server is not None:
            for url in self.made.values():
                reclaimed = self.server.reclaim(url)
                if reclaimed is not None:
                    self._keep(reclaimed)
        self.server, self.made, self.unfilled = None, {}, set()

    def _keep(self, url: str) -> None:
        """Keep a reclaimed database: blank when its tables are as a new store's (see the class docstring), else empty."""
        if self.layout is None or self.layout[0] is not self.server:
            self.blank, self.layout = [], None
            self.layout = (self.server, *self._new_store_layout())
        schema, sizes = self.server.layout(url)
        if schema == self.layout[1] and len(self.blank) < BLANK_STORES:
            self.server.clear_rows(url, self.layout[2])
            self.blank.append(url)
        else:
            self.server.empty(url)

    def _new_store_layout(self) -> tuple[str, dict[str, tuple[int, float, int]]]:
        """The layout (tests/pg_server.Server.layout) of a new store's tables: made on an empty database by the
        code `open_store` makes them with, without the official pack's rows (which need the seal key)."""
        url = self.server.take_database()
        start_store(url, Clock(), official=False)
        found = self.server.layout(url)
        self.server.give_back(url)
        return found


DATABASES = Databases()


def db_url(tmp_path: Path, name: str = "dojo.db") -> str:
    """The --db value for the store `name` of this test (see `Databases`): a new test runs on both engines."""
    return DATABASES.url(tmp_path, name)


def start_store(url: str, clock: Clock, official: bool = True) -> None:
    """Fill a blank database (see `Databases`) as `open_store` fills a new one: the same code
    (`create_or_migrate`, in a write transaction, on `clock`), which finds every table there
    (on an empty database it makes them) and writes the rows a new store starts with."""
    store = Store(make_engine(resolve_url(url)), resolve_url(url), clock)
    try:
        with store.write() as connection:
            create_or_migrate(connection, store.clock, official_on_create=official)
    finally:
        store.close()


def open_tmp(tmp_path: Path, clock: Clock | None = None, name: str = "dojo.db") -> Store:
    """A fresh store for the test (a file in tmp_path, or a PostgreSQL database) whose official pack
    starts empty (`record` adds MINI, `insert_fake` its scenario)."""
    clock = clock or Clock()
    url = DATABASES.url(tmp_path, name, blank=True)
    if url in DATABASES.unfilled:
        DATABASES.unfilled.discard(url)
        start_store(url, clock)
    store = open_store(url, clock=clock)
    if store.read_only is None:
        with store.write() as connection:
            write_pack(connection, Pack((), parse_default_digest()), load_key(), 0.0)
    return store


def official_mini(store: Store) -> None:
    """Make MINI (as `MINI_TEXT`) official content of the store."""
    add_official(store, PackFile(mini().scenario.content_hash, "mini", "mini.yaml", MINI_TEXT))


def add_official(store: Store, *files: PackFile) -> None:
    """Add scenario contents to the store's official pack (as its owner would), keeping the bundled rubric."""
    with store.write() as connection:
        pack = read_pack(connection)
        known = {item.content_hash for item in pack.files}
        extra = tuple(item for item in files if item.content_hash not in known)
        if extra:
            write_pack(connection, Pack(pack.files + extra, pack.rubric_digest), load_key(), 0.0)


def record(
    store: Store,
    player: str,
    choices: list[str] | None = None,
    mode: str = "ranked",
    at: float | None = None,
    cohort: str | None = None,
    team: str | None = None,
) -> RunRecord:
    """Play MINI through `choices` (default GOOD) and record it for `player`, finishing at `at` (MINI is made official)."""
    official_mini(store)
    return record_run(
        store,
        player=player,
        session=finished(choices or GOOD, mode),
        scenario_text=MINI_TEXT,
        rubric_text=default_rubric_text(),
        file_name="mini.yaml",
        cohort=cohort,
        team=team,
        finished_at=at,
    )


_fake_ids = itertools.count(1)


def insert_fake(
    store: Store,
    player: str,
    scenario: str,
    percent: float,
    finished_at: float,
    mode: str = "ranked",
    status: str = "verified",
    cohort: str | None = None,
    team: str | None = None,
    band: str | None = "Bronze",
) -> str:
    """Insert a run row directly, sealed, its content official (no replay possible): for ranking tests."""
    uid = f"fake{next(_fake_ids):028d}"
    digest = parse_default_digest()
    add_official(store, PackFile(f"hash-{scenario}", scenario, "x"))
    with store.write() as connection:
        player_id = ensure_player(connection, player, finished_at, cohort, team)
        # Every run's scenario has a stored copy (record_run guarantees it); fake ones too.
        content_hash = f"hash-{scenario}"
        if connection.execute(select(scenario_copies).where(scenario_copies.c.content_hash == content_hash)).first() is None:
            connection.execute(
                scenario_copies.insert().values(content_hash=content_hash, scenario_id=scenario, file_name="x", text="", stored_at=0)
            )
        if connection.execute(select(rubric_copies).where(rubric_copies.c.digest == digest)).first() is None:
            connection.execute(rubric_copies.insert().values(digest=digest, rubric_id="r", version="1", text="", stored_at=0))
        row: dict[str, Any] = dict(
            run_uid=uid, scenario_id=scenario, content_hash=content_hash, rubric_id="r",
            rubric_version="1", rubric_digest=digest, mode=mode, seed=0, events="[]", summary="{}",
            percent=percent, band=band, ending="e", started_at=finished_at - 60, finished_at=finished_at,
            duration=60.0,
        )
        seal = seal_of({**row, "identity": identity(player)})
        stored = {
            **row, "player_id": player_id, "status": status, "problem": None, "checked_at": finished_at, "seal": seal,
            "seal_key": load_key().key_id, "pack": "official",
        }
        inserted = connection.execute(runs.insert().values(**stored)).inserted_primary_key
        if status == "verified" and mode == "ranked":
            note_run(connection, {**stored, "id": inserted[0]})
    return uid


def parse_default_digest() -> str:
    """The bundled rubric's digest (fake runs are scored "by" it, so they are official)."""
    from scoring.rubric import default_rubric

    return default_rubric().digest


def set_opted_out(store: Store, name: str) -> None:
    """Mark a player opted out directly."""
    with store.write() as connection:
        connection.execute(players.update().where(players.c.name == name).values(opted_out=True))


def run_row(store: Store, run_uid: str) -> dict[str, Any]:
    """The raw stored row of a run."""
    with store.read() as connection:
        return dict(connection.execute(select(runs).where(runs.c.run_uid == run_uid)).mappings().one())


def tamper(store: Store, run_uid: str, **values: Any) -> None:
    """Edit a stored run row behind the store's back (as someone with the file might), boards' standings included."""
    with store.write() as connection:
        connection.execute(runs.update().where(runs.c.run_uid == run_uid).values(**values))
        rebuild(connection)  # the worst case: the boards' own tables agree with the edited row


def events_json(store: Store, run_uid: str) -> list[dict[str, Any]]:
    """The stored events of a run, parsed."""
    return list(json.loads(run_row(store, run_uid)["events"]))


# Full and read-only disks ------------------------------------------------------------------------


class DiskLimit:
    """Makes an engine's database "full": while `full`, every write transaction fails with
    SQLite's own SQLITE_FULL ("database or disk is full") and reads still work, as on a disk
    with no room left.

    The database may not grow (max_page_count cannot go below its size, so 1 means "no
    growth"), and a write that would fit in the pages in hand is made to need a new one.
    """

    def __init__(self, engine: Engine):
        self.full = False
        event.listen(engine, "begin", self._cap)

    def _cap(self, connection: Any) -> None:
        connection.exec_driver_sql(f"PRAGMA max_page_count = {1 if self.full else 1_073_741_823}")
        if self.full and connection.get_execution_options().get("dojo_begin") == "IMMEDIATE":
            connection.exec_driver_sql("INSERT INTO dojo_meta (key, value) VALUES ('disk-limit', zeroblob(100000))")


@contextlib.contextmanager
def tmpfs(folder: Path, size: str = "1m") -> Iterator[Path]:
    """A real, tiny tmpfs mounted on `folder` (skips the test where mounting is not allowed)."""
    if os.name != "posix" or os.geteuid() != 0:
        pytest.skip("mounting a tiny tmpfs needs root (the monkeypatched variant runs everywhere)")
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=False)


def fill(folder: Path) -> Path:
    """Fill the disk holding `folder` with one file (real ENOSPC from then on); returns the file."""
    filler = folder / "filler"
    descriptor = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(descriptor, b"x" * 4096)
    except OSError:
        pass
    finally:
        os.close(descriptor)
    return filler


def remount_read_only(folder: Path) -> None:
    """Make a tmpfs from `tmpfs` read-only (real EROFS from then on)."""
    subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True, capture_output=True)


def digest(path: Path) -> str:
    """The SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()
