"""`dojo serve`: the terminal game for a class, served to browsers on the LAN (textual-serve).

Each browser that opens the page gets its own `dojo play`; all of them write to the one
store chosen here (passed to them as DOJO_DB). Listening on every interface is never a
default: it takes `--host 0.0.0.0` (or any other spelling of it: `--host` is parsed as an
address, so `0`, `0x0`, `::0` and `*` are recognised too), and says so. At most
`--max-trainees` browsers play at once (the default comes from the machine's memory). The store is checked before listening, so a
bad `--db` is one message and exit 2, not a failure in every trainee's browser.

With `--lrs URL` every run recorded in the store is sent to that learning record store as
xAPI statements by a sender in this process (game/export/xapi_pusher.py); while the LRS is
down they wait in the store's outbox (docs/xapi.md).
"""

from __future__ import annotations

import argparse
import ipaddress
import re
import socket
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from game.i18n import N_, _, ngettext
from game.commands.common import EXIT_OK, EXIT_USAGE, CommandError
from game.commands.lrs_option import add_lrs_option, lrs_target, report_line
from game.commands.play_cmd import PLAYER_SETTINGS_ENV
from game.engine.session import MODES
from game.store.display import pad
from game.store.errors import StoreError
from game.store.options import add_db_options, store_from_args

NAME = "serve"
HELP = N_("serve the terminal game to browsers on the local network (one shared store for the class)")
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
MAX_HOST_LENGTH = 253  # the longest DNS name
_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)", re.IGNORECASE)
if TYPE_CHECKING:
    from game.export.lrs import LrsTarget
    from game.export.xapi_pusher import Pusher
    from game.scenario.model import Scenario
    from game.tui.serve.trainer import TrainerDesk

# What each browser's app process runs (`dojo`'s module, whose main(argv) is `dojo`): named,
# not imported, as this layer sits below the command line.
DOJO_ENTRY = "game.cli"


