"""The addresses a served class is reached at: every IPv4 address of this machine that the server listens on.

Bound to one address, that address; bound to every interface (0.0.0.0), each address of
each network interface (read from the kernel on Linux, else what the host name resolves
to, plus the one the default route would use), loopback last, since a trainee's laptop
cannot use it.
"""

from __future__ import annotations

import contextlib
import fcntl
import ipaddress
import socket
import struct

_SIOCGIFADDR = 0x8915  # Linux: an interface's IPv4 address


def _interface_addresses() -> list[str]:
    """Each network interface's IPv4 address (Linux), in interface order."""
    found: list[str] = []
    try:
        names = [name for _index, name in socket.if_nameindex()]
    except OSError:
        return found
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        for name in names:
            with contextlib.suppress(OSError):
                packed = fcntl.ioctl(probe.fileno(), _SIOCGIFADDR, struct.pack("256s", name[:15].encode()))
                found.append(socket.inet_ntoa(packed[20:24]))
    return found


def _resolved_addresses() -> list[str]:
    """What the host name resolves to, and the address the default route would leave from."""
    found: list[str] = []
    with contextlib.suppress(OSError):
        found += [str(info[4][0]) for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)]
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("192.0.2.1", 9))  # TEST-NET-1: nothing is sent, the kernel only picks a route
        found.append(probe.getsockname()[0])
    return found


def listening_addresses(bound: str) -> list[str]:
    """The addresses to give trainees for a server bound to `bound`, loopback last."""
    try:
        address = ipaddress.ip_address(bound)
    except ValueError:
        return [bound]  # a host name: the trainer chose it
    if not address.is_unspecified:
        return [str(address)]
    found = list(dict.fromkeys([*_interface_addresses(), *_resolved_addresses()]))
    found = [item for item in found if not ipaddress.ip_address(item).is_unspecified]
    found.sort(key=lambda item: ipaddress.ip_address(item).is_loopback)
    return found or ["127.0.0.1"]


def url_host(address: str) -> str:
    """`address` as it goes in a URL (an IPv6 address in brackets)."""
    return f"[{address}]" if ":" in address and not address.startswith("[") else address
