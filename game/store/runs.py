"""Recording finished runs and listing them.

`record_run` keeps everything needed to check a run forever: the scenario's text (filed
by content hash), the rubric's text (by digest), seed, mode, the event list, the
ScoreCard summary and the ending, with UTC start and finish times, sealed with the store
owner's key (`keys.py`). Before it is stored the run is replayed from those copies exactly
as `dojo verify` will replay it later; a run that passes is stored 'verified' (it counts on
the boards), one that does not is still stored, 'flagged', so a trainee's run is never
lost. The first run of a (scenario, rubric) pair stores its analysis, bounded
(`analyses.py`): a pair past the bound is flagged, never analysed again. A run is labelled
'official' when its scenario and rubric are in the store's official pack, else 'custom'
(`official.py`): only official runs reach the official boards. Recording a run also discards the
player's in-progress save of that scenario (one made before the run finished), in the
same transaction, and so does noting the run for the learning record store when one is
configured (`outbox.py`; not for a run kept unscored, which has no score to report).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, select

from game.i18n import _
from game.engine.analysis import known_analysis
from game.engine.session import Session
from game.store import analyses, outbox
from game.store.copies import CopyCache, CopyError, as_text, put_rubric, put_scenario
from game.store.db import Store
from game.store.keys import SealKey, load_key
from game.store.identity import guard_pin_holder
from game.store.official import pack_label
from game.store.standings import note_run
from game.store.errors import StoreError
from game.store.display import printable
from game.store.names import check_name, identity
from game.store.players import ensure_player, find_player
from game.store.tables import players, runs, sessions
from game.store.verify import FLAGGED, VERIFIED, check_row, dumps, expected_summary, seal_of
from game.store.windows import iso
from scoring.scorer import ScoreCard


@dataclass(frozen=True)
class RunRecord:
    """A stored run, as lists and exports show it."""

    run_uid: str
    player: str
    cohort: str | None
    team: str | None
    scenario_id: str
    content_hash: str
    rubric: str
    mode: str
    seed: int
    percent: float
    band: str | None
    ending: str
    started_at: float
    finished_at: float
    duration: float
    status: str
    problem: str | None

    def to_json(self) -> dict[str, Any]:
        """A plain dict for `dojo runs --json` (times as ISO 8601 UTC)."""
        return {
            "run_id": self.run_uid,
            "player": self.player,
            "cohort": self.cohort,
            "team": self.team,
            "scenario": self.scenario_id,
            "content_hash": self.content_hash,
            "rubric": self.rubric,
            "mode": self.mode,
            "seed": self.seed,
            "percent": round(self.percent, 1),
            "band": self.band,
            "ending": self.ending,
            "started_at": iso(self.started_at),
            "finished_at": iso(self.finished_at),
            "duration_seconds": round(self.duration, 1),
            "status": self.status,
            "problem": self.problem,
        }


_CACHE = CopyCache()  # one per process: recording many runs loads each scenario once


def record_run(
    store: Store,
    *,
    player: str,
    session: Session,
    scenario_text: str | bytes,
    rubric_text: str,
    file_name: str = "<scenario>",
    cohort: str | None = None,
    team: str | None = None,
    finished_at: float | None = None,
    key: SealKey | None = None,
    card: ScoreCard | None = None,
) -> RunRecord:
    """Store a finished session as a run of `player`; returns it as stored.

    `card` is the session's ScoreCard if the caller has already built it (the game keeps
    the one it shows); without it the card is built here.

    `scenario_text` must be the text the played scenario was loaded from and
    `rubric_text` that of the rubric that scored it; both are checked against the
    session's content hash and rubric digest, so the stored copies replay this very run.
    """
    if not session.is_over:
        raise StoreError(_("only a finished run can be recorded; this one has not reached an ending"))
    text = _checked_texts(session, scenario_text, rubric_text, file_name)
    key = key or load_key()
    analysis = _analysis_of(store, session)
    if analysis.problem is not None and known_analysis(session.scenario, session.scorer) is None:
        # Too costly to analyse, and not analysed here yet: kept unscored and flagged, never searched.
        return _record_unscored(store, player, session, text, rubric_text, file_name, cohort, team, finished_at, key, analysis)
    card = card or session.scorecard()
    finished = store.clock() if finished_at is None else finished_at
    started = min([event.at for event in session.events[:1]] + [finished])
    row: dict[str, Any] = {
        "run_uid": uuid.uuid4().hex,
        "player": player,
        "identity": identity(check_name(player)),
        "scenario_id": session.scenario.id,
        "content_hash": session.scenario.content_hash,
        "rubric_id": card.rubric_id,
        "rubric_version": card.rubric_version,
        "rubric_digest": session.scorer.rubric.digest,
        "mode": session.mode,
        "seed": session.seed,
        "events": dumps(session.to_json()["events"]),
        "summary": dumps(expected_summary(card)),
        "percent": round(card.percent, 6),  # ties must not hinge on the last bit of a float
        "band": card.band,
        "ending": card.ending.id,
        "started_at": started,
        "finished_at": finished,
        "duration": finished - started,
    }
    row["seal"] = seal_of(row, key)
    # The same replay `dojo verify` makes, from the copies about to be stored; done before
    # the write transaction so other writers never wait on it.
    problem = analysis.problem or check_row(row, None, _CACHE)
    with store.write() as connection:
        player_id = _player_and_copies(connection, store, row, session, analysis, (player, cohort, team), (text, file_name, rubric_text), key)
        values = {name: value for name, value in row.items() if name not in ("player", "identity")}
        stored = {
            **values,
            "player_id": player_id,
            "status": VERIFIED if problem is None else FLAGGED,
            "problem": problem,
            "checked_at": store.clock(),
            "seal_key": key.key_id,
            "pack": pack_label(connection, row["content_hash"], row["rubric_digest"], key),
        }
        inserted = connection.execute(runs.insert().values(**stored)).inserted_primary_key
        if stored["status"] == VERIFIED and stored["mode"] == "ranked" and inserted is not None:
            note_run(connection, {**stored, "id": inserted[0]})
        outbox.note_run(connection, row["run_uid"], store.clock())  # for the LRS, if one is configured
        # Only a save older than the finish: a run recorded late (it waited for disk space)
        # must not delete a newer save of the same scenario, started after it.
        connection.execute(
            sessions.delete().where(
                sessions.c.player_id == player_id,
                sessions.c.scenario_id == session.scenario.id,
                sessions.c.updated_at <= finished,
            )
        )
        return _fetch(connection, row["run_uid"])


def _record_unscored(
    store: Store,
    player: str,
    session: Session,
    text: str,
    rubric_text: str,
    file_name: str,
    cohort: str | None,
    team: str | None,
    finished_at: float | None,
    key: SealKey,
    analysis: analyses.Stored,
) -> RunRecord:
    """Keep a run of a too-costly scenario (a trainee's run is never lost), flagged and unscored."""
    ending = session.ending
    assert ending is not None  # record_run checked is_over
    finished = store.clock() if finished_at is None else finished_at
    started = min([event.at for event in session.events[:1]] + [finished])
    row: dict[str, Any] = {
        "run_uid": uuid.uuid4().hex, "player": player, "identity": identity(check_name(player)),
        "scenario_id": session.scenario.id, "content_hash": session.scenario.content_hash,
        "rubric_id": session.scorer.rubric.id, "rubric_version": session.scorer.rubric.version,
        "rubric_digest": session.scorer.rubric.digest, "mode": session.mode, "seed": session.seed,
        "events": dumps(session.to_json()["events"]), "summary": dumps({"unscored": analysis.problem}), "percent": 0.0,
        "band": None, "ending": ending.id, "started_at": started, "finished_at": finished, "duration": finished - started,
    }
    row["seal"] = seal_of(row, key)
    with store.write() as connection:
        player_id = _player_and_copies(connection, store, row, session, analysis, (player, cohort, team), (text, file_name, rubric_text), key)
        values = {name: value for name, value in row.items() if name not in ("player", "identity")}
        connection.execute(
            runs.insert().values(
                **values, player_id=player_id, status=FLAGGED, problem=analysis.problem, checked_at=store.clock(),
                seal_key=key.key_id, pack=pack_label(connection, row["content_hash"], row["rubric_digest"], key),
            )
        )
        return _fetch(connection, row["run_uid"])


def _analysis_of(store: Store, session: Session) -> analyses.Stored:
    """The pair's stored analysis, else one found now within the bound (see analyses.py)."""
    with store.read() as connection:
        found = analyses.stored(connection, session.scenario.content_hash, session.scorer.rubric.digest)
    return found if found is not None else analyses.analyse(session.scenario, session.scorer)


def _checked_texts(session: Session, scenario_text: str | bytes, rubric_text: str, file_name: str) -> str:
    """The scenario text as str, after checking both texts match what the session played."""
    try:
        text = as_text(scenario_text)
        rubric = _CACHE.rubric_from_text(rubric_text)
        if rubric.digest != session.scorer.rubric.digest:
            raise CopyError("the rubric text given is not the rubric that scored this run")
        _CACHE.remember(text, file_name, rubric, session.scenario.content_hash)
    except CopyError as error:
        raise StoreError(_("cannot record the run: {problem}").format(problem=error)) from None
    return text


def select_records() -> Any:
    """Runs joined with their players, in the shape of RunRecord (add columns or conditions to it)."""
    return select(
        runs.c.run_uid,
        players.c.name.label("player"),
        players.c.cohort,
        players.c.team,
        runs.c.scenario_id,
        runs.c.content_hash,
        runs.c.rubric_id,
        runs.c.rubric_version,
        runs.c.mode,
        runs.c.seed,
        runs.c.percent,
        runs.c.band,
        runs.c.ending,
        runs.c.started_at,
        runs.c.finished_at,
        runs.c.duration,
        runs.c.status,
        runs.c.problem,
    ).join(players, players.c.id == runs.c.player_id)


def _record(row: Any) -> RunRecord:
    data = dict(row)
    data["rubric"] = f"{data.pop('rubric_id')} {data.pop('rubric_version')}"
    return RunRecord(**data)


def _fetch(connection: Connection, run_uid: str) -> RunRecord:
    row = connection.execute(select_records().where(runs.c.run_uid == run_uid)).mappings().one()
    return _record(row)


def list_runs(
    store: Store,
    player: str | None = None,
    scenario: str | None = None,
    limit: int | None = None,
) -> list[RunRecord]:
    """Runs, newest first; only `player`'s or `scenario`'s when given. Unknown player: StoreError."""
    query = select_records().order_by(runs.c.finished_at.desc(), runs.c.id.desc())
    with store.read() as connection:
        if player is not None:
            found = find_player(connection, player)
            if found is None:
                raise StoreError(_("no player called '{name}' in {where}").format(name=printable(player), where=store.where))
            query = query.where(runs.c.player_id == found.id)
        if scenario is not None:
            query = query.where(runs.c.scenario_id == scenario)
        if limit:
            query = query.limit(limit)
        return [_record(row) for row in connection.execute(query).mappings()]


def class_records(store: Store, class_id: int) -> list[RunRecord]:
    """The runs played in a class (`class_seats.link_run`), in the order they finished."""
    from game.store.tables import class_runs

    query = (
        select_records()
        .join(class_runs, class_runs.c.run_id == runs.c.id)
        .where(class_runs.c.class_id == class_id)
        .order_by(runs.c.finished_at, runs.c.id)
    )
    with store.read() as connection:
        return [_record(row) for row in connection.execute(query).mappings()]


def iter_all_runs(store: Store, page_size: int = 1000) -> Iterator[RunRecord]:
    """Every run in the order recorded, read page by page (for exports of any size)."""
    for row in iter_run_rows(store, select_records(), page_size=page_size):
        data = dict(row)
        data.pop("id")
        yield _record(data)


def iter_run_rows(store: Store, query: Any, conditions: Sequence[Any] = (), page_size: int = 1000) -> Iterator[Any]:
    """The rows of `query` (a select over runs) meeting `conditions`, in the order recorded, page by page, with `id`."""
    last_id = 0
    while True:
        page = query.add_columns(runs.c.id).where(runs.c.id > last_id, *conditions).order_by(runs.c.id).limit(page_size)
        with store.read() as connection:
            rows = connection.execute(page).mappings().all()
        if not rows:
            return
        for row in rows:
            last_id = row["id"]
            yield row


def record_of(row: Any) -> RunRecord:
    """A RunRecord from a row of `select_records()` (extra columns are left out)."""
    return _record({name: row[name] for name in RunRecord.__dataclass_fields__ if name != "rubric"} | {
        "rubric_id": row["rubric_id"], "rubric_version": row["rubric_version"]})


def count_runs(store: Store) -> int:
    """How many runs are stored."""
    with store.read() as connection:
        return int(connection.execute(select(func.count()).select_from(runs)).scalar_one())


def events_of(store: Store, run_uid: str) -> list[dict[str, Any]]:
    """The stored event list of one run (for debriefs and tests)."""
    with store.read() as connection:
        value = connection.execute(select(runs.c.events).where(runs.c.run_uid == run_uid)).scalar()
    if value is None:
        raise StoreError(_("no run {run}").format(run=run_uid))
    return list(json.loads(value))


def _player_and_copies(
    connection: Connection,
    store: Store,
    row: dict[str, Any],
    session: Session,
    analysis: analyses.Stored,
    who: tuple[str, str | None, str | None],
    texts: tuple[str, str, str],
    key: SealKey,
) -> int:
    """Inside a run's write transaction: check the player may be recorded, and store the player, the
    scenario and rubric copies and the scenario's analysis; returns the player's id."""
    player, cohort, team = who
    text, file_name, rubric_text = texts
    guard_pin_holder(connection, player, key)
    player_id = ensure_player(connection, player, store.clock(), cohort, team)
    put_scenario(connection, session.scenario, text, file_name, store.clock())
    put_rubric(connection, session.scorer.rubric, rubric_text, store.clock())
    analyses.keep(connection, row["content_hash"], row["rubric_digest"], analysis, store.clock())
    return player_id
