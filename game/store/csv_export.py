"""Export every run as CSV, for spreadsheets and HR systems.

One row per run, oldest first, with the player, cohort, team, scenario, mode, score,
band, ending, times (ISO 8601 UTC), duration and verification status. Text is written as
stored, with one exception that protects whoever opens the file: a cell that starts like
a spreadsheet formula (`=`, `+`, `-`, `@`, tab or carriage return) gets a leading
apostrophe, so a player called `=HYPERLINK(...)` shows as text instead of running.
The file is written beside its destination and renamed into place, so a failed export
never leaves half a file behind.
"""

from __future__ import annotations

import csv
import io
import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from game.store.db import Store
from game.store.errors import StoreError
from game.store.runs import RunRecord, iter_all_runs
from game.store.windows import iso

COLUMNS = (
    "run_id",
    "player",
    "cohort",
    "team",
    "scenario",
    "mode",
    "percent",
    "band",
    "ending",
    "started_at",
    "finished_at",
    "duration_seconds",
    "status",
    "problem",
    "rubric",
    "content_hash",
    "seed",
)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """A text cell that a spreadsheet would read as a formula, defused with a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def row_of(run: RunRecord) -> list[object]:
    """One CSV row for a run, in `COLUMNS` order."""
    values = [
        run.run_uid,
        run.player,
        run.cohort or "",
        run.team or "",
        run.scenario_id,
        run.mode,
        f"{run.percent:.1f}",
        run.band or "",
        run.ending,
        iso(run.started_at),
        iso(run.finished_at),
        f"{run.duration:.1f}",
        run.status,
        run.problem or "",
        run.rubric,
        run.content_hash,
        run.seed,
    ]
    return [safe_cell(value) for value in values]


def write_csv(stream: IO[str], records: Iterable[RunRecord]) -> int:
    """Write the header and one row per run; returns the number of runs written."""
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    count = 0
    for run in records:
        writer.writerow(row_of(run))
        count += 1
    return count


def export_csv(store: Store, destination: str) -> int:
    """Export every run to the file `destination` ('-' for standard output); returns the count."""
    if destination == "-":
        buffer = io.StringIO()
        count = write_csv(buffer, iter_all_runs(store))
        sys.stdout.write(buffer.getvalue())
        return count
    target = Path(destination)
    if target.is_dir():
        raise StoreError(f"{destination} is a folder; give a file name for the CSV")
    if not target.parent.is_dir():
        raise StoreError(f"cannot write {destination}: the folder {target.parent} does not exist")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as error:
        raise StoreError(f"cannot write {destination}: {error.strerror or error}") from None
    try:
        # utf-8-sig: spreadsheet programs then read non-ASCII names correctly.
        with os.fdopen(handle, "w", encoding="utf-8-sig", newline="") as stream:
            count = write_csv(stream, iter_all_runs(store))
        os.replace(temporary, target)
    except OSError as error:
        raise StoreError(f"cannot write {destination}: {error.strerror or error}") from None
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return count
