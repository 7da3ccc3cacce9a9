"""What the serve tests need to know about processes, in one place.

No serve test asserts how long something took. What the reaper promises is checked by
watching it (`watch_grace`: the grace period it gave, and whether the grace periods of
several apps ran at once); waiting for a process to start or die is a hang guard with a
generous deadline (`eventually`) whose failure says what did not happen.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import pytest

from game.tui.serve import reaper as reaper_module

T = TypeVar("T")

# Deadlines of the hang guards: far beyond what any of these waits takes on an idle
# machine (a second or two), so only a hang, not a busy machine, reaches them.
HANG_GUARD_S = 60.0


def alive(pid: int) -> bool:
    """True while `pid` exists and is not a zombie."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError):  # gone before the open, or between open and read
        return False


async def within(awaitable: Awaitable[T], what: str, seconds: float = HANG_GUARD_S) -> T:
    """The result of `awaitable`; the test fails, saying `what` did not happen, if it hangs for `seconds`."""
    try:
        return await asyncio.wait_for(awaitable, seconds)
    except TimeoutError:
        pytest.fail(f"{what} did not happen within {seconds:g} s")


async def eventually(check: Callable[[], bool], what: str, seconds: float = HANG_GUARD_S) -> None:
    """Poll `check` until it holds; the test fails, saying `what` did not happen, after `seconds`."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while not check():
        if loop.time() > deadline:
            pytest.fail(f"{what} did not happen within {seconds:g} s")
        await asyncio.sleep(0.05)


class GraceWaits:
    """The reaper's grace periods as it waits them: each timeout given, how many expired, and the most at once."""

    def __init__(self) -> None:
        self.timeouts: list[float] = []
        self.expired = 0
        self.most_at_once = 0
        self._running = 0

    async def wait_for(self, awaitable: Awaitable[T], timeout: float) -> T:
        """asyncio.wait_for, watched."""
        self.timeouts.append(timeout)
        self._running += 1
        self.most_at_once = max(self.most_at_once, self._running)
        try:
            return await asyncio.wait_for(awaitable, timeout)
        except TimeoutError:
            self.expired += 1
            raise
        finally:
            self._running -= 1


class _WatchedAsyncio:
    """The asyncio module as the reaper sees it while watched: wait_for goes through GraceWaits."""

    def __init__(self, waits: GraceWaits):
        self._waits = waits

    def wait_for(self, awaitable: Awaitable[Any], timeout: float) -> Awaitable[Any]:
        return self._waits.wait_for(awaitable, timeout)

    def __getattr__(self, name: str) -> Any:
        return getattr(asyncio, name)


def watch_grace(monkeypatch: pytest.MonkeyPatch) -> GraceWaits:
    """Watch every grace period the serve reaper waits (in this test, for every Reaper)."""
    waits = GraceWaits()
    monkeypatch.setattr(reaper_module, "asyncio", _WatchedAsyncio(waits))
    return waits
