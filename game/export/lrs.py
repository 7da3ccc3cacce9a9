"""Talking to a learning record store (xAPI 1.0.3 over HTTP, with Basic credentials).

`target_from` checks the LRS's base address (http or https, ending in /xAPI/) and takes the
credentials from DOJO_LRS_AUTH (`user:password`; they are never given on the command line, where
other users of the machine could read them). `post` sends a batch of statements, `put` one
statement by its id; both return the HTTP status and raise LrsDown when the LRS cannot be
reached at all. Only the standard library is used.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

from game.i18n import _

AUTH_ENV = "DOJO_LRS_AUTH"
TIMEOUT = 10.0  # seconds for one request


class LrsError(Exception):
    """A bad LRS address or missing credentials: one line, a usage error."""


class LrsDown(Exception):
    """The LRS did not answer (refused, timed out, unreachable): try again later."""


@dataclass(frozen=True)
class LrsTarget:
    """Where statements go, and the Basic credentials to send them with."""

    url: str  # ends in /xAPI/
    user: str
    password: str = ""

    @property
    def statements(self) -> str:
        """The statements resource."""
        return self.url + "statements"

    def headers(self) -> dict[str, str]:
        """The headers every request carries."""
        token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode("ascii")
        return {"Authorization": f"Basic {token}", "X-Experience-API-Version": "1.0.3", "Content-Type": "application/json"}


def check_url(url: str) -> str:
    """The LRS's base address as given, if it is one (http/https, a host, a path ending in /xAPI/); raises LrsError."""
    try:
        parts = urlsplit(url)
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        parts, port_ok = None, False
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname or not port_ok:
        raise LrsError(_("--lrs {url} is not an http:// or https:// address").format(url=repr(url)))
    if parts.query or parts.fragment or not parts.path.endswith("/xAPI/"):
        raise LrsError(
            _("--lrs {url} must be the LRS's base address, ending in /xAPI/ (e.g. https://lrs.example.org/xAPI/)").format(url=repr(url))
        )
    if parts.username or parts.password:
        raise LrsError(_("--lrs must not carry credentials; give them as {variable}=user:password").format(variable=AUTH_ENV))
    return url


def target_from(url: str, environ: Mapping[str, str]) -> LrsTarget:
    """The LRS at `url` with the credentials of DOJO_LRS_AUTH; raises LrsError (one line) if either is missing or bad."""
    check_url(url)
    auth = environ.get(AUTH_ENV, "")
    user, colon, password = auth.partition(":")
    if not colon or not user:
        raise LrsError(_("the LRS needs credentials: set {variable}=user:password").format(variable=AUTH_ENV))
    return LrsTarget(url, user, password)


def post(target: LrsTarget, statements: Sequence[Mapping[str, Any]]) -> int:
    """POST a batch of statements; the status (200: all stored, 409: one of their ids is there already)."""
    return _request("POST", target.statements, target, list(statements))


def put(target: LrsTarget, statement: Mapping[str, Any]) -> int:
    """PUT one statement under its own id; the status (204: stored, 409: the LRS has that id already)."""
    return _request("PUT", f"{target.statements}?statementId={quote(str(statement['id']))}", target, dict(statement))


def get_json(target: LrsTarget, query: str) -> Any:
    """GET the statements resource with `query` (e.g. 'registration=...'); the decoded JSON. Raises LrsDown."""
    import urllib.error
    import urllib.request

    request = urllib.request.Request(f"{target.statements}?{query}", headers=target.headers(), method="GET")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return json.loads(response.read().decode("utf-8"))
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise LrsDown(_reason(error)) from None


def _request(method: str, url: str, target: LrsTarget, body: Any) -> int:
    import urllib.error  # here: http.client and email load only when something is sent
    import urllib.request

    data = json.dumps(body).encode("utf-8")
    request = urllib.request.Request(url, data=data, headers=target.headers(), method=method)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as error:
        error.read()
        return int(error.code)
    except (urllib.error.URLError, OSError) as error:
        raise LrsDown(_reason(error)) from None


def _reason(error: BaseException) -> str:
    reason = getattr(error, "reason", None) or error
    return str(getattr(reason, "strerror", None) or reason)
