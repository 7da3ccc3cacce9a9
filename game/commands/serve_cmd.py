"""`dojo serve`: the terminal game for a class, served to browsers on the LAN (textual-serve).

Each browser that opens the page gets its own `dojo play`; all of them write to the one
store chosen here (passed to them as DOJO_DB). Listening on every interface is never a
default: it takes `--host 0.0.0.0` (or any other spelling of it: `--host` is parsed as an
address, so `0`, `0x0`, `::0` and `*` are recognised too), and says so. At most
`--max-trainees` browsers play at once (the default comes from the machine's memory). The store is checked before listening, so a
bad `--db` is one message and exit 2, not a failure in every trainee's browser.
"""

from __future__ import annotations

import argparse
import ipaddress
import re
import socket
import sys
from dataclasses import dataclass
from pathlib import Path

from game.commands.common import EXIT_OK, EXIT_USAGE, CommandError
from game.commands.play_cmd import PLAYER_SETTINGS_ENV
from game.engine.session import MODES
from game.store.errors import StoreError
from game.store.options import add_db_options, store_from_args

NAME = "serve"
HELP = "serve the terminal game to browsers on the local network (one shared store for the class)"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
MAX_HOST_LENGTH = 253  # the longest DNS name
_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)", re.IGNORECASE)
# What each browser's app process runs (`dojo`'s module, whose main(argv) is `dojo`): named,
# not imported, as this layer sits below the command line.
DOJO_ENTRY = "game.cli"


def port_number(text: str) -> int:
    """argparse type: a TCP port, 1 to 65535."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port number") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"port {port} is outside 1-65535")
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
        raise argparse.ArgumentTypeError(f"'{shown}' is {len(value)} characters; a host name has at most {MAX_HOST_LENGTH}")
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
            f"'{shown}' is neither an IP address nor a host name (letters, digits and '-', at most 63 between dots)"
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
        raise argparse.ArgumentTypeError(f"'{text[:40]}' is not a number of trainees") from None
    if not 1 <= seats <= MAX_TRAINEES:
        raise argparse.ArgumentTypeError(f"{text[:40]} is outside 1-{MAX_TRAINEES}")
    return seats


def add_parser(parser: argparse.ArgumentParser) -> None:
    """Options of `dojo serve`."""
    parser.add_argument(
        "--host",
        type=listen_address,
        default=ListenAddress(DEFAULT_HOST, False),
        help=f"address to listen on (default {DEFAULT_HOST}, this machine only; --host 0.0.0.0 opens it to the network)",
    )
    parser.add_argument(
        "--max-trainees",
        type=seat_count,
        metavar="N",
        help="how many browsers may play at once; more get a 'class is full' page "
        "(default: this machine's memory less 1 GB, at 75 MB each, between 2 and 100)",
    )
    parser.add_argument("--port", type=port_number, default=DEFAULT_PORT, help=f"port to listen on (default {DEFAULT_PORT})")
    parser.add_argument("--mode", choices=MODES, default="practice", help="the mode trainees start in (default practice)")
    add_db_options(parser)


def open_all_warning(address: ListenAddress, port: int) -> str | None:
    """The warning line for listening on every interface, or None."""
    if not address.everywhere:
        return None
    return (
        f"dojo serve: warning: listening on all interfaces ({address.host}:{port}): "
        f"anyone who can reach this machine can play and write to the store; trainees open http://<this machine's address>:{port}/"
    )


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
    db_url = shared_db_url(args)
    warning = open_all_warning(args.host, args.port)
    if warning:
        print(warning, file=sys.stderr)
    from game.tui.serve.server import (  # here: aiohttp loads only for this command
        DojoServer,
        play_argv,
    )

    environment = {"DOJO_DB": db_url, **seal_environment()}
    players = player_settings_folder()
    if players is not None:
        environment[PLAYER_SETTINGS_ENV] = str(players)
    address: ListenAddress = args.host
    server = DojoServer(
        play_argv(DOJO_ENTRY, args.mode), host=address.host, port=args.port, extra_env=environment, max_trainees=args.max_trainees
    )
    try:
        server.serve()
    except (OSError, UnicodeError) as error:
        reason = getattr(error, "strerror", None) or error
        raise CommandError(f"cannot listen on {address.host}:{args.port}: {reason}", EXIT_USAGE) from None
    print("dojo serve: stopped; every game process was closed", file=sys.stderr)
    return EXIT_OK
