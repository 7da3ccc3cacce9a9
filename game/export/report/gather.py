"""Reading what a report needs from the store, read-only, as `analytics` facts.

Each run is replayed: its stored events are played through the stored copy of the
scenario it was played on (by content hash, with the rubric copy that scored it), the way
`dojo verify` does. The replay gives the path as the engine saw it (undone replies are
not on it) and the outcome of the ending from that very version, so the figures stay
right after the scenario file is edited. A run whose copy is missing or whose events no
longer replay is kept out of the figures and counted in `Gathered.unreadable`; its row is
kept in `Gathered.unreadable_runs` with the reason, so a trainee's page can list it and say
why it has no review. Asked to (`keep_sessions`), gather also keeps each replayed Session,
which the trainee's per-decision review grades.

Saves (the sessions table) are replayed the same way to find the node each stands at.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select

from game.engine.session import Event, Session, SessionError
from game.export.report.analytics import RunFacts, UnfinishedFacts
from game.i18n import _
from game.scenario.model import Scenario
from game.store.copies import CopyCache, CopyError, Replayable
from game.store.db import Store
from game.store.abandoned import Abandoned, abandoned_of
from game.store.tables import abandoned_runs, players, runs, scenario_copies, sessions


@dataclass(frozen=True)
class Version:
    """One stored version of a scenario that runs or saves were played on."""

    content_hash: str
    scenario: Scenario
    stored_at: float
    file_name: str


@dataclass(frozen=True)
class UnreadableRun:
    """A stored run that would not replay: what its row says, and why it would not."""

    run_uid: str
    player: str
    scenario_id: str
    percent: float
    band: str | None
    ending: str  # the ending's id as stored (its title is in the copy that failed)
    finished_at: float
    mode: str
    status: str
    problem: str  # one line: the copy is missing or edited, or the events no longer replay


class ReplayError(Exception):
    """A stored run or save cannot be replayed; the message says why, in one line."""


@dataclass
class Gathered:
    """Runs and saves matching a filter, with the scenario versions behind them."""

    runs: list[RunFacts] = field(default_factory=list)
    unreadable_runs: list[UnreadableRun] = field(default_factory=list)  # the runs among `unreadable`
    sessions: dict[str, Session] = field(default_factory=dict)  # run uid -> its replay (with keep_sessions)
    saves: list[UnfinishedFacts] = field(default_factory=list)
    versions: dict[str, Version] = field(default_factory=dict)
    skill_titles: dict[str, str] = field(default_factory=dict)
    abandoned: list[Abandoned] = field(default_factory=list)  # ranked attempts given up before their ending
    unreadable: int = 0  # runs or saves whose copy or events would not replay
    hidden: set[str] = field(default_factory=set)  # players who opted out of boards


@dataclass(frozen=True)
class Filter:
    """Which runs: one player's, one cohort's or one scenario's (exactly one is set)."""

    player: str | None = None
    cohort: str | None = None
    scenario: str | None = None

    def where(self, table: Any) -> list[Any]:
        """SQL conditions on `table` (runs, sessions or abandoned_runs) joined with players."""
        conditions = []
        if self.player is not None:
            conditions.append(_same_player(self.player))
        if self.cohort is not None:
            conditions.append(players.c.cohort == self.cohort)
        if self.scenario is not None:
            conditions.append(table.c.scenario_id == self.scenario)
        return conditions


def gather(store: Store, which: Filter, keep_sessions: bool = False) -> Gathered:
    """Every run and save matching `which`, replayed, from one read snapshot.

    With `keep_sessions`, each run's replayed Session is kept in `sessions` by run uid.
    """
    found = Gathered()
    cache = CopyCache()
    with store.read() as connection:
        for row in connection.execute(_runs_query(which)).mappings():
            try:
                target = _replayable(connection, cache, row["content_hash"], row["rubric_digest"], found)
                facts, session = replay_run(row, target, found)
            except ReplayError as error:
                found.unreadable += 1
                found.unreadable_runs.append(unreadable_run(row, str(error)))
                continue
            found.runs.append(facts)
            if keep_sessions:
                found.sessions[facts.run_uid] = session
        for row in connection.execute(_saves_query(which)).mappings():
            try:
                target = _replayable(connection, cache, row["content_hash"], row["rubric_digest"], found)
            except ReplayError:
                found.unreadable += 1
                continue
            save = save_facts(row, target)
            if save is None:
                found.unreadable += 1
            else:
                found.saves.append(save)
        found.abandoned = abandoned_of(connection, which.where(abandoned_runs))
        _date_versions(connection, found)
    return found


def _runs_query(which: Filter) -> Any:
    """The run rows with their player, oldest first."""
    return (
        select(
            runs.c.run_uid, runs.c.scenario_id, runs.c.content_hash, runs.c.rubric_digest, runs.c.mode, runs.c.seed,
            runs.c.events, runs.c.summary, runs.c.percent, runs.c.band, runs.c.ending, runs.c.finished_at,
            runs.c.status, players.c.name.label("player"), players.c.cohort, players.c.opted_out,
        )
        .join(players, players.c.id == runs.c.player_id)
        .where(*which.where(runs))
        .order_by(runs.c.finished_at, runs.c.id)
    )


