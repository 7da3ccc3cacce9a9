"""Benchmark (issue 4): boards on a million stored runs, recording throughput, verification speed.

* Boards: 1,000,000 runs (20 scenarios, 10,000 players, a year of finish times, 80%
  ranked) are generated with batched inserts into tmp_path. The floor is the raw indexed
  SQLite query, through the sqlite3 module, for the top 10 runs of one scenario; beside it
  the same query plus the one-row-per-player rule done the same way as the store does it.
  The store's own `top_scenario` (a cached SQLAlchemy Core statement, rows read from the
  driver's cursor) is compared with the floor (target: at most 2x). Week, month and
  cohort boards, the full ranking (a player's own row with neighbours) and the overall
  board, which must look at every counting run, are printed for scale.
* Recording: `record_run` (which replays the run before storing it) into a fresh file,
  one `BEGIN IMMEDIATE` transaction with synchronous=FULL per run: runs per second.
* Verification: `verify_store` replaying those runs: runs per second.

Figures are printed, never asserted.
"""

from __future__ import annotations

import random
import sqlite3
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from game.store.boards import BoardSpec, build_board
from game.store.copies import default_rubric_text
from game.store.db import open_store
from game.store.ranking import top_scenario
from game.store.runs import record_run
from game.store.verify import verify_store
from scoring.rubric import default_rubric
from tests.bench import median_seconds, print_table
from tests.store_helpers import BAD, BEST, GOOD, LOOPED, MINI_TEXT, finished

RUNS = 1_000_000
PLAYERS = 10_000
SCENARIOS = 20
BATCH = 50_000
YEAR = 365 * 86_400.0
NOW = datetime(2024, 6, 20, 12, tzinfo=timezone.utc).timestamp()  # a Thursday: week and month windows hold runs
RECORDED = 1_000
REPEAT = 200

RAW_TOP = """
SELECT r.id, r.run_uid, r.player_id, r.percent, r.band, r.finished_at, p.name, p.cohort, p.team
FROM runs AS r JOIN players AS p ON p.id = r.player_id
WHERE r.scenario_id = ? AND r.mode = 'ranked' AND r.status = 'verified' AND p.opted_out = 0
ORDER BY r.percent DESC, r.finished_at, r.id
"""


def _band(percent: float) -> str | None:
    return "Gold" if percent >= 90 else "Silver" if percent >= 75 else "Bronze" if percent >= 50 else None


