"""Classes: a trainer's group of trainees, joined with a short code, with one cohort, mode and scenario list.

`dojo serve --class NAME` opens a class (or reopens it: the same name keeps its code, so a
code on last week's slide still works). The class's name is the cohort of everyone who
joins, so one typo cannot split the board; its mode and scenarios are the trainer's. The
trainer's secret is new each time a class is opened and only its sha256 is stored: whoever
holds the store file cannot read it, and the printed address stops working when the class
is opened again. The trainer's controls are a message to every trainee (`message_seq`
counts them, so each app shows each message once) and the end of a round.

Names are compared as player names are (`names.identity`), so "September hires" and
"september  HIRES" are one class.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from game.i18n import _
from game.store.db import Store
from game.store.display import printable
from game.store.errors import StoreError
from game.store.names import identity
from game.store.tables import classes

# No 0/O, 1/I/L: a code is read off a projector and typed on a phone.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
MAX_CLASS_NAME = 80
MAX_MESSAGE = 200  # one line on a trainee's screen
MODES = ("practice", "ranked")


@dataclass(frozen=True)
class ClassInfo:
    """One class as stored (never the trainer's secret)."""

    id: int
    code: str
    name: str
    mode: str
    scenarios: tuple[str, ...]
    opened_at: float
    closed_at: float | None
    round_ended_at: float | None
    message: str | None
    message_at: float | None
    message_seq: int

    @property
    def is_open(self) -> bool:
        """True until the class is closed."""
        return self.closed_at is None

    @property
    def round_over(self) -> bool:
        """True while the trainer has ended the round (no new run starts)."""
        return self.round_ended_at is not None


def _info(row: Any) -> ClassInfo:
    return ClassInfo(
        row.id,
        row.code,
        row.name,
        row.mode,
        tuple(json.loads(row.scenarios)),
        row.opened_at,
        row.closed_at,
        row.round_ended_at,
        row.message,
        row.message_at,
        row.message_seq,
    )


def token_digest(token: str) -> str:
    """What is stored of a trainer's secret."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def check_class_name(name: str) -> str:
    """The class's name, trimmed; StoreError if it is blank, too long or has invisible characters."""
    from game.store.names import CLASS_NAME, check_name

    trimmed = " ".join(name.split())
    if len(trimmed) > MAX_CLASS_NAME:
        raise StoreError(_("a class name can be at most {most} characters (this one has {length})").format(most=MAX_CLASS_NAME, length=len(trimmed)))
    return check_name(trimmed, CLASS_NAME)


def normal_code(text: str) -> str:
    """A code as typed made comparable: upper case, spaces and dashes dropped, O read as 0 is not in the alphabet."""
    return "".join(char for char in text.upper() if char not in " -\t")


def _new_code(connection: Connection) -> str:
    """A join code no class has yet."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _position in range(CODE_LENGTH))
        if connection.execute(select(classes.c.id).where(classes.c.code == code)).first() is None:
            return code


def open_class(store: Store, name: str, mode: str, scenarios: Sequence[str]) -> tuple[ClassInfo, str, bool]:
    """Open the class called `name` (creating it, or reopening it with its code); (class, trainer secret, reopened).

    A reopened class takes the mode and scenarios given now; its round starts open and its
    old message is cleared. StoreError for a bad name, mode or an empty scenario list.
    """
    shown = check_class_name(name)
    if mode not in MODES:
        raise StoreError(_("unknown mode '{mode}'; a class is 'practice' or 'ranked'").format(mode=printable(mode)))
    if not scenarios:
        raise StoreError(_("a class needs at least one scenario"))
    token = secrets.token_urlsafe(24)
    now = store.clock()
    fields = {
        "mode": mode,
        "scenarios": json.dumps(list(scenarios)),
        "trainer_token": token_digest(token),
        "opened_at": now,
        "closed_at": None,
        "round_ended_at": None,
        "message": None,
        "message_at": None,
    }
    with store.write() as connection:
        row = connection.execute(select(classes).where(classes.c.identity == identity(shown))).first()
        if row is None:
            connection.execute(classes.insert().values(code=_new_code(connection), name=shown, identity=identity(shown), **fields))
        else:
            connection.execute(classes.update().where(classes.c.id == row.id).values(**fields))
        info = _info(connection.execute(select(classes).where(classes.c.identity == identity(shown))).one())
    return info, token, row is not None


def find_class(store: Store, name_or_code: str) -> ClassInfo | None:
    """The class with this join code or name (names compared as player names are), or None."""
    with store.read() as connection:
        return _find(connection, name_or_code)


def _find(connection: Connection, name_or_code: str) -> ClassInfo | None:
    row = connection.execute(select(classes).where(classes.c.code == normal_code(name_or_code))).first()
    if row is None and name_or_code.strip():
        row = connection.execute(select(classes).where(classes.c.identity == identity(name_or_code))).first()
    return _info(row) if row is not None else None


def class_by_id(store: Store, class_id: int) -> ClassInfo:
    """The class with this id; StoreError if there is none."""
    with store.read() as connection:
        row = connection.execute(select(classes).where(classes.c.id == class_id)).first()
    if row is None:
        raise StoreError(_("no class number {number} in {where}").format(number=class_id, where=store.where))
    return _info(row)


def open_class_by_code(store: Store, code: str) -> ClassInfo | None:
    """The open class this join code belongs to, or None (a wrong code, or a closed class)."""
    wanted = normal_code(code)
    if len(wanted) != CODE_LENGTH or any(char not in CODE_ALPHABET for char in wanted):
        return None
    with store.read() as connection:
        row = connection.execute(select(classes).where(classes.c.code == wanted)).first()
    info = _info(row) if row is not None else None
    return info if info is not None and info.is_open else None


def list_classes(store: Store) -> list[ClassInfo]:
    """Every class, the most recently opened first."""
    with store.read() as connection:
        rows = connection.execute(select(classes).order_by(classes.c.opened_at.desc(), classes.c.id.desc())).all()
    return [_info(row) for row in rows]


def trainer_allowed(store: Store, class_id: int, token: str | None) -> bool:
    """True when `token` is the class's current trainer secret (compared in constant time)."""
    if not token:
        return False
    with store.read() as connection:
        stored = connection.execute(select(classes.c.trainer_token).where(classes.c.id == class_id)).scalar()
    return stored is not None and hmac.compare_digest(stored, token_digest(token))


def close_class(store: Store, name_or_code: str) -> ClassInfo:
    """Close a class: its code no longer lets anyone in and its trainer address stops working."""
    return _change(store, name_or_code, lambda info, now: {"closed_at": now, "trainer_token": None})


def reopen_class(store: Store, name_or_code: str) -> ClassInfo:
    """Reopen a closed class with its code, mode and scenarios (the next `dojo serve --class` gives a trainer address)."""
    return _change(store, name_or_code, lambda info, now: {"closed_at": None, "round_ended_at": None})


def send_message(store: Store, class_id: int, text: str) -> ClassInfo:
    """The trainer's message to every trainee of the class (one line, at most MAX_MESSAGE characters)."""
    line = " ".join(text.split())[:MAX_MESSAGE]
    if not line:
        raise StoreError(_("a message cannot be empty"))
    return _change_id(store, class_id, lambda info, now: {"message": line, "message_at": now, "message_seq": info.message_seq + 1})


def end_round(store: Store, class_id: int) -> ClassInfo:
    """End the round: runs in hand may finish, no new run starts, the podium shows."""
    return _change_id(store, class_id, lambda info, now: {"round_ended_at": info.round_ended_at or now})


def next_round(store: Store, class_id: int) -> ClassInfo:
    """Start the next round: trainees may begin runs again."""
    return _change_id(store, class_id, lambda info, now: {"round_ended_at": None})


def _change(store: Store, name_or_code: str, values: Any) -> ClassInfo:
    with store.write() as connection:
        info = _find(connection, name_or_code)
        if info is None:
            raise StoreError(
                _("no class called or coded '{name}' in {where}; `dojo class list` shows them").format(name=printable(name_or_code), where=store.where)
            )
        connection.execute(classes.update().where(classes.c.id == info.id).values(**values(info, store.clock())))
        return _info(connection.execute(select(classes).where(classes.c.id == info.id)).one())


def _change_id(store: Store, class_id: int, values: Any) -> ClassInfo:
    with store.write() as connection:
        row = connection.execute(select(classes).where(classes.c.id == class_id)).first()
        if row is None:
            raise StoreError(_("no class number {number} in {where}").format(number=class_id, where=store.where))
        connection.execute(classes.update().where(classes.c.id == class_id).values(**values(_info(row), store.clock())))
        return _info(connection.execute(select(classes).where(classes.c.id == class_id)).one())
