"""Benchmark (issue 4): boards on a million stored runs, recording throughput, verification speed.

* Boards: 1,000,000 runs (20 scenarios, all in the official pack; 10,000 players; a year
  of finish times; 80% ranked) are generated with batched inserts into tmp_path, then the
  standings are built from them (`standings.rebuild`, timed). The floor is the raw indexed
  SQLite query, through the sqlite3 module, for the top 10 runs of one scenario. Every
  board the store shows (scenario and overall, all time, week, month, a cohort, a player's
  own row with neighbours) is timed as `build_board` reads it, and beside it the raw
  sqlite3 query that reads the same rows from the same index (target: within 3x of it),
  and the ratio to the top-10 floor. `leaderboard()` as the commands call it (the pack's
  seal and every shown run's seal checked) is timed too, before and after a pathological
  custom run (a generated 500-node scenario past the analysis bound) is recorded: a view
  with it present must be as fast as without.
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

from game.engine.session import Session
from game.scenario.loader import load_scenario_text
from game.store.boards import BoardSpec, build_board, leaderboard
from game.store.copies import default_rubric_text
from game.store.db import open_store
from game.store.keys import load_key
from game.store.official import Pack, PackFile, set_official
from game.store.ranking import top_scenario
from game.store.runs import record_run
from game.store.standings import rebuild
from game.store.verify import seal_of, verify_store
from game.store.windows import window_start
from scoring.rubric import default_rubric
from tests.bench import median_seconds, print_table
from tests.bench.generate import generate_scenario
from tests.store_helpers import BAD, BEST, GOOD, LOOPED, MINI_TEXT, finished

RUNS = int(__import__("os").environ.get("DOJO_BENCH_RUNS", "1000000"))
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
WHERE r.scenario_id = ? AND r.mode = 'ranked' AND r.status = 'verified' AND r.pack = 'official' AND p.opted_out = 0
ORDER BY r.percent DESC, r.finished_at, r.id
"""
# The same rows as each board shows, read by hand from the same indexes the store reads.
RAW_SCENARIO = """
SELECT s.run_id, s.run_uid, s.player_id, s.scenario_id, s.percent, s.band, s.finished_at, p.name, p.cohort, p.team
FROM standings AS s JOIN players AS p ON p.id = s.player_id
WHERE s.pack = 'official' AND s.window = ? AND s.start = ? AND s.scenario_id = ? AND s.finished_at <= ? AND p.opted_out = 0 {cohort}
ORDER BY s.percent DESC, s.finished_at, s.run_id LIMIT 10
"""
RAW_OVERALL = """
SELECT t.player_id, p.name, p.cohort, p.team, t.points, t.scenarios, t.reached
FROM totals AS t JOIN players AS p ON p.id = t.player_id
WHERE t.pack = 'official' AND t.window = ? AND t.start = ? AND t.reached <= ? AND p.opted_out = 0 {cohort}
ORDER BY t.points DESC, t.reached, t.player_id LIMIT 10
"""
RAW_RUNS_OF = "SELECT player_id, run_uid FROM standings WHERE pack = 'official' AND window = ? AND start = ? AND player_id IN ({ids})"


def _band(percent: float) -> str | None:
    return "Gold" if percent >= 90 else "Silver" if percent >= 75 else "Bronze" if percent >= 50 else None


