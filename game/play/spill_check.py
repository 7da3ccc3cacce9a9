"""Reading a file of unsaved runs (`dojo-unsaved-*.json`) as the untrusted input it is.

A game that could not reach its store writes the waiting runs to a file
(`playthrough.spill`) and seals the document with the owner's key (an HMAC over its
canonical JSON, `game.store.keys`). `dojo restore` takes a file anyone can write, so before
any run in it is stored:

- the file is read within limits: at most `MAX_SPILL_BYTES`, valid JSON, nested no deeper
  than Python's JSON reader can follow (deeper is refused, never a RecursionError);
- its seal must check: a hand-written or edited file could otherwise put any run under
  any name, at any time, onto a shared board;
- every run's fields are checked for type, length and range (names by the name rule,
  finite and plausible times, a seed the store can keep, a known mode, events with times),
  so a crafted file is one clear message naming the run and the field, and nothing is
  stored.

What the runs mean (their replay, their scenario) is checked afterwards by the replay
that records them.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from game.i18n import _
from game.store.errors import StoreError
from game.store.files import shown
from game.store.keys import SealKey, load_key
from game.store.names import MAX_NAME_LENGTH, check_name
from game.store.verify import dumps

SEAL_FIELD = "seal"
MAX_SPILL_BYTES = 64 * 1024 * 1024  # a run's file holds its scenario (at most 8 MB) and rubric (1 MB) texts
EARLIEST = 946_684_800.0  # 2000-01-01 UTC: no run of this game finished earlier
MAX_TEXT = 10_000_000  # characters of a scenario or rubric text
MAX_GROUP = 200
MIN_SEED = -(2**63)  # the store keeps a seed in a signed 64-bit column
MAX_SEED = 2**63 - 1


def read_spill(path: Path) -> Any:
    """The JSON data of the file at `path`, read within the limits above; StoreError otherwise."""
    try:
        with open(path, "rb") as stream:
            raw = stream.read(MAX_SPILL_BYTES + 1)
    except OSError as error:
        raise StoreError(_("cannot read {file}: {problem}").format(file=shown(path), problem=error.strerror or error)) from None
    if len(raw) > MAX_SPILL_BYTES:
        raise StoreError(
            _("{file} is larger than {size} MB; it is not a file the game wrote").format(file=shown(path), size=MAX_SPILL_BYTES // (1024 * 1024))
        )
    try:
        return json.loads(raw.decode("utf-8"))
    except RecursionError:
        raise StoreError(_("{file} is nested too deeply to be a file of unsaved runs").format(file=shown(path))) from None
    except (UnicodeDecodeError, ValueError) as error:
        raise StoreError(_("cannot read {file}: it is not valid JSON ({problem})").format(file=shown(path), problem=error)) from None


def seal_document(document: dict[str, Any], key: SealKey | None = None) -> dict[str, Any]:
    """The document with its seal (over everything else in it) added."""
    key = key or load_key()
    body = {name: value for name, value in document.items() if name != SEAL_FIELD}
    return {**body, SEAL_FIELD: f"{key.key_id}:{key.seal(dumps(body))}"}


def check_seal(document: dict[str, Any], key: SealKey | None = None) -> None:
    """StoreError unless the document carries this key's seal over the rest of it."""
    key = key or load_key()
    seal = document.get(SEAL_FIELD)
    if not isinstance(seal, str) or ":" not in seal:
        raise StoreError(_("it has no seal: only files the game itself wrote can be restored"))
    key_id, __, value = seal.partition(":")
    if key_id != key.key_id:
        raise StoreError(_("its seal was made with another key than this machine's (restore it where it was written)"))
    body = {name: item for name, item in document.items() if name != SEAL_FIELD}
    if not key.checks(dumps(body), value):
        raise StoreError(_("its seal does not check: the file was changed after the game wrote it"))


def check_item(item: Any, now: float) -> dict[str, Any]:
    """One spilled run with every field checked; StoreError says which field is wrong."""
    if not isinstance(item, dict):
        raise StoreError(_("it is not a mapping of fields"))
    for name in ("player", "scenario", "file_name", "scenario_text", "rubric_text"):
        if not isinstance(item.get(name), str):
            raise StoreError(_("its {field} is not text").format(field=name))
    check_name(item["player"])
    if len(item["scenario_text"]) > MAX_TEXT or len(item["rubric_text"]) > MAX_TEXT or len(item["file_name"]) > 1000:
        raise StoreError(_("a text in it is too long"))
    for name in ("cohort", "team"):
        value = item.get(name)
        if value is not None and (not isinstance(value, str) or len(value) > MAX_GROUP):
            raise StoreError(_("its {field} is not a short text").format(field=name))
    if not isinstance(item.get("finished"), bool):
        raise StoreError(_("its finished flag is not true or false"))
    finished_at = item.get("finished_at")
    if finished_at is not None:
        if isinstance(finished_at, bool) or not isinstance(finished_at, (int, float)) or not math.isfinite(finished_at):
            raise StoreError(_("its finish time is not a number"))
        if not EARLIEST <= float(finished_at) <= now + 86_400:
            raise StoreError(_("its finish time is not a plausible time"))
    session = item.get("session")
    if not isinstance(session, dict) or not isinstance(session.get("events"), list):
        raise StoreError(_("its session is not a saved session"))
    seed = session.get("seed")
    if isinstance(seed, bool) or not isinstance(seed, int) or not MIN_SEED <= seed <= MAX_SEED:
        raise StoreError(_("its seed is not a whole number the store can keep (64 bits)"))
    if session.get("mode") not in ("practice", "ranked"):
        raise StoreError(_("its mode is neither practice nor ranked"))
    for event in session["events"]:
        at = event.get("at") if isinstance(event, dict) else None
        if isinstance(at, bool) or not isinstance(at, (int, float)) or not math.isfinite(at):
            raise StoreError(_("an event in it has no usable time"))
    return item


def check_runs(path: Path, items: Any, now: float) -> list[dict[str, Any]]:
    """The file's runs, each checked (see `check_item`); StoreError naming the first bad one, nothing stored."""
    if not isinstance(items, list):
        raise StoreError(_("{file} is not a file of unsaved Service Dojo runs (its runs are not a list)").format(file=shown(path)))
    for number, item in enumerate(items, start=1):
        try:
            check_item(item, now)
        except StoreError as error:
            raise StoreError(
                _("{file}: run {number} cannot be restored ({problem}); nothing from it was stored").format(
                    file=shown(path), number=number, problem=error.message
                )
            ) from None
    return items


__all__ = ["MAX_NAME_LENGTH", "check_item", "check_runs", "check_seal", "read_spill", "seal_document"]
