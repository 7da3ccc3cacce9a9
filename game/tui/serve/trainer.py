"""The trainer's side of a served class: the trainer screen, its live updates, its controls and downloads.

Routes, all under /trainer on the same server as the trainees' page:

- `/trainer?token=SECRET` (the address `dojo serve --class` prints) checks the secret and
  trades it for a cookie (HttpOnly, SameSite=Strict, path /trainer), then redirects to
  `/trainer`, so the secret leaves the address bar and the browser history at once. Every
  other trainer route needs that cookie; without it: 403 and a page saying what to open.
- `/trainer/events`: server-sent events. One poller reads what changed in the class every
  `POLL_SECONDS` (the latest seat change, the runs linked, the class row) and, when anything
  did (or every `REFRESH_SECONDS`, so "away" shows), builds the `ClassView` once in a
  thread and sends it to every open trainer page.
- `/trainer/message` and `/trainer/round` (POST, JSON): a message to every trainee, the end of
  the round or the next one. They must come from the trainer's page itself (the Origin
  names this server; the cookie is SameSite=Strict), so another site cannot post them.
- `/trainer/report.html` and `/trainer/results.csv`: the class report (as `dojo report
  --cohort`) and the class's runs as CSV (as `dojo export --csv --class`), downloaded.

Store calls are blocking, so they run in the default executor: thirty trainees' relays on
the same event loop never wait on the database.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import logging
from collections.abc import Mapping, Sequence
from typing import Any

from aiohttp import web

from game.play.class_view import class_view
from game.scenario.model import Scenario
from game.store.class_board import GradeBook
from game.store.classes import ClassInfo, class_by_id, end_round, next_round, send_message, trainer_allowed
from game.store.db import Store
from game.store.errors import StoreError
from game.tui.serve.guard import origin_allowed
from game.tui.serve.language import _
from game.tui.serve.trainer_page import CSP, SCRIPT, STYLE, projector_html, refused_html, trainer_html

log = logging.getLogger("dojo-serve")

POLL_SECONDS = 0.5  # what changed in the class is read this often while a trainer page is open
REFRESH_SECONDS = 5.0  # and the view is rebuilt at least this often (seats turn "away" with time)
KEEPALIVE_SECONDS = 15.0  # a comment line keeps proxies and browsers from closing a quiet stream
MAX_POST_BYTES = 4096


def _headers() -> dict[str, str]:
    return {
        "Content-Security-Policy": CSP,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-store",
    }


class TrainerDesk:
    """The trainer's routes for one class on one store; see the module docstring."""

    def __init__(self, store: Store, info: ClassInfo, scenarios: Mapping[str, Scenario], join: Sequence[str] = ()):
        """The desk for `info` on `store`; `join` is where trainees open the page (host:port, for the join line)."""
        self.store = store
        self.join = list(join)
        self.info = info
        self.scenarios = dict(scenarios)
        self.cookie = f"dojo_trainer_{info.id}"
        self._listeners: set[asyncio.Queue[str | None]] = set()
        self._poller: asyncio.Task[None] | None = None
        self._latest: str | None = None
        self.stopping = False
        self.grades = GradeBook()  # each class run replayed once, for the replies that tripped the class

    def add_routes(self, app: web.Application) -> None:
        """The trainer's routes on the served app."""
        app.router.add_get("/trainer", self.page)
        app.router.add_get("/trainer/projector", self.projector)
        app.router.add_get("/trainer/events", self.events)
        app.router.add_get("/trainer/state", self.state)
        app.router.add_post("/trainer/message", self.message)
        app.router.add_post("/trainer/round", self.round)
        app.router.add_get("/trainer/report.html", self.report)
        app.router.add_get("/trainer/results.csv", self.results)
        app.router.add_get("/trainer/trainer.css", self.style)
        app.router.add_get("/trainer/trainer.js", self.script)

    async def _blocking(self, work: Any, *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(None, work, *args)

    # Who may -----------------------------------------------------------------------------

    async def _allowed(self, request: web.Request) -> bool:
        token = request.cookies.get(self.cookie)
        return bool(token) and bool(await self._blocking(trainer_allowed, self.store, self.info.id, token))

    def _refused(self) -> web.Response:
        return web.Response(
            status=403,
            text=refused_html(
                _("This page is the trainer's"),
                _(
                    "Open the trainer address that `dojo serve --class` printed (it holds a secret). "
                    "Trainees join on the main page with the class code."
                ),
            ),
            content_type="text/html",
            headers=_headers(),
        )

    async def page(self, request: web.Request) -> web.StreamResponse:
        """The trainer screen; with ?token=, the secret is checked and traded for a cookie."""
        token = request.query.get("token")
        if token is not None:
            if not await self._blocking(trainer_allowed, self.store, self.info.id, token):
                log.warning("refused a trainer page with a wrong secret")
                return self._refused()
            response = web.Response(status=303, headers={**_headers(), "Location": "/trainer"})
            response.set_cookie(
                self.cookie, token, httponly=True, samesite="Strict", path="/trainer", secure=request.secure, max_age=12 * 3600
            )
            return response
        if not await self._allowed(request):
            return self._refused()
        return web.Response(text=trainer_html(self.info.name), content_type="text/html", headers=_headers())

    async def projector(self, request: web.Request) -> web.StreamResponse:
        """The projector view."""
        if not await self._allowed(request):
            return self._refused()
        return web.Response(text=projector_html(self.info.name), content_type="text/html", headers=_headers())

    async def style(self, request: web.Request) -> web.StreamResponse:
        """The pages' stylesheet."""
        return web.Response(text=STYLE, content_type="text/css", headers=_headers())

    async def script(self, request: web.Request) -> web.StreamResponse:
        """The pages' script."""
        return web.Response(text=SCRIPT, content_type="application/javascript", headers=_headers())

    # The view, live ------------------------------------------------------------------------

    def build(self) -> str:
        """The class as JSON, now (blocking: runs in a thread)."""
        self.info = class_by_id(self.store, self.info.id)
        view = class_view(self.store, self.info, self.scenarios, self.store.clock(), self.grades).to_json()
        return json.dumps({**view, "join": self.join}, ensure_ascii=False)

    def _fingerprint(self) -> tuple[Any, ...]:
        from game.store.class_seats import changed_at

        info = class_by_id(self.store, self.info.id)
        return (*changed_at(self.store, info.id), info.message_seq, info.round_ended_at, info.closed_at)

    async def state(self, request: web.Request) -> web.StreamResponse:
        """The class as JSON, once (for scripts and tests)."""
        if not await self._allowed(request):
            return self._refused()
        return web.Response(text=await self._blocking(self.build), content_type="application/json", headers=_headers())

    async def events(self, request: web.Request) -> web.StreamResponse:
        """Server-sent events: the class now, then again whenever it changes."""
        if not await self._allowed(request):
            return self._refused()
        response = web.StreamResponse(headers={**_headers(), "Content-Type": "text/event-stream", "X-Accel-Buffering": "no"})
        await response.prepare(request)
        queue: asyncio.Queue[str | None] = asyncio.Queue(maxsize=8)
        try:
            if self._latest is None:
                self._latest = await self._blocking(self.build)
            await response.write(_event(self._latest))
            # Listening starts only after the first view is sent: a poll that ran meanwhile
            # would otherwise queue that same view again, after it, as if it were news.
            self._listeners.add(queue)
            self._start_poller()
            while not self.stopping:
                try:
                    data = await asyncio.wait_for(queue.get(), KEEPALIVE_SECONDS)
                except TimeoutError:
                    await response.write(b": still here\n\n")
                    continue
                if data is None:
                    break
                await response.write(_event(data))
        except (ConnectionResetError, asyncio.CancelledError):
            pass
        finally:
            self._listeners.discard(queue)
        return response

    def _start_poller(self) -> None:
        if self._poller is None or self._poller.done():
            self._poller = asyncio.ensure_future(self._poll())

    async def _poll(self) -> None:
        """While any trainer page listens: rebuild the view when the class changed, and send it."""
        last: tuple[Any, ...] | None = None
        since = 0.0
        loop = asyncio.get_running_loop()
        while self._listeners and not self.stopping:
            try:
                now = await self._blocking(self._fingerprint)
                if now != last or loop.time() - since >= REFRESH_SECONDS:
                    data = await self._blocking(self.build)
                    last, since = now, loop.time()
                    if data != self._latest:
                        self._latest = data
                        for queue in list(self._listeners):
                            _offer(queue, data)
            except StoreError as error:  # a busy or vanished store: say so, try again next time
                log.warning("trainer screen: %s", error.message)
            except Exception as error:  # noqa: BLE001 (a bug here must not stop the live page for the rest of the class)
                log.warning("trainer screen: could not build the class view: %s: %s", type(error).__name__, error)
            await asyncio.sleep(POLL_SECONDS)
        self._latest = None  # nobody listens: the next page to open gets a fresh view

    async def stop(self) -> None:
        """Close every trainer stream (the server is stopping)."""
        self.stopping = True
        for queue in list(self._listeners):
            _offer(queue, None)
        if self._poller is not None:
            self._poller.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._poller

    # Controls ------------------------------------------------------------------------------

    async def _command(self, request: web.Request) -> dict[str, Any] | web.Response:
        """The JSON body of a control request from the trainer's own page, or the refusal."""
        if not origin_allowed(request.headers.get("Origin"), request.host) or request.headers.get("Origin") is None:
            return web.json_response({"said": _("Controls work only from the trainer's page.")}, status=403, headers=_headers())
        if not await self._allowed(request):
            return web.json_response({"said": _("Open the trainer address first.")}, status=403, headers=_headers())
        if (request.content_length or 0) > MAX_POST_BYTES:
            return web.json_response({"said": _("That request is too large.")}, status=413, headers=_headers())
        try:
            body = json.loads(await request.content.read(MAX_POST_BYTES))
        except (ValueError, UnicodeDecodeError):
            body = None
        if not isinstance(body, dict):
            return web.json_response({"said": _("That request is not understood.")}, status=400, headers=_headers())
        return body

    async def message(self, request: web.Request) -> web.StreamResponse:
        """Send every trainee a message."""
        body = await self._command(request)
        if isinstance(body, web.Response):
            return body
        text = body.get("text")
        if not isinstance(text, str):
            return web.json_response({"said": _("A message needs some text.")}, status=400, headers=_headers())
        try:
            info = await self._blocking(send_message, self.store, self.info.id, text)
        except StoreError as error:
            return web.json_response({"said": error.message[:1].upper() + error.message[1:] + "."}, status=400, headers=_headers())
        return web.json_response({"said": _("Sent: {message}").format(message=info.message)}, headers=_headers())

    async def round(self, request: web.Request) -> web.StreamResponse:
        """End the round, or start the next one."""
        body = await self._command(request)
        if isinstance(body, web.Response):
            return body
        action = body.get("action")
        if action not in ("end", "next"):
            return web.json_response({"said": _("The round can be ended or the next one started.")}, status=400, headers=_headers())
        change = end_round if action == "end" else next_round
        try:
            await self._blocking(change, self.store, self.info.id)
        except StoreError as error:
            return web.json_response({"said": error.message}, status=500, headers=_headers())
        said = _("The round is over: the podium is on the projector.") if action == "end" else _("The next round has started.")
        return web.json_response({"said": said}, headers=_headers())

    # Downloads -----------------------------------------------------------------------------

    def _file_name(self, suffix: str) -> str:
        return f"class-{self.info.code.lower()}{suffix}"

    async def report(self, request: web.Request) -> web.StreamResponse:
        """The class report (HTML), downloaded."""
        if not await self._allowed(request):
            return self._refused()
        from game.export.report.common import ReportError
        from game.export.report.cohort import cohort_report

        try:
            page = await self._blocking(cohort_report, self.store, self.info.name)
        except (ReportError, StoreError) as error:
            text = getattr(error, "message", None) or str(error)
            return web.Response(status=404, text=refused_html(_("No report yet"), text), content_type="text/html", headers=_headers())
        headers = {**_headers(), "Content-Disposition": f'attachment; filename="{self._file_name(".html")}"'}
        return web.Response(text=page, content_type="text/html", headers=headers)

    async def results(self, request: web.Request) -> web.StreamResponse:
        """The class's runs as CSV, downloaded."""
        if not await self._allowed(request):
            return self._refused()
        from game.store.csv_export import exported_runs, skill_names, write_csv
        from game.store.run_filters import in_class

        def csv_text() -> str:
            stream = io.StringIO()
            played_here = [in_class(str(self.info.id))]
            write_csv(stream, exported_runs(self.store, played_here), skill_names(self.store, played_here))
            return stream.getvalue()

        headers = {**_headers(), "Content-Disposition": f'attachment; filename="{self._file_name(".csv")}"'}
        return web.Response(text=await self._blocking(csv_text), content_type="text/csv", headers=headers)


def _event(data: str) -> bytes:
    """One server-sent event of type `class` (JSON has no raw newlines, so one data line)."""
    return f"event: class\ndata: {data}\n\n".encode()


def _offer(queue: asyncio.Queue[str | None], data: str | None) -> None:
    """Give a page the newest view; a page that has fallen behind skips what it missed."""
    while queue.full():
        with contextlib.suppress(asyncio.QueueEmpty):
            queue.get_nowait()
    queue.put_nowait(data)