def _fill(path: Path) -> float:
    """Create the schema, then insert players and a million runs in batches; returns the seconds taken."""
    store = open_store(str(path))
    # One real run supplies a scenario and rubric copy for the foreign keys.
    record_run(store, player="template", session=finished(GOOD), scenario_text=MINI_TEXT, rubric_text=default_rubric_text())
    digest = default_rubric().digest
    # The twenty generated scenarios are the official pack (their runs reach the official boards).
    set_official(store, Pack(tuple(PackFile(f"copy-s{k:02d}", f"s{k:02d}", f"s{k:02d}.yaml") for k in range(SCENARIOS)), digest))
    store.close()
    key = load_key()
    key_id = key.key_id
    rng = random.Random(4)
    began = time.perf_counter()
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")
    connection.executemany(
        "INSERT INTO players (name, identity, cohort, team, opted_out, created_at) VALUES (?, ?, ?, ?, ?, ?)",
        [(f"player-{i:05d}", f"player-{i:05d}", f"c{i % 20}", f"t{i % 50}", int(i % 100 == 0), NOW - YEAR) for i in range(PLAYERS)],
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
            player = rng.randrange(PLAYERS)
            scenario = f"s{rng.randrange(SCENARIOS):02d}"
            facts = {
                "run_uid": f"{i:032x}", "identity": f"player-{player:05d}", "scenario_id": scenario, "content_hash": f"copy-{scenario}",
                "rubric_id": "default", "rubric_version": "1.0", "rubric_digest": digest,
                "mode": "ranked" if rng.random() < 0.8 else "practice", "seed": 0, "events": "[]", "summary": "{}",
                "percent": percent, "band": _band(percent), "ending": "fixed", "started_at": finished_at - 300,
                "finished_at": finished_at, "duration": 300.0,
            }
            seal = seal_of(facts, key)  # as the store seals it: boards check the seal of every row they show
            rows.append(
                (
                    facts["run_uid"], first_player + player, scenario, facts["content_hash"], "default", "1.0", digest,
                    facts["mode"], 0, "[]", "{}", percent, facts["band"], "fixed", finished_at - 300, finished_at, 300.0,
                    "verified" if rng.random() < 0.999 else "flagged", None, finished_at, seal, key_id, "official",
                )
            )
        connection.execute("BEGIN IMMEDIATE")
        connection.executemany(
            "INSERT INTO runs (run_uid, player_id, scenario_id, content_hash, rubric_id, rubric_version, rubric_digest,"
            " mode, seed, events, summary, percent, band, ending, started_at, finished_at, duration, status, problem,"
            " checked_at, seal, seal_key, pack) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        connection.execute("COMMIT")
    connection.close()
    return time.perf_counter() - began


def _build_standings(path: Path) -> float:
    """Build the boards' standings from the generated runs (what recording does run by run); the seconds taken."""
    store = open_store(str(path))
    began = time.perf_counter()
    with store.write() as connection:
        rebuild(connection)
    store.close()
    return time.perf_counter() - began


def _raw_board(connection: sqlite3.Connection, scenario: str | None, window: str, cohort: str | None, player: str | None) -> list[tuple]:
    """The raw sqlite3 queries for the rows a board shows (overall: and the runs behind them; with a player: their
    position among all the board's rows, the board's size and their neighbours)."""
    start = window_start(window, NOW) or 0.0
    extra = "AND p.cohort = ?" if cohort else ""
    tail = (cohort,) if cohort else ()
    if scenario is not None:
        rows = connection.execute(RAW_SCENARIO.format(cohort=extra), (window, start, scenario, NOW, *tail)).fetchall()
        if player is not None:
            _raw_position(connection, "standings", "percent", "finished_at", "run_id", "AND s.scenario_id = ?", (scenario,), window, start, player)
        return rows
    rows = connection.execute(RAW_OVERALL.format(cohort=extra), (window, start, NOW, *tail)).fetchall()
    if player is not None:
        _raw_position(connection, "totals", "points", "reached", "player_id", "", (), window, start, player)
    ids = [row[0] for row in rows]
    connection.execute(RAW_RUNS_OF.format(ids=",".join("?" * len(ids))), (window, start, *ids)).fetchall()
    return rows


def _raw_position(
    connection: sqlite3.Connection, table: str, first: str, second: str, third: str, where: str, values: tuple, window: str,
    start: float, player: str,
) -> None:
    """A player's row, how many rows are ahead of it, the board's size, and the five rows around it."""
    base = f"FROM {table} AS s JOIN players AS p ON p.id = s.player_id WHERE s.pack = 'official' AND s.window = ? AND s.start = ? {where} AND p.opted_out = 0"
    head = (window, start, *values)
    mine = connection.execute(f"SELECT s.{first}, s.{second}, s.{third} {base} AND p.name = ?", (*head, player)).fetchone()
    connection.execute(f"SELECT count(*) {base}", head).fetchone()
    if mine is None:
        return
    ahead = connection.execute(
        f"SELECT count(*) {base} AND (s.{first} > ? OR (s.{first} = ? AND (s.{second} < ? OR (s.{second} = ? AND s.{third} < ?))))",
        (*head, mine[0], mine[0], mine[1], mine[1], mine[2]),
    ).fetchone()[0]
    connection.execute(f"SELECT * {base} ORDER BY s.{first} DESC, s.{second}, s.{third} LIMIT 5 OFFSET ?", (*head, max(ahead - 2, 0))).fetchall()


def _pathological(store_path: Path) -> float:
    """Record a ranked run of a generated 500-node scenario (past the analysis bound) as custom content; the seconds taken."""
    text = generate_scenario(500)
    loaded = load_scenario_text(text, "patho.yaml")
    session = Session(loaded.scenario, seed=0, mode="ranked", clock=lambda: NOW - 60)
    while not session.is_over:
        session.choose(session.replies[0].id)
    store = open_store(str(store_path), clock=lambda: NOW - 30)
    began = time.perf_counter()
    run = record_run(store, player="player-00001", session=session, scenario_text=text, rubric_text=default_rubric_text())
    took = time.perf_counter() - began
    store.close()
    assert run.status == "flagged"
    return took


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

    standings_seconds = _build_standings(path)
    print(f"Built the standings from them in {standings_seconds:.1f} s")

    raw = sqlite3.connect(path)
    raw_plain = median_seconds(lambda: _raw_top(raw, "s07", distinct=False), REPEAT)
    store = open_store(str(path))
    spec = BoardSpec("s07")
    boards = [
        ("scenario board, all time", BoardSpec("s07"), None),
        ("scenario board, this week", BoardSpec("s07", window="week"), None),
        ("scenario board, this month", BoardSpec("s07", window="month"), None),
        ("scenario board, one cohort", BoardSpec("s07", cohort="c3"), None),
        ("scenario board + a player's row and neighbours", BoardSpec("s07"), "player-04242"),
        ("overall board, all time", BoardSpec(), None),
        ("overall board, this week", BoardSpec(window="week"), None),
        ("overall board, this month", BoardSpec(window="month"), None),
        ("overall board, one cohort", BoardSpec(cohort="c3"), None),
        ("overall board + a player's row and neighbours", BoardSpec(), "player-04242"),
    ]
    rows = [("raw sqlite3 top-10 runs of a scenario (floor)", raw_plain * 1e3, "-", 1.0, "-")]
    with store.read() as connection:
        ours_rows = top_scenario(connection, spec, 10, NOW)
        assert [row.runs[0] for row in ours_rows] == [row[1] for row in _raw_top(raw, "s07", distinct=True)]
        shown = build_board(connection, spec, 10, None, 2, NOW)
        assert [entry.runs[0] for entry in shown.top] == [row[1] for row in _raw_top(raw, "s07", distinct=True)]
        for name, board_spec, player in boards:
            repeat = REPEAT if player is None else 20
            ours = median_seconds(lambda b=board_spec, p=player: build_board(connection, b, 10, p, 2, NOW), repeat)
            same = median_seconds(lambda b=board_spec, p=player: _raw_board(raw, b.scenario, b.window, b.cohort, p), repeat)
            rows.append((name, ours * 1e3, same * 1e3, ours / raw_plain, ours / same))
    print_table(
        f"Board queries on {RUNS:,} runs (median ms; x floor = against the raw top-10; x same = against the raw query for "
        "the same rows; target x same <= 3)",
        ["board (build_board)", "ms", "raw same rows ms", "x floor", "x same"],
        rows,
    )

    views = [("scenario board", BoardSpec("s07")), ("overall board", BoardSpec()), ("custom overall board", BoardSpec(custom=True))]
    before = {name: median_seconds(lambda v=view_spec: leaderboard(store, v, now=NOW), REPEAT) for name, view_spec in views}
    store.close()
    recording_patho = _pathological(path)
    store = open_store(str(path))
    after = {name: median_seconds(lambda v=view_spec: leaderboard(store, v, now=NOW), REPEAT) for name, view_spec in views}
    raw.close()
    store.close()
    print_table(
        f"leaderboard() as the commands show it (seals checked), without and with a pathological custom run "
        f"(recording it took {recording_patho:.2f} s, once, bounded)",
        ["view", "without ms", "with ms", "with / without"],
        [(name, before[name] * 1e3, after[name] * 1e3, after[name] / before[name]) for name, _spec in views],
    )

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


class _Raw:
    """A psycopg connection that takes the raw queries above as written for sqlite3 (`?` placeholders,
    `opted_out = 0`, the unquoted column `window`, which PostgreSQL reserves)."""

    def __init__(self, connection):  # type: ignore[no-untyped-def]
        self.connection = connection

    def execute(self, sql: str, values: tuple = ()):  # type: ignore[no-untyped-def]
        import re

        sql = re.sub(r"\bwindow\b", '"window"', sql.replace("?", "%s").replace("p.opted_out = 0", "NOT p.opted_out"))
        return self.connection.execute(sql, values)


def _fill_postgresql(url: str) -> float:
    """As `_fill`, through SQLAlchemy Core into a PostgreSQL database; the seconds taken (then ANALYZE)."""
    from sqlalchemy import func, select

    from game.store.tables import players, runs, scenario_copies

    store = open_store(url)
    record_run(store, player="template", session=finished(GOOD), scenario_text=MINI_TEXT, rubric_text=default_rubric_text())
    digest = default_rubric().digest
    set_official(store, Pack(tuple(PackFile(f"copy-s{k:02d}", f"s{k:02d}", f"s{k:02d}.yaml") for k in range(SCENARIOS)), digest))
    key = load_key()
    rng = random.Random(4)
    began = time.perf_counter()
    with store.write() as connection:
        connection.execute(players.insert(), [
            {"name": f"player-{i:05d}", "identity": f"player-{i:05d}", "cohort": f"c{i % 20}", "team": f"t{i % 50}",
             "opted_out": i % 100 == 0, "created_at": NOW - YEAR} for i in range(PLAYERS)
        ])
        connection.execute(scenario_copies.insert(), [
            {"content_hash": f"copy-s{k:02d}", "scenario_id": f"s{k:02d}", "file_name": f"s{k:02d}.yaml", "text": "", "stored_at": 0}
            for k in range(SCENARIOS)
        ])
        first_player = connection.execute(select(func.min(players.c.id)).where(players.c.name.like("player-%"))).scalar()
    for start in range(0, RUNS, BATCH):
        rows = []
        for i in range(start, start + BATCH):
            percent = round(min(100.0, max(0.0, rng.gauss(65, 18))), 1)
            finished_at = NOW - rng.random() * YEAR
            player = rng.randrange(PLAYERS)
            scenario = f"s{rng.randrange(SCENARIOS):02d}"
            facts = {
                "run_uid": f"{i:032x}", "identity": f"player-{player:05d}", "scenario_id": scenario, "content_hash": f"copy-{scenario}",
                "rubric_id": "default", "rubric_version": "1.0", "rubric_digest": digest,
                "mode": "ranked" if rng.random() < 0.8 else "practice", "seed": 0, "events": "[]", "summary": "{}",
                "percent": percent, "band": _band(percent), "ending": "fixed", "started_at": finished_at - 300,
                "finished_at": finished_at, "duration": 300.0,
            }
            seal = seal_of(facts, key)
            row = {name: value for name, value in facts.items() if name != "identity"}
            row.update(player_id=first_player + player, status="verified" if rng.random() < 0.999 else "flagged", problem=None,
                       checked_at=finished_at, seal=seal, seal_key=key.key_id, pack="official")
            rows.append(row)
        with store.write() as connection:
            connection.execute(runs.insert(), rows)
    with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM ANALYZE")
    store.close()
    return time.perf_counter() - began


@pytest.mark.bench
def test_bench_store_postgresql(tmp_path):
    """The same figures on PostgreSQL (a durable server of our own: fsync on): boards against the raw SQL
    for the same rows through psycopg, recording and verification runs/s."""
    import psycopg

    from tests.pg_server import Server, find_bin_dir

    bin_dir = find_bin_dir()
    if bin_dir is None:
        pytest.skip("PostgreSQL is not installed")
    server = Server(bin_dir, durable=True)
    server.start()
    try:
        url = server.create_database()
        fill_seconds = _fill_postgresql(url)
        print(f"\nPostgreSQL: generated {RUNS:,} runs for {PLAYERS:,} players in {fill_seconds:.1f} s")
        store = open_store(url)
        began = time.perf_counter()
        with store.write() as connection:
            rebuild(connection)
        print(f"Built the standings from them in {time.perf_counter() - began:.1f} s")
        with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("ANALYZE")
        name = url.split("@/", 1)[1].split("?", 1)[0]
        plain = psycopg.connect(host=str(server.folder), port=5432, user="dojo", dbname=name, autocommit=True)
        raw = _Raw(plain)
        # The floor with LIMIT 10: psycopg fetches a whole result at once, where sqlite3 steps row by row.
        raw_plain = median_seconds(lambda: raw.execute(RAW_TOP + " LIMIT 10", ("s07",)).fetchall(), REPEAT)
        spec = BoardSpec("s07")
        boards = [
            ("scenario board, all time", BoardSpec("s07"), None),
            ("scenario board, this week", BoardSpec("s07", window="week"), None),
            ("scenario board, this month", BoardSpec("s07", window="month"), None),
            ("scenario board, one cohort", BoardSpec("s07", cohort="c3"), None),
            ("scenario board + a player's row and neighbours", BoardSpec("s07"), "player-04242"),
            ("overall board, all time", BoardSpec(), None),
            ("overall board, this week", BoardSpec(window="week"), None),
            ("overall board, this month", BoardSpec(window="month"), None),
            ("overall board, one cohort", BoardSpec(cohort="c3"), None),
            ("overall board + a player's row and neighbours", BoardSpec(), "player-04242"),
        ]
        rows = [("raw psycopg top-10 runs of a scenario (floor)", raw_plain * 1e3, "-", 1.0, "-")]
        with store.read() as connection:
            shown = build_board(connection, spec, 10, None, 2, NOW)
            assert [entry.runs[0] for entry in shown.top] == [row[1] for row in _raw_top(raw, "s07", distinct=True)]  # type: ignore[arg-type]
            for label, board_spec, player in boards:
                repeat = REPEAT if player is None else 20
                ours = median_seconds(lambda b=board_spec, p=player: build_board(connection, b, 10, p, 2, NOW), repeat)
                same = median_seconds(lambda b=board_spec, p=player: _raw_board(raw, b.scenario, b.window, b.cohort, p), repeat)  # type: ignore[arg-type]
                rows.append((label, ours * 1e3, same * 1e3, ours / raw_plain, ours / same))
        plain.close()
        store.close()
        print_table(
            f"PostgreSQL: board queries on {RUNS:,} runs (median ms; x same = against the raw query for the same rows)",
            ["board (build_board)", "ms", "raw same rows ms", "x floor", "x same"],
            rows,
        )
        store = open_store(server.create_database())
        paths = [GOOD, BEST, LOOPED, BAD]
        sessions = [finished(paths[i % 4], seed=i) for i in range(RECORDED)]
        began = time.perf_counter()
        for i, session in enumerate(sessions):
            record_run(store, player=f"p{i % 50}", session=session, scenario_text=MINI_TEXT, rubric_text=default_rubric_text())
        recording = time.perf_counter() - began
        began = time.perf_counter()
        report = verify_store(store)
        verifying = time.perf_counter() - began
        store.close()
        print_table(
            "PostgreSQL: recording and verification (MINI scenario, one transaction per run, fsync on)",
            ["step", "runs", "seconds", "runs/s"],
            [
                ("record_run (replays, then writes)", RECORDED, recording, RECORDED / recording),
                ("verify_store (replay every run)", report.checked, verifying, report.checked / verifying),
            ],
        )
        assert report.ok
    finally:
        server.stop()
