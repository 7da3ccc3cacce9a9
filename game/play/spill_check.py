"""Checking a spill file before `dojo restore` believes it: the game's seal, then every field.

A game that could not reach its store writes the waiting runs to a file (`playthrough.spill`)
and seals the document with the owner's key (an HMAC over its canonical JSON, `keys.py`).
Restoring a file whose seal does not check is refused: a hand-written or edited file could
otherwise put any run under any name, at any time, onto a shared board. Even a sealed file
has every field checked (types, lengths, finite and plausible times) before it is replayed.
"""

from __future__ import annotations

import math
from typing import Any

from game.store.errors import StoreError
from game.store.keys import SealKey, load_key
from game.store.names import MAX_NAME_LENGTH, check_name
from game.store.verify import dumps

SEAL_FIELD = "seal"
EARLIEST = 946_684_800.0  # 2000-01-01 UTC: no run of this game finished earlier
MAX_TEXT = 10_000_000  # characters of a scenario or rubric text
MAX_GROUP = 200


def seal_document(document: dict[str, Any], key: SealKey | None = None) -> dict[str, Any]:
    """The document with its seal (over everything else in it) added."""
    body = {name: value for name, value in document.items() if name != SEAL_FIELD}
    return {**body, SEAL_FIELD: f"{(key or load_key()).key_id}:{(key or load_key()).seal(dumps(body))}"}


def check_seal(document: dict[str, Any], key: SealKey | None = None) -> None:
    """StoreError unless the document carries this key's seal over the rest of it."""
    key = key or load_key()
    seal = document.get(SEAL_FIELD)
    if not isinstance(seal, str) or ":" not in seal:
        raise StoreError("it has no seal: only files the game itself wrote can be restored")
    key_id, _, value = seal.partition(":")
    if key_id != key.key_id:
        raise StoreError("its seal was made with another key than this machine's (restore it where it was written)")
    body = {name: item for name, item in document.items() if name != SEAL_FIELD}
    if not key.checks(dumps(body), value):
        raise StoreError("its seal does not check: the file was changed after the game wrote it")


def check_item(item: Any, now: float) -> dict[str, Any]:
    """One spilled run with every field checked; StoreError says which field is wrong."""
    if not isinstance(item, dict):
        raise StoreError("a run is not an object")
    for name in ("player", "scenario", "file_name", "scenario_text", "rubric_text"):
        if not isinstance(item.get(name), str):
            raise StoreError(f"its {name} is not text")
    check_name(item["player"])
    if len(item["scenario_text"]) > MAX_TEXT or len(item["rubric_text"]) > MAX_TEXT or len(item["file_name"]) > 1000:
        raise StoreError("a text in it is too long")
    for name in ("cohort", "team"):
        value = item.get(name)
        if value is not None and (not isinstance(value, str) or len(value) > MAX_GROUP):
            raise StoreError(f"its {name} is not a short text")
    if not isinstance(item.get("finished"), bool):
        raise StoreError("its finished flag is not true or false")
    finished_at = item.get("finished_at")
    if finished_at is not None:
        if isinstance(finished_at, bool) or not isinstance(finished_at, (int, float)) or not math.isfinite(finished_at):
            raise StoreError("its finish time is not a number")
        if not EARLIEST <= float(finished_at) <= now + 86_400:
            raise StoreError("its finish time is not a plausible time")
    session = item.get("session")
    if not isinstance(session, dict) or not isinstance(session.get("events"), list):
        raise StoreError("its session is not a saved session")
    seed = session.get("seed")
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**63:
        raise StoreError("its seed is not a whole number the store can keep")
    if session.get("mode") not in ("practice", "ranked"):
        raise StoreError("its mode is neither practice nor ranked")
    for event in session["events"]:
        at = event.get("at") if isinstance(event, dict) else None
        if isinstance(at, bool) or not isinstance(at, (int, float)) or not math.isfinite(at):
            raise StoreError("an event in it has no usable time")
    return item


__all__ = ["MAX_NAME_LENGTH", "check_item", "check_seal", "seal_document"]
