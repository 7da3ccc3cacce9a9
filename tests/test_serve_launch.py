"""`launch`: an app started by `dojo serve` dies with the server, even when the server is SIGKILLed."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest

from game.tui.serve import launch
from tests.process_helpers import HANG_GUARD_S, alive
from tests.test_serve_class import Served, wait_until

LINUX = sys.platform.startswith("linux")
# A parent that starts a child bound to it by `die_with_parent`, prints the child's pid, and waits.
PARENT = """
import os, subprocess, sys, time
code = "import os, sys, time; from game.tui.serve.launch import die_with_parent; die_with_parent({parent}); print('up', flush=True); time.sleep(600)"
child = subprocess.Popen([sys.executable, "-c", code.format(parent=os.getpid() if sys.argv[1] == "right" else 1)], stdout=subprocess.PIPE)
line = child.stdout.readline().decode().strip()
print(child.pid, line, flush=True)
time.sleep(600)
"""


def parent_with_child(which: str) -> tuple[subprocess.Popen[str], int, str]:
    """Start PARENT (telling the child the `which` parent pid); it, its child's pid, and the child's first line."""
    parent = subprocess.Popen([sys.executable, "-c", PARENT, which], stdout=subprocess.PIPE, text=True, start_new_session=True)
    assert parent.stdout is not None
    pid, _, line = parent.stdout.readline().strip().partition(" ")
    return parent, int(pid), line


def test_expected_parent_reads_only_a_pid() -> None:
    """DOJO_SERVE_PARENT gives the pid; missing or junk gives None (no check, the request still stands)."""
    assert launch.expected_parent({launch.PARENT_ENV: "4242"}) == 4242
    assert launch.expected_parent({}) is None
    assert launch.expected_parent({launch.PARENT_ENV: "x1"}) is None


def test_without_an_entry_module_it_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """`launch` with no entry module to run says how to call it and exits 2, binding nothing."""
    assert launch.main([]) == 2
    assert "ENTRY_MODULE" in capsys.readouterr().err


@pytest.mark.skipif(not LINUX, reason="PR_SET_PDEATHSIG is Linux only")
def test_a_bound_child_dies_when_its_parent_is_sigkilled() -> None:
    """SIGKILL the parent: the child that asked for PDEATHSIG dies with it (polled under a generous hang guard)."""
    parent, child, line = parent_with_child("right")
    try:
        assert line == "up" and alive(child)
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait()
        assert wait_until(lambda: not alive(child), HANG_GUARD_S) is not None, f"the child outlived its parent by {HANG_GUARD_S:g} s"
    finally:
        if alive(child):
            os.kill(child, signal.SIGKILL)


@pytest.mark.skipif(not LINUX, reason="PR_SET_PDEATHSIG is Linux only")
def test_a_child_whose_parent_is_already_someone_else_exits_at_once() -> None:
    """A child told a parent pid that is not its parent's (its server died first) exits before doing anything."""
    parent, child, line = parent_with_child("wrong")
    try:
        assert line == "", "the child went on after finding its server gone"
        assert wait_until(lambda: not alive(child), HANG_GUARD_S) is not None, f"the child was still running after {HANG_GUARD_S:g} s"
    finally:
        os.killpg(parent.pid, signal.SIGKILL)
        parent.wait()


def test_without_prctl_it_does_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Off Linux the request is not made and the process carries on (the reaper still guards)."""
    monkeypatch.setattr(launch.sys, "platform", "darwin")
    assert launch.die_with_parent(1) is False


async def open_app(url: str) -> aiohttp.ClientSession:
    """Connect one browser's socket and wait for the app's first output; the session stays open."""
    session = aiohttp.ClientSession()
    socket = await session.ws_connect(f"{url}/ws?width=80&height=24")
    await socket.receive(timeout=HANG_GUARD_S)
    return session


@pytest.mark.skipif(not LINUX, reason="PR_SET_PDEATHSIG is Linux only")
def test_sigkilling_dojo_serve_leaves_no_app(tmp_path: Path) -> None:
    """`dojo serve` SIGKILLed with a game open (no clean stop, no reaper): the app process dies with it (PDEATHSIG)."""
    served = Served(tmp_path)
    loop = asyncio.new_event_loop()
    apps: list[int] = []
    try:
        session = loop.run_until_complete(open_app(served.url))
        apps = served.apps()
        assert len(apps) == 1 and alive(apps[0])
        os.kill(served.pid, signal.SIGKILL)
        served.process.wait()
        gone = wait_until(lambda: not any(alive(pid) for pid in apps), HANG_GUARD_S)
        assert gone is not None, f"apps outlived the SIGKILLed server by {HANG_GUARD_S:g} s: {apps}"
        loop.run_until_complete(session.close())
    finally:
        loop.close()
        for pid in apps:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        served.stop()


def test_a_seat_shows_the_language_its_trainee_picked() -> None:
    """DOJO_CLASS_LOCALE sets the seat's language before the app starts; without it the language is left alone."""
    from game.i18n import _, active_locale

    assert launch.seat_language({}) is None and active_locale() == "en"
    assert launch.seat_language({"DOJO_CLASS_LOCALE": "zh-Hans"}) == "zh-Hans"
    assert active_locale() == "zh-Hans" and _("Join the class") == "加入班级"