def port_number(text: str) -> int:
    """argparse type: a TCP port, 1 to 65535."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("'{text}' is not a port number").format(text=text)) from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(_("port {port} is outside 1-65535").format(port=port))
    return port


@dataclass(frozen=True)
class ListenAddress:
    """What `--host` names: the address or name to bind, and whether that is every interface."""

    host: str
    everywhere: bool


def listen_address(text: str) -> ListenAddress:
    """argparse type: `--host` parsed as an address, never matched as a string.

    `*`, `0`, `0x0`, `0.0`, `::0`, `0.0.0.0` and `::` all mean every interface (and are bound
    as 0.0.0.0 or ::); other short or hex IPv4 forms (`127.1`, `0x7f000001`) are read as the
    C library reads them and bound as the address they are; `[::1]` loses its brackets.
    Anything else must be a host name: at most 253 characters, labels of letters, digits
    and '-' of at most 63.
    """
    value = text.strip()
    if value in ("", "*"):
        return ListenAddress("0.0.0.0", True)
    shown = value if len(value) <= 60 else value[:59] + "…"
    if len(value) > MAX_HOST_LENGTH:
        raise argparse.ArgumentTypeError(
            _("'{text}' is {length} characters; a host name has at most {most}").format(text=shown, length=len(value), most=MAX_HOST_LENGTH)
        )
    bare = value[1:-1] if value.startswith("[") and value.endswith("]") else value
    address: ipaddress.IPv4Address | ipaddress.IPv6Address | None
    try:
        address = ipaddress.ip_address(bare)
    except ValueError:
        address = _legacy_ipv4(bare)
    if address is not None:
        return ListenAddress(str(address), address.is_unspecified)
    labels = value.rstrip(".").split(".")
    if not all(_LABEL.fullmatch(label) for label in labels):
        raise argparse.ArgumentTypeError(
            _("'{text}' is neither an IP address nor a host name (letters, digits and '-', at most 63 between dots)").format(text=shown)
        )
    return ListenAddress(value, False)


def _legacy_ipv4(text: str) -> ipaddress.IPv4Address | None:
    """`0`, `0x0`, `127.1` and the other forms inet_aton accepts (and the server would bind), or None."""
    if not text or not all(char in "0123456789abcdefxABCDEFX." for char in text):
        return None
    try:
        return ipaddress.IPv4Address(socket.inet_aton(text))
    except (OSError, ValueError):
        return None


def seat_count(text: str) -> int:
    """argparse type: --max-trainees, 1 to MAX_TRAINEES."""
    from game.tui.serve.guard import MAX_TRAINEES  # here: the front end's guard, read only for this option

    try:
        seats = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("'{text}' is not a number of trainees").format(text=text[:40])) from None
    if not 1 <= seats <= MAX_TRAINEES:
        raise argparse.ArgumentTypeError(_("{text} is outside 1-{most}").format(text=text[:40], most=MAX_TRAINEES))
    return seats


def add_parser(parser: argparse.ArgumentParser) -> None:
    """Options of `dojo serve`."""
    parser.add_argument(
        "--host",
        type=listen_address,
        default=ListenAddress(DEFAULT_HOST, False),
        help=_("address to listen on (default {host}, this machine only; --host 0.0.0.0 opens it to the network)").format(host=DEFAULT_HOST),
    )
    parser.add_argument(
        "--max-trainees",
        type=seat_count,
        metavar="N",
        help=_(
            "how many browsers may play at once; more get a 'class is full' page "
            "(default: this machine's memory less 1 GB, at 75 MB each, between 2 and 100)"
        ),
    )
    parser.add_argument("--port", type=port_number, default=DEFAULT_PORT, help=_("port to listen on (default {port})").format(port=DEFAULT_PORT))
    parser.add_argument(
        "--mode", choices=MODES, default="practice", help=_("the mode trainees start in (default practice); a class locks it")
    )
    parser.add_argument(
        "--class",
        dest="class_name",
        metavar="NAME",
        help=_(
            "open a class called NAME (or reopen it): trainees join with a short code, NAME is everyone's cohort, "
            "the mode is locked, and a trainer screen shows the class live"
        ),
    )
    parser.add_argument(
        "--scenarios",
        metavar="ID,...",
        help=_("with --class: the scenarios the class plays, by id or title, comma-separated (default: the whole pack)"),
    )
    parser.add_argument(
        "--locale",
        metavar="LANG",
        help=_("the language of the trainer's screen and of the games (e.g. zh-Hans); in a class, each trainee may pick another"),
    )
    add_db_options(parser)
    add_lrs_option(parser)


def open_all_warning(address: ListenAddress, port: int) -> str | None:
    """The warning line for listening on every interface, or None."""
    if not address.everywhere:
        return None
    warning = _(
        "warning: listening on all interfaces ({host}:{port}): "
        "anyone who can reach this machine can play and write to the store; trainees open http://<this machine's address>:{port}/"
    ).format(host=address.host, port=port)
    return f"dojo serve: {warning}"


def shared_db_url(args: argparse.Namespace) -> str:
    """Open (and create, or reset if asked) the store once, make the served pack its official
    pack (the owner's act: sealed with this machine's key); its URL for every app process."""
    from game.store.official import bundled_pack, official_pack_of, same_pack, set_official

    try:
        store = store_from_args(args)
    except StoreError as error:
        raise CommandError(error.message, error.code) from None
    try:
        served = bundled_pack()
        try:
            current = official_pack_of(store)
        except StoreError:
            current = None
        if (current is None or not same_pack(current, served)) and store.read_only is None:
            set_official(store, served)
        return store.url.render_as_string(hide_password=False)
    except StoreError as error:
        raise CommandError(error.message, error.code) from None
    finally:
        store.close()


def seal_environment() -> dict[str, str]:
    """The owner's seal key for every app (each app has its own config folder, so it cannot read the key file)."""
    from game.store.keys import ENV_VAR, load_key

    try:
        key = load_key()
    except StoreError as error:
        raise CommandError(error.message, error.code) from None
    return {ENV_VAR: key.secret.decode("utf-8")}


