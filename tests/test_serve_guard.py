"""Tests for game/tui/serve/guard.py: who may open a seat (Host, Origin), how many, and what a browser may send.

Every server here listens on 127.0.0.1 only (aiohttp's test server); loops are bounded by
the hang guards in tests/process_helpers.py.
"""

from __future__ import annotations

import asyncio
import json
import logging

import aiohttp
import pytest

from game.tui.serve import guard
from game.tui.serve.guard import (
    MAX_COLUMNS,
    MAX_ROWS,
    MIN_COLUMNS,
    MIN_ROWS,
    default_max_trainees,
    host_allowed,
    origin_allowed,
    terminal_size,
)
from game.tui.serve.server import DojoServer
from tests.process_helpers import eventually, within
from tests.test_serve_server import DEAF_APP, client_for, wait_for_pids


@pytest.mark.parametrize(
    ("host", "bound", "allowed"),
    [
        ("127.0.0.1:8000", "127.0.0.1", True),
        ("localhost:8000", "127.0.0.1", True),
        ("[::1]:8000", "::1", True),
        ("10.0.0.5:8000", "0.0.0.0", True),
        ("evil.example:8000", "127.0.0.1", False),
        ("evil.example:8000", "0.0.0.0", False),
        ("", "127.0.0.1", False),
    ],
)
def test_host_allowed_takes_addresses_and_this_machine_only(host, bound, allowed):
    """An IP address, localhost or this machine's own name is accepted; any other name (DNS rebinding) is not."""
    assert host_allowed(host, bound) is allowed


def test_host_allowed_takes_this_machines_name():
    """The machine's own host name, as a LAN browser types it, is accepted."""
    import socket

    assert host_allowed(f"{socket.gethostname()}:8000", "0.0.0.0")


@pytest.mark.parametrize(
    ("origin", "host", "allowed"),
    [
        (None, "127.0.0.1:8000", True),
        ("http://127.0.0.1:8000", "127.0.0.1:8000", True),
        ("https://evil.example", "127.0.0.1:8000", False),
        ("http://127.0.0.1:9999", "127.0.0.1:8000", False),
        ("null", "127.0.0.1:8000", False),
        ("not a url", "127.0.0.1:8000", False),
    ],
)
def test_origin_must_be_the_page_itself(origin, host, allowed):
    """A websocket may be opened by the served page itself (or a non-browser without Origin), never by another site."""
    assert origin_allowed(origin, host) is allowed


@pytest.mark.parametrize(
    ("width", "height", "expected"),
    [
        (100, 30, (100, 30)),
        (-10, -20, (MIN_COLUMNS, MIN_ROWS)),
        (10**9, 10**9, (MAX_COLUMNS, MAX_ROWS)),
        (80.7, 24.2, (80, 24)),
        ("x", 24, None),
        (True, 24, None),
        (float("nan"), 24, None),
        (None, None, None),
    ],
)
def test_terminal_size_is_clamped_or_refused(width, height, expected):
    """A size is clamped to what a terminal can be; a size that is not a number is no size at all."""
    assert terminal_size(width, height) == expected


def test_the_default_cap_follows_the_memory(monkeypatch):
    """The memory past the reserve at APP_MEMORY_MB per trainee (40 on 4 GB), kept between the floor and the ceiling."""
    monkeypatch.setattr(guard, "physical_memory", lambda: 4 * 1024**3)
    assert default_max_trainees() == (4096 - guard.RESERVED_MB) // guard.APP_MEMORY_MB == 40
    monkeypatch.setattr(guard, "physical_memory", lambda: 64 * 1024**3)
    assert default_max_trainees() == guard.MAX_DEFAULT_TRAINEES
    monkeypatch.setattr(guard, "physical_memory", lambda: 256 * 1024**2)
    assert default_max_trainees() == guard.MIN_DEFAULT_TRAINEES
    monkeypatch.setattr(guard, "physical_memory", lambda: None)
    assert default_max_trainees() == guard.MIN_DEFAULT_TRAINEES


@pytest.mark.asyncio
async def test_a_foreign_origin_gets_no_app():
    """A websocket opened from another web site is refused (403) and starts no app."""
    server = DojoServer(DEAF_APP, grace=0.3, quiet=True)
    client = await client_for(server)
    try:
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await client.ws_connect("/ws", headers={"Origin": "https://evil.example"})
        assert refused.value.status == 403
        assert server.reaper.pids == []
        own = await client.ws_connect("/ws", headers={"Origin": f"http://{client.host}:{client.port}"})
        await wait_for_pids(server, 1)
        await own.close()
    finally:
        await client.close()


