"""Benchmark (issue 5): `dojo play`'s cold start and its key-to-line time, against a bare Textual app.

* Cold start: each app runs in a fresh Python process on a pseudo-terminal (120x40). The
  clock starts just before the process is spawned and stops when the first screen has
  painted: that screen's `on_mount` asks for `call_after_refresh`, whose callback writes
  `time.time()` to a file and exits. The floor is a bare Textual app (one screen with one
  Static) measured the same way in the same run; `dojo play` is the real command
  (`game.cli.main(["play", ...])`: pack loading, database, settings, the scenario list).
  Target: at most 1.3x the floor. Median of RUNS runs each, after one warm-up run each,
  the kinds taking turns run by run.
  The first screen paints before the pack and the store load (in a thread after that
  paint), so a second figure times the start until the list is filled and painted.
* Key to line: with Pilot, press the key of a reply and wait until the transcript has
  mounted the customer's answer (text speed instant, as reduced motion gives); `u` undoes
  between presses. The floor is a bare app whose key mounts one Static in a scrolling
  column, timed the same way. Median of PRESSES presses each.

Figures are printed, never asserted.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.bench import print_table

RUNS = 15
PRESSES = 15
SIZE = (120, 40)
REPO = Path(__file__).resolve().parents[2]

CHILD = r'''
import sys, time
out, kind, db = sys.argv[1], sys.argv[2], sys.argv[3]

def painted():
    with open(out, "w") as handle:
        handle.write(repr(time.time()))

def hook(screen_class):
    """Make the first screen's first paint write the time and quit."""
    mounted = getattr(screen_class, "on_mount", None)
    def on_mount(self):
        if mounted is not None:
            mounted(self)
        def done():
            painted()
            self.app.exit()
        self.call_after_refresh(done)
    screen_class.on_mount = on_mount

if kind == "bare":
    from textual.app import App
    from textual.screen import Screen
    from textual.widgets import Static

    class Hello(Screen):
        def compose(self):
            yield Static("Hello")

    class Bare(App):
        def on_mount(self):
            self.push_screen(Hello())

    hook(Hello)
    Bare().run()
elif kind == "dojo":
    from game.tui.screens.picker import PickerScreen
    from game.cli import main

    hook(PickerScreen)
    main(["play", "--db", db, "--player", "Bench"])
else:  # "ready": until the list is filled (pack loaded, store open) and painted
    from game.tui.app import DojoApp
    from game.cli import main

    ready = DojoApp.backstage_ready
    def backstage_ready(self, result):
        ready(self, result)
        def done():
            painted()
            self.exit()
        self.call_after_refresh(done)
    DojoApp.backstage_ready = backstage_ready
    main(["play", "--db", db, "--player", "Bench"])
'''


def _drain(fd: int) -> None:
    """Read and drop the app's output so it never blocks on a full pseudo-terminal."""
    try:
        while os.read(fd, 65536):
            pass
    except OSError:
        pass


def cold_start(kind: str, tmp_path: Path) -> float:
    """Seconds from spawning a fresh process to the first paint of app `kind` ('bare' or 'dojo')."""
    import fcntl
    import struct
    import termios

    out = tmp_path / f"{kind}.painted"
    out.unlink(missing_ok=True)
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "XDG_CONFIG_HOME": str(tmp_path / "config")}
    env.pop("COLUMNS", None)
    env.pop("LINES", None)
    drainer = threading.Thread(target=_drain, args=(master,), daemon=True)
    drainer.start()
    began = time.time()
    process = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(out), kind, str(tmp_path / "bench.db")],
        stdin=slave, stdout=slave, stderr=slave, cwd=REPO, env=env, start_new_session=True,
    )
    try:
        process.wait(timeout=60)
    finally:
        os.close(slave)
        os.close(master)
    assert out.exists(), f"{kind} never painted (exit {process.returncode})"
    return float(out.read_text()) - began


def median_cold_starts(kinds: list[str], tmp_path: Path) -> dict[str, float]:
    """The median of RUNS cold starts of each kind, after one warm-up each (disk caches, the
    database's first creation). The kinds take turns run by run, so a machine that speeds up
    or slows down during the measurement (a shared VM does) weighs on each kind alike."""
    for kind in kinds:
        cold_start(kind, tmp_path)
    times: dict[str, list[float]] = {kind: [] for kind in kinds}
    for _ in range(RUNS):
        for kind in kinds:
            times[kind].append(cold_start(kind, tmp_path))
    return {kind: statistics.median(values) for kind, values in times.items()}


async def _time_presses(app, key: str, undo: str | None, count_lines) -> float:
    """Median seconds from pressing `key` until `count_lines()` grows, over PRESSES presses."""
    times = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(PRESSES):
            before = count_lines()
            began = time.perf_counter()
            await pilot.press(key)
            while count_lines() <= before:
                await pilot.pause()
            times.append(time.perf_counter() - began)
            if undo:
                await pilot.press(undo)
                await pilot.pause()
    return statistics.median(times)


def bare_key_to_line() -> float:
    """The floor: a key that mounts one line in a scrolling column."""
    from textual.app import App
    from textual.containers import VerticalScroll
    from textual.widgets import Static

    class Lines(App[None]):
        BINDINGS = [("1", "say", "Say")]

        def compose(self):
            yield VerticalScroll(Static("Customer: hello"), id="lines")

        def action_say(self) -> None:
            self.query_one("#lines").mount(Static("Customer: and another thing"))

    app = Lines()
    return asyncio.run(_time_presses(app, "1", None, lambda: len(app.query_one("#lines").children)))


def dojo_key_to_line(tmp_path: Path) -> float:
    """`dojo play`: a reply key until the customer's answer is mounted in the transcript."""
    from game.tui.widgets.transcript import Transcript
    from tests.test_tui_app import keys_for, make_app

    app = make_app(tmp_path)
    key = keys_for(["invite"])[0]
    try:
        return asyncio.run(
            _time_presses(app, key, "u", lambda: len(app.screen.query_one(Transcript).children))
        )
    finally:
        app.store.close()


@pytest.mark.bench
def test_bench_tui(tmp_path):
    """Print cold start to first paint and key-to-line time, each against a bare Textual app."""
    starts = median_cold_starts(["bare", "dojo", "ready"], tmp_path)
    bare_start, dojo_start, dojo_ready = starts["bare"], starts["dojo"], starts["ready"]
    bare_key = bare_key_to_line()
    dojo_key = dojo_key_to_line(tmp_path)
    print_table(
        f"dojo play vs a bare Textual app (medians; cold start {RUNS} runs, keys {PRESSES} presses)",
        ["figure", "bare ms", "dojo ms", "ratio", "target"],
        [
            ["cold start to first paint", bare_start * 1000, dojo_start * 1000, dojo_start / bare_start, "<= 1.3x"],
            ["cold start to the filled list", bare_start * 1000, dojo_ready * 1000, dojo_ready / bare_start, "-"],
            ["key press to next line", bare_key * 1000, dojo_key * 1000, dojo_key / bare_key, "-"],
        ],
    )
