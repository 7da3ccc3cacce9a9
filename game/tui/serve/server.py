"""textual-serve's `Server`, made fit for a classroom: reaped app processes, an offline page.

Differences from the stock server, each for a reason in pitfalls.md or issue 5:
- every app process runs in its own process group and is tracked by a `Reaper`: when its
  browser closes or drops, the app gets a grace period to quit, then the group is killed;
- every app is started through `launch`, which has the kernel SIGKILL it if the server
  itself dies without a clean stop (SIGKILL, a crash): no path leaves an app behind on Linux;
- the page comes from `page.py` here: the font is the one bundled with textual-serve
  and every URL is relative or built from the Host header the browser used, so the page
  makes no request off the serving machine (and works when bound to 0.0.0.0);
- every app gets its own settings folder, so one trainee's remembered name is not the
  next trainee's default; the store (DOJO_DB) is the same for all;
- Ctrl-C or SIGTERM closes every websocket and reaps every app before the server returns;
- `guard.py` decides who gets a seat: requests must name this machine (Host), websockets
  must come from the served page (Origin), at most `max_trainees` apps run at once (a full
  house gets a clear page), and sizes and messages from the browser are checked before the
  app hears them (a bad message is ignored, never a traceback);
- a malformed HTTP request (an over-long URL) is answered 400 by aiohttp and logged as one
  line, never a traceback on the trainer's console;
- in a class, each trainee picks a language on the join page (language.py): that trainee's
  pages are in it, and so is the app of their seat (`seat_command`).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import shlex
import shutil
import signal
import sys
import tempfile
from asyncio.subprocess import PIPE, Process
from pathlib import Path
from typing import TYPE_CHECKING, Any

import aiohttp_jinja2
import jinja2
from aiohttp import WSCloseCode, WSMsgType, web
from aiohttp.http_exceptions import HttpProcessingError
from textual_serve.app_service import AppService
from textual_serve.server import Server

from game.play.class_env import CLASS_LOCALE_ENV
from game.tui.serve.guard import default_max_trainees, full_house_page, host_allowed, origin_allowed, size_from_query, terminal_size
from game.i18n import supported
from game.tui.serve.language import CJK_RANGE, FONT_URL, _, current, font_path, needs_cjk, page_locale, speaking
from game.tui.serve.launch import PARENT_ENV
from game.tui.serve.page import PAGE_NAME, TEMPLATES
from game.tui.serve.reaper import DEFAULT_GRACE, Reaper

if TYPE_CHECKING:
    from game.tui.serve.trainer import TrainerDesk

TITLE = "Service Dojo"
HEARTBEAT_SECONDS = 10  # a browser that vanishes without closing its socket is noticed after this

log = logging.getLogger("dojo-serve")
MAX_STDIN_CHARACTERS = 65_536  # one keystroke message; a paste longer than this is cut


class OneLineParseErrors(logging.Filter):
    """aiohttp logs a malformed request (an over-long URL, a bad header) with its traceback;
    the request is answered 400 either way, so the trainer's console gets one line instead."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite a parse error's record as one line without the traceback."""
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, HttpProcessingError):
            reason = str(error.message).splitlines()[0].split(":", 1)[0][:120] if error.message else type(error).__name__
            record.msg, record.args = "dojo serve: refused a malformed request (%s: %s)", (type(error).__name__, reason)
            record.exc_info, record.exc_text = None, None
        return True


_ONE_LINE = OneLineParseErrors()


def play_argv(entry: str, mode: str = "practice") -> list[str]:
    """The command each browser gets: `play` of entry module `entry` (`dojo`'s), run by this same Python, through `launch`."""
    return [sys.executable, "-m", "game.tui.serve.launch", entry, "play", "--mode", mode]


class ReapedAppService(AppService):
    """One browser's app process: its own process group, tracked, and reaped on stop."""

    def __init__(self, argv: list[str], *, reaper: Reaper, extra_env: dict[str, str], settings_root: Path, **kwargs: Any):
        """The app `argv`, with the server's `extra_env` on top of textual-serve's environment."""
        super().__init__(shlex.join(argv), **kwargs)
        self.argv = argv
        self.reaper = reaper
        self.extra_env = extra_env
        self.settings_root = settings_root
        self.settings_dir: str | None = None

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Process:
        """Start the app without a shell, as a group leader, and track it."""
        environment = self._build_environment(width=width, height=height)
        environment.update(self.extra_env)
        self.settings_dir = tempfile.mkdtemp(prefix="app-", dir=self.settings_root)
        environment["XDG_CONFIG_HOME"] = self.settings_dir
        environment[PARENT_ENV] = str(os.getpid())  # so `launch` can tell if we died before it asked
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv, stdin=PIPE, stdout=PIPE, stderr=PIPE, env=environment, start_new_session=True
        )
        self.reaper.track(process)
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    async def stop(self) -> None:
        """Ask the app to quit, reap it (killed after the grace period), then finish reading it."""
        if self._task is None or self._process is None:
            return
        task, self._task = self._task, None
        await self._download_manager.cancel_app_downloads(app_service_id=self.app_service_id)
        try:
            await self.send_meta({"type": "quit"})
        except (OSError, RuntimeError) as error:  # a dead app's pipe: the reaper deals with it either way
            log.debug("could not ask the app to quit: %s", error)
        await self.reaper.reap(self._process)
        await task
        if self.settings_dir is not None:
            shutil.rmtree(self.settings_dir, ignore_errors=True)


