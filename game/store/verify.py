"""Replay verification: a stored score is believed only if replaying the run gives it again.

For each run: load its stored scenario copy with its stored rubric (both checked against
their hashes), rebuild the Session from the stored seed, mode and events, score it, and
compare percent, band and ending (floats within 1e-6) and the whole stored summary with
what the replay gives. Then check the run's seal, an HMAC over every fact of the row with
a key kept outside the database (`keys.py`), so that an edit that leaves the score alone
(a changed event time, a run moved to another player, practice turned ranked) is caught
too, and a re-sealed edit as well. A run that fails is marked 'flagged' and leaves the
boards; a flagged run that passes again (its row was put right) is marked 'verified' again.
On a store that cannot be written (read-only, or a full disk) the verdicts are reported all
the same and nothing is written (`Report.not_stored` says why).

What is not the run's fault is not flagged: a run sealed before seals had a key stays
'legacy' (the owner adopts it with `reseal`), a run sealed with another key is reported,
and a run whose stored scenario or rubric copy is damaged is reported "not checkable"
with the copy named as damaged (`repair_copies` restores a copy from the official pack).
A database SQLite finds damaged, or one with a damaged copy, is never written by a pass.

`verify_store` checks the whole database in pages; `seal_problem` checks one row's seal
(the boards use it on every row they are about to show: no replay on a view).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select, text, update

from game.engine.session import SAVE_FORMAT, Session, SessionError
from game.store import analyses
from game.store.copies import CopyCache, CopyError, DamagedCopy
from game.store.db import Store
from game.store.errors import FULL, READ_ONLY, StoreError
from game.store.keys import LEGACY, SealKey, legacy_seal, load_key
from game.store.run_words import (
    BAND_DIFFERS,
    COPY_NOT_REPAIRED,
    EDITED,
    ENDING_DIFFERS,
    LEGACY_SEAL,
    NOT_REPLAYABLE,
    OTHER_KEY,
    SCORE_DIFFERS,
    SUMMARY_DAMAGED,
    SUMMARY_DIFFERS,
    SUMMARY_NOT_JSON,
)
from game.store.standings import rebuild
from game.store.tables import players, runs
from game.store.windows import iso
from scoring.scorer import ScoreCard

TOLERANCE = 1e-6
VERIFIED, FLAGGED, LEGACY_STATUS = "verified", "flagged", "legacy"
UNCHECKED = "unchecked"  # a verdict only: the run could not be checked here (never stored as a status)
PAGE_SIZE = 500
SEALED = (
    "run_uid",
    "identity",
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


# What seals covered before they had a key (schema 1): the player by the name as typed.
LEGACY_SEALED = ("run_uid", "player", *SEALED[2:])


def sealed_text(row: Mapping[str, Any]) -> str:
    """The canonical text of a run's facts (`SEALED`) that its seal is made over; the player by identity."""
    return dumps([row[name] for name in SEALED])


def seal_of(row: Mapping[str, Any], key: SealKey | None = None) -> str:
    """The seal of a run's facts: an HMAC-SHA256 with `key` (the store owner's, by default)."""
    return (key or load_key()).seal(sealed_text(row))


def seal_problem(row: Mapping[Any, Any], key: SealKey) -> str | None:
    """Why this row's seal does not vouch for it here, or None when it checks with `key`."""
    kept = row.get("seal_key")
    if kept == LEGACY:
        return LEGACY_SEAL
    if kept != key.key_id:
        return OTHER_KEY
    if not key.checks(sealed_text(row), str(row["seal"])):
        return EDITED
    return None


def legacy_seal_checks(row: Mapping[Any, Any]) -> bool:
    """True when a legacy row still has the plain sha256 seal of its facts (which anyone could remake)."""
    return legacy_seal(dumps([row[name] for name in LEGACY_SEALED])) == row["seal"]


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


def check_row(row: Mapping[Any, Any], connection: Connection | None, cache: CopyCache, key: SealKey | None = None) -> str | None:
    """Why this run fails verification, or None if its replay and seal match what is stored.

    A damaged stored copy raises DamagedCopy: that is not the run's fault (see `judge`).
    With `key` None only the replay is checked (the caller checks the seal itself).
    """
    problem = replay_problem(row, connection, cache)
    if problem is None and key is not None:
        problem = seal_problem(row, key)
    return problem


