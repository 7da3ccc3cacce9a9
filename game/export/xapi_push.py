"""Emptying the xAPI outbox: noted runs become statements, and statements go to the LRS.

`build_waiting` replays every run noted for the LRS (store/outbox.py) on its stored scenario
copy and rubric and files its statements (xapi.py) in the outbox, ids fixed. `push` then
sends what is not yet acknowledged, in batches: a batch the LRS stores (200) is marked sent;
a batch it refuses with 409 (it has one of those ids already, say from a send whose answer
was lost) is sent again one statement at a time by id, and each 204 or 409 counts as sent.
When the LRS cannot be reached or answers 5xx, the batch is tried again after a pause that
doubles each time; after the last try everything stays in the outbox for the next push.
A statement is therefore marked sent only once the LRS has it, and sending it again is harmless.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from game.export import lrs
from game.export.xapi import Actor, RunFacts, run_statements
from game.store import outbox
from game.store.copies import CopyCache, CopyError
from game.store.db import Store
from game.store.tables import players, runs

STORED = (200, 204)
CONFLICT = 409


@dataclass(frozen=True)
class PushReport:
    """What a push did: statements sent, still waiting, and the last problem (None if none)."""

    built: int
    sent: int
    waiting: int
    problem: str | None


def build_waiting(store: Store) -> int:
    """Turn every noted run into statements in the outbox; returns how many statements were filed."""
    settings = outbox.settings(store)
    cache = CopyCache()
    filed = 0
    while uids := outbox.runs_to_build(store):
        for uid in uids:
            statements, problem = _statements_of(store, cache, uid, settings)
            filed += outbox.file_statements(store, uid, statements, problem)
    return filed


def _statements_of(store: Store, cache: CopyCache, run_uid: str, settings: outbox.XapiSettings) -> tuple[list[dict[str, Any]], str | None]:
    """The run's statements, by replaying it; none (and why) if it does not replay."""
    from game.engine.analysis import AnalysisError
    from game.engine.session import Event, Session, SessionError

    query = select(runs, players.c.identity).join(players, players.c.id == runs.c.player_id).where(runs.c.run_uid == run_uid)
    try:
        with store.read() as connection:
            row = connection.execute(query).mappings().one_or_none()
            if row is None:
                return [], "the run is not in the store"
            target = cache.replayable(connection, row["content_hash"], row["rubric_digest"])
        events = [Event(item["kind"], item["choice"], float(item["at"])) for item in json.loads(row["events"])]
        session = Session(target.scenario, seed=int(row["seed"]), mode=row["mode"], scorer=target.scorer, events=events)
        card = session.scorecard()
    except (CopyError, SessionError, AnalysisError, ValueError, KeyError, TypeError) as error:
        return [], f"it does not replay: {error}"
    facts = RunFacts(
        run_uid=run_uid,
        started_at=float(row["started_at"]),
        finished_at=float(row["finished_at"]),
        percent=float(row["percent"]),
        band=row["band"],
        mode=row["mode"],
        rubric=f"{row['rubric_id']}@{row['rubric_version']}",
        status=row["status"],
    )
    return run_statements(facts, session, card, Actor(row["identity"], settings.home_page, settings.actor)), None


Sleep = Callable[[float], None]


def push(
    store: Store,
    target: lrs.LrsTarget,
    *,
    tries: int = 4,
    first_pause: float = 0.5,
    sleep: Sleep = time.sleep,
    batch: int = 50,
) -> PushReport:
    """Build what waits, then send every unsent statement; see the module docstring."""
    built = build_waiting(store)
    sent, problem = 0, None
    while True:
        waiting = outbox.pending(store, limit=batch)
        if not waiting:
            break
        done, problem = _send_batch(store, target, waiting, tries, first_pause, sleep)
        sent += done
        if problem is not None:
            break
    return PushReport(built, sent, outbox.counts(store).waiting, problem)


def _send_batch(
    store: Store, target: lrs.LrsTarget, waiting: Sequence[outbox.Pending], tries: int, first_pause: float, sleep: Sleep
) -> tuple[int, str | None]:
    """Send one batch with retries; returns how many were marked sent and the problem that stopped it, if any."""
    ids = [item.statement_id for item in waiting]
    pause = first_pause
    problem = "not tried"
    for attempt in range(tries):
        if attempt:
            sleep(pause)
            pause *= 2
        try:
            status = lrs.post(target, [item.statement for item in waiting])
            if status in STORED:
                outbox.mark_sent(store, ids)
                return len(ids), None
            if status == CONFLICT:
                return _one_by_one(store, target, waiting)
            problem = f"the LRS answered {status}"
            if status < 500 and status != 429:
                break  # bad credentials or a statement it refuses: trying again will not help
        except lrs.LrsDown as error:
            problem = f"the LRS cannot be reached: {error}"
    outbox.note_failure(store, ids, problem)
    return 0, problem


def _one_by_one(store: Store, target: lrs.LrsTarget, waiting: Sequence[outbox.Pending]) -> tuple[int, str | None]:
    """After a 409 on a batch: PUT each statement by its id; 204 and 409 (it has it) both count as sent."""
    sent = 0
    for item in waiting:
        try:
            status = lrs.put(target, item.statement)
        except lrs.LrsDown as error:
            problem = f"the LRS cannot be reached: {error}"
            outbox.note_failure(store, [item.statement_id], problem)
            return sent, problem
        if status in STORED or status == CONFLICT:
            outbox.mark_sent(store, [item.statement_id])
            sent += 1
        else:
            problem = f"the LRS answered {status} for statement {item.statement_id}"
            outbox.note_failure(store, [item.statement_id], problem)
            return sent, problem
    return sent, None