def _saves_query(which: Filter) -> Any:
    """The saved sessions with their player."""
    return (
        select(
            sessions.c.scenario_id, sessions.c.content_hash, sessions.c.rubric_digest, sessions.c.state,
            sessions.c.updated_at, players.c.name.label("player"),
        )
        .join(players, players.c.id == sessions.c.player_id)
        .where(*which.where(sessions))
        .order_by(sessions.c.updated_at)
    )


def _replayable(connection: Connection, cache: CopyCache, content_hash: str, digest: str, found: Gathered) -> Replayable:
    """The stored copy to replay on (remembered as a version); raises ReplayError if it cannot be loaded."""
    try:
        target = cache.replayable(connection, content_hash, digest)
    except CopyError as error:
        raise ReplayError(str(error)) from None
    if content_hash not in found.versions:
        found.versions[content_hash] = Version(content_hash, target.scenario, 0.0, "")
    return target


def _date_versions(connection: Connection, found: Gathered) -> None:
    """Fill in when each version's copy was first stored and its file name."""
    if not found.versions:
        return
    query = select(scenario_copies.c.content_hash, scenario_copies.c.stored_at, scenario_copies.c.file_name).where(
        scenario_copies.c.content_hash.in_(list(found.versions))
    )
    for content_hash, stored_at, file_name in connection.execute(query):
        version = found.versions[content_hash]
        found.versions[content_hash] = Version(content_hash, version.scenario, float(stored_at), file_name)


def replay_run(row: Any, target: Replayable, found: Gathered) -> tuple[RunFacts, Session]:
    """One run row as facts and the Session its events replay to; raises ReplayError if they do not."""
    try:
        events = [Event(item["kind"], item["choice"], float(item["at"])) for item in json.loads(row["events"])]
        session = Session(target.scenario, seed=int(row["seed"]), mode=row["mode"], scorer=target.scorer, events=events)
    except (SessionError, ValueError, KeyError, TypeError):
        raise ReplayError(_("its stored replies do not replay on its scenario copy")) from None
    try:
        summary = json.loads(row["summary"])
        dimensions = summary.get("dimensions", {}) if isinstance(summary, dict) else {}
    except (ValueError, TypeError):
        raise ReplayError(_("its stored score summary is damaged")) from None
    ending = target.scenario.endings.get(row["ending"])
    skills = {}
    for name, value in dimensions.items():
        if isinstance(value, dict):
            skills[name] = value.get("percent")
            found.skill_titles.setdefault(name, str(value.get("title") or name))
    if row["opted_out"]:
        found.hidden.add(row["player"])
    facts = RunFacts(
        run_uid=row["run_uid"],
        player=row["player"],
        scenario_id=row["scenario_id"],
        percent=float(row["percent"]),
        band=row["band"],
        ending=row["ending"],
        outcome=ending.outcome.value if ending else "",
        finished_at=float(row["finished_at"]),
        path=tuple(turn.choice.key for turn in session.turns),
        skills=skills,
        cohort=row["cohort"],
        content_hash=row["content_hash"],
        mode=row["mode"],
        status=row["status"],
        taken_back=undone(events),
        ending_title=ending.title if ending else row["ending"],
    )
    return facts, session


def unreadable_run(row: Any, problem: str) -> UnreadableRun:
    """What the row of a run that would not replay still says, with why it would not."""
    return UnreadableRun(
        run_uid=row["run_uid"],
        player=row["player"],
        scenario_id=row["scenario_id"],
        percent=float(row["percent"]),
        band=row["band"],
        ending=row["ending"],
        finished_at=float(row["finished_at"]),
        mode=row["mode"],
        status=row["status"],
        problem=problem,
    )


def undone(events: Iterable[Event]) -> tuple[str, ...]:
    """The reply keys taken back with undo, in the order they were undone."""
    stack: list[str] = []
    taken: list[str] = []
    for event in events:
        if event.kind == "choose" and event.choice is not None:
            stack.append(event.choice)
        elif event.kind == "undo" and stack:
            taken.append(stack.pop())
    return tuple(taken)


def save_facts(row: Any, target: Replayable) -> UnfinishedFacts | None:
    """One saved session as facts, by replaying it; None if it does not replay."""
    try:
        session = Session.from_json(json.loads(row["state"]), target.scenario, target.scorer)
    except (SessionError, ValueError, TypeError):
        return None
    return UnfinishedFacts(
        player=row["player"],
        scenario_id=row["scenario_id"],
        at_node=None if session.is_over else session.node.id if session.node else None,
        replies=len(session.turns),
        updated_at=float(row["updated_at"]),
    )


def _same_player(name: str) -> Any:
    """The condition "this player": by the name's identity (`Alice` finds `alice`), else (a name that cannot be valid) exactly."""
    from game.store.errors import StoreError
    from game.store.names import check_name, identity

    try:
        return players.c.identity == identity(check_name(name))
    except StoreError:
        return players.c.name == name


def player_known(store: Store, name: str) -> bool:
    """True if a player has this name (by identity)."""
    with store.read() as connection:
        return connection.execute(select(players.c.id).where(_same_player(name))).first() is not None


def cohort_players(store: Store, cohort: str) -> list[str]:
    """The names of the cohort's players, by name."""
    with store.read() as connection:
        query = select(players.c.name).where(players.c.cohort == cohort).order_by(players.c.name)
        return list(connection.execute(query).scalars())
