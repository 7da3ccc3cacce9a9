"""Where a served class is reached (game/tui/serve/addresses.py): the bound address, or every address of the machine."""

from __future__ import annotations

import ipaddress

from game.tui.serve import addresses
from game.tui.serve.addresses import listening_addresses, url_host


def test_a_bound_address_is_the_only_one() -> None:
    """Bound to one address (or a host name), that is the address trainees get."""
    assert listening_addresses("127.0.0.1") == ["127.0.0.1"]
    assert listening_addresses("192.168.1.20") == ["192.168.1.20"]
    assert listening_addresses("dojo.local") == ["dojo.local"]


def test_every_interface_lists_the_machines_addresses_loopback_last(monkeypatch) -> None:
    """Bound to 0.0.0.0, every IPv4 address the machine has is listed once, loopback after the rest."""
    monkeypatch.setattr(addresses, "_interface_addresses", lambda: ["127.0.0.1", "10.0.0.5", "192.168.1.20"])
    monkeypatch.setattr(addresses, "_resolved_addresses", lambda: ["192.168.1.20", "0.0.0.0"])
    assert listening_addresses("0.0.0.0") == ["10.0.0.5", "192.168.1.20", "127.0.0.1"]


def test_a_machine_that_says_nothing_still_gets_an_address(monkeypatch) -> None:
    """With no interface or name to read, the loopback address is given rather than nothing."""
    monkeypatch.setattr(addresses, "_interface_addresses", lambda: [])
    monkeypatch.setattr(addresses, "_resolved_addresses", lambda: [])
    assert listening_addresses("::") == ["127.0.0.1"]


def test_this_machines_real_addresses_are_addresses() -> None:
    """On this machine, every address listed for 0.0.0.0 is an IPv4 address."""
    for found in listening_addresses("0.0.0.0"):
        assert ipaddress.ip_address(found).version == 4


def test_ipv6_goes_in_brackets_in_a_url() -> None:
    """An IPv6 address is bracketed for a URL; IPv4 and names are not."""
    assert (url_host("::1"), url_host("10.0.0.5"), url_host("dojo.local")) == ("[::1]", "10.0.0.5", "dojo.local")
