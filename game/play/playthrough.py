"""One trainee's run as the game drives it: the Session plus saving and recording.

The screens call `choose`, `undo` and `leave`; this module keeps the store in step: the
session is saved after every reply and undo (so quitting or a crash resumes in place),
and a finished run is recorded (which discards the save).

A store problem never loses the run in hand. A save or a finished run the store will not
take (a full disk, a read-only database) waits in memory in the store's outbox, the
reason is in `problem` (one line, for the screen), and play goes on. Every later reply,
of this run or any other on the same store, tries again, and so does `leave`. When the
game quits, `save_or_spill` tries one last time and writes whatever still waits to a JSON
file elsewhere (the current folder, else the temp folder, else home), and says where;
`restore_unsaved` stores such a file's runs once the database can be written again.
"""

from __future__ import annotations

import errno
import json
import os
import tempfile
import threading
import time
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game.engine.analysis import Analysis, cached_analysis
from game.engine.review import ReviewRow, last_row, review_rows
from game.engine.session import Session, SessionError, Turn
from game.store.copies import CopyError, as_text, default_rubric_text
from game.store.db import Store
from game.store.errors import BUSY, FULL, READ_ONLY, StoreError
from game.store.files import OutputError, write_output
from game.store.runs import RunRecord, record_run
from game.store.sessions import SessionStore
from game.play.catalog import Entry
from game.i18n import N_, _, ngettext
from game.play.profile import Profile
from game.play.spill_check import check_runs, check_seal, read_spill, seal_document
from scoring.scorer import ScoreCard

UNSAVED_FORMAT = "service-dojo-unsaved"
UNSAVED_VERSION = 1
# What the trainee is told happens to the run, after the reason it could not be stored.
_KEPT = {
    FULL: N_("your run is kept and will be saved when there is room"),
    READ_ONLY: N_("your run is kept in memory and written to a file when you quit"),
}
_KEPT_OTHERWISE = N_("your run is kept and saving is tried again after your next reply")


@dataclass
class Playthrough:
    """A session being played, with where it is saved and recorded; see the module docstring."""

    entry: Entry
    session: Session
    profile: Profile
    store: Store | None = None
    record: RunRecord | None = None
    problem: str | None = None
    _saves: SessionStore | None = field(default=None, repr=False)
    _finished_at: float | None = field(default=None, repr=False)
    # The finished run's verdict, kept with the number of events it was built for.
    _verdict: tuple[int, ScoreCard, tuple[ReviewRow, ...]] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.store is not None and self._saves is None:
            self._saves = SessionStore(self.store)
        if self.store is not None and self.store.read_only is not None and self.problem is None:
            # Said from the start, so nobody plays a long run believing it is being saved.
            self.problem = problem_text(StoreError(self.store.read_only, kind=self.store.read_only_kind))
        if self.practice:
            # Coaching grades each reply against the analysis: search it while the trainee
            # reads the opening, not after their first key press.
            threading.Thread(target=self.analysis, name="dojo-analysis", daemon=True).start()

    @property
    def practice(self) -> bool:
        """True in practice mode (coaching shown, undo allowed)."""
        return self.session.mode == "practice"

    @property
    def key(self) -> tuple[str, str]:
        """(player, scenario id): a store keeps one save per pair."""
        return (self.profile.name, self.session.scenario.id)

    @property
    def unsaved(self) -> bool:
        """True while this run's latest state waits in memory for the store."""
        outbox = _OUTBOXES.get(self.store) if self.store is not None else None
        return outbox is not None and outbox.holds(self)

    def choose(self, number: int) -> Turn:
        """Make the reply with this 1-based number; saves, or records once the scene is over."""
        turn = self.session.choose(self.session.replies[number - 1].id)
        if self.session.is_over and self.store is not None and self._finished_at is None:
            self._finished_at = self.store.clock()  # a run recorded late keeps its real finish time
        self._keep()
        return turn

    def undo(self) -> Turn:
        """Take back the last reply (practice only) and save."""
        turn = self.session.undo()
        self._keep()
        return turn

    def leave(self) -> str | None:
        """The trainee leaves this run's screen: try once more; None if it is stored, else why not (one line)."""
        if not self.unsaved or self.store is None:
            return None
        self._flush(outbox_for(self.store))
        return self.problem if self.unsaved else None

    def scorecard(self) -> ScoreCard:
        """The finished run's verdict (the Session's own), built once when the run finishes and kept."""
        return self._kept_verdict()[1]

    def review(self) -> tuple[ReviewRow, ...]:
        """Each reply of the finished run graded against the best on offer then (kept with the ScoreCard)."""
        return self._kept_verdict()[2]

    def _kept_verdict(self) -> tuple[int, ScoreCard, tuple[ReviewRow, ...]]:
        """The ScoreCard and review for the session's current events, built on first use after they change."""
        events = len(self.session.events)
        if self._verdict is None or self._verdict[0] != events:
            card = self.session.scorecard(self.analysis())
            self._verdict = (events, card, review_rows(self.session, card))
        return self._verdict

    def analysis(self) -> Analysis:
        """The scenario's exact best and worst paths (cached per scenario and rubric)."""
        return cached_analysis(self.session.scenario, self.session.scorer)

    def last_review(self) -> ReviewRow | None:
        """The grade of the reply just made against the others on offer then, for practice coaching."""
        return last_row(self.session, self.analysis()) if self.practice else None

    def write(self) -> None:
        """Store the current state now: record a finished run, else save it; raises StoreError."""
        if self.store is None or self._saves is None:
            return
        if self.session.is_over:
            self.record = record_run(
                self.store,
                player=self.profile.name,
                session=self.session,
                scenario_text=self.entry.raw,
                rubric_text=default_rubric_text(),
                file_name=self.entry.file_name,
                cohort=self.profile.cohort,
                team=self.profile.team,
                finished_at=self._finished_at,
                card=self.scorecard(),
            )
        else:
            self._saves.save(self.profile.name, self.session, self.entry.raw, default_rubric_text(), self.entry.file_name)

    def _keep(self) -> None:
        """Queue the new state behind anything still waiting, then try to store it all."""
        if self.store is None:
            return
        outbox = outbox_for(self.store)
        outbox.add(self)
        self._flush(outbox)

    def _flush(self, outbox: Outbox) -> None:
        failure = outbox.flush()
        self.problem = None if failure is None else problem_text(failure)