def replay_problem(row: Mapping[Any, Any], connection: Connection | None, cache: CopyCache) -> str | None:
    """Why replaying this run does not give what is stored, or None; DamagedCopy propagates."""
    try:
        card = replay(row, connection, cache)
    except DamagedCopy:
        raise
    except (CopyError, SessionError) as error:
        return NOT_REPLAYABLE.format(error=error)
    except Exception as error:  # noqa: BLE001 - a damaged row must be flagged, never crash the pass
        return NOT_REPLAYABLE.format(error=f"{type(error).__name__}: {error}")
    if abs(card.percent - float(row["percent"])) > TOLERANCE:
        return SCORE_DIFFERS.format(stored=f"{row['percent']:.1f}", replayed=f"{card.percent:.1f}")
    if card.band != row["band"]:
        return BAND_DIFFERS.format(stored=row["band"] or "none", replayed=card.band or "none")
    if card.ending.id != row["ending"]:
        return ENDING_DIFFERS.format(stored=row["ending"], replayed=card.ending.id)
    return _summary_problem(row["summary"], expected_summary(card))


@dataclass(frozen=True)
class Verdict:
    """What checking one run found: a status (VERIFIED, FLAGGED, LEGACY_STATUS or UNCHECKED) and why."""

    status: str
    problem: str | None = None
    damaged_copy: str | None = None  # the damaged copy's message, when that is why it is unchecked


def too_costly(row: Mapping[Any, Any], connection: Connection | None, cache: CopyCache) -> str | None:
    """Why this run's (scenario, rubric) pair is too costly to analyse (from the store's mark, else a bounded search), or None.

    A pair is searched at most once per pass, never past `analyses.STATE_BOUND`; DamagedCopy propagates.
    """
    pair = (row["content_hash"], row["rubric_digest"])
    known = cache.too_costly
    if pair not in known:
        found = analyses.stored(connection, *pair) if connection is not None else None
        if found is None:
            target = cache.replayable(connection, *pair)
            found = analyses.analyse(target.scenario, target.scorer)
        known[pair] = found.problem
    return known[pair]


def judge(row: Mapping[Any, Any], connection: Connection | None, cache: CopyCache, key: SealKey) -> Verdict:
    """Replay and seal-check one run, telling the run's faults from the store's (see the module docstring)."""
    try:
        costly = too_costly(row, connection, cache)
        if costly is not None:
            return Verdict(FLAGGED, costly)
        problem = replay_problem(row, connection, cache)
    except DamagedCopy as error:
        return Verdict(UNCHECKED, COPY_NOT_REPAIRED.format(error=error), str(error))
    if problem is not None:
        return Verdict(FLAGGED, problem)
    if row.get("seal_key") == LEGACY:
        return Verdict(LEGACY_STATUS, seal_problem(row, key))
    sealing = seal_problem(row, key)
    if sealing is not None and row.get("seal_key") != key.key_id:
        return Verdict(UNCHECKED, sealing)
    return Verdict(FLAGGED if sealing else VERIFIED, sealing)


def _summary_problem(stored_text: str, expected: dict[str, Any]) -> str | None:
    """Compare the stored summary with the replay's; the exact percent within the tolerance."""
    try:
        stored = json.loads(stored_text)
    except ValueError:
        return SUMMARY_NOT_JSON
    if not isinstance(stored, dict):
        return SUMMARY_DAMAGED
    exact = stored.pop("percent_exact", None)
    wanted = expected.pop("percent_exact")
    if not isinstance(exact, (int, float)) or abs(exact - wanted) > TOLERANCE:
        return SUMMARY_DIFFERS
    if json.loads(dumps(stored)) != json.loads(dumps(expected)):
        return SUMMARY_DIFFERS
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
    unchecked: list[Finding] = field(default_factory=list)  # damaged copy, another key
    legacy: int = 0  # runs sealed before seals had a key
    resealed: int = 0  # legacy runs the owner adopted in this pass
    damaged_copies: list[str] = field(default_factory=list)
    wrote: bool = True  # False when the database was found damaged and nothing was written
    # Why the new statuses could not be stored (a read-only or full store), or None: the
    # verdicts are still reported, and the database is left exactly as it was.
    not_stored: str | None = None

    @property
    def passed(self) -> int:
        """Runs whose replay and seal checked (legacy and unchecked runs did not)."""
        return self.checked - len(self.flagged) - len(self.unchecked) - self.legacy

    @property
    def ok(self) -> bool:
        """True when every run passed and the file itself is sound."""
        return not self.flagged and self.integrity == "ok" and not self.damaged_copies and not self.unchecked

    def to_json(self) -> dict[str, Any]:
        """A plain dict for `dojo verify --json`."""
        return {
            "checked": self.checked,
            "passed": self.passed,
            "flagged": [finding.to_json() for finding in self.flagged],
            "restored": self.restored,
            "integrity": self.integrity,
            "unchecked": [finding.to_json() for finding in self.unchecked],
            "legacy": self.legacy,
            "resealed": self.resealed,
            "damaged_copies": self.damaged_copies,
            "wrote": self.wrote,
            **({"not_stored": self.not_stored} if self.not_stored is not None else {}),
        }


