"""A small class over websockets: `dojo serve`, three trainees play whole scenarios at once.

Each simulated trainee talks to the server the way textual-serve's page does (its textual.js):
a websocket at /ws?width=W&height=H, a ["resize", {...}] message, then every key as a
["stdin", "..."] message; the server answers with binary frames of terminal output. The
trainee reads that output only for a few markers (the welcome, the scenario list, the turn
number in the play screen's top bar, the debrief's overall percent), so no terminal emulator
is needed. `tests/bench/test_bench_serve.py` runs thirty of them; this test runs three.
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import signal
import socket
import struct
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

from game.store.db import open_store
from game.store.runs import list_runs
from tests.process_helpers import HANG_GUARD_S, alive

SIZE = (120, 40)
# What the trainee looks for in the app's output (literal text the screens draw).
WELCOME = re.compile(rb"Your name")
PICKER = re.compile(rb"Enter or click to play")
TURN = re.compile(rb"\xc2\xb7  turn (\d+)  \xc2\xb7")  # the play screen's top bar: "·  turn 3  ·"
DEBRIEF = re.compile(rb"Overall -?\d+%")  # a poor run can score below zero
ANY = re.compile(rb"[\s\S]")
# The welcome's answers to Enter: the list, or a refusal (a PIN missing: a Tab was lost under load).
WELCOMED = re.compile(PICKER.pattern + rb"|PIN is \d+ to \d+ digits")
CLEAR_FIELD = "\x15\x0b"  # ctrl+u, ctrl+k: empty the text field the cursor is in
DOWN = "\x1b[B"
MAX_KEYS = 150  # a trainee still playing after this many reply keys is stuck: give up


def as_text(output: bytes) -> str:
    """Terminal output without its escape sequences, for reading in a failure message."""
    return re.sub(rb"\x1b\[[0-9;?<>]*[A-Za-z]|\x1b[()][A-Z0-9]", b"", output).decode("utf-8", "replace")


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def children_of(parent: int) -> list[int]:
    """The live processes whose parent is `parent`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == parent and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def wait_until(check, timeout: float, step: float = 0.05) -> float | None:
    """Poll `check` until true; the seconds it took (for the bench to print), or None if `timeout` passed first."""
    began = time.monotonic()
    while True:
        if check():
            return time.monotonic() - began
        if time.monotonic() - began > timeout:
            return None
        time.sleep(step)


