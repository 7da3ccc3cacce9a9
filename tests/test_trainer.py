"""The trainer's side of a served class: who may open it, what it shows live, its controls and downloads.

The server runs in-process on aiohttp's test server (127.0.0.1) with a stand-in app (see
test_serve_server), over a real store holding one class; runs are MINI runs linked to it.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import aiohttp
import pytest
from aiohttp.test_utils import TestClient

from game.store.class_seats import link_run, take_seat, update_seat
from game.store.classes import class_by_id, open_class
from game.store.db import Store
from game.tui.serve.server import DojoServer
from game.tui.serve.trainer import TrainerDesk
from game.tui.serve.trainer_page import CSP
from tests.store_helpers import BAD, BEST, GOOD, mini, open_tmp, record
from tests.test_serve_server import DEAF_APP, client_for


pytestmark = pytest.mark.usefixtures("db_engine")  # every test here runs on SQLite and on PostgreSQL


def a_class(tmp_path: Path) -> tuple[Store, TrainerDesk, str]:
    """A store with the class "Sept" (ranked, MINI only), its desk and the trainer's secret."""
    store = open_tmp(tmp_path)
    info, token, _ = open_class(store, "Sept", "ranked", ["mini"])
    return store, TrainerDesk(store, info, {"mini": mini().scenario}), token


async def trainer_client(tmp_path: Path) -> tuple[TestClient, Store, TrainerDesk, str]:
    """A running server for the class, its store, desk and secret."""
    store, desk, token = a_class(tmp_path)
    server = DojoServer(DEAF_APP, grace=0.3, quiet=True, desk=desk)
    return await client_for(server), store, desk, token


async def signed_in(client: TestClient, token: str) -> None:
    """Trade the secret for the trainer's cookie, as the printed address does."""
    answer = await client.get(f"/trainer?token={token}", allow_redirects=False)
    assert answer.status == 303 and answer.headers["Location"] == "/trainer"


def own_origin(client: TestClient) -> dict[str, str]:
    """The Origin header of the trainer's own page."""
    return {"Origin": f"http://{client.host}:{client.port}"}


@pytest.mark.asyncio
async def test_the_trainer_screen_needs_the_secret(tmp_path: Path) -> None:
    """Without the trainer's cookie every trainer route is 403; a wrong secret is refused; the right one sets an HttpOnly, SameSite=Strict cookie."""
    client, store, _desk, token = await trainer_client(tmp_path)
    try:
        for path in ("/trainer", "/trainer/projector", "/trainer/state", "/trainer/events", "/trainer/report.html", "/trainer/results.csv"):
            assert (await client.get(path)).status == 403, path
        assert (await client.get("/trainer?token=guess")).status == 403
        answer = await client.get(f"/trainer?token={token}", allow_redirects=False)
        cookie = answer.headers["Set-Cookie"]
        assert answer.status == 303 and "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/trainer" in cookie
        page = await client.get("/trainer")
        assert page.status == 200 and page.headers["Content-Security-Policy"] == CSP
        assert "Sept" in await page.text()
    finally:
        await client.close()
        store.close()


@pytest.mark.asyncio
async def test_a_reopened_class_makes_the_old_secret_useless(tmp_path: Path) -> None:
    """Opening the class again (a new `dojo serve --class`) gives a new secret; the old one and its cookie stop working."""
    client, store, _desk, token = await trainer_client(tmp_path)
    try:
        await signed_in(client, token)
        open_class(store, "Sept", "ranked", ["mini"])
        assert (await client.get("/trainer")).status == 403
        assert (await client.get(f"/trainer?token={token}")).status == 403
    finally:
        await client.close()
        store.close()


@pytest.mark.asyncio
async def test_the_state_shows_roster_board_and_trips(tmp_path: Path) -> None:
    """The class view names trainees, the scenario's title, the board in order and a tripping reply in words."""
    client, store, desk, token = await trainer_client(tmp_path)
    try:
        class_id = desk.info.id
        best = record(store, "Ann", BEST)
        bad = record(store, "Bo", BAD)
        for name, run in (("Ann", best), ("Bo", bad)):
            take_seat(store, class_id, name)
            link_run(store, class_id, run.run_uid)
            update_seat(store, class_id, name, "finished", scenario_id="mini", band=run.band, percent=run.percent)
        await signed_in(client, token)
        state = await (await client.get("/trainer/state")).json()
        assert [row["name"] for row in state["roster"]] == ["Ann", "Bo"]
        assert {row["scenario"] for row in state["roster"]} == {mini().scenario.title}
        assert [row["name"] for row in state["board"]] == ["Ann", "Bo"] and state["podium"][0]["name"] == "Ann"
        assert state["trips"] and all(row["grade"] in ("slip", "mistake", "blunder") for row in state["trips"][0]["rows"])
        assert all(row["reply"] not in ("refuse", "cave") for row in state["trips"][0]["rows"]), "words, not ids"
    finally:
        await client.close()
        store.close()