def player_settings_folder() -> Path | None:
    """Where served trainees' display settings are kept, one file per name (None if it cannot be made).

    Each browser's app starts with an empty settings folder of its own, so one trainee never
    inherits another's name; a trainee who gives their name gets their own settings back
    from here.
    """
    from game.play.settings import default_path

    folder = default_path().parent / "served-players"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # settings then last as long as the browser tab: play goes on
    return folder


def execute(args: argparse.Namespace) -> int:
    """Check the store, then serve until Ctrl-C; every app process is reaped on the way out."""
    target = lrs_target(args.lrs)  # a bad address or missing credentials: one line, before anything starts
    db_url = shared_db_url(args)
    pusher = start_pusher(db_url, target) if target is not None else None
    warning = open_all_warning(args.host, args.port)
    if warning:
        print(warning, file=sys.stderr)
    from game.tui.serve.server import (  # here: aiohttp loads only for this command
        DojoServer,
        play_argv,
    )

    from game.i18n import choose_locale, use_locale

    locale = use_locale(choose_locale(args.locale))  # the trainer's screen, and each join page's first choice
    environment = {"DOJO_DB": db_url, **seal_environment()}
    players = player_settings_folder()
    if players is not None:
        environment[PLAYER_SETTINGS_ENV] = str(players)
    address: ListenAddress = args.host
    opened = open_served_class(args, db_url) if args.class_name is not None else None
    if opened is not None:
        environment.update(opened.environment)
    argv = play_argv(DOJO_ENTRY, opened.mode if opened is not None else args.mode)
    if args.locale:
        argv += ["--locale", locale]
    server = DojoServer(
        argv,
        host=address.host,
        port=args.port,
        extra_env=environment,
        max_trainees=args.max_trainees,
        desk=opened.desk if opened is not None else None,
    )
    if opened is not None:
        server.announce = opened.lines(address.host, args.port)
        opened.desk.join = opened.join_addresses(address.host, args.port)
    try:
        server.serve()
    except (OSError, UnicodeError) as error:
        reason = getattr(error, "strerror", None) or error
        raise CommandError(_("cannot listen on {host}:{port}: {reason}").format(host=address.host, port=args.port, reason=reason), EXIT_USAGE) from None
    finally:
        if opened is not None:
            opened.desk.store.close()
        if pusher is not None:
            pusher.stop()
    print("dojo serve: " + _("stopped; every game process was closed"), file=sys.stderr)
    return EXIT_OK


def start_pusher(db_url: str, target: LrsTarget) -> Pusher:
    """Keep the LRS in the store (so every room's runs are noted for it) and start sending in the background."""
    from game.export.xapi_pusher import Pusher
    from game.store.db import open_store
    from game.store.outbox import configure

    try:
        with open_store(db_url) as store:
            configure(store, lrs=target.url)
    except StoreError as error:
        raise CommandError(error.message, error.code) from None
    pusher = Pusher(lambda: open_store(db_url), target, report=lambda report: print(f"dojo serve: {report_line(report)}", file=sys.stderr))
    pusher.start()
    return pusher


