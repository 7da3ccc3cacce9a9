"""Tests for game.store.keys: the seal key lives outside the database, owner-only, made on first use."""

from __future__ import annotations

import os
import stat

import pytest

from game.store.errors import StoreError
from game.store.keys import ENV_VAR, SealKey, legacy_seal, load_key


def test_the_key_file_is_made_once_with_owner_only_permissions(tmp_path):
    """With no DOJO_SEAL_KEY, the first use writes a random key (0600 in a 0700 folder); later uses read the same key."""
    path = tmp_path / "config" / "service-dojo" / "seal.key"
    first = load_key(environ={}, path=path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert load_key(environ={}, path=path) == first and len(first.secret) >= 64


def test_a_key_file_others_can_read_is_refused(tmp_path):
    """A key file readable by group or others is a StoreError naming the chmod that fixes it."""
    path = tmp_path / "seal.key"
    load_key(environ={}, path=path)
    os.chmod(path, 0o644)
    with pytest.raises(StoreError, match="chmod 600"):
        load_key(environ={}, path=path)


def test_the_environment_key_wins_and_must_be_long(tmp_path):
    """DOJO_SEAL_KEY is used as given (no file is made); a short one is refused."""
    key = load_key(environ={ENV_VAR: "k" * 40}, path=tmp_path / "seal.key")
    assert key.secret == b"k" * 40 and not (tmp_path / "seal.key").exists()
    with pytest.raises(StoreError, match="at least"):
        load_key(environ={ENV_VAR: "short"})


def test_seals_need_the_key():
    """A seal checks with its key only, and is not the plain sha256 anyone could make."""
    key, other = SealKey(b"a" * 40), SealKey(b"b" * 40)
    seal = key.seal("facts")
    assert key.checks("facts", seal) and not other.checks("facts", seal) and not key.checks("fact5", seal)
    assert seal != legacy_seal("facts") and key.key_id != other.key_id
