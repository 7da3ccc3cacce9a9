"""Who may open a seat on `dojo serve`, how many seats there are, and what a browser may send.

- **Host**: every request must name the server by an IP address, `localhost`, or this
  machine's own name. A page on another site that points its own name at this machine
  (DNS rebinding) names itself, and is refused (421).
- **Origin**: a websocket is opened only by the served page itself: a browser sends the
  page's origin, which must be the host the request names. Another site's page can open a
  websocket to any address its visitor can reach, so without this any web page a trainee
  visits could start apps on the trainer's machine. A client that sends no Origin at all
  is not a browser page (browsers always send it on websockets) and is let through.
- **Seats**: at most `max_trainees` apps run at once (`--max-trainees`); by default the
  machine's memory less `RESERVED_MB`, at `APP_MEMORY_MB` per app (a served `dojo play`
  measured 72 MB PSS), kept between `MIN_DEFAULT_TRAINEES` and `MAX_DEFAULT_TRAINEES`
  (a 4 GB machine: 40). A browser past the cap
  gets `full_house_page` (503) and no app.
- **Sizes**: a terminal size from the page's URL or a resize message is clamped to
  `MIN_COLUMNS`..`MAX_COLUMNS` by `MIN_ROWS`..`MAX_ROWS`; a size that is not a number is
  ignored. A negative size crashed the app, and its traceback reached the trainer's console.
"""

from __future__ import annotations

import html
import ipaddress
import math
import os
import socket
from urllib.parse import urlsplit

from game.tui.serve.language import FONT_STACK, _, current

APP_MEMORY_MB = 75  # one served `dojo play`: 72 MB PSS in the class-of-30 benchmark (README), rounded up
RESERVED_MB = 1024  # left for the system, the server and the store
MIN_DEFAULT_TRAINEES = 2
MAX_DEFAULT_TRAINEES = 100
MAX_TRAINEES = 500  # the most `--max-trainees` accepts
MIN_COLUMNS, MAX_COLUMNS = 20, 500
MIN_ROWS, MAX_ROWS = 5, 200


def physical_memory() -> int | None:
    """The machine's memory in bytes, or None where the system does not say."""
    try:
        pages, size = os.sysconf("SC_PHYS_PAGES"), os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None
    return pages * size if pages > 0 and size > 0 else None


def default_max_trainees() -> int:
    """The default cap: the memory past RESERVED_MB at APP_MEMORY_MB per app, between the floor and the ceiling."""
    memory = physical_memory()
    if memory is None:
        return MIN_DEFAULT_TRAINEES
    seats = (memory // (1024 * 1024) - RESERVED_MB) // APP_MEMORY_MB
    return max(MIN_DEFAULT_TRAINEES, min(MAX_DEFAULT_TRAINEES, seats))


def _split_host(value: str) -> str:
    """The host part of a Host header or a netloc ('[::1]:8000' -> '::1', 'a:80' -> 'a'), lower-cased."""
    text = value.strip().lower()
    if text.startswith("["):
        return text[1 : text.find("]")] if "]" in text else ""
    return text.rsplit(":", 1)[0] if text.count(":") == 1 else text


def own_names() -> set[str]:
    """The names this machine answers to: localhost, its host name and fully qualified name."""
    names = {"localhost"}
    try:
        name = socket.gethostname().lower()
        names |= {name, f"{name}.local", name.split(".")[0]}
        names.add(socket.getfqdn().lower())
    except OSError:
        pass
    return {name for name in names if name}


def host_allowed(host_header: str, bound: str) -> bool:
    """True when a request's Host names this server: an IP address, localhost, this machine, or the bound name."""
    host = _split_host(host_header)
    if not host:
        return False
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        pass
    return host in own_names() or host.endswith(".localhost") or host == _split_host(bound)


def origin_allowed(origin: str | None, host_header: str) -> bool:
    """True when a websocket's Origin is the served page itself (the host and port the request names), or absent."""
    if origin is None:
        return True
    try:
        parts = urlsplit(origin.strip())
        netloc = parts.netloc.lower()
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or not netloc:
        return False
    default = {"http": ":80", "https": ":443"}[parts.scheme]
    wanted = host_header.strip().lower()
    return netloc == wanted or netloc + default == wanted or netloc == wanted + default


def _cells(value: object, low: int, high: int) -> int | None:
    """A number of cells clamped to low..high, or None when `value` is not a finite number."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return max(low, min(high, int(value)))


def terminal_size(width: object, height: object) -> tuple[int, int] | None:
    """The size to give the app for what the browser sent, clamped; None when either is not a number."""
    columns, rows = _cells(width, MIN_COLUMNS, MAX_COLUMNS), _cells(height, MIN_ROWS, MAX_ROWS)
    if columns is None or rows is None:
        return None
    return columns, rows


def size_from_query(width: str | None, height: str | None) -> tuple[int, int]:
    """The first size, from the page URL's ?width=&height= (80 by 24 when missing or not a number), clamped."""

    def number(text: str | None, default: int) -> int:
        """The whole number in `text` (any size: it is clamped next), or the default."""
        try:
            return int(text) if text is not None else default
        except ValueError:  # not a number, or past Python's 4,300 digits
            return default

    size = terminal_size(number(width, 80), number(height, 24))
    assert size is not None  # both are whole numbers by now
    return size


def full_house_page(taken: int, seats: int) -> str:
    """The page a browser gets when every seat is taken: what happened and what to do (in the request's language)."""
    title = html.escape(_("Service Dojo: the class is full"))
    heading = html.escape(_("The class is full"))
    wait = html.escape(
        _(
            "All seats are taken ({taken} of {seats}). This page tries again by itself "
            "every 30 seconds, and lets you in as soon as a trainee leaves."
        ).format(taken=taken, seats=seats),
        quote=False,
    )
    seats_line = html.escape(_("Trainer: {command} sets the number of seats."), quote=False).format(
        command="<code>dojo serve --max-trainees N</code>"
    )
    return (
        f'<!DOCTYPE html><html lang="{current()}"><head><meta charset="utf-8"><title>{title}</title>'
        '<meta http-equiv="refresh" content="30"></head>'
        f'<body style="font-family: {html.escape(FONT_STACK)}; max-width: 36em; margin: 4em auto; line-height: 1.5">'
        f"<h1>{heading}</h1><p>{wait}</p><p>{seats_line}</p></body></html>"
    )
