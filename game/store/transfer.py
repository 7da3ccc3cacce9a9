"""Moving a whole store to another database (`dojo db copy`): SQLite to PostgreSQL, back, or
file to file; every table copied row for row (ids, seals, the official pack and its meta kept),
into a target that holds no tables yet, in one transaction (on failure the target's tables are
dropped again); then every run is replayed in the source and in the copy.

The check is the replay, not only a count: each run's verdict (verified, flagged, legacy or
unchecked) in the copy must be the one it gets in the source, and every table must hold as
many rows. The seal key lives outside the database (keys.py): the same key must be in use.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, inspect, select

from game.i18n import _
from game.store.db import Store, open_store
from game.store.dialect import after_copy
from game.store.engines import make_engine
from game.store.errors import StoreError
from game.store.run_words import status_word
from game.store.location import describe, resolve_url, sqlite_file
from game.store.tables import metadata, runs
from game.store.upgrade import schema_version
from game.store.verify import CopyCache, judge, row_query

BATCH = 2_000  # rows per insert
REPLAY_PAGE = 500  # runs replayed per read transaction


@dataclass
class Copied:
    """What a copy moved and what its replay found."""

    rows: dict[str, int] = field(default_factory=dict)  # table -> rows copied
    replayed: int = 0
    mismatched: list[str] = field(default_factory=list)  # one line per run or table that differs


def copy_store(source: str, target: str) -> Copied:
    """Copy the store at `source` (a URL or SQLite path) into the empty database `target`, then replay every run in both.

    StoreError (exit 2) for a source that is not a Service Dojo store, a target that already
    holds tables, or the same database twice; nothing is written to the target then.
    """
    source_url, target_url = resolve_url(source), resolve_url(target)
    if describe(source_url) == describe(target_url):
        raise StoreError(_("--from and --to are the same database ({where})").format(where=describe(source_url)))
    _check_source(source)
    _check_target_empty(target)
    with open_store(source) as origin, open_store(target) as copy:
        copied = Copied()
        try:
            _copy_rows(origin, copy, copied)
        except BaseException:
            metadata.drop_all(copy.engine)  # the target goes back to holding nothing, so the copy can be tried again
            raise
        _replay(origin, copy, copied)
    return copied


def _copy_rows(origin: Store, copy: Store, copied: Copied) -> None:
    """Every table's rows, in one write transaction on the target."""
    with origin.read() as reading, copy.write() as writing:
        for table in reversed(metadata.sorted_tables):  # what the new store started with goes
            writing.execute(table.delete())
        for table in metadata.sorted_tables:  # parents before children (foreign keys)
            count = 0
            result = reading.execution_options(yield_per=BATCH).execute(select(table))
            for batch in result.mappings().partitions(BATCH):
                writing.execute(table.insert(), [dict(row) for row in batch])
                count += len(batch)
            copied.rows[table.name] = count
            after_copy(writing, table)


def _check_source(source: str) -> None:
    """The source must already be a Service Dojo store: a missing file or an empty database is refused."""
    url = resolve_url(source)
    path = sqlite_file(url)
    if path is not None and not path.is_file():
        raise StoreError(_("nothing to copy: there is no database at {path}").format(path=path))
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            version = schema_version(connection)
    except Exception as error:  # a driver error: reported by open_store's own words below
        if isinstance(error, StoreError):
            raise
        version = -1
    finally:
        engine.dispose()
    if version is None:
        raise StoreError(_("nothing to copy: {where} holds no Service Dojo store").format(where=describe(url)))


def _check_target_empty(target: str) -> None:
    """The target must hold no tables at all (a new file, or a new empty database): a copy never merges."""
    url = resolve_url(target)
    path = sqlite_file(url)
    if path is not None and not path.exists():
        return
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            tables = inspect(connection).get_table_names()
    except Exception:  # cannot even look: open_store reports why, in its own words
        return
    finally:
        engine.dispose()
    if tables:
        raise StoreError(_("{where} already holds tables; copy into a new file or an empty database (a copy never merges)").format(where=describe(url)))


def _replay(origin: Store, copy: Store, copied: Copied) -> None:
    """Replay every run in the source and in the copy (ids are kept, so pages match): each verdict must agree,
    and every table must hold as many rows in both."""
    from game.store.keys import load_key

    key = load_key()
    caches = (CopyCache(), CopyCache())
    last_id = 0
    while True:
        page = row_query().where(runs.c.id > last_id).order_by(runs.c.id).limit(REPLAY_PAGE)
        with origin.read() as before, copy.read() as after:
            old = before.execute(page).mappings().all()
            new = {row["run_uid"]: row for row in after.execute(page).mappings().all()}
            for row in old:
                mine = new.get(row["run_uid"])
                was = judge(row, before, caches[0], key).status
                now = judge(mine, after, caches[1], key).status if mine is not None else "missing"
                copied.replayed += mine is not None
                if was != now:
                    copied.mismatched.append(
                        _("run {run}: {was} when replayed in the source, {now} in the copy").format(
                            run=row["run_uid"], was=status_word(was), now=status_word(now)
                        )
                    )
        if not old:
            break
        last_id = old[-1]["id"]
    with origin.read() as before, copy.read() as after:
        for table in metadata.sorted_tables:
            left = before.execute(select(func.count()).select_from(table)).scalar()
            right = after.execute(select(func.count()).select_from(table)).scalar()
            if left != right:
                copied.mismatched.append(
                    _("table {table}: {left} rows in the source, {right} in the copy").format(table=table.name, left=left, right=right)
                )
