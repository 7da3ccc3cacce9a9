"""The xAPI outbox: what the store keeps so that no run is lost on its way to a learning record store.

Two steps, both in the store:

1. While the store has an LRS configured (`configure`, kept in `dojo_meta`), recording a run
   notes its uid in `xapi_runs` in the same transaction as the run itself (`note_run`).
2. Later (`dojo xapi push`, `dojo run --lrs`, a pusher inside `dojo serve`) each noted run is
   replayed and turned into statements (game/export/xapi.py), which are filed here with their
   ids fixed (`file_statements`), and sent; a statement is marked sent only when the LRS has
   acknowledged it (`mark_sent`), so a statement is sent until the LRS has it, and a resend
   of one it has is harmless (same id).

The LRS's address and the trainees' home page are kept here; its credentials never are
(they come from DOJO_LRS_AUTH each time).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, select

from game.store.db import Store
from game.store.tables import meta, runs, xapi_outbox, xapi_runs

LRS_KEY = "xapi_lrs"  # the LRS's base address (ending in /xAPI/)
HOME_PAGE_KEY = "xapi_home_page"  # the homePage of every trainee's account
ACTOR_KEY = "xapi_actor"  # 'account' (the default) or 'mbox'
# Where trainees' accounts live unless the owner names their own home page.
DEFAULT_HOME_PAGE = "https://service-dojo.invalid/players/"
ACTOR_KINDS = ("account", "mbox")


@dataclass(frozen=True)
class XapiSettings:
    """The store's xAPI settings: the LRS address (None: no LRS configured), home page and actor kind."""

    lrs: str | None
    home_page: str
    actor: str


@dataclass(frozen=True)
class Pending:
    """A statement not yet acknowledged by the LRS."""

    statement_id: str
    run_uid: str
    statement: dict[str, Any]
    attempts: int


@dataclass(frozen=True)
class Counts:
    """How many runs wait to become statements, and how many statements are sent and waiting."""

    runs_waiting: int
    sent: int
    waiting: int


def _meta_values(connection: Connection) -> dict[str, str]:
    rows = connection.execute(select(meta.c.key, meta.c.value).where(meta.c.key.in_((LRS_KEY, HOME_PAGE_KEY, ACTOR_KEY)))).all()
    return {row.key: row.value for row in rows}


def settings_in(connection: Connection) -> XapiSettings:
    """The xAPI settings as a transaction sees them."""
    values = _meta_values(connection)
    return XapiSettings(values.get(LRS_KEY), values.get(HOME_PAGE_KEY, DEFAULT_HOME_PAGE), values.get(ACTOR_KEY, "account"))


def settings(store: Store) -> XapiSettings:
    """The store's xAPI settings."""
    with store.read() as connection:
        return settings_in(connection)


def configure(store: Store, *, lrs: str | None = None, home_page: str | None = None, actor: str | None = None) -> XapiSettings:
    """Keep the settings given (None leaves one as it is); returns them all as now kept."""
    if actor is not None and actor not in ACTOR_KINDS:
        raise ValueError(f"actor must be one of {ACTOR_KINDS}")
    changes = {LRS_KEY: lrs, HOME_PAGE_KEY: home_page, ACTOR_KEY: actor}
    with store.write() as connection:
        for key, value in changes.items():
            if value is None:
                continue
            connection.execute(meta.delete().where(meta.c.key == key))
            connection.execute(meta.insert().values(key=key, value=value))
        return settings_in(connection)


def note_run(connection: Connection, run_uid: str, now: float) -> bool:
    """Inside the transaction recording a run: note it for the LRS if one is configured; returns whether it was."""
    if _meta_values(connection).get(LRS_KEY) is None:
        return False
    connection.execute(xapi_runs.insert().values(run_uid=run_uid, queued_at=now))
    return True


def runs_to_build(store: Store, limit: int = 100) -> list[str]:
    """The uids of noted runs whose statements are not made yet, oldest first."""
    with store.read() as connection:
        query = (
            select(xapi_runs.c.run_uid)
            .join(runs, runs.c.run_uid == xapi_runs.c.run_uid)
            .where(xapi_runs.c.built_at.is_(None))
            .order_by(xapi_runs.c.queued_at, runs.c.id)  # noted in the same second: in the order recorded
        )
        return [row.run_uid for row in connection.execute(query.limit(limit))]


def file_statements(store: Store, run_uid: str, statements: Sequence[dict[str, Any]], problem: str | None = None) -> int:
    """File a run's statements in the outbox (ids as made) and mark the run built; returns how many were filed.

    The run is claimed first (an UPDATE of its row while not yet built), so of two pushers
    building the same run at once only one files its statements: the other waits on the row
    and then finds it built (on SQLite the write transactions simply take turns).
    """
    now = store.clock()
    with store.write() as connection:
        claimed = connection.execute(
            xapi_runs.update().where(xapi_runs.c.run_uid == run_uid, xapi_runs.c.built_at.is_(None)).values(built_at=now, problem=problem)
        ).rowcount
        if claimed != 1 or not statements:
            return 0
        rows = [
            {"statement_id": str(statement["id"]), "run_uid": run_uid, "place": place, "statement": json.dumps(statement, sort_keys=True),
             "queued_at": now, "attempts": 0}
            for place, statement in enumerate(statements)
        ]
        connection.execute(xapi_outbox.insert(), rows)
        return len(rows)


def pending(store: Store, limit: int = 50) -> list[Pending]:
    """Statements the LRS has not acknowledged, in the order they were made."""
    query = (
        select(xapi_outbox.c.statement_id, xapi_outbox.c.run_uid, xapi_outbox.c.statement, xapi_outbox.c.attempts)
        .where(xapi_outbox.c.sent_at.is_(None))
        .order_by(xapi_outbox.c.queued_at, xapi_outbox.c.run_uid, xapi_outbox.c.place)
        .limit(limit)
    )
    with store.read() as connection:
        return [Pending(row.statement_id, row.run_uid, json.loads(row.statement), row.attempts) for row in connection.execute(query)]


def mark_sent(store: Store, statement_ids: Sequence[str]) -> None:
    """The LRS has these statements: never send them again."""
    if not statement_ids:
        return
    now = store.clock()
    with store.write() as connection:
        connection.execute(
            xapi_outbox.update()
            .where(xapi_outbox.c.statement_id.in_(list(statement_ids)), xapi_outbox.c.sent_at.is_(None))
            .values(sent_at=now, last_error=None, attempts=xapi_outbox.c.attempts + 1)
        )


def note_failure(store: Store, statement_ids: Sequence[str], error: str) -> None:
    """A send of these statements failed: count the attempt and keep why; they stay in the outbox."""
    if not statement_ids:
        return
    with store.write() as connection:
        connection.execute(
            xapi_outbox.update()
            .where(xapi_outbox.c.statement_id.in_(list(statement_ids)), xapi_outbox.c.sent_at.is_(None))
            .values(attempts=xapi_outbox.c.attempts + 1, last_error=error)
        )


def counts(store: Store) -> Counts:
    """Runs waiting to become statements, statements sent and statements waiting."""
    with store.read() as connection:
        runs_waiting = connection.execute(select(func.count()).select_from(xapi_runs).where(xapi_runs.c.built_at.is_(None))).scalar_one()
        sent = connection.execute(select(func.count()).select_from(xapi_outbox).where(xapi_outbox.c.sent_at.is_not(None))).scalar_one()
        waiting = connection.execute(select(func.count()).select_from(xapi_outbox).where(xapi_outbox.c.sent_at.is_(None))).scalar_one()
    return Counts(int(runs_waiting), int(sent), int(waiting))
