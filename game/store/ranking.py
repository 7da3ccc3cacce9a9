"""Rankings: the SQL that finds each player's best counting run, and the order they rank in.

What counts and how players rank is described in `boards.py` (and the README); this
module is how the database is asked:

- `top_scenario`: an all-time top-N per scenario reads `ix_runs_board` in ranking order
  and stops as soon as N different players are seen (on a million runs about 1.5x the raw
  indexed SQLite query; see tests/bench/test_bench_store.py). A week or month board
  reads only that window's runs of the scenario (`ix_runs_scenario_window`).
- `ranking_scenario`: the whole ranking of a scenario (for a player's own row), each
  player's best run found with a window function.
- `ranking_overall`: per player the sum of their best percent per scenario, reading
  `ix_runs_best`, which holds every column it needs in the order it needs them.

Statements are built once per board shape (which filters it has) with bind parameters,
and cached: building and keying a fresh Select costs more than running the top-N query.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from sqlalchemy import Connection, Integer, Select, bindparam, false, func, select

from game.i18n import _
from game.store.dialect import keeps_aggregate_order, ordered_text_agg
from game.store.driver import driver_rows as _driver_rows
from game.store.errors import StoreError
from game.store.official import CUSTOM, OFFICIAL
from game.store.tables import players, runs, scenario_copies, standings, totals
from game.store.verify import VERIFIED
from game.store.windows import WINDOW_TITLES, WINDOWS, iso, window_start
from scoring.rubric import default_rubric


@dataclass(frozen=True)
class BoardSpec:
    """Which board: one scenario or overall (None), a cohort, a team, a window; official or custom content."""

    scenario: str | None = None
    cohort: str | None = None
    team: str | None = None
    window: str = "all"
    custom: bool = False  # the board of runs whose content is not the official pack's

    def __post_init__(self) -> None:
        if self.window not in WINDOWS:
            raise StoreError(_("unknown window '{window}'; use one of {windows}").format(window=self.window, windows=", ".join(WINDOWS)))

    @property
    def title(self) -> str:
        """A one-line description in the active language, e.g. 'late-birthday-parcel, this week, cohort 2024-09'."""
        parts = self.title_parts()
        title = parts[0]
        for part in parts[1:]:
            title = _("{title}, {part}").format(title=title, part=part)  # as game.play.words.board_title joins them
        return title

    def title_parts(self, scenario_name: str | None = None) -> list[str]:
        """The parts of the title in the active language: the scenario (`scenario_name`, else its id) or
        'overall', the window, then the cohort, the team and the custom-content warning where they apply."""
        parts = [scenario_name or self.scenario or _("overall (all scenarios)")]
        parts.append(_(WINDOW_TITLES[self.window]) if self.window in WINDOW_TITLES else self.window)
        if self.cohort is not None:
            parts.append(_("cohort {cohort}").format(cohort=self.cohort))
        if self.team is not None:
            parts.append(_("team {team}").format(team=self.team))
        if self.custom:
            parts.append(_("CUSTOM content (not official: anyone can write a scenario that scores 100%)"))
        return parts


class BoardEntry(NamedTuple):
    """One row of a board (a named tuple: boards build many, and build them fast)."""

    rank: int
    player_id: int
    player: str
    cohort: str | None
    team: str | None
    percent: float
    band: str | None
    finished_at: float  # when this score (overall: this total) was reached
    runs: tuple[str, ...]  # the run ids behind the row (one per scenario counted)
    scenarios: int = 1
    points: float = 0.0

    def to_json(self, you: bool = False) -> dict[str, Any]:
        """The JSON contract: rank, player, percent, band, finished_at, and more."""
        data: dict[str, Any] = {
            "rank": self.rank,
            "player": self.player,
            "percent": round(self.percent, 1),
            "band": self.band,
            "finished_at": iso(self.finished_at),
            "cohort": self.cohort,
            "team": self.team,
            "scenarios": self.scenarios,
            "points": round(self.points, 1),
            "runs": list(self.runs),
        }
        if you:
            data["you"] = True
        return data



# Statements ---------------------------------------------------------------------------------

# scenario given, cohort given, team given, window given, runs excluded (their seals failed on this view)
Shape = tuple[bool, bool, bool, bool, bool]


def _shape(spec: BoardSpec, excluded: frozenset[str] = frozenset()) -> Shape:
    return (spec.scenario is not None, spec.cohort is not None, spec.team is not None, spec.window != "all", bool(excluded))


def _params(spec: BoardSpec, now: float, excluded: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The values of every bind parameter a board statement may use."""
    values: dict[str, Any] = {
        "now": now,
        "start": window_start(spec.window, now),
        "scenario": spec.scenario,
        "cohort": spec.cohort,
        "team": spec.team,
        "pack": CUSTOM if spec.custom else OFFICIAL,
    }
    if excluded:
        values["excluded"] = sorted(excluded)
    return values