def problem_text(error: StoreError) -> str:
    """One line for the screen: what could not be stored, where, and what happens to the run."""
    return _("{reason}; {kept}.").format(reason=_reason(error), kept=_(_KEPT.get(error.kind, _KEPT_OTHERWISE)))


def _reason(error: StoreError) -> str:
    """What could not be stored and where, capitalised, without the store's advice for commands."""
    if error.kind == FULL and ": the disk is full" in error.message:
        head = error.message.split(": the disk is full", 1)[0] + ": the disk is full"
    elif error.kind in (READ_ONLY, FULL, BUSY):
        head = error.message
    else:
        head = _("could not save: {problem}").format(problem=error.message)
    return head[:1].upper() + head[1:]


# Runs waiting for the store ----------------------------------------------------------------------


@dataclass
class Outbox:
    """The runs one store has not taken yet, oldest first: finished runs, and the latest save per (player, scenario)."""

    waiting: list[Playthrough] = field(default_factory=list)

    def holds(self, playthrough: Playthrough) -> bool:
        """True if this very playthrough waits here."""
        return any(item is playthrough for item in self.waiting)

    def add(self, playthrough: Playthrough) -> None:
        """Queue a run; its newer state replaces an older unfinished one of the same player and scenario."""
        if self.holds(playthrough):
            return
        self.drop_save(playthrough.key)
        self.waiting.append(playthrough)

    def drop_save(self, key: tuple[str, str]) -> None:
        """Forget the unfinished run waiting under (player, scenario), if any (finished ones stay)."""
        self.waiting = [item for item in self.waiting if item.session.is_over or item.key != key]

    def find_save(self, key: tuple[str, str]) -> Playthrough | None:
        """The unfinished run waiting under (player, scenario), if any."""
        return next((item for item in self.waiting if not item.session.is_over and item.key == key), None)

    def flush(self) -> StoreError | None:
        """Store what waits, oldest first; the last failure, or None once nothing waits.

        A full disk, a read-only database or a busy one fails every write alike, so the
        first such failure ends the attempt (a busy database costs its whole timeout).
        """
        failure: StoreError | None = None
        for item in list(self.waiting):
            try:
                item.write()
            except StoreError as error:
                failure = error
                if error.kind in (FULL, READ_ONLY, BUSY):
                    break
                continue
            self.waiting = [other for other in self.waiting if other is not item]
        return failure


# One outbox per open store, dropped with it.
_OUTBOXES: weakref.WeakKeyDictionary[Store, Outbox] = weakref.WeakKeyDictionary()


def outbox_for(store: Store) -> Outbox:
    """The store's outbox (created empty on first use)."""
    outbox = _OUTBOXES.get(store)
    if outbox is None:
        outbox = _OUTBOXES[store] = Outbox()
    return outbox


# At quit: store it, or write it elsewhere ----------------------------------------------------------


