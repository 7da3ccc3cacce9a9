"""Replay verification: a stored score is believed only if replaying the run gives it again.

For each run: load its stored scenario copy with its stored rubric (both checked against
their hashes), rebuild the Session from the stored seed, mode and events, score it, and
compare percent, band and ending (floats within 1e-6) and the whole stored summary with
what the replay gives. Then check the run's seal, a digest over every fact of the row,
so that an edit that leaves the score alone (a changed event time, a run moved to another
player) is caught too. A run that fails is marked 'flagged' and leaves the boards; a
flagged run that passes again (its row was put right) is marked 'verified' again. On a store that
cannot be written (read-only, or a full disk) the verdicts are reported all the same and
nothing is written (`Report.not_stored` says why).

`verify_store` checks the whole database in pages; `check_runs` checks a few runs (the
boards use it on every row they are about to show).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, bindparam, select, text, update

from game.engine.session import SAVE_FORMAT, Session, SessionError
from game.store.copies import CopyCache, CopyError
from game.store.db import Store
from game.store.errors import FULL, READ_ONLY, StoreError
from game.store.tables import players, runs
from game.store.windows import iso
from scoring.scorer import ScoreCard

TOLERANCE = 1e-6
VERIFIED, FLAGGED = "verified", "flagged"
PAGE_SIZE = 500
SEALED = (
    "run_uid",
    "player",
    "scenario_id",
    "content_hash",
    "rubric_id",
    "rubric_version",
    "rubric_digest",
    "mode",
    "seed",
    "events",
    "summary",
    "percent",
    "band",
    "ending",
    "started_at",
    "finished_at",
    "duration",
)


def expected_summary(card: ScoreCard) -> dict[str, Any]:
    """What a run stores as its summary: the ScoreCard JSON plus the unrounded percent and ending."""
    summary = card.to_json()
    summary["percent_exact"] = card.percent
    summary["ending"] = card.ending.id
    return summary


def dumps(data: Any) -> str:
    """Canonical JSON: the same data always gives the same text (seals depend on it)."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def seal_of(row: Mapping[str, Any]) -> str:
    """The digest of a run's facts (`SEALED`); the row's player is its name."""
    return hashlib.sha256(dumps([row[name] for name in SEALED]).encode("utf-8")).hexdigest()


def replay(row: Mapping[str, Any], connection: Connection | None, cache: CopyCache) -> ScoreCard:
    """Replay one stored run and score it; raises CopyError or SessionError."""
    target = cache.replayable(connection, row["content_hash"], row["rubric_digest"])
    try:
        events = json.loads(row["events"])
    except ValueError as error:
        raise SessionError(f"the stored events are not valid JSON ({error})") from None
    data = {
        "format": SAVE_FORMAT,
        "scenario": row["scenario_id"],
        "content_hash": row["content_hash"],
        "seed": row["seed"],
        "mode": row["mode"],
        "events": events,
    }
    session = Session.from_json(data, target.scenario, target.scorer)
    if not session.is_over:
        raise SessionError("the stored events stop before an ending")
    return session.scorecard()


def check_row(row: Mapping[Any, Any], connection: Connection | None, cache: CopyCache) -> str | None:
    """Why this run fails verification, or None if its replay and seal match what is stored."""
    try:
        card = replay(row, connection, cache)
    except (CopyError, SessionError) as error:
        return f"cannot be replayed: {error}"
    except Exception as error:  # noqa: BLE001 - a damaged row must be flagged, never crash the pass
        return f"cannot be replayed: {type(error).__name__}: {error}"
    if abs(card.percent - float(row["percent"])) > TOLERANCE:
        return f"stored score {row['percent']:.1f}% but the replay scores {card.percent:.1f}%"
    if card.band != row["band"]:
        return f"stored band {row['band'] or 'none'} but the replay earns {card.band or 'none'}"
    if card.ending.id != row["ending"]:
        return f"stored ending '{row['ending']}' but the replay ends at '{card.ending.id}'"
    problem = _summary_problem(row["summary"], expected_summary(card))
    if problem:
        return problem
    if seal_of(row) != row["seal"]:
        return "the row was edited after it was recorded (its seal does not match)"
    return None


def _summary_problem(stored_text: str, expected: dict[str, Any]) -> str | None:
    """Compare the stored summary with the replay's; the exact percent within the tolerance."""
    try:
        stored = json.loads(stored_text)
    except ValueError:
        return "the stored score summary is not valid JSON"
    if not isinstance(stored, dict):
        return "the stored score summary is damaged"
    exact = stored.pop("percent_exact", None)
    wanted = expected.pop("percent_exact")
    if not isinstance(exact, (int, float)) or abs(exact - wanted) > TOLERANCE:
        return "the stored score summary does not match the replay"
    if json.loads(dumps(stored)) != json.loads(dumps(expected)):
        return "the stored score summary does not match the replay"
    return None


