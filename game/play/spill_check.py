"""Reading a file of unsaved runs (`dojo-unsaved-*.json`) as the untrusted input it is.

`dojo restore` takes a file anyone can write. Before any run in it is stored, the whole file
is read within limits and every run's fields are checked for their type and range, so a
crafted file is one clear message naming the run and the field, and nothing is stored:

- the file: at most `MAX_SPILL_BYTES`, valid JSON, nested at most as deep as Python's
  JSON reader can follow (deeper is refused, never a RecursionError);
- texts (player, cohort, team, scenario, file name, the scenario and rubric texts) are
  text, or absent where they may be;
- `finished` is true or false; `finished_at` is absent or a time a run can have
  (1970 to 9999, finite: `game.store.windows.valid_time`);
- the session is a mapping whose seed is a whole number the store can keep (64 bits),
  whose mode is text and whose events are a list.

What the runs mean (their replay, their scenario) is checked afterwards by the replay
that records them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from game.store.errors import StoreError
from game.store.files import shown
from game.store.windows import valid_time

MAX_SPILL_BYTES = 64 * 1024 * 1024  # a run's file holds its scenario (at most 8 MB) and rubric (1 MB) texts
MIN_SEED = -(2**63)
MAX_SEED = 2**63 - 1
_TEXTS = ("player", "scenario", "file_name", "scenario_text", "rubric_text")
_OPTIONAL_TEXTS = ("cohort", "team")


def read_spill(path: Path) -> Any:
    """The JSON data of the file at `path`, read within the limits above; StoreError otherwise."""
    try:
        with open(path, "rb") as stream:
            raw = stream.read(MAX_SPILL_BYTES + 1)
    except OSError as error:
        raise StoreError(f"cannot read {shown(path)}: {error.strerror or error}") from None
    if len(raw) > MAX_SPILL_BYTES:
        raise StoreError(f"{shown(path)} is larger than {MAX_SPILL_BYTES // (1024 * 1024)} MB; it is not a file the game wrote")
    try:
        return json.loads(raw.decode("utf-8"))
    except RecursionError:
        raise StoreError(f"{shown(path)} is nested too deeply to be a file of unsaved runs") from None
    except (UnicodeDecodeError, ValueError) as error:
        raise StoreError(f"cannot read {shown(path)}: it is not valid JSON ({error})") from None


def run_problem(item: Any) -> str | None:
    """What is wrong with one run of the file (naming the field), or None when its fields are sound."""
    if not isinstance(item, dict):
        return "it is not a mapping of fields"
    for name in _TEXTS:
        if not isinstance(item.get(name), str):
            return f"its {name} is not text"
    for name in _OPTIONAL_TEXTS:
        if item.get(name) is not None and not isinstance(item[name], str):
            return f"its {name} is not text"
    if not isinstance(item.get("finished"), bool):
        return "its finished is not true or false"
    finished_at = item.get("finished_at")
    if finished_at is not None and not valid_time(finished_at):
        return "its finished_at is not a time between 1970 and 9999"
    return _session_problem(item.get("session"))


def _session_problem(session: Any) -> str | None:
    """What is wrong with a run's session mapping, or None."""
    if not isinstance(session, dict):
        return "its session is not a mapping"
    seed = session.get("seed")
    if isinstance(seed, bool) or not isinstance(seed, int):
        return "its session seed is not a whole number"
    if not MIN_SEED <= seed <= MAX_SEED:
        return "its session seed is out of range (a 64-bit whole number)"
    if not isinstance(session.get("mode"), str):
        return "its session mode is not text"
    if not isinstance(session.get("events"), list):
        return "its session events are not a list"
    return None


def check_runs(path: Path, items: Any) -> list[dict[str, Any]]:
    """The file's runs, each checked (see `run_problem`); StoreError naming the first bad one."""
    if not isinstance(items, list):
        raise StoreError(f"{shown(path)} is not a file of unsaved Service Dojo runs (its runs are not a list)")
    for number, item in enumerate(items, start=1):
        problem = run_problem(item)
        if problem is not None:
            raise StoreError(f"{shown(path)}: run {number} cannot be restored: {problem}; nothing was stored")
    return items
