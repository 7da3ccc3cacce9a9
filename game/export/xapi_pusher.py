"""The background sender of `dojo serve --lrs`: empties the outbox every few seconds while the server runs.

The trainees' games record their runs in the shared store (which notes them for the LRS); this
thread, in the server's own process, sends them. While the LRS is down each try waits twice
as long as the one before (up to `longest`), and the statements wait in the outbox; the first
success goes back to the usual pace. Stopping it makes one last try.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from game.export.lrs import LrsTarget
from game.export.xapi_push import PushReport, push
from game.store.db import Store
from game.store.errors import StoreError


class Pusher:
    """Sends the outbox of `open_store()`'s store to `target` every `every` seconds until `stop()`."""

    def __init__(
        self,
        open_store: Callable[[], Store],
        target: LrsTarget,
        every: float = 5.0,
        longest: float = 300.0,
        report: Callable[[PushReport], None] | None = None,
    ):
        self._open_store = open_store
        self._target = target
        self._every = every
        self._longest = longest
        self._report = report
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="xapi-pusher", daemon=True)
        self.last: PushReport | None = None

    def start(self) -> None:
        """Start sending in the background."""
        self._thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        """Stop after one last try (waiting at most `timeout` seconds for it)."""
        self._stopping.set()
        self._thread.join(timeout)

    def push_once(self) -> PushReport | None:
        """One try now: build what waits and send it (once per batch); None if the store could not be opened."""
        try:
            with self._open_store() as store:
                report = push(store, self._target, tries=1)
        except StoreError:
            return None
        self.last = report
        if self._report is not None and (report.sent or report.problem):
            self._report(report)
        return report

    def _run(self) -> None:
        pause = self._every
        while True:
            report = self.push_once()
            if self._stopping.is_set():
                return
            ok = report is not None and report.problem is None
            pause = self._every if ok else min(self._longest, pause * 2)
            if self._stopping.wait(pause):
                self.push_once()  # the last try, on the way out
                return
