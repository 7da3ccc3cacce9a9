"""Export every run as CSV, for spreadsheets and HR systems.

One row per run, oldest first, with the player, cohort, team, scenario, mode, score,
band, ending, times (ISO 8601 UTC), duration and verification status. Text is written as
stored, with one exception that protects whoever opens the file: a cell that starts like
a spreadsheet formula (`=`, `+`, `-`, `@`, tab or carriage return) gets a leading
apostrophe, so a player called `=HYPERLINK(...)` shows as text instead of running.
The file is written through `game.store.files`, so a failed export never leaves half a
file behind and a device such as /dev/null is written into, never replaced.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO

from game.store.db import Store
from game.store.files import STDOUT, check_destination, write_output
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
    """Export every run to the file `destination` ('-' for standard output); returns the count.

    Written through `game.store.files` (a temporary file renamed into place, a device or a
    named pipe written directly); a destination it refuses is an OutputError.
    """
    check_destination(destination)  # before reading a single run
    # utf-8-sig: spreadsheet programs then read non-ASCII names correctly (not on standard output).
    encoding = "utf-8" if destination == STDOUT else "utf-8-sig"
    return write_output(destination, lambda stream: write_csv(stream, iter_all_runs(store)), encoding=encoding, newline="")