def _run_conditions(shape: Shape, until_now: bool = True) -> list[Any]:
    """Which runs count: ranked, verified, of the board's pack, finished in the window (and by now), of the scenario."""
    conditions = [runs.c.mode == "ranked", runs.c.status == VERIFIED, runs.c.pack == bindparam("pack")]
    if shape[4]:
        conditions.append(runs.c.run_uid.not_in(bindparam("excluded", expanding=True)))
    if until_now:
        conditions.append(runs.c.finished_at <= bindparam("now"))
    if shape[3]:
        conditions.append(runs.c.finished_at >= bindparam("start"))
    if shape[0]:
        conditions.append(runs.c.scenario_id == bindparam("scenario"))
    return conditions


def _player_conditions(shape: Shape) -> list[Any]:
    """Which players show: not opted out, in the cohort and team asked for."""
    conditions = [players.c.opted_out == false()]
    if shape[1]:
        conditions.append(players.c.cohort == bindparam("cohort"))
    if shape[2]:
        conditions.append(players.c.team == bindparam("team"))
    return conditions


_PLAYER_COLUMNS = (players.c.name, players.c.cohort, players.c.team)
_RUN_COLUMNS = (runs.c.id, runs.c.run_uid, runs.c.player_id, runs.c.scenario_id, runs.c.percent, runs.c.band, runs.c.finished_at)
_RANKING_ORDER = (runs.c.percent.desc(), runs.c.finished_at, runs.c.id)


@lru_cache(maxsize=64)
def _top_statement(shape: Shape, until_now: bool) -> Select[Any]:
    """Counting runs with their players, in ranking order (the order of `ix_runs_board`)."""
    return (
        select(*_RUN_COLUMNS, *_PLAYER_COLUMNS)
        .join(players, players.c.id == runs.c.player_id)
        .where(*_run_conditions(shape, until_now), *_player_conditions(shape))
        .order_by(*_RANKING_ORDER)
    )


def candidates(spec: BoardSpec, now: float, until_now: bool = True) -> Select[Any]:
    """The runs that may count on this board, with their players, in ranking order, values bound.

    `until_now=False` leaves out the "finished by now" bound; the caller must then skip
    later runs itself (see `top_scenario`).
    """
    values = _params(spec, now)
    statement = _top_statement(_shape(spec), until_now)
    return statement.params({key: value for key, value in values.items() if value is not None})


def _best(shape: Shape, wide: bool, for_players: bool = False) -> Any:
    """Each player's best counting run per scenario (k = 1 of a window function), as a subquery.

    Players' filters are left to the caller: they pick whole players, so they never
    change which run is a player's best. Narrow (`wide=False`) reads only columns of
    `ix_runs_best`, so the overall board scans that index in order and never sorts.
    """
    columns = _RUN_COLUMNS if wide else (runs.c.id, runs.c.player_id, runs.c.scenario_id, runs.c.percent, runs.c.finished_at)
    conditions = _run_conditions(shape)
    if for_players:
        conditions.append(runs.c.player_id.in_(bindparam("ids", expanding=True)))
    rank = func.row_number().over(partition_by=(runs.c.player_id, runs.c.scenario_id), order_by=_RANKING_ORDER)
    numbered = select(*columns, rank.label("k")).where(*conditions).subquery("numbered")
    return select(numbered).where(numbered.c.k == 1).subquery("best")


@lru_cache(maxsize=64)
def _scenario_ranking_statement(shape: Shape) -> Select[Any]:
    """Every player's best run of the scenario, in ranking order (columns as `_entry` reads them)."""
    best = _best(shape, wide=True)
    return (
        select(*(best.c[column.name] for column in _RUN_COLUMNS), *_PLAYER_COLUMNS)
        .join(players, players.c.id == best.c.player_id)
        .where(*_player_conditions(shape))
        .order_by(best.c.percent.desc(), best.c.finished_at, best.c.id)
    )