def save_or_spill(store: Store | None, folders: Iterable[Path] | None = None, clock: Any = time.time) -> str | None:
    """At quit: store every run still waiting, else write them to a file; None if nothing waited.

    Otherwise returns one line for the terminal saying why the runs could not be stored and
    the file they were written to instead, or that no folder would take them either.
    `folders` are tried in order (default: current folder, temp folder, home).
    """
    outbox = _OUTBOXES.get(store) if store is not None else None
    if store is None or outbox is None or not outbox.waiting:
        return None
    failure = outbox.flush()
    if not outbox.waiting:
        return None
    reason = _reason(failure) if failure is not None else _("Cannot save to {where}").format(where=store.where)
    count = len(outbox.waiting)
    path, tried = spill(outbox.waiting, store, folders, clock)
    if path is None:
        return ngettext(
            "{reason}; your unsaved run could not be written anywhere else either ({tried}) and is lost",
            "{reason}; your {count} unsaved runs could not be written anywhere else either ({tried}) and are lost",
            count,
        ).format(reason=reason, count=count, tried=tried)
    outbox.waiting = []
    return ngettext(
        "{reason}; your unsaved run was written to {path} instead: store it later with: dojo restore {path}",
        "{reason}; your {count} unsaved runs were written to {path} instead: store them later with: dojo restore {path}",
        count,
    ).format(reason=reason, count=count, path=path)


def default_spill_folders() -> list[Path]:
    """Where an unsaved run may go: the current folder, the temp folder, home (each once)."""
    found: list[Path] = []
    for make in (Path.cwd, lambda: Path(tempfile.gettempdir()), Path.home):
        try:
            folder = make()
        except (OSError, RuntimeError):  # a deleted current folder, no home
            continue
        if folder not in found:
            found.append(folder)
    return found


def spill(
    waiting: Iterable[Playthrough], store: Store, folders: Iterable[Path] | None = None, clock: Any = time.time
) -> tuple[Path | None, str]:
    """Write the runs to `dojo-unsaved-TIME.json` in the first folder that takes it.

    Returns the file (None if no folder would take it) and, for the message, why each
    folder failed.
    """
    return spill_items([_run_json(item) for item in waiting], store.where, folders, clock)


def spill_items(
    items: list[dict[str, Any]], database: str, folders: Iterable[Path] | None = None, clock: Any = time.time
) -> tuple[Path | None, str]:
    """`spill` for runs already in their file form (`run_item`), meant for the store `database`."""
    text = json.dumps(unsaved_document(items, database, clock), ensure_ascii=False, indent=1)
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(clock()))
    failures: list[str] = []
    for folder in default_spill_folders() if folders is None else folders:
        try:
            return _write_new(folder, f"dojo-unsaved-{stamp}", text), ""
        except OSError as error:
            failures.append(f"{folder}: {error.strerror or error}")
    return None, "; ".join(failures) or "no folder to try"


def _write_new(folder: Path, stem: str, text: str) -> Path:
    """Create a new file in `folder` (never overwriting) holding `text`, through `game.store.files`:
    flushed to the disk (it is the only copy of the run), and a failed write leaves nothing."""
    if not folder.is_dir():
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT))
    for counter in range(1, 1000):
        path = folder / (f"{stem}.json" if counter == 1 else f"{stem}-{counter}.json")
        if os.path.lexists(path):
            continue
        try:
            write_output(str(path), lambda stream: stream.write(text), replace=False)
        except OutputError as error:
            if os.path.lexists(path):  # taken meanwhile: try the next name
                continue
            raise OSError(error.message.removeprefix(f"cannot write {path}: ")) from None
        return path
    raise FileExistsError(f"too many {stem} files in {folder}")


def unsaved_json(waiting: Iterable[Playthrough], store: Store, clock: Any = time.time) -> dict[str, Any]:
    """The runs as a self-contained document, sealed with the owner's key: each with the scenario and rubric texts it was played on."""
    return unsaved_document([_run_json(item) for item in waiting], store.where, clock)


def unsaved_document(items: list[dict[str, Any]], database: str, clock: Any = time.time) -> dict[str, Any]:
    """The file's document around runs in their file form (`run_item`), sealed with the owner's key (restore checks it)."""
    return seal_document(
        {
            "format": UNSAVED_FORMAT,
            "version": UNSAVED_VERSION,
            "database": database,
            "written_at": clock(),
            "runs": items,
        }
    )


def _run_json(playthrough: Playthrough) -> dict[str, Any]:
    try:
        text = as_text(playthrough.entry.raw)
    except CopyError:  # cannot happen for a loaded scenario (the loader needs UTF-8); keep what we can
        text = bytes(playthrough.entry.raw).decode("utf-8", errors="replace")
    profile = playthrough.profile
    return run_item(
        profile.name, profile.cohort, profile.team, playthrough.session, text, playthrough.entry.file_name,
        default_rubric_text(), playthrough._finished_at,
    )


