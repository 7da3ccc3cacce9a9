"""The classroom server: its page stays on the serving machine, and a gone browser's app is reaped.

The server runs in-process on aiohttp's test server (127.0.0.1, a free port); the app it
serves here is a stand-in that ignores SIGTERM and never reads its input, the worst case
of the orphan bug in pitfalls.md.
"""

from __future__ import annotations

import asyncio
import json
import re
import sys
from typing import Any
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from game.tui.serve.page import PAGE_NAME, TEMPLATES
from game.tui.serve.server import DojoServer, play_argv
from tests.process_helpers import alive, eventually, watch_grace, within

DEAF_APP = [
    sys.executable,
    "-c",
    "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); print('__GANGLION__', flush=True); time.sleep(600)",
]
URL = re.compile(r"""(?:https?|wss?)://([^/\s"'<>)]+)""", re.IGNORECASE)
REFERENCE = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']|url\(\s*["']?([^"')]+)""", re.IGNORECASE)
COMMENT = re.compile(r"/\*.*?\*/|<!--.*?-->", re.DOTALL)


def foreign_hosts(text: str, own: set[str]) -> set[str]:
    """Hosts of the absolute URLs in `text` (comments aside) that are not one of `own`."""
    return {host for host in URL.findall(COMMENT.sub("", text)) if host not in own}


async def client_for(server: DojoServer) -> TestClient:
    """A started test client on the server's aiohttp application (127.0.0.1)."""
    client = TestClient(TestServer(await server._make_app(), host="127.0.0.1"))
    await client.start_server()
    return client


async def wait_for_pids(server: DojoServer, count: int) -> list[int]:
    """The tracked app pids, once there are `count` of them (a hang guard fails the test if they never come)."""
    await eventually(lambda: len(server.reaper.pids) >= count, f"the server starting {count} app(s)")
    return server.reaper.pids


def test_foreign_hosts_finds_a_font_from_the_internet() -> None:
    """The checker itself flags the stock page's Google Fonts link and ignores comments."""
    stock = '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto%20Mono" /><!-- http://x.org -->'
    assert foreign_hosts(stock, {"127.0.0.1"}) == {"fonts.googleapis.com"}


def test_no_template_names_another_host() -> None:
    """No template has a URL to any host (every URL is relative or templated), and the page is one of them."""
    assert PAGE_NAME in TEMPLATES
    for name, text in TEMPLATES.items():
        assert foreign_hosts(text, set()) == set(), name


@pytest.mark.asyncio
async def test_every_served_file_stays_on_the_serving_machine() -> None:
    """The page and everything it references load from this server, with no URL to another host."""
    client = await client_for(DojoServer(DEAF_APP, quiet=True))
    try:
        own = {f"{client.host}:{client.port}"}
        page = await client.get("/")
        assert page.status == 200
        html = await page.text()
        assert foreign_hosts(html, own) == set()
        assert f'data-session-websocket-url="ws://{client.host}:{client.port}/ws"' in html
        references = {first or second for first, second in REFERENCE.findall(COMMENT.sub("", html))}
        assert {"/static/js/textual.js", "/static/css/xterm.css"} <= references
        assert any(reference.endswith(".ttf") for reference in references), "the font must be served here"
        for reference in references:
            assert reference.startswith("/"), reference
            response = await client.get(reference)
            assert response.status == 200, reference
            if not reference.endswith((".ttf", ".otf")):  # fonts are binary
                assert foreign_hosts(await response.text(), own) == set(), reference
    finally:
        await client.close()


@pytest.mark.asyncio
async def test_the_socket_url_follows_the_host_the_browser_used() -> None:
    """Reached as 10.0.0.5:8000 on a LAN, the page's socket URL names that host, not the bind address."""
    client = await client_for(DojoServer(DEAF_APP, host="0.0.0.0", quiet=True))
    try:
        html = await (await client.get("/", headers={"Host": "10.0.0.5:8000"})).text()
        assert 'data-session-websocket-url="ws://10.0.0.5:8000/ws"' in html
        assert "0.0.0.0" not in html
    finally:
        await client.close()


@pytest.mark.asyncio
async def test_a_dropped_browser_leaves_no_app_behind(monkeypatch: pytest.MonkeyPatch) -> None:
    """An app that ignores SIGTERM is given the grace period, then killed, after its browser's socket drops."""
    waits = watch_grace(monkeypatch)
    server = DojoServer(DEAF_APP, grace=0.5, quiet=True)
    client = await client_for(server)
    try:
        socket = await client.ws_connect("/ws?width=80&height=24")
        await asyncio.sleep(1.0)  # the orphan case: gone about a second after loading
        [pid] = await wait_for_pids(server, 1)
        assert alive(pid)
        await socket.close()
        # The reaper forgets the pid just after the kill lands.
        await eventually(lambda: not alive(pid) and not server.reaper.pids, "the deaf app being reaped after its browser left")
        assert waits.timeouts == [0.5] and waits.expired == 1, "the app was not given exactly the grace period to quit"
    finally:
        await client.close()


@pytest.mark.asyncio
async def test_stopping_the_server_reaps_every_app(monkeypatch: pytest.MonkeyPatch) -> None:
    """Shutting the server down closes every browser and kills every deaf app, their grace periods running at once (about one grace period in all)."""
    waits = watch_grace(monkeypatch)
    server = DojoServer(DEAF_APP, grace=0.5, quiet=True)
    client = await client_for(server)
    sockets = [await client.ws_connect("/ws") for _ in range(2)]
    pids = await wait_for_pids(server, 2)
    assert len(pids) == 2 and all(alive(pid) for pid in pids)
    await within(client.close(), "the server shutting down")
    assert waits.most_at_once == 2, f"the apps' grace periods ran {waits.most_at_once} at a time, not both at once"
    assert not any(alive(pid) for pid in pids)
    assert all(socket.closed for socket in sockets)


@pytest.mark.asyncio
async def test_each_app_gets_the_shared_store_and_its_own_settings_folder(tmp_path: Path) -> None:
    """Two browsers' apps share DOJO_DB but not XDG_CONFIG_HOME (one trainee's name is not the next one's)."""
    report = tmp_path / "env-{}.txt"
    code = (
        "import os, sys, time; print('__GANGLION__', flush=True);"
        f" open({str(report)!r}.format(os.getpid()), 'w').write(os.environ['DOJO_DB'] + '\\n' + os.environ['XDG_CONFIG_HOME']);"
        " time.sleep(600)"
    )
    server = DojoServer([sys.executable, "-c", code], grace=0.3, quiet=True, extra_env={"DOJO_DB": "sqlite:////class/dojo.db"})
    client = await client_for(server)
    try:
        for _ in range(2):
            await client.ws_connect("/ws")
        pids = await wait_for_pids(server, 2)
        files = [Path(str(report).format(pid)) for pid in pids]
        await eventually(lambda: all(path.exists() and path.read_text() for path in files), "both apps writing their environment")
        seen = [path.read_text().splitlines() for path in files]
    finally:
        await client.close()
    assert [db for db, _ in seen] == ["sqlite:////class/dojo.db"] * 2
    assert seen[0][1] != seen[1][1]
    assert not any(Path(folder).exists() for _, folder in seen), "settings folders are removed with their app"
    assert not Path(seen[0][1]).parent.exists(), "the server's settings root is removed when it stops"


def test_the_served_command_is_dojo_play_by_this_python() -> None:
    """Each browser runs `dojo play` in the chosen mode with the server's own interpreter, through `launch`."""
    assert play_argv("game.cli", "ranked") == [sys.executable, "-m", "game.tui.serve.launch", "game.cli", "play", "--mode", "ranked"]


# A trainee's language ---------------------------------------------------------------------------

# A seat that starts the way `launch` does (its language from the environment), then writes what it got.
SEAT_PROBE = (
    "import json, os, sys, time; from game.tui.serve.launch import seat_language; from game.i18n import _, active_locale;"
    " seat_language(os.environ); print('__GANGLION__', flush=True);"
    " open({report!r}.format(os.getpid()), 'w').write(json.dumps([active_locale(), sys.argv[1:], _('Join the class')]));"
    " time.sleep(600)"
)


async def class_client(tmp_path: Path, argv: list[str]) -> tuple[TestClient, DojoServer, str]:
    """A running class server (the class "Sept" on a fresh store) serving `argv`, and the class's join code."""
    from tests.test_trainer import a_class

    _store, desk, _token = a_class(tmp_path)
    server = DojoServer(argv, grace=0.3, quiet=True, desk=desk)
    return await client_for(server), server, desk.info.code


async def seat_report(client: Any, server: DojoServer, socket: str, report: Path) -> list[Any]:
    """Open a seat through `socket` and read what its probe app wrote: [locale, arguments, the join page's heading]."""
    await client.ws_connect(socket)
    (pid,) = await wait_for_pids(server, 1)
    path = Path(str(report).format(pid))
    await eventually(lambda: path.exists() and path.read_text(), "the seat writing what it got")
    return json.loads(path.read_text())


@pytest.mark.asyncio
async def test_a_trainee_who_picks_chinese_gets_a_chinese_seat(tmp_path: Path) -> None:
    """Picking 简体中文 on the join page: the game page is Chinese, its socket names zh-Hans, and the seat's app
    is started with --locale zh-Hans and DOJO_CLASS_LOCALE, so it shows Chinese from its first screen."""
    report = tmp_path / "seat-{}.json"
    client, server, code = await class_client(tmp_path, [sys.executable, "-c", SEAT_PROBE.format(report=str(report))])
    try:
        page = await client.get(f"/?code={code}&lang=zh-Hans")
        text = await page.text()
        assert page.status == 200 and '<html lang="zh-Hans">' in text
        assert f'/ws/{code}/zh-Hans"' in text and "正在连接" in text
        locale, arguments, words = await seat_report(client, server, f"/ws/{code}/zh-Hans", report)
    finally:
        await client.close()
    assert locale == "zh-Hans" and arguments[-2:] == ["--locale", "zh-Hans"] and words == "加入班级"


@pytest.mark.asyncio
async def test_a_trainee_who_keeps_english_gets_an_english_seat(tmp_path: Path) -> None:
    """Without a pick the page follows the browser (English here) and so does the seat; a made-up language is ignored."""
    report = tmp_path / "seat-{}.json"
    client, server, code = await class_client(tmp_path, [sys.executable, "-c", SEAT_PROBE.format(report=str(report))])
    try:
        text = await (await client.get(f"/?code={code}", headers={"Accept-Language": "en-GB,en;q=0.9"})).text()
        assert '<html lang="en">' in text and f'/ws/{code}/en"' in text and "connecting…" in text
        locale, arguments, words = await seat_report(client, server, f"/ws/{code}/klingon", report)
    finally:
        await client.close()
    assert locale == "en" and "--locale" not in arguments and words == "Join the class"


@pytest.mark.asyncio
async def test_the_join_page_follows_the_browser_s_language(tmp_path: Path) -> None:
    """A Chinese browser gets the join page in Chinese, a German one in the class's language (English here)."""
    client, _server, _code = await class_client(tmp_path, DEAF_APP)
    try:
        chinese = await (await client.get("/", headers={"Accept-Language": "zh-CN,zh;q=0.9"})).text()
        german = await (await client.get("/", headers={"Accept-Language": "de-DE"})).text()
        picked = await (await client.get("/?code=NOPE&lang=en", headers={"Accept-Language": "zh-CN"})).text()
    finally:
        await client.close()
    assert '<html lang="zh-Hans">' in chinese and "加入班级" in chinese
    assert '<html lang="en">' in german and "Join the class" in german
    assert '<html lang="en">' in picked and "No open class has the code" in picked


@pytest.mark.asyncio
async def test_the_bundled_cjk_font_is_served_here() -> None:
    """GET /fonts/NotoSansSC-Regular.otf answers the OpenType font itself (the pages draw Chinese with it)."""
    client = await client_for(DojoServer(DEAF_APP, quiet=True))
    try:
        answer = await client.get("/fonts/NotoSansSC-Regular.otf")
        body = await answer.read()
    finally:
        await client.close()
    assert answer.status == 200 and body[:4] == b"OTTO" and len(body) > 1_000_000
