"""Benchmark (issue 16): a class of 30 on `dojo serve --class`, with the trainer's screen open.

Thirty simulated trainees (tests/test_serve_class.py) join with the class code about a tenth
of a second apart and each plays a ranked run of the class's scenario, reading every line
and thinking 1-3 s before each key, as people do. Meanwhile a trainer page listens to the
server-sent events of /trainer/events, as the browser's page does.

Printed, never asserted:

* key to update: from each reply key to the first output frame after it (p50, p95), and
  key to next turn, over every key of every trainee;
* the trainer screen's lag: for every turn a trainee reached, from the moment the trainee's
  own screen showed it to the first event whose roster shows that trainee at that turn
  (p50, p95, max), and the number of events sent;
* memory per trainee (PSS of each app process) and the server's, measured when all 30 are
  at their debrief.

Asserted: all 30 reached the debrief and the trainer's roster saw every one of them finish.
Run it with `python -m pytest tests/bench/test_bench_class.py -m bench -s`.
"""

from __future__ import annotations

import asyncio
import json
import random
import statistics
import time
from pathlib import Path

import aiohttp
import pytest

from tests.bench import print_table
from tests.bench.test_bench_serve import memory_kb, percentile
from tests.test_class_session import banner_facts
from tests.test_serve_class import TURN, Served, Trainee

CLASS = 30
STAGGER = 0.1
THINK = (1.0, 3.0)
SCENARIO = "late-birthday-parcel"


class TimedTrainee(Trainee):
    """A trainee that notes when each turn first appeared on their screen."""

    def turns_seen(self) -> dict[int, float]:
        """Turn number -> when the frame that first showed it arrived."""
        seen: dict[int, float] = {}
        for found in TURN.finditer(self.output):
            seen.setdefault(int(found.group(1)), self.frame_time(found.start()))
        return seen


class TrainerEar:
    """The trainer page's event stream, with when each trainee was first shown at each turn."""

    def __init__(self, url: str, token: str):
        self.url = url
        self.token = token
        self.first_seen: dict[tuple[str, int], float] = {}
        self.finished: set[str] = set()
        self.events = 0

    async def listen(self, stop: asyncio.Event) -> None:
        """Read events until `stop` is set."""
        # unsafe: the cookie of a server named by its IP address (127.0.0.1) is kept too
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
            await session.get(f"{self.url}/trainer?token={self.token}")  # trades the secret for the cookie
            async with session.get(f"{self.url}/trainer/events", timeout=aiohttp.ClientTimeout(total=None)) as stream:
                assert stream.status == 200, f"the trainer's events answered {stream.status}"
                reader = asyncio.ensure_future(self._read(stream))
                await stop.wait()
                reader.cancel()
                await asyncio.gather(reader, return_exceptions=True)

    async def _read(self, stream: aiohttp.ClientResponse) -> None:
        async for raw in stream.content:
            line = raw.decode().strip()
            if not line.startswith("data: "):
                continue
            now = time.monotonic()
            self.events += 1
            for row in json.loads(line.removeprefix("data: "))["roster"]:
                if row["state"] == "playing" and row["turn"]:
                    self.first_seen.setdefault((row["name"], int(row["turn"])), now)
                if row["state"] == "finished":
                    self.finished.add(row["name"])


async def run_class(served: Served, code: str, token: str) -> tuple[list[TimedTrainee], TrainerEar, dict[str, int]]:
    """The class plays while the trainer listens; the trainees, the ear, and memory at the debrief."""
    ear = TrainerEar(served.url, token)
    stop = asyncio.Event()
    listening = asyncio.ensure_future(ear.listen(stop))
    rng = random.Random(16)
    trainees = [
        TimedTrainee(served.url, f"Trainee {number:02d}", rng=random.Random(rng.random()), think=THINK,
                     socket_path=f"/ws/{code}", pin_tabs=2)
        for number in range(1, CLASS + 1)
    ]

    async def staggered(index: int, trainee: TimedTrainee) -> object:
        await asyncio.sleep(index * STAGGER)
        return await trainee.play()

    await asyncio.gather(*(staggered(index, trainee) for index, trainee in enumerate(trainees)))
    memory = {"server": memory_kb(served.pid)["pss"], "apps": sum(memory_kb(pid)["pss"] for pid in served.apps())}
    memory["app count"] = len(served.apps())
    deadline = time.monotonic() + 30
    while len(ear.finished) < CLASS and time.monotonic() < deadline:
        await asyncio.sleep(0.2)
    stop.set()
    await listening
    for trainee in trainees:
        await trainee.close()
    return trainees, ear, memory


@pytest.mark.bench
def test_bench_class(tmp_path: Path) -> None:
    """Print key latency, the trainer screen's lag and memory per trainee for a class of 30."""
    served = Served(tmp_path, "--class", "Bench class", "--scenarios", SCENARIO, "--mode", "ranked", "--max-trainees", "40")
    try:
        code, token = banner_facts(served)
        trainees, ear, memory = asyncio.run(run_class(served, code, token))
    finally:
        served.stop()
    failed = [trainee.outcome for trainee in trainees if not trainee.outcome.debrief]
    assert not failed, f"{len(failed)} trainees did not finish: {failed[0].error}"
    assert len(ear.finished) == CLASS, f"the trainer's roster showed {len(ear.finished)} of {CLASS} finished"
    update = [value for trainee in trainees for value in trainee.outcome.key_to_update]
    turned = [value for trainee in trainees for value in trainee.outcome.key_to_turn]
    lags = []
    for trainee in trainees:
        for turn, shown_at in trainee.turns_seen().items():
            heard = ear.first_seen.get((trainee.outcome.name, turn))
            if heard is not None:
                lags.append(max(0.0, heard - shown_at))
    apps = max(1, memory["app count"])
    print_table(
        f"dojo serve --class: {CLASS} trainees, think {THINK[0]:g}-{THINK[1]:g} s, trainer page listening",
        ["measure", "value", "detail"],
        [
            ["key to update, p50 / p95 ms", f"{statistics.median(update) * 1000:.0f} / {percentile(update, 0.95) * 1000:.0f}", f"{len(update)} keys"],
            ["key to next turn, p50 / p95 ms", f"{statistics.median(turned) * 1000:.0f} / {percentile(turned, 0.95) * 1000:.0f}", f"{len(turned)} replies"],
            ["trainer lag, p50 / p95 / max s", f"{statistics.median(lags):.2f} / {percentile(lags, 0.95):.2f} / {max(lags):.2f}",
             f"{len(lags)} turns seen; {ear.events} events sent"],
            ["memory per trainee (PSS)", f"{memory['apps'] / apps / 1024:.0f} MB", f"{apps} apps, {memory['apps'] / 1024:.0f} MB in all"],
            ["server (PSS)", f"{memory['server'] / 1024:.0f} MB", "aiohttp, the trainer's desk and the store"],
        ],
    )