def run_item(
    player: str,
    cohort: str | None,
    team: str | None,
    session: Session,
    scenario_text: str,
    file_name: str,
    rubric_text: str,
    finished_at: float | None,
) -> dict[str, Any]:
    """One run in the file's form: who played, the session, and the exact texts it was played on."""
    return {
        "player": player,
        "cohort": cohort,
        "team": team,
        "scenario": session.scenario.id,
        "file_name": file_name,
        "finished": session.is_over,
        "finished_at": finished_at,
        "session": session.to_json(),
        "scenario_text": scenario_text,
        "rubric_text": rubric_text,
    }


def restore_unsaved(store: Store, path: Path) -> int:
    """Store the runs of a file `save_or_spill` wrote; returns how many. Raises StoreError.

    Finished runs are recorded (with their real finish time), unfinished ones saved so they
    can be resumed. Restoring the same file twice records its finished runs twice.
    """
    data = read_spill(path)  # within limits; every run's fields checked before any is stored
    if not isinstance(data, dict) or data.get("format") != UNSAVED_FORMAT or data.get("version") != UNSAVED_VERSION:
        raise StoreError(_("{file} is not a file of unsaved Service Dojo runs").format(file=path))
    try:
        check_seal(data)
    except StoreError as error:
        raise StoreError(_("{file} cannot be restored: {problem}").format(file=path, problem=error.message)) from None
    items = check_runs(path, data.get("runs"), store.clock())
    for number, item in enumerate(items, start=1):
        try:
            _restore_one(store, item)
        except (KeyError, TypeError, SessionError, CopyError) as error:
            raise StoreError(
                _("{file}: run {number} cannot be restored ({problem}); the runs before it were stored").format(
                    file=path, number=number, problem=error
                )
            ) from None
    return len(items)


def _restore_one(store: Store, item: dict[str, Any]) -> None:
    """Rebuild one run from its own texts and store it."""
    from game.scenario.diagnostics import DiagnosticError
    from game.scenario.loader import load_scenario_text
    from scoring.rubric import RubricError, parse_rubric
    from scoring.scorer import Scorer

    try:
        rubric = parse_rubric(item["rubric_text"], "<unsaved rubric>")
        scenario = load_scenario_text(item["scenario_text"], item["file_name"], rubric).scenario
    except (RubricError, DiagnosticError) as error:
        raise CopyError(str(error).splitlines()[0] if str(error) else "it does not load") from None
    session = Session.from_json(item["session"], scenario, Scorer(rubric))
    if item["finished"]:
        record_run(
            store,
            player=item["player"],
            session=session,
            scenario_text=item["scenario_text"],
            rubric_text=item["rubric_text"],
            file_name=item["file_name"],
            cohort=item.get("cohort"),
            team=item.get("team"),
            finished_at=item.get("finished_at"),
        )
    else:
        SessionStore(store).save(item["player"], session, item["scenario_text"], item["rubric_text"], item["file_name"])


# Offering and discarding saves --------------------------------------------------------------------


def resumable(store: Store | None, profile: Profile, entry: Entry) -> tuple[Session | None, str | None]:
    """A saved session of this scenario to offer, and a note when a save could not be used.

    A run still waiting in memory (the store would not take it) is newer than any saved
    copy, so it is offered first. Either is replayed on `entry`'s scenario, so a resumed run
    plays in the language the entry was loaded in (its translation table), like a new one. A save made on another version of the scenario file,
    or a damaged one, is not offered (the note says why); the trainee then starts afresh
    and the next save replaces it.
    """
    if store is None:
        return None, None
    waiting = outbox_for(store).find_save((profile.name, entry.scenario.id))
    if waiting is not None and waiting.session.events and waiting.session.scenario.content_hash == entry.scenario.content_hash:
        kept = waiting.session
        # A copy: the waiting run keeps its own state until the resumed one replaces it.
        return Session.from_json(kept.to_json(), entry.scenario, kept.scorer), None
    try:
        saved = SessionStore(store).load_resumable(profile.name, entry.scenario.id)
    except StoreError as error:
        return None, error.message
    if saved is None:
        return None, None
    if saved.scenario.content_hash != entry.scenario.content_hash:
        return None, _("The scenario has changed since your saved run, so it starts afresh.")
    if not saved.events:
        return None, None
    # The store replays the scenario as written; the run goes on in the entry's language, as a fresh start
    # would play it (a translation keeps every id and the content hash, so the same events replay).
    return Session.from_json(saved.to_json(), entry.scenario, saved.scorer), None


def discard_save(store: Store | None, profile: Profile, entry: Entry) -> None:
    """Forget the player's saved session of this scenario (they chose to start over)."""
    if store is None:
        return
    outbox_for(store).drop_save((profile.name, entry.scenario.id))
    try:
        SessionStore(store).discard(profile.name, entry.scenario.id)
    except StoreError:
        pass  # a save we cannot delete is replaced by the next one anyway