@dataclass
class OpenedClass:
    """A class opened for this server: the trainer's desk, the apps' environment, what to print."""

    desk: TrainerDesk
    token: str
    reopened: bool

    @property
    def mode(self) -> str:
        """The class's mode, for every app."""
        return self.desk.info.mode

    @property
    def environment(self) -> dict[str, str]:
        """What every app is told of the class."""
        from game.play.class_env import CLASS_ENV, CLASS_NAME_ENV, CLASS_SCENARIOS_ENV

        info = self.desk.info
        return {CLASS_ENV: info.code, CLASS_NAME_ENV: info.name, CLASS_SCENARIOS_ENV: ",".join(info.scenarios)}

    def join_addresses(self, host: str, port: int) -> list[str]:
        """Where trainees open the page (host:port), for the trainer's and the projector's join line."""
        from game.tui.serve.addresses import listening_addresses, url_host

        found = listening_addresses(host)
        reachable = [where for where in found if not where.startswith("127.") and where != "::1"] or found
        return [f"{url_host(where)}:{port}" for where in reachable]

    def lines(self, host: str, port: int) -> list[str]:
        """The server's first lines: the class, the trainees' addresses with the code, the trainer's address."""
        from game.tui.serve.addresses import listening_addresses, url_host

        info = self.desk.info
        addresses = listening_addresses(host)
        titles = ", ".join(self.desk.scenarios[scenario].title for scenario in info.scenarios)
        count = len(info.scenarios)
        if self.reopened:
            said = ngettext(
                "Class \"{name}\" is open again: join code {code} ({mode}; {count} scenario: {titles})",
                "Class \"{name}\" is open again: join code {code} ({mode}; {count} scenarios: {titles})",
                count,
            )
        else:
            said = ngettext(
                "Class \"{name}\" is open: join code {code} ({mode}; {count} scenario: {titles})",
                "Class \"{name}\" is open: join code {code} ({mode}; {count} scenarios: {titles})",
                count,
            )
        lines = [said.format(name=info.name, code=info.code, mode=info.mode, count=count, titles=titles)]
        for index, where in enumerate(addresses):
            label = _("Trainees:") if index == 0 else ""
            lines.append(f"{pad(label, 10)}http://{url_host(where)}:{port}/?code={info.code}")
        if all(where.startswith("127.") or where in ("::1", "localhost") for where in addresses):
            lines.append("          " + _("(this machine only: trainees on other machines need --host 0.0.0.0)"))
        trainer_host = "127.0.0.1" if host in ("0.0.0.0", "::", "127.0.0.1", "localhost") else url_host(addresses[0])
        trainer = _("Trainer:")
        lines.append(f"{pad(trainer, 10)}http://{trainer_host}:{port}/trainer?token={self.token}")
        lines.append("          " + _("(the trainer's address holds a secret: keep it to yourself; Ctrl-C stops the class)"))
        return lines


def open_served_class(args: argparse.Namespace, db_url: str) -> OpenedClass:
    """Open (or reopen) the class named by --class on the store, with its scenarios; CommandError for bad input."""
    from game.play.catalog import load_folder
    from game.store.classes import open_class
    from game.store.db import open_store
    from game.tui.serve.trainer import TrainerDesk
    from scenarios import BUNDLED_DIR
    from scoring.rubric import default_rubric

    entries, _unused = load_folder(BUNDLED_DIR, default_rubric())
    scenarios = {entry.scenario.id: entry.scenario for entry in entries}
    chosen = [scenario_named(text, scenarios) for text in (args.scenarios or "").split(",") if text.strip()]
    if args.scenarios is not None and not chosen:
        raise CommandError(_("--scenarios needs at least one scenario id or title"))
    try:
        store = open_store(db_url)
    except StoreError as error:
        raise CommandError(error.message, error.code) from None
    try:
        info, token, reopened = open_class(store, args.class_name, args.mode, list(dict.fromkeys(chosen)) or list(scenarios))
    except StoreError as error:
        store.close()
        raise CommandError(error.message, error.code) from None
    from game.i18n import SOURCE_LOCALE, active_locale

    if active_locale() != SOURCE_LOCALE:  # the trainer's screen shows titles and lines in its language where translated
        scenarios = {entry.scenario.id: entry.scenario for entry in load_folder(BUNDLED_DIR, default_rubric(), active_locale())[0]}
    return OpenedClass(TrainerDesk(store, info, scenarios), token, reopened)


def scenario_named(text: str, scenarios: Mapping[str, Scenario]) -> str:
    """The id of the pack's scenario `text` names (its id or title, any case); CommandError (DOJO501/502) with the closest."""
    from game.store.scenario_names import KnownScenario, UnknownNameError, resolve_among

    known = [KnownScenario(scenario_id, scenario.title) for scenario_id, scenario in scenarios.items()]
    try:
        return resolve_among(known, text.strip(), _("the pack"))
    except UnknownNameError as error:
        raise CommandError(f"--scenarios: {error.message}", EXIT_USAGE) from None
