"""End to end: `dojo serve`, a headless Chromium plays a reply, dies, and no app is left behind.

Chromium is driven over the DevTools protocol with aiohttp (already a dependency of
textual-serve), so the test needs no Playwright or Node. Chromium runs in its own process
group so it can be killed at once, the way a closed laptop drops its connection. Every
request stays on 127.0.0.1. Skipped, saying so, only where no Chromium is installed.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from game.store.db import open_store
from game.store.sessions import SessionStore
from tests.process_helpers import HANG_GUARD_S

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--remote-debugging-port=0",
    "--remote-debugging-address=127.0.0.1",
    "--window-size=1200,900",
]


def find_chromium() -> str | None:
    """The Chromium executable, or None."""
    for name in CHROMIUM_NAMES:
        if found := shutil.which(name):
            return found
    return None


class Browser:
    """A headless Chromium showing one URL, driven over DevTools."""

    def __init__(self, executable: str, url: str):
        self.url = url
        self.profile = Path(tempfile.mkdtemp(prefix="dojo-chromium-"))
        self.process = subprocess.Popen(
            [executable, *FLAGS, f"--user-data-dir={self.profile}", "about:blank"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        self._session: aiohttp.ClientSession | None = None
        self._socket: aiohttp.ClientWebSocketResponse | None = None
        self._next_id = 0

    def devtools_port(self, timeout: float = HANG_GUARD_S) -> int:
        """The DevTools port Chromium chose (it writes it to DevToolsActivePort)."""
        marker = self.profile / "DevToolsActivePort"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if marker.exists() and (text := marker.read_text().split()):
                return int(text[0])
            time.sleep(0.1)
        raise TimeoutError(f"Chromium did not open its DevTools port within {timeout:g} s")

    async def connect(self) -> None:
        """Attach to Chromium's page and open the URL in it."""
        port = await asyncio.to_thread(self.devtools_port)
        self._session = aiohttp.ClientSession()
        for _ in range(int(HANG_GUARD_S / 0.1)):
            async with self._session.get(f"http://127.0.0.1:{port}/json/list") as response:
                pages = [target for target in await response.json() if target.get("type") == "page"]
            if pages:
                self._socket = await self._session.ws_connect(pages[0]["webSocketDebuggerUrl"], max_msg_size=0)
                await self.call("Page.navigate", url=self.url)
                return
            await asyncio.sleep(0.1)
        raise TimeoutError(f"Chromium showed no page within {HANG_GUARD_S:g} s")

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        """One DevTools command; its result."""
        assert self._socket is not None
        self._next_id += 1
        ident = self._next_id
        await self._socket.send_str(json.dumps({"id": ident, "method": method, "params": params}))
        while True:
            message = json.loads(await self._socket.receive_str())
            if message.get("id") == ident:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    async def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page."""
        result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result.get("result", {}).get("value")

    async def wait_for(self, expression: str, timeout: float = HANG_GUARD_S) -> None:
        """Poll until `expression` is truthy in the page."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if await self.evaluate(expression):
                    return
            except RuntimeError:
                pass  # the page is between documents while it loads
            await asyncio.sleep(0.1)
        raise TimeoutError(f"the page did not have {expression} within {timeout:g} s")

    async def click(self, selector: str) -> None:
        """Click just inside the element's top-left corner (the app's empty margin, not a widget)."""
        box = await self.evaluate(
            f"(() => {{ const r = document.querySelector({json.dumps(selector)}).getBoundingClientRect();"
            " return [r.x + 8, r.y + 8]; })()"
        )
        x, y = box
        for kind in ("mousePressed", "mouseReleased"):
            await self.call("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)

    async def type_text(self, text: str) -> None:
        """Type into whatever has focus."""
        await self.call("Input.insertText", text=text)

    async def press_enter(self) -> None:
        """Press and release Enter."""
        common = {"key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13, "nativeVirtualKeyCode": 13}
        await self.call("Input.dispatchKeyEvent", type="keyDown", text="\r", **common)
        await self.call("Input.dispatchKeyEvent", type="keyUp", **common)

    async def press_tab(self) -> None:
        """Press and release Tab (the next field)."""
        common = {"key": "Tab", "code": "Tab", "windowsVirtualKeyCode": 9, "nativeVirtualKeyCode": 9}
        await self.call("Input.dispatchKeyEvent", type="keyDown", text="\t", **common)
        await self.call("Input.dispatchKeyEvent", type="keyUp", **common)

    async def detach(self) -> None:
        """Drop the DevTools connection (not the browser)."""
        if self._socket is not None:
            await self._socket.close()
        if self._session is not None:
            await self._session.close()

    def kill(self) -> None:
        """SIGKILL the whole browser at once: the abrupt disconnect of a closed laptop lid."""
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


# The tests ------------------------------------------------------------------------------------


CHROMIUM = find_chromium()
PLAYER = "Browser Trainee"
# A hang guard, not a speed limit: the reaper's grace is 2 s, and a kill takes a moment more.
REAP_SECONDS = HANG_GUARD_S


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def app_pids(marker: str) -> list[int]:
    """Every process running `dojo play` (through game.tui.serve.launch) whose DOJO_DB names `marker`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
            environ = (entry / "environ").read_bytes()
        except OSError:
            continue
        if b"game.tui.serve.launch" in argv and b"play" in argv and marker.encode() in environ:
            found.append(int(entry.name))
    return found


def wait_until(check, timeout: float) -> bool:
    """Poll `check` until it is true or `timeout` seconds pass."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return bool(check())


@pytest.fixture
def served(tmp_path: Path):
    """`dojo serve` on a free port of 127.0.0.1 with a fresh store; stopped with SIGINT after."""
    port = free_port()
    db = tmp_path / "class.db"
    env = dict(os.environ, XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"))
    server = subprocess.Popen(
        [sys.executable, "-m", "game.cli", "serve", "--port", str(port), "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/"

    def up() -> bool:
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                return response.status == 200
        except OSError:
            return False

    try:
        assert wait_until(up, HANG_GUARD_S), f"dojo serve did not answer within {HANG_GUARD_S:g} s"
        yield url, db, server
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
        for pid in app_pids(str(db)):
            os.kill(pid, signal.SIGKILL)  # never leave a stray app behind a failed test


async def play_one_reply(browser: Browser, db: Path) -> bool:
    """Load the game, give a name, open the first scenario and pick reply 1; True once it is saved."""
    try:
        await browser.connect()
        await browser.wait_for("document.body && document.body.classList.contains('-first-byte')")
        await asyncio.sleep(1.0)  # the welcome screen draws just after the first byte
        await browser.click("#terminal")
        await browser.type_text(PLAYER)
        for _ in range(3):  # past cohort and team to the PIN a served seat claims its name with
            await asyncio.sleep(0.3)
            await browser.press_tab()
        await asyncio.sleep(0.3)
        await browser.type_text("2468")
        await asyncio.sleep(0.3)
        await browser.press_enter()
        await asyncio.sleep(1.5)
        await browser.press_enter()  # the picker: open the highlighted scenario
        # A key pressed while the customer's line is still being typed only finishes the line,
        # so keep pressing 1 until the store has the save a reply makes.
        for _ in range(15):
            await asyncio.sleep(1.0)
            await browser.type_text("1")
            await asyncio.sleep(0.5)
            if await asyncio.to_thread(saved_for, db):
                return True
        return False
    finally:
        await browser.detach()


async def open_page(browser: Browser) -> None:
    """Open the page and let go of DevTools (the page keeps loading)."""
    try:
        await browser.connect()
    finally:
        await browser.detach()


def saved_for(db: Path) -> list[str]:
    """The scenario ids PLAYER has a saved session of in `db`."""
    store = open_store(str(db))
    try:
        return SessionStore(store).saved(PLAYER)
    finally:
        store.close()


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium found (apt-get install chromium)")
def test_a_browser_plays_a_reply_then_dies_and_its_app_is_reaped(served) -> None:
    """A reply played in Chromium is saved to the shared store; killing Chromium leaves no app process."""
    url, db, server = served
    assert CHROMIUM is not None
    browser = Browser(CHROMIUM, url)
    try:
        assert asyncio.run(play_one_reply(browser, db)), "the reply never reached the shared store"
        assert app_pids(str(db)), "no app process was running for the browser"
    finally:
        browser.kill()
    assert wait_until(lambda: not app_pids(str(db)), REAP_SECONDS), f"left behind after {REAP_SECONDS:g} s: {app_pids(str(db))}"
    assert server.poll() is None, "the server died with the browser"


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium found (apt-get install chromium)")
def test_a_browser_closed_a_second_after_loading_leaves_no_app(served) -> None:
    """The orphan case of pitfalls.md: a browser gone about a second after load leaves no app process."""
    url, db, _ = served
    assert CHROMIUM is not None
    browser = Browser(CHROMIUM, url)
    try:
        asyncio.run(open_page(browser))
        assert wait_until(lambda: bool(app_pids(str(db))), HANG_GUARD_S), f"the page did not start an app within {HANG_GUARD_S:g} s"
        time.sleep(1.0)
    finally:
        browser.kill()
    assert wait_until(lambda: not app_pids(str(db)), REAP_SECONDS), f"left behind after {REAP_SECONDS:g} s: {app_pids(str(db))}"