def row_query() -> Any:
    """Every stored column of a run, plus the player's name."""
    return select(runs, players.c.name.label("player"), players.c.identity).join(players, players.c.id == runs.c.player_id)


def verify_store(
    store: Store,
    include_practice: bool = False,
    page_size: int = PAGE_SIZE,
    progress: Callable[[int], None] | None = None,
    cache: CopyCache | None = None,
    key: SealKey | None = None,
    reseal: bool = False,
) -> Report:
    """Replay every ranked run (every run with `include_practice`); flag failures, restore passes.

    With `reseal` (the owner's act) a legacy run, or one sealed with another key, whose replay
    matches is sealed again with `key`. Nothing is written when SQLite finds the file damaged
    or a stored copy is damaged, nor on a store that cannot be written (read-only, or a full
    disk): the report says so (`Report.wrote`, `Report.not_stored`).
    """
    report = Report(integrity=integrity(store))
    cache = cache or CopyCache()
    key = key or load_key()
    pending: list[tuple[Mapping[Any, Any], Verdict]] = []
    last_id = 0
    while True:
        query = row_query().where(runs.c.id > last_id).order_by(runs.c.id).limit(page_size)
        if not include_practice:
            query = query.where(runs.c.mode == "ranked")
        with store.read() as connection:
            rows = connection.execute(query).mappings().all()
            verdicts = [(row, judge(row, connection, cache, key)) for row in rows]
        if not rows:
            break
        last_id = rows[-1]["id"]
        _count(verdicts, report, reseal)
        pending.extend((row, verdict) for row, verdict in verdicts if _change(row, verdict, reseal) is not None)
        if progress:
            progress(report.checked)
    report.wrote = report.integrity == "ok" and not report.damaged_copies
    if report.wrote and pending:
        try:
            _write_changes(store, pending, key, reseal)
        except StoreError as error:
            # A store that cannot be written (read-only, or a full disk) is still read and
            # reported on: the verdicts stand, only their record waits for a writable store.
            if error.kind not in (READ_ONLY, FULL):
                raise
            report.not_stored = error.message
            report.wrote = False
    return report


def _count(verdicts: Sequence[tuple[Mapping[Any, Any], Verdict]], report: Report, reseal: bool) -> None:
    """Add one page's verdicts to the report."""
    for row, verdict in verdicts:
        report.checked += 1
        finding = Finding(row["run_uid"], row["player"], row["scenario_id"], row["mode"], row["finished_at"], verdict.problem or "")
        if verdict.status == FLAGGED:
            report.flagged.append(finding)
        elif verdict.status == UNCHECKED and not (reseal and verdict.damaged_copy is None):
            report.unchecked.append(finding)
            if verdict.damaged_copy and verdict.damaged_copy not in report.damaged_copies:
                report.damaged_copies.append(verdict.damaged_copy)
        elif verdict.status == LEGACY_STATUS and not reseal:
            report.legacy += 1
        elif verdict.status in (LEGACY_STATUS, UNCHECKED):
            report.resealed += 1
        elif row["status"] != VERIFIED:
            report.restored += 1


def _change(row: Mapping[Any, Any], verdict: Verdict, reseal: bool) -> dict[str, Any] | None:
    """The status change a verdict asks for, or None."""
    if verdict.status == FLAGGED or (verdict.status == VERIFIED and row["status"] != VERIFIED):
        if verdict.status != row["status"] or verdict.problem != row["problem"]:
            return {"status": verdict.status, "problem": verdict.problem}
        return None
    if reseal and (verdict.status == LEGACY_STATUS or (verdict.status == UNCHECKED and verdict.damaged_copy is None)):
        return {"status": VERIFIED, "problem": None, "reseal": True}
    return None


def _write_changes(store: Store, pending: Sequence[tuple[Mapping[Any, Any], Verdict]], key: SealKey, reseal: bool) -> None:
    """Write the status changes (and the owner's new seals) in one write transaction."""
    now = store.clock()
    with store.write() as connection:
        for row, verdict in pending:
            change = _change(row, verdict, reseal)
            if change is None:
                continue
            values: dict[str, Any] = {"status": change["status"], "problem": change["problem"], "checked_at": now}
            if change.get("reseal"):
                values.update(seal=seal_of(row, key), seal_key=key.key_id)
            connection.execute(update(runs).where(runs.c.id == row["id"]).values(**values))
        # Which runs count changed: those players' boards are recomputed in the same transaction.
        rebuild(connection, {int(row["player_id"]) for row, _verdict in pending})


def integrity(store: Store) -> str:
    """SQLite's `PRAGMA quick_check` verdict: 'ok' or its first complaint ('ok' elsewhere)."""
    if store.url.get_backend_name() != "sqlite":
        return "ok"
    with store.read() as connection:
        verdict = connection.execute(text("PRAGMA quick_check")).scalar()
    return str(verdict)
