"""Export every run as CSV, for spreadsheets and HR systems.

One row per run, oldest first, with the player, cohort, team, scenario, mode, score,
band, ending, times (ISO 8601 UTC), duration and verification status; then how many
replies got each grade (`grade_best` ... `grade_blunder`, from the stored ScoreCard), the
grade of each reply in order (`decisions`, e.g. `best good slip best`; `-` for a reply
with no grade, where only one reply was on offer), from the run's replay on its stored
copies exactly as the trainee report's review grades it (empty for a run that does not
replay or was not scored), and one `skill_NAME` column per skill any exported run scored
(its percent, empty where the run did not score that skill). `conditions` (from
`run_filters`: `--cohort`, `--scenario`) narrow the runs. Text is written as
stored, with one exception that protects whoever opens the file: a cell that starts like
a spreadsheet formula (`=`, `+`, `-`, `@`, tab or carriage return) gets a leading
apostrophe, so a player called `=HYPERLINK(...)` shows as text instead of running.
The file is written through `game.store.files`, so a failed export never leaves half a
file behind and a device such as /dev/null is written into, never replaced.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any

from sqlalchemy import select

from game.engine.review import GRADE_WORDS
from game.store.copies import CopyCache
from game.store.db import Store
from game.store.run_review import stored_review
from game.store.files import STDOUT, check_destination, write_output
from game.store.runs import RunRecord, iter_run_rows, record_of, select_records
from game.store.tables import players, runs
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
GRADES = tuple(GRADE_WORDS)  # best, good, slip, mistake, blunder
GRADE_COLUMNS = tuple(f"grade_{grade}" for grade in GRADES) + ("decisions",)
SKILL_PREFIX = "skill_"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class ExportedRun:
    """A run as a row of the export: its record, its stored summary and its per-decision grades."""

    record: RunRecord
    summary: dict[str, Any]
    decisions: str  # e.g. 'best good slip'; '' when the run does not replay or was not scored


def columns(skills: Sequence[str]) -> list[str]:
    """The header: the fixed columns, the grade columns, then one column per skill."""
    return [*COLUMNS, *GRADE_COLUMNS, *(SKILL_PREFIX + skill for skill in skills)]


def safe_cell(value: object) -> object:
    """A text cell that a spreadsheet would read as a formula, defused with a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def row_of(run: RunRecord) -> list[object]:
    """The fixed part of a run's CSV row, in `COLUMNS` order."""
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


def full_row(run: ExportedRun, skills: Sequence[str]) -> list[object]:
    """One CSV row for a run, in `columns(skills)` order."""
    grades = run.summary.get("grades")
    counts = [grades.get(grade, 0) if isinstance(grades, dict) else "" for grade in GRADES]
    dimensions = run.summary.get("dimensions")
    percents = []
    for skill in skills:
        scored = dimensions.get(skill) if isinstance(dimensions, dict) else None
        value = scored.get("percent") if isinstance(scored, dict) else None
        percents.append(f"{value:.1f}" if isinstance(value, (int, float)) else "")
    return [*row_of(run.record), *counts, run.decisions, *percents]


def write_csv(stream: IO[str], exported: Iterable[ExportedRun], skills: Sequence[str] = ()) -> int:
    """Write the header and one row per run; returns the number of runs written."""
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(columns(skills))
    count = 0
    for run in exported:
        writer.writerow(full_row(run, skills))
        count += 1
    return count


def _summary(text: str) -> dict[str, Any]:
    """A run's stored summary as a dict ({} if it is damaged)."""
    try:
        data = json.loads(text)
    except (ValueError, TypeError):
        return {}
    return data if isinstance(data, dict) else {}


def skill_names(store: Store, conditions: Sequence[Any] = ()) -> list[str]:
    """Every skill the matching runs scored, in first-seen order (the skill columns)."""
    names: dict[str, None] = {}
    for row in iter_run_rows(store, _summaries(), conditions):
        dimensions = _summary(row["summary"]).get("dimensions")
        if isinstance(dimensions, dict):
            names.update(dict.fromkeys(str(name) for name in dimensions))
    return list(names)


def _summaries() -> Any:
    """The summaries of runs joined with their players (so player conditions apply)."""
    return select(runs.c.summary).join(players, players.c.id == runs.c.player_id)


def exported_runs(store: Store, conditions: Sequence[Any] = ()) -> Iterator[ExportedRun]:
    """The matching runs, oldest first, each with its summary and its per-decision grades."""
    query = select_records().add_columns(runs.c.summary, runs.c.events, runs.c.rubric_digest)
    cache = CopyCache()
    for row in iter_run_rows(store, query, conditions):
        summary = _summary(row["summary"])
        decisions = "" if "unscored" in summary else decision_grades(store, cache, row)
        yield ExportedRun(record_of(row), summary, decisions)


def decision_grades(store: Store, cache: CopyCache, row: Any) -> str:
    """The grade of each reply of a stored run, in order ('-' for none), from its replay; '' if it does not replay."""
    rows = stored_review(store, cache, row)
    return "" if rows is None else " ".join(item.grade or "-" for item in rows)


def export_csv(store: Store, destination: str, conditions: Sequence[Any] = ()) -> int:
    """Export the runs meeting `conditions` (every run by default) to the file `destination` ('-' for standard output); returns the count.

    Written through `game.store.files` (a temporary file renamed into place, a device or a
    named pipe written directly); a destination it refuses is an OutputError.
    """
    check_destination(destination)  # before reading a single run
    skills = skill_names(store, conditions)
    # utf-8-sig: spreadsheet programs then read non-ASCII names correctly (not on standard output).
    encoding = "utf-8" if destination == STDOUT else "utf-8-sig"
    return write_output(
        destination, lambda stream: write_csv(stream, exported_runs(store, conditions), skills), encoding=encoding, newline=""
    )
