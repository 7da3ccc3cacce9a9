"""A player's place in a class (`dojo serve --class`): what the class fixes, and what the trainer sees of them.

A class fixes the cohort (its name), the mode and the scenario list, so the controller asks
this object instead of the player's settings. As the trainee plays, their seat on the
trainer's roster is rewritten (joined; playing which scenario, at which turn, with which
face; finished with which band) and each finished run is linked to the class. Those writes
go through one background thread in order, so a key press never waits for the database;
a write that fails is kept as `problem` and play goes on (the roster is a view, the run
itself is stored by the playthrough as always).

`news()` is polled by the front end: a new message from the trainer (each shown once), the
round's end (no new run starts until the trainer starts the next), a closed class.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from game.i18n import N_, _
from game.play.catalog import Entry
from game.play.class_env import CLASS_ENV, CLASS_NAME_ENV, CLASS_SCENARIOS_ENV
from game.store.class_seats import link_run, take_seat, touch_seat, update_seat
from game.store.classes import ClassInfo, class_by_id, open_class_by_code
from game.store.errors import StoreError

__all__ = ["CHECK_SECONDS", "CLASS_ENV", "CLASS_NAME_ENV", "CLASS_SCENARIOS_ENV", "Classroom", "News"]

if TYPE_CHECKING:
    from game.play.playthrough import Playthrough
    from game.store.db import Store

CHECK_SECONDS = 1.0  # how often a front end asks for `news()`
TOUCH_SECONDS = 10.0  # how often an idle seat tells the roster it is still there
ROUND_OVER = N_("The trainer has ended the round: look at the projector. The next round starts when the trainer says so.")
CLOSED = N_("The class is closed: runs you finish are still saved, but no new run starts.")


@dataclass(frozen=True)
class News:
    """What changed in the class since the last look."""

    message: str | None  # a new message from the trainer, shown once
    round_over: bool
    closed: bool


class Classroom:
    """One player's place in one class; see the module docstring."""

    def __init__(self, store: Store, info: ClassInfo, clock: Callable[[], float] | None = None):
        self.store = store
        self.info = info
        self.player: str | None = None
        self.problem: str | None = None
        self._seen_message = info.message_seq  # a message sent before this app started is not news
        self._unlinked: list[Playthrough] = []  # finished runs still waiting for the store
        self._clock = clock or store.clock
        self._touched = 0.0
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dojo-class")

    @classmethod
    def join(cls, store: Store, code: str) -> Classroom | None:
        """The open class with this join code on `store`, or None."""
        info = open_class_by_code(store, code)
        return cls(store, info) if info is not None else None

    # What the class fixes ------------------------------------------------------------------

    @property
    def cohort(self) -> str:
        """Everyone's cohort: the class's name."""
        return self.info.name

    @property
    def mode(self) -> str:
        """The class's mode, for every run."""
        return self.info.mode

    def entries(self, available: Iterable[Entry]) -> list[Entry]:
        """The class's scenarios, in the trainer's order (ids the pack lacks are left out)."""
        by_id = {entry.scenario.id: entry for entry in available}
        return [by_id[scenario] for scenario in self.info.scenarios if scenario in by_id]

    def blocked(self) -> str | None:
        """Why no new run may start now (one line), or None."""
        if self.info.closed_at is not None:
            return _(CLOSED)
        if self.info.round_over:
            return _(ROUND_OVER)
        return None

    # What the trainer sees -----------------------------------------------------------------

    def seated(self, name: str) -> None:
        """The signed-in player takes (or comes back to) their seat."""
        self.player = name
        self._send(lambda: take_seat(self.store, self.info.id, name))

    def playing(self, playthrough: Playthrough) -> None:
        """The run in hand moved on: its scenario, turn and the customer's face now."""
        name = self.player
        if name is None:
            return
        session = playthrough.session
        if session.is_over:
            return  # `finished` says it, once the run is recorded
        scenario, turn, mood = session.scenario.id, len(session.turns) + 1, _mood(playthrough)
        self._send(lambda: update_seat(self.store, self.info.id, name, "playing", scenario_id=scenario, turn=turn, mood=mood))

    def finished(self, playthrough: Playthrough) -> None:
        """The run ended: link it to the class (once recorded) and show its band."""
        name, record = self.player, playthrough.record
        if name is None:
            return
        card = playthrough.scorecard()
        scenario, band, percent, mood = playthrough.session.scenario.id, card.band, card.percent, _mood(playthrough)

        def write() -> None:
            if record is not None:
                link_run(self.store, self.info.id, record.run_uid)
            update_seat(self.store, self.info.id, name, "finished", scenario_id=scenario, band=band, percent=percent, mood=mood)

        if record is None:  # the store did not take it yet (a full disk): linked once the outbox stores it
            self._unlinked.append(playthrough)
        self._send(write)

    def _link_stored(self) -> None:
        """Link the finished runs the store has taken since they finished (see `finished`)."""
        stored = [playthrough for playthrough in self._unlinked if playthrough.record is not None]
        self._unlinked = [playthrough for playthrough in self._unlinked if playthrough.record is None]
        for playthrough in stored:
            if playthrough.record is not None:
                self._send(partial(link_run, self.store, self.info.id, playthrough.record.run_uid))

    def left_run(self) -> None:
        """The player left a run unfinished (back to the list)."""
        name = self.player
        if name is not None:
            self._send(lambda: update_seat(self.store, self.info.id, name, "joined"))

    def leave(self) -> None:
        """The app is closing: the seat shows the player left; waits for the writes in hand."""
        name = self.player
        if name is not None:
            self._send(lambda: update_seat(self.store, self.info.id, name, "left"))
        self._writer.shutdown(wait=True)

    # What the trainer says -----------------------------------------------------------------

    def news(self) -> News:
        """Read the class again: a new message, the round's state, closed or not (the store's problem: no news).
        Finished runs the store has taken since are linked to the class here too."""
        self._link_stored()
        try:
            self.info = class_by_id(self.store, self.info.id)
        except StoreError as error:
            self.problem = error.message
            return News(None, self.info.round_over, self.info.closed_at is not None)
        message = None
        if self.info.message_seq > self._seen_message and self.info.message:
            message = self.info.message
        self._seen_message = self.info.message_seq
        now = self._clock()
        if self.player is not None and now - self._touched >= TOUCH_SECONDS:
            self._touched = now
            name = self.player
            self._send(lambda: touch_seat(self.store, self.info.id, name))
        return News(message, self.info.round_over, self.info.closed_at is not None)

    def _send(self, write: Callable[[], None]) -> Future[None] | None:
        """Queue a write for the background thread (in order); a failure is kept in `problem`."""

        def guarded() -> None:
            try:
                write()
                self.problem = None
            except StoreError as error:
                self.problem = error.message

        try:
            return self._writer.submit(guarded)
        except RuntimeError:  # shut down: the app is closing
            return None

    def flush(self) -> None:
        """Wait for every queued write (tests, and before reading the roster back); after `leave` there are none."""
        try:
            done = self._writer.submit(lambda: None)
        except RuntimeError:  # shut down by `leave`, which waited for them already
            return
        done.result()


def _mood(playthrough: Playthrough) -> str | None:
    """The main customer's face now (None in a scene with nobody but a narrator)."""
    from game.engine.faces import faces_now, main_customer

    session = playthrough.session
    customer = main_customer(session.scenario)
    return faces_now(session).get(customer) if customer is not None else None
