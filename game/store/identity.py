"""A served player's PIN: what only they hold, asked before their saved run, runs or opt-out are touched.

Anyone at a browser seat can type any name, so a name alone proves nothing. The first seat
to use a name on a served store claims it with a PIN (4 to 12 digits); later seats must give
the same PIN to play under that name. The PIN is stored only as a salted PBKDF2-SHA256 hash
(`pbkdf2$ITERATIONS$SALT$HASH`). The owner of the store (whoever runs `dojo` on it, holding
its key) can clear a forgotten PIN; the next seat to use the name then claims it again.
After FREE_TRIES wrong PINs in a row the name is locked for a while (doubling each time),
so a seat cannot try every PIN; a right PIN, or the owner clearing it, ends the count.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets

from sqlalchemy import Connection, select

from game.i18n import _
from game.store.db import Store
from game.store.keys import SealKey
from game.store.display import printable
from game.store.errors import StoreError
from game.store.players import Player, ensure_player, find_player
from game.store.tables import players

ITERATIONS = 120_000
MIN_DIGITS, MAX_DIGITS = 4, 12
# Wrong PINs in a row before a name locks, then for how long: a minute, doubling with each
# further wrong PIN, at most a day. Ten thousand four-digit PINs would take years to try.
FREE_TRIES = 5
LOCK_BASE_SECONDS = 60
LOCK_MAX_SECONDS = 86_400


def check_pin_text(pin: str) -> str:
    """The PIN if it is 4 to 12 ASCII digits; StoreError otherwise."""
    if not (isinstance(pin, str) and pin.isascii() and pin.isdigit() and MIN_DIGITS <= len(pin) <= MAX_DIGITS):
        raise StoreError(_("a PIN is {fewest} to {most} digits").format(fewest=MIN_DIGITS, most=MAX_DIGITS))
    return pin


def hash_pin(pin: str, salt: str | None = None, iterations: int = ITERATIONS) -> str:
    """The stored form of a PIN: `pbkdf2$ITERATIONS$SALT$HASH`."""
    salt = salt or secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode("ascii"), bytes.fromhex(salt), iterations).hex()
    return f"pbkdf2${iterations}${salt}${digest}"


def pin_matches(pin: str, stored: str) -> bool:
    """True when `pin` is the PIN `stored` was made from (a damaged stored value never matches)."""
    try:
        scheme, iterations, salt, _digest = stored.split("$")
        if scheme != "pbkdf2":
            return False
        return hmac.compare_digest(hash_pin(pin, salt, int(iterations)), stored)
    except (ValueError, UnicodeEncodeError):
        return False


def lock_seconds(failures: int) -> float:
    """How long a name stays locked after this many wrong PINs in a row (0 below FREE_TRIES)."""
    if failures < FREE_TRIES:
        return 0.0
    return float(min(LOCK_BASE_SECONDS * 2 ** (failures - FREE_TRIES), LOCK_MAX_SECONDS))


def sign_in(store: Store, name: str, pin: str, cohort: str | None = None, team: str | None = None) -> Player:
    """Claim a new (or PIN-less) name with `pin`, or prove a claimed one; StoreError if the PIN is wrong
    or the name is locked after too many wrong PINs."""
    check_pin_text(pin)
    refusal: str | None = None
    with store.write() as connection:
        now = store.clock()
        found = find_player(connection, name)
        if found is not None and found.pin_hash is not None:
            row = connection.execute(
                select(players.c.pin_failures, players.c.pin_locked_until).where(players.c.id == found.id)
            ).one()
            if row.pin_locked_until is not None and row.pin_locked_until > now:
                wait = max(1, math.ceil((row.pin_locked_until - now) / 60))
                raise StoreError(
                    _("'{name}' is locked after too many wrong PINs; try again in {wait} minute(s), or ask the trainer to clear the PIN").format(
                        name=printable(found.name), wait=wait
                    )
                )
            if not pin_matches(pin, found.pin_hash):
                # Counted in this transaction, which commits; the refusal is raised after it.
                failures = row.pin_failures + 1
                lock = lock_seconds(failures)
                connection.execute(
                    players.update()
                    .where(players.c.id == found.id)
                    .values(pin_failures=failures, pin_locked_until=now + lock if lock else None)
                )
                refusal = _("wrong PIN for '{name}' (ask the trainer to clear it if it is yours)").format(name=printable(found.name))
            elif row.pin_failures:
                connection.execute(
                    players.update().where(players.c.id == found.id).values(pin_failures=0, pin_locked_until=None)
                )
        if found is not None and found.pin_hash is not None:
            if refusal is None:
                ensure_player(connection, name, store.clock(), cohort, team, groups_allowed=True)
            player = find_player(connection, name)
        else:
            player_id = ensure_player(connection, name, store.clock(), cohort, team)
            connection.execute(players.update().where(players.c.id == player_id).values(pin_hash=hash_pin(pin)))
            player = find_player(connection, name)
    if refusal is not None:
        raise StoreError(refusal)
    assert player is not None
    return player


def needs_pin(store: Store, name: str) -> bool:
    """True when this name is claimed with a PIN."""
    with store.read() as connection:
        found = find_player(connection, name)
    return found is not None and found.pin_hash is not None


def clear_pin(store: Store, name: str) -> Player:
    """The owner clears a forgotten PIN; StoreError for an unknown player."""
    with store.write() as connection:
        found = find_player(connection, name)
        if found is None:
            raise StoreError(_("no player called '{name}' in {where}").format(name=printable(name), where=store.where))
        connection.execute(players.update().where(players.c.id == found.id).values(pin_hash=None, pin_failures=0, pin_locked_until=None))
    return Player(found.id, found.name, found.cohort, found.team, found.opted_out, found.created_at, found.identity, None)


def guard_pin_holder(connection: Connection, name: str, key: SealKey | None = None) -> None:
    """Inside a transaction: a PIN holder's runs and saves are touched only by a process with the store's key
    (a served app, which asked for the PIN, or the owner); StoreError otherwise."""
    from game.store.official import read_pack

    found = find_player(connection, name)
    if found is None or found.pin_hash is None:
        return
    try:
        read_pack(connection, key)
    except StoreError:
        raise StoreError(
            _("'{name}' holds a PIN on this store: their runs and saves are touched only where its owner serves it").format(name=printable(found.name))
        ) from None


def is_owner(store: Store) -> bool:
    """True when this machine's seal key is the one the store's official pack was sealed with."""
    from game.store.official import official_pack_of

    try:
        official_pack_of(store)
    except StoreError:
        return False
    return True


def may_act_for(store: Store, name: str, pin: str | None) -> None:
    """Allow acting for a player (opting them out or in): their PIN, or the store's owner; StoreError otherwise."""
    with store.read() as connection:
        found = find_player(connection, name)
    if found is None or found.pin_hash is None:
        return
    if pin is not None and pin_matches(pin, found.pin_hash):
        return
    if is_owner(store):
        return
    raise StoreError(_("'{name}' holds a PIN: give it with --pin (or ask the store's owner)").format(name=printable(found.name)))