@lru_cache(maxsize=64)
def _overall_statement(shape: Shape) -> Select[Any]:
    """Per player: the sum of their best percents, how many scenarios, and when the total was reached."""
    best = _best(shape, wide=False)
    return (
        select(
            best.c.player_id,
            *_PLAYER_COLUMNS,
            func.sum(best.c.percent).label("points"),
            func.count().label("scenarios"),
            func.max(best.c.finished_at).label("reached"),
        )
        .join(players, players.c.id == best.c.player_id)
        .where(*_player_conditions(shape))
        .group_by(best.c.player_id, *_PLAYER_COLUMNS)
    )


@lru_cache(maxsize=64)
def _scenario_set_statement(shape: Shape) -> Select[Any]:
    """The scenarios with at least one counting run on the board.

    Asked per known scenario id (every run's scenario has a stored copy) with EXISTS, so
    each is one index seek instead of a pass over every run.
    """
    known = select(scenario_copies.c.scenario_id).distinct().subquery("known")
    counting = (
        select(runs.c.id)
        .join(players, players.c.id == runs.c.player_id)
        .where(runs.c.scenario_id == known.c.scenario_id, *_run_conditions(shape), *_player_conditions(shape))
        .exists()
    )
    return select(known.c.scenario_id).where(counting).order_by(known.c.scenario_id)


@lru_cache(maxsize=64)
def _runs_of_players_statement(shape: Shape) -> Select[Any]:
    """The best run ids per scenario of the players given in `ids`."""
    best = _best(shape, wide=True, for_players=True)
    return select(best.c.player_id, best.c.run_uid).order_by(best.c.scenario_id)


def _entry(rank: int, row: Any) -> BoardEntry:
    """A scenario-board row from a row of `_RUN_COLUMNS` + `_PLAYER_COLUMNS` (by position: fast)."""
    _id, run_uid, player_id, _scenario, percent, band, finished_at, name, cohort, team = row[:10]
    return BoardEntry(rank, player_id, name, cohort, team, percent, band, finished_at, (run_uid,), 1, percent)


def top_scenario(
    connection: Connection, spec: BoardSpec, limit: int, now: float, excluded: frozenset[str] = frozenset()
) -> list[BoardEntry]:
    """The first `limit` players of a scenario board, reading runs in ranking order.

    The order (percent down, then finish time, then id) is the order of `ix_runs_board`,
    so the database hands rows over without sorting, and the first row seen for a player
    is their best run; reading stops once `limit` players are found.
    """
    assert spec.scenario is not None
    # All time, the "finished by now" bound is checked here rather than in SQL: a range on
    # finished_at would tempt SQLite (without statistics) into a finish-time index and a
    # sort of every run of the scenario, seconds on a million runs, instead of reading
    # the board index in order. A week or month board reads only its window anyway.
    all_time = spec.window == "all"
    statement = _top_statement(_shape(spec), not all_time)
    found: list[BoardEntry] = []
    seen: set[int] = set()
    rows = _driver_rows(connection, statement, _params(spec, now))
    try:
        for row in rows:
            player_id, finished_at = row[2], row[6]
            if player_id in seen or (all_time and finished_at > now) or row[1] in excluded:
                continue
            seen.add(player_id)
            found.append(_entry(len(found) + 1, row))
            if len(found) >= limit:
                break
    finally:
        rows.close()  # stop reading (and close the cursor) as soon as enough players are found
    return found


def ranking_scenario(connection: Connection, spec: BoardSpec, now: float, excluded: frozenset[str] = frozenset()) -> list[BoardEntry]:
    """The whole ranking of a scenario board."""
    rows = connection.execute(_scenario_ranking_statement(_shape(spec, excluded)), _params(spec, now, excluded))
    return [_entry(rank, row) for rank, row in enumerate(rows, start=1)]


def ranking_overall(
    connection: Connection,
    spec: BoardSpec,
    now: float,
    official_set: tuple[str, ...] = (),
    excluded: frozenset[str] = frozenset(),
) -> tuple[list[BoardEntry], tuple[str, ...]]:
    """The whole overall ranking, and the scenario set it is measured against.

    The official board's set is the official pack's scenarios (`official_set`), never
    "whatever has runs"; only the custom board's set is the scenarios with counting runs.
    """
    params = _params(spec, now, excluded)
    totals = list(connection.execute(_overall_statement(_shape(spec, excluded)), params).all())
    if spec.custom:
        scenario_set = tuple(connection.execute(_scenario_set_statement(_shape(spec, excluded)), params).scalars())
    else:
        scenario_set = official_set
    # Rounded before comparing: a float sum's last bit depends on the order it was added in.
    totals.sort(key=lambda row: (-round(row.points, 6), row.reached, row.player_id))
    bands = default_rubric()
    size = max(len(scenario_set), 1)
    entries = [
        BoardEntry(
            rank, row.player_id, row.name, row.cohort, row.team, row.points / size,
            bands.band_for(row.points / size), row.reached, (), row.scenarios, row.points,
        )
        for rank, row in enumerate(totals, start=1)
    ]
    return entries, scenario_set