@pytest.mark.asyncio
async def test_events_send_the_class_then_each_change(tmp_path: Path) -> None:
    """The event stream sends the class at once, then again when a trainee joins (without reloading)."""
    client, store, desk, token = await trainer_client(tmp_path)
    try:
        await signed_in(client, token)
        record(store, "Cy", GOOD)
        stream = await client.get("/trainer/events")
        assert stream.headers["Content-Type"].startswith("text/event-stream")

        async def next_event() -> dict[str, object]:
            data = b""
            while not data.endswith(b"\n\n"):
                data += await stream.content.readuntil(b"\n")
            line = next(part for part in data.decode().splitlines() if part.startswith("data: "))
            return json.loads(line.removeprefix("data: "))

        first = await asyncio.wait_for(next_event(), 20)
        assert first["roster"] == []
        take_seat(store, desk.info.id, "Cy")
        second = await asyncio.wait_for(next_event(), 20)
        assert [row["name"] for row in second["roster"]] == ["Cy"]  # type: ignore[index]
        stream.close()
    finally:
        await client.close()
        store.close()


@pytest.mark.asyncio
async def test_controls_work_only_from_the_trainers_page(tmp_path: Path) -> None:
    """A message or the round's end needs the cookie and the page's own Origin; bad bodies get 400, never a traceback."""
    client, store, desk, token = await trainer_client(tmp_path)
    try:
        body = {"text": "5 minutes left"}
        assert (await client.post("/trainer/message", json=body, headers=own_origin(client))).status == 403  # no cookie
        await signed_in(client, token)
        assert (await client.post("/trainer/message", json=body)).status == 403  # no Origin
        assert (await client.post("/trainer/message", json=body, headers={"Origin": "https://evil.example"})).status == 403
        sent = await client.post("/trainer/message", json=body, headers=own_origin(client))
        assert sent.status == 200 and class_by_id(store, desk.info.id).message == "5 minutes left"
        for bad in ("not json", "[1, 2]", json.dumps({"text": 5}), json.dumps({"text": "   "})):
            answer = await client.post("/trainer/message", data=bad, headers={**own_origin(client), "Content-Type": "application/json"})
            assert answer.status == 400 and "said" in await answer.json()
        huge = await client.post("/trainer/message", data="x" * 10_000, headers=own_origin(client))
        assert huge.status == 413
        ended = await client.post("/trainer/round", json={"action": "end"}, headers=own_origin(client))
        assert ended.status == 200 and class_by_id(store, desk.info.id).round_over
        again = await client.post("/trainer/round", json={"action": "next"}, headers=own_origin(client))
        assert again.status == 200 and not class_by_id(store, desk.info.id).round_over
        assert (await client.post("/trainer/round", json={"action": "explode"}, headers=own_origin(client))).status == 400
    finally:
        await client.close()
        store.close()


@pytest.mark.asyncio
async def test_the_report_and_the_csv_download(tmp_path: Path) -> None:
    """Before any run the report says there is none (404 page); after, both download with the class code in the file name."""
    client, store, desk, token = await trainer_client(tmp_path)
    try:
        await signed_in(client, token)
        empty = await client.get("/trainer/report.html")
        assert empty.status == 404
        run = record(store, "Di", GOOD, cohort="Sept")
        link_run(store, desk.info.id, run.run_uid)
        report = await client.get("/trainer/report.html")
        assert report.status == 200 and f"class-{desk.info.code.lower()}.html" in report.headers["Content-Disposition"]
        assert "Di" in await report.text()
        csv = await client.get("/trainer/results.csv")
        lines = (await csv.text()).splitlines()
        assert csv.status == 200 and len(lines) == 2 and run.run_uid in lines[1]
    finally:
        await client.close()
        store.close()


@pytest.mark.asyncio
async def test_trainees_need_the_code(tmp_path: Path) -> None:
    """The page without a code is the join form; a wrong code is 403 with the form again; a socket needs the code in its path."""
    client, store, desk, _token = await trainer_client(tmp_path)
    try:
        form = await client.get("/")
        assert form.status == 200 and 'name="code"' in await form.text()
        wrong = await client.get("/?code=NOPE99")
        assert wrong.status == 403 and "NOPE99" in await wrong.text()
        right = await client.get(f"/?code={desk.info.code.lower()}")
        assert right.status == 200 and f"/ws/{desk.info.code}" in await right.text()
        for path in ("/ws", "/ws/NOPE99"):
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await client.ws_connect(path)
            assert refused.value.status == 403
        socket = await client.ws_connect(f"/ws/{desk.info.code}")
        await socket.close()
    finally:
        await client.close()
        store.close()