class Served:
    """`dojo serve` as a child process on a free port of 127.0.0.1, with its own store (or the database `db_url`)."""

    def __init__(self, tmp_path: Path, *extra: str, db_url: str | None = None):
        self.port = free_port()
        self.db = tmp_path / "class.db"
        env = dict(os.environ, XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"))
        env["TMPDIR"] = str(tmp_path)  # the apps' settings folders: left here, not in /tmp, if a test kills the server
        self.process = subprocess.Popen(
            [sys.executable, "-m", "game.cli", "serve", "--port", str(self.port), "--db", db_url or str(self.db), *extra],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            start_new_session=True,  # a Ctrl-C in the test's terminal is not the server's
        )
        assert self.process.stdout is not None
        self.banner: list[str] = []  # the server's first lines (a class prints its code and the trainer's address)
        while True:
            line = self.process.stdout.readline()
            self.banner.append(line)
            # The banner is in the server's language (--locale): read up to the address, not its words.
            # A class prints the trainees' addresses first and the trainer's (with its token) last.
            if not line or ("/trainer?token=" in line if "--class" in extra else f":{self.port}" in line):
                break
        assert line, f"dojo serve did not start: {self.banner!r} {self.process.stderr.read() if self.process.stderr else ''}"
        self.url = f"http://127.0.0.1:{self.port}"
        self.output = ""

    @property
    def pid(self) -> int:
        """The server's pid."""
        return self.process.pid

    def apps(self) -> list[int]:
        """The app processes the server runs now."""
        return children_of(self.pid)

    def stop(self) -> tuple[int | None, str]:
        """Ctrl-C (SIGINT); its exit code and standard error. SIGKILL if it hangs, and any app left too."""
        left = self.apps()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            out, err = self.process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            out, err = self.process.communicate()
        self.output = out or ""  # what the apps wrote to their standard error ends up here
        for pid in left:  # never leave a stray app behind a failed test
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        return self.process.returncode, err or ""


@dataclass
class Outcome:
    """What one trainee did and saw."""

    name: str
    connected_at: float = 0.0
    first_screen: float | None = None  # seconds from connecting to the welcome screen
    replies: int = 0
    keys: int = 0
    key_to_update: list[float] = field(default_factory=list)  # a key until the next output frame
    key_to_turn: list[float] = field(default_factory=list)  # a reply key until the next turn (or debrief) is drawn
    debrief: bool = False
    error: str | None = None
    screen_tail: str = ""  # on error: the end of the output as text, to see where it stopped


class Trainee:
    """One browser over textual-serve's websocket protocol; see the module docstring."""

    def __init__(
        self,
        base_url: str,
        name: str,
        *,
        rng: random.Random,
        think: tuple[float, float],
        scenario: int = 0,
        reads: bool = True,
        socket_path: str = "/ws",
        pin_tabs: int = 3,
    ):
        """`think`: the range of pauses before a key; `scenario`: rows down the list; `reads`: let each line finish
        typing; `socket_path`: where the page opens its socket (a class's holds its code); `pin_tabs`: the fields
        between the name and the PIN on the welcome form (cohort and team; a class asks no cohort)."""
        self.url = f"{base_url}{socket_path}?width={SIZE[0]}&height={SIZE[1]}"
        self.pin_tabs = pin_tabs
        self.rng = rng
        self.think_range = think
        self.reads = reads
        self.scenario = scenario
        self.outcome = Outcome(name)
        self.pin = "1234"
        self.output = bytearray()
        self.frames: list[tuple[int, float]] = []  # (offset in output, arrival time) of each frame
        self.last_frame = 0.0
        self._frame = asyncio.Event()
        self._session: aiohttp.ClientSession | None = None
        self._socket: aiohttp.ClientWebSocketResponse | None = None
        self._reader: asyncio.Task[None] | None = None

    # The wire -----------------------------------------------------------------------------

    async def connect(self) -> None:
        """Open the socket (the server starts this trainee's app) and send the size, as the page does."""
        self._session = aiohttp.ClientSession()
        self.outcome.connected_at = time.monotonic()
        self._socket = await self._session.ws_connect(self.url, max_msg_size=0)
        await self._send(["resize", {"width": SIZE[0], "height": SIZE[1]}])
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        """Collect every output frame with the time it came."""
        assert self._socket is not None
        async for message in self._socket:
            if message.type == aiohttp.WSMsgType.BINARY:
                self.last_frame = time.monotonic()
                self.frames.append((len(self.output), self.last_frame))
                self.output.extend(message.data)
                self._frame.set()

    async def _send(self, envelope: list[object]) -> None:
        """One JSON message to the server, as the page sends them."""
        assert self._socket is not None
        await self._socket.send_json(envelope)

    async def keys(self, text: str) -> None:
        """Type `text` (each character a key, as xterm.js sends a burst)."""
        await self._send(["stdin", text])

    async def keys_and_settle(self, text: str, timeout: float = 60.0) -> None:
        """Type `text`, then wait until the app has drawn something in answer and gone quiet.

        A key sent while the app is still busy with the one before (a class starting at once
        on a loaded machine) can be lost to a form's focus change; waiting for the answer to
        each step is what a person does, and it holds however slow the machine is.
        """
        mark = len(self.output)
        await self.keys(text)
        deadline = time.monotonic() + timeout
        while len(self.output) == mark and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        await self.wait_quiet(0.3)

    async def wait_for(self, pattern: re.Pattern[bytes], since: int = 0, timeout: float = 60.0) -> re.Match[bytes]:
        """The first match of `pattern` in the output from offset `since`; TimeoutError after `timeout`."""
        deadline = time.monotonic() + timeout
        while True:
            if found := pattern.search(self.output, since):
                return found
            left = deadline - time.monotonic()
            if left <= 0 or (self._reader is not None and self._reader.done()):
                raise TimeoutError(f"{self.outcome.name}: never saw {pattern.pattern!r}")
            self._frame.clear()
            try:
                await asyncio.wait_for(self._frame.wait(), left)
            except TimeoutError:
                pass

    async def wait_quiet(self, quiet: float, timeout: float = 20.0) -> None:
        """Until no output has come for `quiet` seconds (a typed line has finished), at most `timeout`."""
        deadline = time.monotonic() + timeout
        while (now := time.monotonic()) < deadline and now - self.last_frame < quiet:
            await asyncio.sleep(quiet - (now - self.last_frame))

    async def think(self) -> None:
        """A pause to read, drawn from the think range."""
        await asyncio.sleep(self.rng.uniform(*self.think_range))

    def drop(self) -> None:
        """Vanish at once, the way a killed browser does: a TCP reset, no websocket close."""
        if self._socket is not None and self._socket._conn is not None and self._socket._conn.transport is not None:
            transport = self._socket._conn.transport
            raw = transport.get_extra_info("socket")
            if raw is not None:
                raw.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            transport.abort()

    async def close(self) -> None:
        """Let go of the reader and the HTTP session (after `drop`, or to clean up)."""
        if self._reader is not None:
            self._reader.cancel()
            await asyncio.gather(self._reader, return_exceptions=True)
        if self._session is not None:
            await self._session.close()

    # A whole scenario ---------------------------------------------------------------------

    async def play(self) -> Outcome:
        """Name at the welcome, a scenario from the list, replies until the debrief; never raises."""
        try:
            await self._play()
        except (TimeoutError, aiohttp.ClientError, ConnectionError, RuntimeError) as error:
            closed = self._reader is not None and self._reader.done()
            code = self._socket.close_code if self._socket is not None else None
            self.outcome.error = f"{error or type(error).__name__} (socket {'closed, code ' + str(code) if closed else 'open'})"
            self.outcome.screen_tail = as_text(bytes(self.output[-3000:]))[-1200:]
        return self.outcome

    async def _play(self) -> None:
        """`play`, raising on trouble."""
        await self.connect()
        await self.wait_for(WELCOME, timeout=120)
        self.outcome.first_screen = time.monotonic() - self.outcome.connected_at
        await self.think()
        await self.keys_and_settle(self.outcome.name)
        for _ in range(self.pin_tabs):  # past cohort and team to the PIN a served seat claims its name with
            await self.keys_and_settle("\t")
        await self.keys_and_settle(self.pin)
        await self.start_playing()
        await self.think()
        await self.keys(DOWN * self.scenario + "\r")
        turn = int((await self.wait_for(TURN, timeout=60)).group(1))
        pending: tuple[int, float] | None = None  # output offset and time of the latest reply key
        while self.outcome.keys < MAX_KEYS:
            if self.reads:
                await self.wait_quiet(0.4)  # the customer's line has been typed out
            await self.think()
            # Under load the next turn can come after the wait below gave up: look again first.
            reached = None if pending is None else self.advance(*pending, turn)
            if reached is None:
                pending = await self.press_reply()
                reached = await self.await_advance(*pending, turn)
            if reached is None:
                continue  # the key only showed a line whole, or named no reply: read and try again
            pending = None
            if reached == 0:
                self.outcome.replies += 1
                self.outcome.debrief = True
                return
            self.outcome.replies += reached - turn
            turn = reached
        raise TimeoutError(f"{self.outcome.name}: no debrief after {MAX_KEYS} keys")

    async def start_playing(self, timeout: float = 180.0) -> None:
        """Enter at the welcome until the scenario list shows, as a person would.

        Thirty apps starting at once on a loaded machine: the class's store may still be
        opening (the welcome then waits and lets the trainee in by itself), or a Tab may have
        been lost so that the PIN went into another field (the screen says a PIN is 4 to 12
        digits, and puts the cursor in the PIN field), so the trainee types the PIN there
        again and presses Enter.
        """
        deadline = time.monotonic() + timeout  # a hang guard, not a speed limit
        mark = len(self.output)
        await self.keys("\r")
        wait = 60.0  # the first answer can wait for the class's store to open (the welcome waits too)
        while True:
            try:
                found = await self.wait_for(WELCOMED, mark, timeout=wait)
            except TimeoutError:
                if time.monotonic() > deadline:
                    raise
                found = None  # refused again with the same words, which draw nothing new
            if found is not None and found.group(0) == PICKER.pattern:
                return
            mark = len(self.output)  # before reading: a list drawn meanwhile is seen, not typed into
            await asyncio.sleep(1.0)  # read the refusal
            if PICKER.search(self.output, mark):
                return
            mark = len(self.output)
            await self.keys(CLEAR_FIELD + self.pin + "\r")
            wait = 5.0

    async def press_reply(self) -> tuple[int, float]:
        """Press a reply key (1-3: one not on offer only rings the bell); the output offset and time it was sent."""
        mark = len(self.output)
        sent = time.monotonic()
        await self.keys(str(self.rng.choice((1, 2, 3))))
        self.outcome.keys += 1
        await self.wait_for(ANY, mark, timeout=30)
        self.outcome.key_to_update.append(self.frame_time(mark) - sent)
        return mark, sent

    async def await_advance(self, mark: int, sent: float, turn: int) -> int | None:
        """Wait for the key sent at (`mark`, `sent`) to move past `turn`; None once the output has gone quiet."""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if (reached := self.advance(mark, sent, turn)) is not None:
                return reached
            if time.monotonic() - self.last_frame > 1.0:
                return None
            self._frame.clear()
            try:
                await asyncio.wait_for(self._frame.wait(), 0.1)
            except TimeoutError:
                pass
        return None

    def advance(self, mark: int, sent: float, turn: int) -> int | None:
        """The turn after `turn` drawn since `mark` (0 for the debrief), recording how long it took; else None."""
        if found := DEBRIEF.search(self.output, mark):
            self.outcome.key_to_turn.append(self.frame_time(found.start()) - sent)
            return 0
        later = [found for found in TURN.finditer(self.output, mark) if int(found.group(1)) > turn]
        if not later:
            return None
        self.outcome.key_to_turn.append(self.frame_time(later[0].start()) - sent)
        return max(int(found.group(1)) for found in later)

    def frame_time(self, offset: int) -> float:
        """When the frame holding output byte `offset` arrived."""
        return max(arrived for start, arrived in self.frames if start <= offset)


async def drop_all(trainees: list[Trainee]) -> None:
    """Every trainee vanishes at once (TCP reset, no close handshake)."""
    for trainee in trainees:
        trainee.drop()
    await asyncio.gather(*(trainee.close() for trainee in trainees))


def runs_in(db: Path) -> list[tuple[str, str]]:
    """(player, scenario id) of every run recorded in the store at `db`."""
    store = open_store(str(db))
    try:
        return [(run.player, run.scenario_id) for run in list_runs(store)]
    finally:
        store.close()


async def play_class(
    url: str, names: list[str], think: tuple[float, float], *, reads: bool = True, scenarios: int = 1000, seed: int = 5
) -> list[Trainee]:
    """Every trainee plays at once (trainee i the scenario i % `scenarios` rows down the list); returns them still connected."""
    trainees = [
        Trainee(url, name, rng=random.Random(seed + number), think=think, scenario=number % scenarios, reads=reads)
        for number, name in enumerate(names)
    ]
    await asyncio.gather(*(trainee.play() for trainee in trainees))
    return trainees


def test_three_trainees_play_whole_scenarios_into_one_store(tmp_path: Path) -> None:
    """Three websocket trainees at once all reach the debrief, the store has their three runs, and dropping them leaves no app."""
    served = Served(tmp_path)
    names = ["Ada Class", "Bo Class", "Cy Class"]
    loop = asyncio.new_event_loop()
    try:
        # No reading time: a key while a line is typed shows it whole, and the next one replies.
        trainees = loop.run_until_complete(play_class(served.url, names, think=(0.0, 0.1), reads=False))
        outcomes = [trainee.outcome for trainee in trainees]
        apps = served.apps()
        loop.run_until_complete(drop_all(trainees))
        reaped_in = wait_until(lambda: not any(alive(pid) for pid in apps), HANG_GUARD_S)
    finally:
        loop.close()
        code, err = served.stop()
    assert [(o.name, o.debrief, o.error) for o in outcomes] == [(name, True, None) for name in names]
    assert all(o.replies >= 1 for o in outcomes)
    assert len(apps) == 3
    assert reaped_in is not None, f"apps left {HANG_GUARD_S:g} s after their browsers dropped: {[pid for pid in apps if alive(pid)]}"
    assert sorted(player for player, _ in runs_in(served.db)) == sorted(names)
    assert code == 0, err