def with_runs(
    connection: Connection, spec: BoardSpec, now: float, entries: list[BoardEntry], excluded: frozenset[str] = frozenset()
) -> list[BoardEntry]:
    """Overall rows with the run ids behind them filled in (only for the rows shown)."""
    if not entries:
        return entries
    params = {**_params(spec, now, excluded), "ids": [entry.player_id for entry in entries]}
    found: dict[int, list[str]] = {}
    for row in connection.execute(_runs_of_players_statement(_shape(spec, excluded)), params):
        found.setdefault(row.player_id, []).append(row.run_uid)
    return [entry._replace(runs=tuple(found.get(entry.player_id, ()))) for entry in entries]


# From the standings (see standings.py): the boards as ten rows of an index ----------------------------

_STANDING_COLUMNS = (
    standings.c.run_id, standings.c.run_uid, standings.c.player_id, standings.c.scenario_id, standings.c.percent,
    standings.c.band, standings.c.finished_at,
)


def _standing_key(table: Any, spec: BoardSpec | None) -> list[Any]:
    """The pack, window and window start a board's rows are filed under, and "reached by now" (bound parameters).

    A row reached after `now` (a clock set back) is left off; standings keep only each
    player's best, so an earlier, lesser run of theirs does not take its place until then.
    """
    reached = table.c.finished_at if table is standings else table.c.reached
    return [
        table.c.pack == bindparam("pack"),
        table.c.window == bindparam("window"),
        table.c.start == bindparam("start"),
        reached <= bindparam("now"),
    ]


def _standing_params(spec: BoardSpec, now: float) -> dict[str, Any]:
    values = _params(spec, now)
    values["window"] = spec.window
    values["start"] = values["start"] or 0.0
    return {key: value for key, value in values.items() if value is not None}


@lru_cache(maxsize=64)
def _scenario_standings_statement(shape: Shape) -> Select[Any]:
    """A scenario board's rows in ranking order (the order of `ix_standings_board`), players filtered."""
    return (
        select(*_STANDING_COLUMNS, *_PLAYER_COLUMNS)
        .join(players, players.c.id == standings.c.player_id)
        .where(*_standing_key(standings, None), standings.c.scenario_id == bindparam("scenario"), *_player_conditions(shape))
        .order_by(standings.c.percent.desc(), standings.c.finished_at, standings.c.run_id)
    )


@lru_cache(maxsize=64)
def _overall_standings_statement(shape: Shape) -> Select[Any]:
    """The overall board's rows in ranking order (the order of `ix_totals_board`), players filtered."""
    return (
        select(totals.c.player_id, *_PLAYER_COLUMNS, totals.c.points, totals.c.scenarios, totals.c.reached)
        .join(players, players.c.id == totals.c.player_id)
        .where(*_standing_key(totals, None), *_player_conditions(shape))
        .order_by(totals.c.points.desc(), totals.c.reached, totals.c.player_id)
    )


@lru_cache(maxsize=64)
def _overall_page_statement(shape: Shape, dialect_name: str) -> Select[Any]:
    """One page of the overall board (`_paged`); where the database can aggregate in order (PostgreSQL,
    dialect.py), each row also holds the ids of the runs behind it (its best run per scenario, by scenario,
    space-separated), so the board is one round trip; elsewhere `standing_runs` reads them after.

    The runs are read around the page, not inside it: in the paged query itself they would be
    read for every row the database passes over (the rows before a player's neighbours, or every
    row of a cohort it sorts).
    """
    paged = _paged(_overall_standings_statement(shape))
    joined = ordered_text_agg(dialect_name, standings.c.run_uid, standings.c.scenario_id)
    if joined is None:
        return paged
    page = paged.subquery("page")
    behind = select(joined).where(*_standing_key(standings, None)[:3], standings.c.player_id == page.c.player_id)
    return select(page, behind.scalar_subquery().label("runs")).order_by(page.c.points.desc(), page.c.reached, page.c.player_id)


@lru_cache(maxsize=64)
def _paged(statement: Select[Any]) -> Select[Any]:
    """The statement with its rows' offset and count as bound parameters (built and compiled once)."""
    return statement.limit(bindparam("row_limit", type_=Integer)).offset(bindparam("row_offset", type_=Integer))


