"""A real learning record store for the xAPI tests: Ralph (ralph-malph) on 127.0.0.1, file-system backend.

Ralph lives in a virtual environment of its own (its pins are not the game's): DOJO_TEST_RALPH
names its `ralph` executable (`.ci/run` installs it and sets it), else `ralph` on the PATH is
used. Each server gets a free port, its own data folder and an auth file with one test user
made by Ralph's own `ralph auth`. The server can be stopped and started again on the same
port and data, as an LRS that goes down in the middle of a class. Ralph 5.1's file-system backend
takes only one write per file; `ralph_append.py` starts it appending instead.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from game.export.lrs import LrsTarget

ENV_VAR = "DOJO_TEST_RALPH"
USER, PASSWORD = "dojo-test", "not-a-secret"
# Ralph's server, with its file-system backend appending (see the launcher's docstring for why).
LAUNCHER = Path(__file__).with_name("ralph_append.py")
START_LIMIT = 120.0  # seconds for Ralph to answer; a slow machine is not a failure before then


def ralph_executable() -> Path:
    """Ralph's `ralph` command (DOJO_TEST_RALPH, else the PATH's); skips the test if there is none."""
    named = os.environ.get(ENV_VAR) or shutil.which("ralph")
    if not named or not Path(named).exists():
        pytest.skip(f"Ralph (ralph-malph) is not installed: set {ENV_VAR} to its ralph executable (.ci/run does)")
    return Path(named)


def free_port() -> int:
    """A port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Ralph:
    """One Ralph LRS: `start()`, `stop()`, and the `target` to send to."""

    def __init__(self, folder: Path):
        self.ralph = ralph_executable()
        self.python = self.ralph.parent / "python"
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        folder.mkdir(parents=True, exist_ok=True)
        self.env = {
            **{key: value for key, value in os.environ.items() if not key.startswith("RALPH_")},
            "RALPH_APP_DIR": str(folder / "app"),
            "RALPH_AUTH_FILE": str(folder / "auth.json"),
            "RALPH_RUNSERVER_BACKEND": "fs",
            "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(folder / "data"),
        }
        subprocess.run(
            [str(self.ralph), "auth", "-u", USER, "-p", PASSWORD, "-s", "all", "-A", "dojo-tests", "https://service-dojo.invalid/", "-w"],
            env=self.env, check=True, capture_output=True,
        )

    @property
    def url(self) -> str:
        """The LRS's base address."""
        return f"http://127.0.0.1:{self.port}/xAPI/"

    @property
    def target(self) -> LrsTarget:
        """Where to send, as the test user."""
        return LrsTarget(self.url, USER, PASSWORD)

    @property
    def auth(self) -> str:
        """The value of DOJO_LRS_AUTH for the test user."""
        return f"{USER}:{PASSWORD}"

    def start(self) -> None:
        """Start the server and wait until it answers."""
        log = open(self.folder / "ralph.log", "ab")  # noqa: SIM115 - kept open for the server's life
        command = [str(self.python), str(LAUNCHER), "127.0.0.1", str(self.port)]
        self.process = subprocess.Popen(command, env=self.env, stdout=log, stderr=subprocess.STDOUT, cwd=self.folder)
        log.close()
        deadline = time.monotonic() + START_LIMIT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Ralph stopped at start: {(self.folder / 'ralph.log').read_text(errors='replace')[-2000:]}")
            with contextlib.suppress(urllib.error.URLError, OSError):
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/__heartbeat__", timeout=2) as answer:
                    if answer.status == 200:
                        return
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("Ralph did not answer")

    def stop(self) -> None:
        """Stop the server (its data stays)."""
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None


@contextlib.contextmanager
def running_ralph(folder: Path) -> Iterator[Ralph]:
    """A started Ralph, stopped at the end whatever happens."""
    server = Ralph(folder)
    server.start()
    try:
        yield server
    finally:
        server.stop()
