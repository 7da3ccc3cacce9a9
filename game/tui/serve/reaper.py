"""Track the app processes a server starts, and kill the ones that outlive their browser.

A browser that disconnects early can leave its app process spinning at 100% CPU, deaf to
SIGTERM (pitfalls.md). Each app is started as the leader of its own process group; when
its browser goes, it gets a grace period to quit by itself, then the whole group is
SIGKILLed. Nothing here knows about websockets, so it can be tested with any child.
"""

from __future__ import annotations

import asyncio
import os
import signal
from asyncio.subprocess import Process

DEFAULT_GRACE = 2.0


def kill_group(pid: int) -> bool:
    """SIGKILL the process group led by `pid`; False if nothing was left to kill."""
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        return False
    return True


class Reaper:
    """The live app processes of one server, each the leader of its own process group."""

    def __init__(self, grace: float = DEFAULT_GRACE):
        self.grace = grace
        self._live: dict[int, Process] = {}

    def track(self, process: Process) -> None:
        """Remember a process started with `start_new_session=True`."""
        self._live[process.pid] = process

    @property
    def pids(self) -> list[int]:
        """The tracked processes not yet reaped."""
        return sorted(self._live)

    async def reap(self, process: Process) -> bool:
        """Give `process` the grace period to exit, then kill its group; True if it had to be killed."""
        killed = False
        try:
            await asyncio.wait_for(process.wait(), self.grace)
        except TimeoutError:
            killed = kill_group(process.pid)
            if not killed and process.returncode is None:
                process.kill()  # no group to kill (it left it): the process itself, at least
                killed = True
            await process.wait()
        # Forgotten only once dead: a reap cut short leaves it for `reap_all` at shutdown.
        self._live.pop(process.pid, None)
        # Anything the app started in its group must not outlive it either.
        kill_group(process.pid)
        return killed

    async def reap_all(self) -> int:
        """Reap every tracked process at once (server shutdown); returns how many were killed."""
        outcomes = await asyncio.gather(*(self.reap(process) for process in list(self._live.values())))
        return sum(outcomes)
