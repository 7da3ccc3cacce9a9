"""The reaper: an app that ignores SIGTERM and outlives its browser is SIGKILLed after the grace period."""

from __future__ import annotations

import asyncio
import os
import sys
import time

import pytest

from game.tui.serve.reaper import Reaper, kill_group
from tests.process_helpers import alive

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
async def test_a_child_ignoring_sigterm_is_killed_after_the_grace_period() -> None:
    """A tracked child that ignores SIGTERM is gone soon after the grace period, and reported as killed."""
    reaper = Reaper(grace=0.5)
    process = await spawn(DEAF)
    reaper.track(process)
    assert reaper.pids == [process.pid]
    os.kill(process.pid, 15)  # SIGTERM: ignored, as in the orphan bug
    started = time.monotonic()
    killed = await asyncio.wait_for(reaper.reap(process), 5)
    took = time.monotonic() - started
    assert killed is True
    assert 0.4 <= took < 2.0
    assert not alive(process.pid)
    assert reaper.pids == []


@pytest.mark.asyncio
async def test_a_child_that_exits_by_itself_is_not_killed() -> None:
    """A child that quits within the grace period is reaped without a kill, at once."""
    reaper = Reaper(grace=5.0)
    process = await spawn("print('up', flush=True)")
    reaper.track(process)
    started = time.monotonic()
    assert await reaper.reap(process) is False
    assert time.monotonic() - started < 2.0
    assert reaper.pids == []


@pytest.mark.asyncio
async def test_the_whole_process_group_is_killed() -> None:
    """A grandchild the app started in its group dies with it."""
    reaper = Reaper(grace=0.3)
    process, line = await spawn_reading(DEAF_PARENT)
    grandchildren = [int(line)]
    assert alive(grandchildren[0]) and os.getpgid(grandchildren[0]) == process.pid
    reaper.track(process)
    await asyncio.wait_for(reaper.reap(process), 5)
    for _ in range(20):
        if not any(alive(pid) for pid in grandchildren):
            break
        await asyncio.sleep(0.05)
    assert not any(alive(pid) for pid in grandchildren)


@pytest.mark.asyncio
async def test_reap_all_kills_every_deaf_child_within_one_grace_period() -> None:
    """Shutdown: three deaf children are all gone after about one grace period, not three."""
    reaper = Reaper(grace=0.5)
    processes = [await spawn(DEAF) for _ in range(3)]
    for process in processes:
        reaper.track(process)
    started = time.monotonic()
    assert await asyncio.wait_for(reaper.reap_all(), 5) == 3
    assert time.monotonic() - started < 1.5
    assert not any(alive(process.pid) for process in processes)
    assert reaper.pids == []


@pytest.mark.asyncio
async def test_kill_group_of_a_finished_group_says_so() -> None:
    """Killing the group of a child that already exited returns False instead of raising."""
    process = await spawn("print('up', flush=True)")
    await process.wait()
    assert kill_group(process.pid) is False