def standing_rows(connection: Connection, spec: BoardSpec, now: float, offset: int, limit: int | None) -> list[Any]:
    """Rows `offset`.. of a board (`limit` of them, None: all), read from the standings in ranking order."""
    shape = _shape(spec)
    if spec.scenario is not None:
        statement = _paged(_scenario_standings_statement(shape))
    else:
        statement = _overall_page_statement(shape, connection.dialect.name)
    params = {**_standing_params(spec, now), "row_limit": -1 if limit is None else limit, "row_offset": offset}
    rows = _driver_rows(connection, statement, params)
    try:
        return list(rows)
    finally:
        rows.close()


def standing_entries(connection: Connection, spec: BoardSpec, now: float, offset: int, limit: int | None, size: int) -> list[BoardEntry]:
    """Board rows as Entries (overall: percent over `size` scenarios), ranked from `offset + 1`.

    Overall rows hold their runs where the statement read them (PostgreSQL), else none yet (`standing_runs`).
    """
    rows = standing_rows(connection, spec, now, offset, limit)
    if spec.scenario is not None:
        return [_entry(offset + number, row) for number, row in enumerate(rows, start=1)]
    bands = default_rubric()
    scale = max(size, 1)
    return [
        BoardEntry(
            offset + number, row[0], row[1], row[2], row[3], row[4] / scale, bands.band_for(row[4] / scale), row[6],
            tuple((row[7] or "").split()) if len(row) > 7 else (), row[5], row[4],
        )
        for number, row in enumerate(rows, start=1)
    ]


def runs_read_with_rows(connection: Connection) -> bool:
    """True where the overall board's rows come with their runs (`_overall_standings_statement`)."""
    return keeps_aggregate_order(connection.dialect.name)


def standing_position(connection: Connection, spec: BoardSpec, now: float, player_id: int) -> tuple[int | None, int]:
    """The 0-based position of a player on a board (None if not on it) and the board's size, from the standings."""
    shape = _shape(spec)
    params = _standing_params(spec, now)
    if spec.scenario is not None:
        table, order = standings, (standings.c.percent, standings.c.finished_at, standings.c.run_id)
        base = [*_standing_key(standings, None), standings.c.scenario_id == bindparam("scenario")]
    else:
        table, order = totals, (totals.c.points, totals.c.reached, totals.c.player_id)
        base = _standing_key(totals, None)
    joined = table.join(players, players.c.id == table.c.player_id)
    conditions = [*base, *_player_conditions(shape)]
    size = int(connection.execute(select(func.count()).select_from(joined).where(*conditions), params).scalar_one())
    mine = connection.execute(select(*order).select_from(joined).where(*conditions, table.c.player_id == player_id), params).first()
    if mine is None:
        return None, size
    first, second, third = order
    ahead = (first > mine[0]) | ((first == mine[0]) & ((second < mine[1]) | ((second == mine[1]) & (third < mine[2]))))
    position = int(connection.execute(select(func.count()).select_from(joined).where(*conditions, ahead), params).scalar_one())
    return position, size


@lru_cache(maxsize=64)
def _runs_of_statement(count: int) -> Select[Any]:
    """The best runs of `count` players (bound p0, p1, ...), in the order of the standings' primary key.

    Ordered by player, then scenario, SQLite reads that key (ordered by scenario alone it would
    take the board index and read the whole window).
    """
    return (
        select(standings.c.player_id, standings.c.run_uid)
        .where(*_standing_key(standings, None)[:3], standings.c.player_id.in_([bindparam(f"p{n}") for n in range(count)]))
        .order_by(standings.c.player_id, standings.c.scenario_id)
    )


def standing_runs(connection: Connection, spec: BoardSpec, now: float, entries: list[BoardEntry]) -> list[BoardEntry]:
    """Overall rows with the run ids behind them (each player's best run per scenario), from the standings."""
    if not entries:
        return entries
    params = {**_standing_params(spec, now), **{f"p{n}": entry.player_id for n, entry in enumerate(entries)}}
    found: dict[int, list[str]] = {}
    for player_id, run_uid in _driver_rows(connection, _runs_of_statement(len(entries)), params):
        found.setdefault(player_id, []).append(run_uid)
    return [entry._replace(runs=tuple(found.get(entry.player_id, ()))) for entry in entries]

def custom_scenario_set(connection: Connection, spec: BoardSpec, now: float) -> tuple[str, ...]:
    """The custom overall board's scenario set: the scenarios with counting custom runs."""
    return tuple(connection.execute(_scenario_set_statement(_shape(spec)), _params(spec, now)).scalars())
