"""The reaper: an app that ignores SIGTERM and outlives its browser is SIGKILLed after the grace period."""

from __future__ import annotations

import asyncio
import os
import sys

import pytest

from game.tui.serve.reaper import Reaper, kill_group
from tests.process_helpers import alive, eventually, watch_grace, within

DEAF = "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); print('up', flush=True); time.sleep(600)"
# A deaf child that also starts a deaf grandchild in its process group.
DEAF_PARENT = (
    "import signal, subprocess, sys, time; signal.signal(signal.SIGTERM, signal.SIG_IGN);"
    f" child = subprocess.Popen([sys.executable, '-c', {DEAF!r}], stdout=subprocess.PIPE); child.stdout.readline();"
    " print(child.pid, flush=True); time.sleep(600)"
)


async def spawn(code: str) -> asyncio.subprocess.Process:
    """A Python child in its own process group, started as the server starts apps; waits until it is up."""
    process, _ = await spawn_reading(code)
    return process


async def spawn_reading(code: str) -> tuple[asyncio.subprocess.Process, str]:
    """`spawn`, also returning the first line the child printed."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", code, stdout=asyncio.subprocess.PIPE, start_new_session=True
    )
    assert process.stdout is not None
    line = await process.stdout.readline()
    return process, line.decode().strip()


@pytest.mark.asyncio
async def test_a_child_ignoring_sigterm_is_killed_after_the_grace_period(monkeypatch: pytest.MonkeyPatch) -> None:
    """A tracked child that ignores SIGTERM is given the grace period to quit, then killed, and reported as killed."""
    waits = watch_grace(monkeypatch)
    reaper = Reaper(grace=0.5)
    process = await spawn(DEAF)
    reaper.track(process)
    assert reaper.pids == [process.pid]
    os.kill(process.pid, 15)  # SIGTERM: ignored, as in the orphan bug
    killed = await within(reaper.reap(process), "reaping a child that ignores SIGTERM")
    assert waits.timeouts == [0.5] and waits.expired == 1, "the child was not given exactly the grace period to quit"
    assert killed is True
    assert not alive(process.pid)
    assert reaper.pids == []


@pytest.mark.asyncio
async def test_a_child_that_exits_by_itself_is_not_killed(monkeypatch: pytest.MonkeyPatch) -> None:
    """A child that quits within the grace period is reaped without a kill, when it exits: an hour's grace is not waited out."""
    waits = watch_grace(monkeypatch)
    reaper = Reaper(grace=3600.0)
    process = await spawn("print('up', flush=True)")
    reaper.track(process)
    killed = await within(reaper.reap(process), "reaping a child that had exited (the hour's grace must not be waited out)")
    assert killed is False
    assert waits.expired == 0
    assert reaper.pids == []


@pytest.mark.asyncio
async def test_the_whole_process_group_is_killed() -> None:
    """A grandchild the app started in its group dies with it."""
    reaper = Reaper(grace=0.3)
    process, line = await spawn_reading(DEAF_PARENT)
    grandchild = int(line)
    assert alive(grandchild) and os.getpgid(grandchild) == process.pid
    reaper.track(process)
    await within(reaper.reap(process), "reaping a deaf child with a grandchild")
    await eventually(lambda: not alive(grandchild), "the grandchild dying with its process group")


@pytest.mark.asyncio
async def test_reap_all_kills_every_deaf_child_within_one_grace_period(monkeypatch: pytest.MonkeyPatch) -> None:
    """Shutdown: three deaf children are all killed, their grace periods running at once (about one grace period in all, not three)."""
    waits = watch_grace(monkeypatch)
    reaper = Reaper(grace=0.5)
    processes = [await spawn(DEAF) for _ in range(3)]
    for process in processes:
        reaper.track(process)
    assert await within(reaper.reap_all(), "reaping three deaf children") == 3
    assert waits.most_at_once == 3, f"the grace periods ran {waits.most_at_once} at a time, not all three at once"
    assert not any(alive(process.pid) for process in processes)
    assert reaper.pids == []


@pytest.mark.asyncio
async def test_kill_group_of_a_finished_group_says_so() -> None:
    """Killing the group of a child that already exited returns False instead of raising."""
    process = await spawn("print('up', flush=True)")
    await process.wait()
    assert kill_group(process.pid) is False