@pytest.mark.asyncio
async def test_a_foreign_host_is_refused_on_every_route():
    """A request naming another host (a DNS rebinding attack) gets 421 for the page and the socket."""
    server = DojoServer(DEAF_APP, grace=0.3, quiet=True)
    client = await client_for(server)
    try:
        page = await client.get("/", headers={"Host": "evil.example:8000"})
        assert page.status == 421
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await client.ws_connect("/ws", headers={"Host": "evil.example:8000"})
        assert refused.value.status == 421 and server.reaper.pids == []
    finally:
        await client.close()


@pytest.mark.asyncio
async def test_a_full_house_gets_a_clear_page_and_no_app():
    """With --max-trainees 2, a third browser gets the full-house page (503) and no third app starts."""
    server = DojoServer(DEAF_APP, grace=0.3, quiet=True, max_trainees=2)
    client = await client_for(server)
    try:
        sockets = [await client.ws_connect("/ws") for _ in range(2)]
        await wait_for_pids(server, 2)
        page = await client.get("/")
        assert page.status == 503 and "2 of 2" in await page.text()
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await client.ws_connect("/ws")
        assert refused.value.status == 503 and len(server.reaper.pids) == 2
        await sockets[0].close()
        await eventually(lambda: len(server.reaper.pids) == 1, "a seat being freed")
        assert (await client.get("/")).status == 200
    finally:
        await client.close()


@pytest.mark.asyncio
async def test_sixty_sockets_start_at_most_the_cap():
    """Sixty websockets opened at once start no more apps than the cap."""
    server = DojoServer(DEAF_APP, grace=0.3, quiet=True, max_trainees=3)
    client = await client_for(server)
    try:
        attempts = await asyncio.gather(*(client.ws_connect("/ws") for _ in range(60)), return_exceptions=True)
        opened = [item for item in attempts if not isinstance(item, BaseException)]
        assert len(opened) == 3
        await wait_for_pids(server, 3)
        assert len(server.reaper.pids) == 3
    finally:
        await client.close()


@pytest.mark.asyncio
async def test_a_negative_resize_and_garbage_never_reach_the_app(monkeypatch):
    """Resizes are clamped before the app hears them; malformed messages are ignored and the session goes on."""
    from game.tui.serve.server import ReapedAppService

    sizes: list[tuple[int, int]] = []

    async def record(self, width, height):
        sizes.append((width, height))

    monkeypatch.setattr(ReapedAppService, "set_terminal_size", record)
    server = DojoServer(DEAF_APP, grace=0.3, quiet=True)
    client = await client_for(server)
    try:
        socket = await client.ws_connect("/ws?width=-5&height=-3")
        await wait_for_pids(server, 1)
        for garbage in ("not json", "[]", "{}", '["resize", {"width": "x", "height": null}]', '["resize", 5]', '["stdin", 5]'):
            await socket.send_str(garbage)
        await socket.send_str(json.dumps(["resize", {"width": -10, "height": -20}]))
        await socket.send_str(json.dumps(["ping", "still there?"]))
        reply = await within(socket.receive_json(), "the pong")
        assert reply == ["pong", "still there?"]
        assert sizes == [(MIN_COLUMNS, MIN_ROWS)]
        await socket.close()
    finally:
        await client.close()


@pytest.mark.asyncio
async def test_the_first_size_from_the_url_is_clamped(monkeypatch):
    """?width=-5&height=-3 starts the app at the smallest size, never a negative one."""
    from game.tui.serve.server import ReapedAppService

    started: list[tuple[int, int]] = []
    original = ReapedAppService.start

    async def start(self, width, height):
        started.append((width, height))
        return await original(self, width, height)

    monkeypatch.setattr(ReapedAppService, "start", start)
    server = DojoServer(DEAF_APP, grace=0.3, quiet=True)
    client = await client_for(server)
    try:
        socket = await client.ws_connect("/ws?width=-5&height=99999999999999999999")
        await wait_for_pids(server, 1)
        assert started == [(MIN_COLUMNS, MAX_ROWS)]
        await socket.close()
    finally:
        await client.close()


@pytest.mark.asyncio
async def test_an_over_long_url_is_one_line_on_the_console(caplog):
    """A request line past aiohttp's limit gets 400 and one log line, never a traceback on the trainer's console."""
    server = DojoServer(DEAF_APP, grace=0.3, quiet=True)
    client = await client_for(server)
    caplog.set_level(logging.INFO)
    try:
        response = await client.get("/" + "a" * 20_000)
        assert response.status == 400
    finally:
        await client.close()
    records = [record for record in caplog.records if record.name.startswith("aiohttp")]
    assert records and all(record.exc_info is None and "\n" not in record.getMessage() for record in records)
