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
- Ctrl-C or SIGTERM closes every websocket and reaps every app before the server returns.
"""

from __future__ import annotations

import asyncio
import logging
import os
import shlex
import shutil
import signal
import sys
import tempfile
from asyncio.subprocess import PIPE, Process
from pathlib import Path
from typing import Any

import aiohttp_jinja2
import jinja2
from aiohttp import WSCloseCode, web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from game.tui.serve.launch import PARENT_ENV
from game.tui.serve.page import PAGE_NAME, TEMPLATES
from game.tui.serve.reaper import DEFAULT_GRACE, Reaper

TITLE = "Service Dojo"
HEARTBEAT_SECONDS = 10  # a browser that vanishes without closing its socket is noticed after this

log = logging.getLogger("dojo-serve")


def play_argv(entry: str, mode: str = "practice") -> list[str]:
    """The command each browser gets: `play` of entry module `entry` (`dojo`'s), run by this same Python, through `launch`."""
    return [sys.executable, "-m", "game.tui.serve.launch", entry, "play", "--mode", mode]


class ReapedAppService(AppService):
    """One browser's app process: its own process group, tracked, and reaped on stop."""

    def __init__(self, argv: list[str], *, reaper: Reaper, extra_env: dict[str, str], settings_root: Path, **kwargs: Any):
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
    ):
        super().__init__(shlex.join(argv), host=host, port=port, title=TITLE)
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
        return app

    async def on_startup(self, app: web.Application) -> None:
        """Nothing: `serve` says where to point the browsers once it listens (no logo: the console is the teacher's)."""

    async def on_shutdown(self, app: web.Application) -> None:
        """Close every browser's socket, then reap every app (killed after the grace period)."""
        closing = [socket.close(code=WSCloseCode.GOING_AWAY, message=b"server stopping") for socket in list(self._sockets)]
        try:  # a browser that never answers the close must not hold the stop up
            await asyncio.wait_for(asyncio.gather(*closing, return_exceptions=True), self.reaper.grace)
        except TimeoutError:
            log.debug("some browsers did not answer the close")
        # A handler may not have reached its own stop yet: stop every app from here too.
        await asyncio.gather(*self._stopping, *(service.stop() for service in list(self._services)), return_exceptions=True)
        await self.reaper.reap_all()
        self.cleanup()

    @aiohttp_jinja2.template(PAGE_NAME)
    async def handle_index(self, request: web.Request) -> dict[str, Any]:
        """The page, with URLs on the host the browser itself used (never a fixed public URL)."""
        scheme = "wss" if request.secure else "ws"
        return {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": f"{scheme}://{request.host}/ws",
            "config": {"static": {"url": "/static/"}},
            "application": {"name": self.title},
        }

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One browser: start its app, relay until either side goes, then reap the app."""
        websocket = web.WebSocketResponse(heartbeat=HEARTBEAT_SECONDS)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        service: ReapedAppService | None = None
        self._sockets.add(websocket)
        try:
            await websocket.prepare(request)
            service = ReapedAppService(
                self.argv,
                reaper=self.reaper,
                extra_env=self.extra_env,
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

    async def _stop_outliving_handler(self, service: ReapedAppService) -> None:
        """Stop (and reap) the app in a task of its own: aiohttp may cancel the handler when the browser drops."""
        task = asyncio.ensure_future(service.stop())
        self._stopping.add(task)
        task.add_done_callback(self._stopping.discard)
        task.add_done_callback(lambda _: self._services.discard(service))
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
                print(f"Serving Service Dojo on {self.public_url}  (Ctrl-C stops it)", flush=True)
            await stop.wait()
        finally:
            await runner.cleanup()