# Passes ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """A run that failed verification."""

    run_uid: str
    player: str
    scenario_id: str
    mode: str
    finished_at: float
    problem: str

    def to_json(self) -> dict[str, Any]:
        """A plain dict for `dojo verify --json`."""
        return {
            "run_id": self.run_uid,
            "player": self.player,
            "scenario": self.scenario_id,
            "mode": self.mode,
            "finished_at": iso(self.finished_at),
            "problem": self.problem,
        }


@dataclass
class Report:
    """What a verification pass found."""

    checked: int = 0
    flagged: list[Finding] = field(default_factory=list)
    restored: int = 0  # runs flagged before that pass now
    integrity: str = "ok"  # SQLite's quick_check verdict ("ok", or its first complaint)
    # Why the new statuses could not be stored (a read-only or full store), or None: the
    # verdicts are still reported, and the database is left exactly as it was.
    not_stored: str | None = None

    @property
    def ok(self) -> bool:
        """True when every run passed and the file itself is sound."""
        return not self.flagged and self.integrity == "ok"

    def to_json(self) -> dict[str, Any]:
        """A plain dict for `dojo verify --json`."""
        return {
            "checked": self.checked,
            "passed": self.checked - len(self.flagged),
            "flagged": [finding.to_json() for finding in self.flagged],
            "restored": self.restored,
            "integrity": self.integrity,
            **({"not_stored": self.not_stored} if self.not_stored is not None else {}),
        }


def _row_query() -> Any:
    """Every stored column of a run, plus the player's name."""
    return select(runs, players.c.name.label("player")).join(players, players.c.id == runs.c.player_id)


def verify_store(
    store: Store,
    include_practice: bool = False,
    page_size: int = PAGE_SIZE,
    progress: Callable[[int], None] | None = None,
    cache: CopyCache | None = None,
) -> Report:
    """Replay every ranked run (every run with `include_practice`); flag failures, restore passes."""
    report = Report(integrity=integrity(store))
    cache = cache or CopyCache()
    last_id = 0
    while True:
        query = _row_query().where(runs.c.id > last_id).order_by(runs.c.id).limit(page_size)
        if not include_practice:
            query = query.where(runs.c.mode == "ranked")
        with store.read() as connection:
            rows = connection.execute(query).mappings().all()
            verdicts = [(row, check_row(row, connection, cache)) for row in rows]
        if not rows:
            return report
        last_id = rows[-1]["id"]
        _record_verdicts(store, verdicts, report)
        if progress:
            progress(report.checked)


def check_runs(store: Store, run_uids: Iterable[str], cache: CopyCache | None = None) -> list[Finding]:
    """Verify these runs now (flagging any that fail); returns the failures."""
    wanted = list(dict.fromkeys(run_uids))
    if not wanted:
        return []
    cache = cache or CopyCache()
    with store.read() as connection:
        rows = connection.execute(_row_query().where(runs.c.run_uid.in_(wanted))).mappings().all()
        verdicts = [(row, check_row(row, connection, cache)) for row in rows]
    report = Report()
    _record_verdicts(store, verdicts, report)
    return report.flagged


def _record_verdicts(store: Store, verdicts: Sequence[tuple[Mapping[Any, Any], str | None]], report: Report) -> None:
    """Count the verdicts and write the status changes in one write transaction."""
    now = store.clock()
    changes: list[dict[str, Any]] = []
    for row, problem in verdicts:
        report.checked += 1
        status = VERIFIED if problem is None else FLAGGED
        if problem is not None:
            report.flagged.append(
                Finding(row["run_uid"], row["player"], row["scenario_id"], row["mode"], row["finished_at"], problem)
            )
        elif row["status"] != VERIFIED:
            report.restored += 1
        if status != row["status"] or problem != row["problem"]:
            changes.append({"key": row["id"], "new_status": status, "new_problem": problem, "now": now})
    if changes:
        statement = (
            update(runs)
            .where(runs.c.id == bindparam("key"))
            .values(status=bindparam("new_status"), problem=bindparam("new_problem"), checked_at=bindparam("now"))
        )
        try:
            with store.write() as connection:
                connection.execute(statement, changes)
        except StoreError as error:
            # A store that cannot be written (read-only, or a full disk) is still read and
            # reported on: the verdicts stand, only their record waits for a writable store.
            if error.kind not in (READ_ONLY, FULL):
                raise
            report.not_stored = error.message


def integrity(store: Store) -> str:
    """SQLite's `PRAGMA quick_check` verdict: 'ok' or its first complaint ('ok' elsewhere)."""
    if store.url.get_backend_name() != "sqlite":
        return "ok"
    with store.read() as connection:
        verdict = connection.execute(text("PRAGMA quick_check")).scalar()
    return str(verdict)
