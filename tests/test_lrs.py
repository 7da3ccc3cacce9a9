"""Talking to an LRS (game/export/lrs.py): the address and credentials are checked; an LRS that is not there is LrsDown."""

from __future__ import annotations

import pytest

from game.export import lrs
from tests.ralph_helpers import free_port

AUTH = {"DOJO_LRS_AUTH": "user:pass:word"}


@pytest.mark.parametrize(
    "url",
    [
        "ftp://lrs.test/xAPI/",
        "lrs.test/xAPI/",
        "http:///xAPI/",
        "http://lrs.test/xAPI",
        "http://lrs.test/",
        "http://lrs.test/xAPI/?x=1",
        "http://user:pw@lrs.test/xAPI/",
        "http://lrs.test:99999/xAPI/",
    ],
)
def test_a_bad_address_is_refused(url):
    """Anything but an http(s) base address ending in /xAPI/, without credentials in it, is an LrsError."""
    with pytest.raises(lrs.LrsError):
        lrs.target_from(url, AUTH)


def test_credentials_come_from_the_environment_only():
    """DOJO_LRS_AUTH gives user and password (the password may hold colons); without it the target is refused."""
    target = lrs.target_from("https://lrs.test/base/xAPI/", AUTH)
    assert (target.url, target.user, target.password) == ("https://lrs.test/base/xAPI/", "user", "pass:word")
    assert target.statements == "https://lrs.test/base/xAPI/statements"
    for environ in ({}, {"DOJO_LRS_AUTH": "nocolon"}, {"DOJO_LRS_AUTH": ":pw"}):
        with pytest.raises(lrs.LrsError):
            lrs.target_from("https://lrs.test/xAPI/", environ)


def test_every_request_says_the_xapi_version_and_basic_auth():
    """The headers carry X-Experience-API-Version 1.0.3 and Basic credentials."""
    headers = lrs.LrsTarget("http://lrs.test/xAPI/", "u", "p").headers()
    assert headers["X-Experience-API-Version"] == "1.0.3"
    assert headers["Authorization"] == "Basic dTpw"


def test_an_lrs_that_is_not_there_is_down():
    """Nothing listening: post, put and get raise LrsDown (to try again later), never another error."""
    target = lrs.LrsTarget(f"http://127.0.0.1:{free_port()}/xAPI/", "u", "p")
    with pytest.raises(lrs.LrsDown):
        lrs.post(target, [{"id": "x"}])
    with pytest.raises(lrs.LrsDown):
        lrs.put(target, {"id": "x"})
    with pytest.raises(lrs.LrsDown):
        lrs.get_json(target, "limit=1")


def test_a_refusal_is_said_in_the_active_language():
    """In zh-Hans a refused address is explained in Chinese, the address and the variable's name as given."""
    from game.i18n import use_locale

    use_locale("zh-Hans")
    with pytest.raises(lrs.LrsError, match="不是 http:// 或 https:// 地址") as refused:
        lrs.target_from("ftp://lrs.test/xAPI/", AUTH)
    assert "'ftp://lrs.test/xAPI/'" in str(refused.value)
    with pytest.raises(lrs.LrsError, match="DOJO_LRS_AUTH=user:password"):
        lrs.target_from("https://lrs.test/xAPI/", {})