class DojoServer(Server):
    """Serves `argv` to browsers; see the module docstring."""

    def __init__(
        self,
        argv: list[str],
        *,
        host: str = "127.0.0.1",
        port: int = 8000,
        extra_env: dict[str, str] | None = None,
        grace: float = DEFAULT_GRACE,
        quiet: bool = False,
        max_trainees: int | None = None,
        desk: TrainerDesk | None = None,
    ):
        super().__init__(shlex.join(argv), host=host, port=port, title=TITLE)
        self.desk = desk  # a class: trainees need its code, and the trainer has a screen
        self.announce: list[str] | None = None  # the first lines once listening (default: the address)
        self.max_trainees = max_trainees if max_trainees is not None else default_max_trainees()
        self._seats = 0  # apps started or starting, until each is reaped
        self.argv = argv
        self.extra_env = dict(extra_env or {})
        self.reaper = Reaper(grace)
        self.quiet = quiet
        self._sockets: set[web.WebSocketResponse] = set()
        self._stopping: set[asyncio.Task[None]] = set()
        self._services: set[ReapedAppService] = set()
        self._settings_root: Path | None = None

    def settings_root(self) -> Path:
        """The folder holding every app's settings folder (made on first use, removed by `cleanup`)."""
        if self._settings_root is None:
            self._settings_root = Path(tempfile.mkdtemp(prefix="dojo-serve-"))
        return self._settings_root

    def cleanup(self) -> None:
        """Remove the settings folders (after every app is gone)."""
        if self._settings_root is not None:
            shutil.rmtree(self._settings_root, ignore_errors=True)
            self._settings_root = None

    async def _make_app(self) -> web.Application:
        """textual-serve's routes, with our page in place of its templates folder."""
        app = await super()._make_app()
        aiohttp_jinja2.setup(app, loader=jinja2.DictLoader(TEMPLATES))
        app.middlewares.append(self._check_host)
        app.router.add_get(FONT_URL, self.handle_font)
        if self.desk is not None:
            self.desk.add_routes(app)
            app.router.add_get("/ws/{code}", self.handle_websocket)
            app.router.add_get("/ws/{code}/{locale}", self.handle_websocket)
        server_log = logging.getLogger("aiohttp.server")
        if _ONE_LINE not in server_log.filters:
            server_log.addFilter(_ONE_LINE)
        return app

    @web.middleware
    async def _check_host(self, request: web.Request, handler: Any) -> web.StreamResponse:
        """Every route: the request must name this machine (see guard.py), else 421."""
        if not host_allowed(request.host, self.host):
            return web.Response(status=421, text=_("This server answers only to its own address.") + "\n")
        response: web.StreamResponse = await handler(request)
        return response

    @property
    def full(self) -> bool:
        """True when every seat is taken."""
        return self._seats >= self.max_trainees

    def _full_house(self, locale: str | None = None) -> web.HTTPServiceUnavailable:
        """The clear page for a browser that finds every seat taken (a 503 to raise), in `locale` (default: the server's)."""
        with speaking(locale):
            text = full_house_page(self._seats, self.max_trainees)
        return web.HTTPServiceUnavailable(text=text, content_type="text/html", headers={"Retry-After": "30"})

    async def handle_font(self, request: web.Request) -> web.StreamResponse:
        """The bundled CJK font the pages draw Chinese with (404 when pygame-gui, which ships it, is missing)."""
        path = font_path()
        if path is None:
            raise web.HTTPNotFound()
        return web.FileResponse(path, headers={"Cache-Control": "public, max-age=86400", "Content-Type": "font/otf"})

    async def on_startup(self, app: web.Application) -> None:
        """Nothing: `serve` says where to point the browsers once it listens (no logo: the console is the teacher's)."""

    async def on_shutdown(self, app: web.Application) -> None:
        """Close every browser's socket, then reap every app (killed after the grace period)."""
        if self.desk is not None:
            await self.desk.stop()
        closing = [socket.close(code=WSCloseCode.GOING_AWAY, message=b"server stopping") for socket in list(self._sockets)]
        try:  # a browser that never answers the close must not hold the stop up
            await asyncio.wait_for(asyncio.gather(*closing, return_exceptions=True), self.reaper.grace)
        except TimeoutError:
            log.debug("some browsers did not answer the close")
        # A handler may not have reached its own stop yet: stop every app from here too.
        await asyncio.gather(*self._stopping, *(service.stop() for service in list(self._services)), return_exceptions=True)
        await self.reaper.reap_all()
        self.cleanup()

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        """The page, or the full-house page when every seat is taken; in a class, the join page until the code is right.

        In a class each trainee's pages are in the language picked on the join page (?lang=), at
        first the browser's (Accept-Language) when shipped, else the class's (`dojo serve --locale`).
        """
        locale: str | None = None
        if self.desk is not None:
            locale = page_locale(request.query.get("lang"), request.headers.get("Accept-Language"))
            code = request.query.get("code")
            if code is None or not await self._class_code_ok(code):
                return self._join_page(code, locale)
        if self.full:
            raise self._full_house(locale)
        with speaking(locale):
            return await self._page(request)

    async def _class_code_ok(self, code: str) -> bool:
        """True when `code` is the served class's join code and the class is open."""
        from game.store.classes import open_class_by_code

        assert self.desk is not None
        store = self.desk.store
        found = await asyncio.get_running_loop().run_in_executor(None, open_class_by_code, store, code)
        return found is not None and found.id == self.desk.info.id

    def _join_page(self, wrong: str | None, locale: str | None) -> web.Response:
        """Where a trainee types the class code and picks a language (403 after a wrong code)."""
        from game.tui.serve.trainer_page import CSP, join_html

        headers = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}
        status = 200 if not wrong else 403
        with speaking(locale):
            text = join_html(wrong or None)
        return web.Response(status=status, text=text, content_type="text/html", headers=headers)

    @aiohttp_jinja2.template(PAGE_NAME)
    async def _page(self, request: web.Request) -> dict[str, Any]:
        """The page, with URLs on the host the browser itself used (never a fixed public URL)."""
        scheme = "wss" if request.secure else "ws"
        try:
            font_size = max(6, min(72, int(request.query.get("fontsize", "16"))))
        except ValueError:
            font_size = 16
        socket_path = "/ws"
        locale = current()
        if self.desk is not None:  # the code and language travel in the path: textual.js appends its own "?width=..."
            socket_path = f"/ws/{self.desk.info.code}/{locale}"
        return {
            "font_size": font_size,
            "app_websocket_url": f"{scheme}://{request.host}{socket_path}",
            "config": {"static": {"url": "/static/"}},
            "application": {"name": self.title},
            "lang": locale,
            "connecting": _("{name}: connecting…").format(name=self.title),
            "start": _("Start"),
            "ended": _("Session ended."),
            "again": _("Play again"),
            "cjk_font_url": FONT_URL,
            "cjk": needs_cjk(locale, self.desk.info.name if self.desk is not None else ""),
            "cjk_range": CJK_RANGE,
        }

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One browser: check it may have a seat, start its app, relay until either side goes, then reap the app."""
        if not origin_allowed(request.headers.get("Origin"), request.host):
            log.warning("refused a websocket opened by another site (%s)", request.headers.get("Origin", "")[:100])
            raise web.HTTPForbidden(text=_("Only the Service Dojo page served here may open a seat.") + "\n")
        if self.desk is not None and not await self._class_code_ok(request.match_info.get("code", "")):
            log.warning("refused a seat without the class's code")
            raise web.HTTPForbidden(text=_("This class needs its code: open the class's address and type the code.") + "\n")
        if self.full:
            raise self._full_house()
        self._seats += 1  # taken before the first await: sixty sockets at once cannot overshoot the cap
        try:
            return await self._seat(request)
        finally:
            self._seats -= 1

    async def _seat(self, request: web.Request) -> web.WebSocketResponse:
        """Start the browser's app, relay until either side goes, then reap the app."""
        websocket = web.WebSocketResponse(heartbeat=HEARTBEAT_SECONDS)
        width, height = size_from_query(request.query.get("width"), request.query.get("height"))
        service: ReapedAppService | None = None
        self._sockets.add(websocket)
        try:
            await websocket.prepare(request)
            argv, extra_env = self.seat_command(request.match_info.get("locale"))
            service = ReapedAppService(
                argv,
                reaper=self.reaper,
                extra_env=extra_env,
                settings_root=self.settings_root(),
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=websocket.close,
                download_manager=self.download_manager,
                debug=self.debug,
            )
            self._services.add(service)
            await service.start(width, height)
            await self._process_messages(websocket, service)
        except Exception as error:  # noqa: BLE001 (one browser's trouble must not take the class down)
            log.warning("browser session ended with an error: %s", error)
        finally:
            self._sockets.discard(websocket)
            if service is not None:
                await self._stop_outliving_handler(service)
        return websocket

    def seat_command(self, locale: str | None) -> tuple[list[str], dict[str, str]]:
        """The app command and environment of one seat: in a class, in the language its trainee picked
        (CLASS_LOCALE_ENV, read by `launch`, and `--locale`, which also plays scenarios translated where they can be)."""
        chosen = supported(locale) if self.desk is not None else None
        if chosen is None:
            return self.argv, self.extra_env
        return [*self.argv, "--locale", chosen], {**self.extra_env, CLASS_LOCALE_ENV: chosen}

    async def _process_messages(self, websocket: web.WebSocketResponse, app_service: AppService) -> None:
        """Relay the browser's messages to its app; anything malformed is ignored (never a traceback, never the app's crash)."""
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = json.loads(message.data)
            except (ValueError, RecursionError):
                continue
            if not isinstance(envelope, list) or not envelope or not isinstance(envelope[0], str):
                continue
            kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
            if kind == "stdin" and isinstance(data, str):
                await app_service.send_bytes(data[:MAX_STDIN_CHARACTERS].encode("utf-8", errors="replace"))
            elif kind == "resize" and isinstance(data, dict):
                size = terminal_size(data.get("width"), data.get("height"))
                if size is not None:
                    await app_service.set_terminal_size(*size)
            elif kind == "ping":
                await websocket.send_json(["pong", data])
            elif kind == "blur":
                await app_service.blur()
            elif kind == "focus":
                await app_service.focus()

    async def _stop_outliving_handler(self, service: ReapedAppService) -> None:
        """Stop (and reap) the app in a task of its own: aiohttp may cancel the handler when the browser drops."""
        task = asyncio.ensure_future(service.stop())
        self._stopping.add(task)
        task.add_done_callback(self._stopping.discard)
        task.add_done_callback(lambda _task: self._services.discard(service))
        await asyncio.shield(task)

    def serve(self, debug: bool = False) -> None:
        """Run until Ctrl-C or SIGTERM; returns after every app is reaped. OSError if the port is taken."""
        self.debug = debug
        loop = asyncio.new_event_loop()
        stop = asyncio.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        try:
            loop.run_until_complete(self._run(stop))
        finally:
            for signum in (signal.SIGINT, signal.SIGTERM):
                loop.remove_signal_handler(signum)
            loop.close()
            self.cleanup()

    async def _run(self, stop: asyncio.Event) -> None:
        """Listen, say so only once listening, and wait for `stop`; then shut down (on_shutdown reaps)."""
        runner = web.AppRunner(await self._make_app(), handle_signals=False, shutdown_timeout=self.reaper.grace + 3)
        await runner.setup()
        try:
            await web.TCPSite(runner, self.host, self.port).start()
            if not self.quiet:
                lines = self.announce or [f"Serving Service Dojo on {self.public_url}  (Ctrl-C stops it)"]
                print("\n".join(lines), flush=True)
            await stop.wait()
        finally:
            await runner.cleanup()
