"""The seal key: the secret that makes a run's seal something only the store's owner can make.

A seal is an HMAC-SHA256 over a row's facts (see `verify.seal_of`). The key is never in the
database: it is `DOJO_SEAL_KEY` when set (a server hands its key to every app it starts),
else `seal.key` in the user's config folder, created on first use with owner-only
permissions (0600 in a 0700 folder). Whoever holds the key is the store's owner
(docs/security.md). `key_id` names a key without revealing it, so a row sealed with another
key is told apart from a row whose seal was broken.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from game.i18n import _
from game.store.errors import StoreError
from game.store.tables import APP_NAME

ENV_VAR = "DOJO_SEAL_KEY"
KEY_FILE = "seal.key"
MIN_KEY_LENGTH = 32  # characters of a key given by the environment
LEGACY = "legacy"  # the key id of a row sealed before seals had a key (a plain sha256)


@dataclass(frozen=True)
class SealKey:
    """A seal key and its public id (the first 16 hex digits of a hash of it)."""

    secret: bytes

    @property
    def key_id(self) -> str:
        """A name for the key that does not reveal it."""
        return hashlib.sha256(b"dojo-key-id:" + self.secret).hexdigest()[:16]

    def seal(self, text: str) -> str:
        """The HMAC-SHA256 of `text` under this key, in hex."""
        return hmac.new(self.secret, text.encode("utf-8"), hashlib.sha256).hexdigest()

    def checks(self, text: str, seal: str) -> bool:
        """True when `seal` is this key's seal of `text` (compared in constant time)."""
        return hmac.compare_digest(self.seal(text), seal)


def key_path() -> Path:
    """Where the user's seal key lives: `seal.key` in the config folder."""
    return platformdirs.user_config_path(APP_NAME, appauthor=False) / KEY_FILE


def load_key(environ: Mapping[str, str] | None = None, path: Path | None = None) -> SealKey:
    """The seal key: `DOJO_SEAL_KEY`, else the key file (created on first use); StoreError if unusable."""
    env = os.environ if environ is None else environ
    given = env.get(ENV_VAR)
    if given is not None:
        if len(given.strip()) < MIN_KEY_LENGTH:
            raise StoreError(_("{variable} must be at least {fewest} characters (a random secret)").format(variable=ENV_VAR, fewest=MIN_KEY_LENGTH))
        return SealKey(given.strip().encode("utf-8"))
    return _key_from_file(path or key_path())


def _key_from_file(path: Path) -> SealKey:
    """Read the key file, creating it (owner-only) when it does not exist yet."""
    try:
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            secret = secrets.token_hex(32)
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:  # another process made it first: use theirs
                return _key_from_file(path)
            with os.fdopen(fd, "w", encoding="ascii") as stream:
                stream.write(secret + "\n")
                stream.flush()
                os.fsync(stream.fileno())
        mode = path.stat().st_mode & 0o777
        if os.name == "posix" and mode & 0o077:
            raise StoreError(_("the seal key {path} can be read by others (mode {mode}); run: chmod 600 {path}").format(path=path, mode=f"{mode:o}"))
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or error
        raise StoreError(_("cannot read or create the seal key {path}: {reason}").format(path=path, reason=reason)) from None
    if len(text) < MIN_KEY_LENGTH:
        raise StoreError(
            _("the seal key {path} is too short; delete it to have a new one made (runs sealed with it will no longer check)").format(path=path)
        )
    return SealKey(text.encode("ascii"))


def legacy_seal(text: str) -> str:
    """The seal of a store made before seals had a key: a plain sha256, anyone can make it."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