def _fill(path: Path) -> float:
    """Create the schema, then insert players and a million runs in batches; returns the seconds taken."""
    store = open_store(str(path))
    # One real run supplies a scenario and rubric copy for the foreign keys.
    template = record_run(store, player="template", session=finished(GOOD), scenario_text=MINI_TEXT, rubric_text=default_rubric_text())
    store.close()
    digest = default_rubric().digest
    rng = random.Random(4)
    began = time.perf_counter()
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")
    connection.executemany(
        "INSERT INTO players (name, cohort, team, opted_out, created_at) VALUES (?, ?, ?, ?, ?)",
        [(f"player-{i:05d}", f"c{i % 20}", f"t{i % 50}", int(i % 100 == 0), NOW - YEAR) for i in range(PLAYERS)],
    )
    # Every run's scenario has a stored copy (record_run guarantees it; the overall board relies on it).
    connection.executemany(
        "INSERT INTO scenario_copies (content_hash, scenario_id, file_name, text, stored_at) VALUES (?, ?, ?, '', 0)",
        [(f"copy-s{k:02d}", f"s{k:02d}", f"s{k:02d}.yaml") for k in range(SCENARIOS)],
    )
    connection.execute("COMMIT")
    first_player = connection.execute("SELECT min(id) FROM players WHERE name LIKE 'player-%'").fetchone()[0]
    for start in range(0, RUNS, BATCH):
        rows = []
        for i in range(start, start + BATCH):
            percent = round(min(100.0, max(0.0, rng.gauss(65, 18))), 1)
            finished_at = NOW - rng.random() * YEAR
            rows.append(
                (
                    f"{i:032x}", first_player + rng.randrange(PLAYERS), f"s{rng.randrange(SCENARIOS):02d}",
                    template.content_hash, "default", "1.0", digest, "ranked" if rng.random() < 0.8 else "practice",
                    0, "[]", "{}", percent, _band(percent), "fixed", finished_at - 300, finished_at, 300.0,
                    "verified" if rng.random() < 0.999 else "flagged", None, finished_at, "",
                )
            )
        connection.execute("BEGIN IMMEDIATE")
        connection.executemany(
            "INSERT INTO runs (run_uid, player_id, scenario_id, content_hash, rubric_id, rubric_version, rubric_digest,"
            " mode, seed, events, summary, percent, band, ending, started_at, finished_at, duration, status, problem,"
            " checked_at, seal) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        connection.execute("COMMIT")
    connection.close()
    return time.perf_counter() - began


def _raw_top(connection: sqlite3.Connection, scenario: str, distinct: bool) -> list[tuple]:
    """The floor: the indexed query straight through sqlite3 (optionally one row per player, as the store does)."""
    cursor = connection.execute(RAW_TOP, (scenario,))
    found, seen = [], set()
    for row in cursor:
        if distinct and row[2] in seen:
            continue
        seen.add(row[2])
        found.append(row)
        if len(found) == 10:
            break
    cursor.close()
    return found


@pytest.mark.bench
def test_bench_store(tmp_path):
    """Print board query times on 1,000,000 runs, recording throughput and verification speed."""
    path = tmp_path / "million.db"
    fill_seconds = _fill(path)
    print(f"\nGenerated {RUNS:,} runs for {PLAYERS:,} players in {fill_seconds:.1f} s ({path.stat().st_size / 1e6:.0f} MB)")

    raw = sqlite3.connect(path)
    raw_plain = median_seconds(lambda: _raw_top(raw, "s07", distinct=False), REPEAT)
    raw_distinct = median_seconds(lambda: _raw_top(raw, "s07", distinct=True), REPEAT)
    store = open_store(str(path))
    spec = BoardSpec("s07")
    with store.read() as connection:
        ours_rows = top_scenario(connection, spec, 10, NOW)
        assert [row.runs[0] for row in ours_rows] == [row[1] for row in _raw_top(raw, "s07", distinct=True)]

        def timed(work, repeat=REPEAT):
            return median_seconds(work, repeat)

        ours = timed(lambda: top_scenario(connection, spec, 10, NOW))
        ours_week = timed(lambda: build_board(connection, BoardSpec("s07", window="week"), 10, None, 2, NOW))
        ours_cohort = timed(lambda: build_board(connection, BoardSpec("s07", cohort="c3"), 10, None, 2, NOW), 20)
        ours_month = timed(lambda: build_board(connection, BoardSpec("s07", window="month"), 10, None, 2, NOW))
        neighbours = timed(lambda: build_board(connection, spec, 10, "player-04242", 2, NOW), 5)
        overall_week = timed(lambda: build_board(connection, BoardSpec(window="week"), 10, None, 2, NOW), 5)
        overall_all = timed(lambda: build_board(connection, BoardSpec(), 10, None, 2, NOW), 3)
    raw.close()
    store.close()
    rows = [
        ("raw sqlite3 top-10 runs (floor)", raw_plain * 1e3, 1.0),
        ("raw sqlite3 top-10 players", raw_distinct * 1e3, raw_distinct / raw_plain),
        ("store top_scenario, all time", ours * 1e3, ours / raw_plain),
        ("store scenario board, this week", ours_week * 1e3, ours_week / raw_plain),
        ("store scenario board, this month", ours_month * 1e3, ours_month / raw_plain),
        ("store scenario board, one cohort", ours_cohort * 1e3, ours_cohort / raw_plain),
        ("store full ranking + --player neighbours", neighbours * 1e3, neighbours / raw_plain),
        ("store overall board, this week", overall_week * 1e3, overall_week / raw_plain),
        ("store overall board, all time", overall_all * 1e3, overall_all / raw_plain),
    ]
    print_table(f"Leaderboard queries on {RUNS:,} runs (median ms; ratio to the floor, target <= 2x for top_scenario)", ["query", "ms", "x floor"], rows)

    store = open_store(str(tmp_path / "recording.db"))
    paths = [GOOD, BEST, LOOPED, BAD]
    sessions = [finished(paths[i % 4], seed=i) for i in range(RECORDED)]
    text, rubric_text = MINI_TEXT, default_rubric_text()
    began = time.perf_counter()
    for i, session in enumerate(sessions):
        record_run(store, player=f"p{i % 50}", session=session, scenario_text=text, rubric_text=rubric_text)
    recording = time.perf_counter() - began
    began = time.perf_counter()
    report = verify_store(store)
    verifying = time.perf_counter() - began
    store.close()
    print_table(
        "Recording and verification (MINI scenario, one transaction per run, synchronous=FULL)",
        ["step", "runs", "seconds", "runs/s"],
        [
            ("record_run (replays, then writes)", RECORDED, recording, RECORDED / recording),
            ("verify_store (replay every run)", report.checked, verifying, report.checked / verifying),
        ],
    )
    assert report.ok  # a broken verification would make the figure meaningless
