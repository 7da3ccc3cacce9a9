"""Tests for game.store.boards: fair rankings, windows, groups, breadth, neighbours, and verified rows only."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from game.store.boards import BoardSpec, build_board, leaderboard
from game.store.db import StoreError
from game.store.players import set_opt_out
from game.scenario.loader import load_scenario_text
from game.store.copies import default_rubric_text
from game.store.runs import record_run
from tests.store_helpers import (
    BAD,
    BEST,
    GOOD,
    LOOPED,
    MINI_TEXT,
    MONDAY,
    Clock,
    finished,
    insert_fake,
    open_tmp,
    record,
    set_opted_out,
    tamper,
)

pytestmark = pytest.mark.usefixtures("db_engine")  # every test here runs on SQLite and on PostgreSQL


DAY = 86_400.0
NOW = MONDAY + 2 * DAY  # Wednesday 2024-05-08 00:00 UTC


def board(store, spec: BoardSpec, **kwargs):
    """build_board in a read transaction at NOW (no verification: fake rows cannot replay)."""
    with store.read() as connection:
        return build_board(connection, spec, now=kwargs.pop("now", NOW), **kwargs)


def names(entries) -> list[str]:
    """The players of some rows, in order."""
    return [entry.player for entry in entries]


def test_each_player_ranks_once_on_their_best_run(tmp_path):
    """A grinder's many runs count as their single best; others still rank beside them."""
    store = open_tmp(tmp_path)
    for i in range(30):
        insert_fake(store, "Grinder", "s", 60.0 + i % 5, MONDAY + i)
    insert_fake(store, "Ann", "s", 80.0, MONDAY + 100)
    insert_fake(store, "Bob", "s", 50.0, MONDAY + 101)
    shown = board(store, BoardSpec("s")).top
    assert names(shown) == ["Ann", "Grinder", "Bob"]
    assert [entry.rank for entry in shown] == [1, 2, 3]
    assert shown[1].percent == 64.0


def test_ties_go_to_whoever_got_there_first(tmp_path):
    """Equal best scores rank by when each player first reached it, not by later repeats."""
    store = open_tmp(tmp_path)
    insert_fake(store, "Late", "s", 90.0, MONDAY + 50)
    insert_fake(store, "Early", "s", 90.0, MONDAY + 10)
    insert_fake(store, "Early", "s", 90.0, MONDAY + 90)  # a repeat does not move the time on
    top = board(store, BoardSpec("s")).top
    assert names(top) == ["Early", "Late"]
    assert top[0].finished_at == MONDAY + 10
    assert names(board(store, BoardSpec("s"), player="Late").around) == ["Early", "Late"]


def test_practice_flagged_and_opted_out_never_show(tmp_path):
    """Practice runs, flagged runs and opted-out players are left off every board."""
    store = open_tmp(tmp_path)
    insert_fake(store, "Practiser", "s", 100.0, MONDAY, mode="practice")
    insert_fake(store, "Cheat", "s", 100.0, MONDAY, status="flagged")
    insert_fake(store, "Shy", "s", 100.0, MONDAY)
    insert_fake(store, "Ann", "s", 10.0, MONDAY)
    set_opted_out(store, "Shy")
    for spec in (BoardSpec("s"), BoardSpec()):
        assert names(board(store, spec).top) == ["Ann"]
        assert board(store, spec, player="Shy").you is None


def test_windows_week_month_all(tmp_path):
    """This week starts Monday 00:00 UTC, this month on the 1st; older runs count only all-time."""
    store = open_tmp(tmp_path)
    insert_fake(store, "ThisWeek", "s", 50.0, MONDAY)  # exactly Monday 00:00 counts
    insert_fake(store, "LastSunday", "s", 70.0, MONDAY - 1)
    insert_fake(store, "LastMonth", "s", 90.0, datetime(2024, 4, 30, 23, tzinfo=timezone.utc).timestamp())
    insert_fake(store, "Future", "s", 99.0, NOW + 10)  # after 'now': not yet
    assert names(board(store, BoardSpec("s", window="week")).top) == ["ThisWeek"]
    assert names(board(store, BoardSpec("s", window="month")).top) == ["LastSunday", "ThisWeek"]
    assert names(board(store, BoardSpec("s", window="all")).top) == ["LastMonth", "LastSunday", "ThisWeek"]


def test_best_run_is_taken_within_the_window(tmp_path):
    """A player's old high score does not hide their score this week."""
    store = open_tmp(tmp_path)
    insert_fake(store, "Ann", "s", 95.0, MONDAY - 10 * DAY)
    insert_fake(store, "Ann", "s", 60.0, MONDAY + 1)
    assert board(store, BoardSpec("s", window="week")).top[0].percent == 60.0
    assert board(store, BoardSpec("s", window="all")).top[0].percent == 95.0


def test_cohort_and_team_boards(tmp_path):
    """Cohort and team boards show only their members; both together intersect."""
    store = open_tmp(tmp_path)
    insert_fake(store, "Ann", "s", 80.0, MONDAY, cohort="2024-09", team="north")
    insert_fake(store, "Bob", "s", 70.0, MONDAY, cohort="2024-09", team="south")
    insert_fake(store, "Cy", "s", 90.0, MONDAY, cohort="2025-01", team="north")
    assert names(board(store, BoardSpec("s", cohort="2024-09")).top) == ["Ann", "Bob"]
    assert names(board(store, BoardSpec("s", team="north")).top) == ["Cy", "Ann"]
    assert names(board(store, BoardSpec("s", cohort="2024-09", team="north")).top) == ["Ann"]
    assert names(board(store, BoardSpec(cohort="2025-01")).top) == ["Cy"]


def test_overall_board_rewards_breadth(tmp_path):
    """Three scenarios at 70% beat one at 100%: points are summed, percent is over the whole set."""
    store = open_tmp(tmp_path)
    for scenario in ("a", "b", "c"):
        insert_fake(store, "Broad", scenario, 70.0, MONDAY + 1)
        insert_fake(store, "Broad", scenario, 40.0, MONDAY + 2)  # only the best per scenario counts
    insert_fake(store, "Narrow", "a", 100.0, MONDAY)
    shown = board(store, BoardSpec())
    assert names(shown.top) == ["Broad", "Narrow"]
    broad, narrow = shown.top
    assert (broad.points, broad.scenarios, round(broad.percent, 6)) == (210.0, 3, 70.0)
    assert (narrow.points, narrow.scenarios, round(narrow.percent, 4)) == (100.0, 1, 33.3333)
    assert shown.scenario_set == ("a", "b", "c")
    assert broad.band == "Bronze" and narrow.band is None
    assert len(broad.runs) == 3


def test_scenario_set_is_the_official_pack_whatever_has_runs(tmp_path):
    """The official overall set is the pack, in every window: practice-only, opted-out-only and old scenarios still count as 0%."""
    store = open_tmp(tmp_path)
    insert_fake(store, "Ann", "a", 80.0, MONDAY)
    insert_fake(store, "Ann", "b", 90.0, MONDAY, mode="practice")
    insert_fake(store, "Shy", "c", 90.0, MONDAY)
    insert_fake(store, "Old", "d", 90.0, MONDAY - 30 * DAY)
    set_opted_out(store, "Shy")
    shown = board(store, BoardSpec(window="week"))
    assert shown.scenario_set == ("a", "b", "c", "d")
    assert names(shown.top) == ["Ann"] and shown.top[0].percent == 20.0
    assert board(store, BoardSpec(window="all")).scenario_set == ("a", "b", "c", "d")


def test_throw_away_scenarios_cannot_dilute_the_overall_board(tmp_path):
    """Finding 2: five custom scenarios with runs leave an honest 100% on the one official scenario at 100%."""
    store = open_tmp(tmp_path, Clock(NOW))
    record(store, "Honest", BEST, at=MONDAY + 5)
    for number in range(5):
        text = MINI_TEXT.replace("id: mini", f"id: junk{number}")
        loaded = load_scenario_text(text, f"junk{number}.yaml")
        session = finished(BEST, loaded=loaded)
        record_run(store, player="Puppet", session=session, scenario_text=text, rubric_text=default_rubric_text(), file_name="j.yaml")
    shown = leaderboard(store, BoardSpec())
    assert shown.scenario_set == ("mini",)
    assert [(e.player, round(e.percent, 1)) for e in shown.top] == [("Honest", 100.0)]
    custom = leaderboard(store, BoardSpec(custom=True))
    assert custom.scenario_set == tuple(f"junk{n}" for n in range(5)) and names(custom.top) == ["Puppet"]


def test_overall_ties_go_to_whoever_completed_first(tmp_path):
    """Equal totals rank by when the total was reached (the latest of the counted runs)."""
    store = open_tmp(tmp_path)
    insert_fake(store, "Slow", "a", 50.0, MONDAY)
    insert_fake(store, "Slow", "b", 50.0, MONDAY + 500)
    insert_fake(store, "Quick", "a", 60.0, MONDAY + 100)
    insert_fake(store, "Quick", "b", 40.0, MONDAY + 200)
    assert names(board(store, BoardSpec()).top) == ["Quick", "Slow"]


def test_own_position_with_neighbours_far_from_the_top(tmp_path):
    """--player far down the board gets their row with two neighbours each side, besides the top rows."""
    store = open_tmp(tmp_path)
    for i in range(40):
        insert_fake(store, f"p{i:02d}", "s", 100.0 - i, MONDAY + i)
    shown = board(store, BoardSpec("s"), limit=3, player="p30", reach=2)
    assert names(shown.top) == ["p00", "p01", "p02"]
    assert names(shown.around) == ["p28", "p29", "p30", "p31", "p32"]
    assert shown.you.rank == 31 and shown.size == 40
    assert [row.rank for row in shown.rows()] == [1, 2, 3, 29, 30, 31, 32, 33]
    json_rows = shown.to_json()
    assert [row.get("you", False) for row in json_rows].count(True) == 1
    assert next(row for row in json_rows if row.get("you"))["player"] == "p30"


def test_neighbours_at_the_edges(tmp_path):
    """At the top or bottom the neighbourhood is cut at the board's edge."""
    store = open_tmp(tmp_path)
    for i in range(5):
        insert_fake(store, f"p{i}", "s", 100.0 - i, MONDAY + i)
    assert names(board(store, BoardSpec("s"), player="p0").around) == ["p0", "p1", "p2"]
    assert names(board(store, BoardSpec("s"), player="p4").around) == ["p2", "p3", "p4"]
    assert board(store, BoardSpec("s"), player="nobody").around == []


def test_json_rows_have_the_contract_fields(tmp_path):
    """Each JSON row has rank, player, percent, band and finished_at (ISO UTC)."""
    store = open_tmp(tmp_path)
    insert_fake(store, "Ann", "s", 91.25, MONDAY + 30, band="Gold")
    row = board(store, BoardSpec("s")).to_json()[0]
    assert {"rank", "player", "percent", "band", "finished_at"} <= set(row)
    assert (row["rank"], row["player"], row["percent"], row["band"]) == (1, "Ann", 91.2, "Gold")
    assert row["finished_at"] == "2024-05-06T00:00:30Z"


def test_unknown_window_is_refused():
    """A BoardSpec with an unknown window is a StoreError."""
    with pytest.raises(StoreError, match="unknown window"):
        BoardSpec(window="year")


def test_titles_describe_the_board():
    """The title names scenario or overall, window and groups."""
    assert BoardSpec("s", "c1", "t1", "week").title == "s, this week, cohort c1, team t1"
    assert BoardSpec().title == "overall (all scenarios), all time"


def test_leaderboard_shows_real_runs_with_bands(tmp_path):
    """Recorded runs rank by replayed score, with the band of the best run beside each rank."""
    store = open_tmp(tmp_path, Clock(NOW))
    record(store, "Ann", GOOD, at=MONDAY + 10)
    record(store, "Bob", BEST, at=MONDAY + 20)
    record(store, "Cy", BAD, at=MONDAY + 30)
    record(store, "Cy", LOOPED, at=MONDAY + 40)
    shown = leaderboard(store, BoardSpec("mini", window="week"))
    assert [(e.player, round(e.percent, 1), e.band) for e in shown.top] == [
        ("Bob", 100.0, "Gold"),
        ("Cy", 94.8, "Gold"),
        ("Ann", 93.7, "Gold"),
    ]
    assert shown.dropped == 0


def test_leaderboard_drops_an_edited_row_before_showing_it(tmp_path):
    """A score raised in the database is caught when the board is built, flagged, and the true best shown."""
    store = open_tmp(tmp_path, Clock(NOW))
    cheat_real = record(store, "Cheat", GOOD, at=MONDAY + 5)
    cheat_fake = record(store, "Cheat", BAD, at=MONDAY + 10)
    record(store, "Ann", BEST, at=MONDAY + 20)
    tamper(store, cheat_fake.run_uid, percent=100.0, band="Gold")
    shown = leaderboard(store, BoardSpec("mini"))
    assert shown.dropped == 1
    assert [(e.player, e.runs) for e in shown.top] == [("Ann", shown.top[0].runs), ("Cheat", (cheat_real.run_uid,))]
    overall = leaderboard(store, BoardSpec())
    assert overall.dropped == 1 and names(overall.top) == ["Ann", "Cheat"]  # a view writes nothing: it drops it again


def test_opting_out_hides_a_real_player(tmp_path):
    """After set_opt_out the player is gone from the board; opting in brings them back."""
    store = open_tmp(tmp_path, Clock(NOW))
    record(store, "Ann", GOOD, at=MONDAY)
    set_opt_out(store, "Ann", True)
    assert leaderboard(store, BoardSpec("mini")).top == []
    set_opt_out(store, "Ann", False)
    assert names(leaderboard(store, BoardSpec("mini")).top) == ["Ann"]


def test_a_board_view_analyses_nothing(tmp_path, monkeypatch):
    """Finding 4: a board view in a fresh process (no analysis cached) never searches a scenario's states."""
    from game.engine import analysis

    store = open_tmp(tmp_path, Clock(NOW))
    record(store, "Ann", BEST, at=MONDAY + 5)
    analysis._CACHE.clear()

    def no_search(*_args, **_kwargs):
        raise AssertionError("a board view analysed a scenario")

    monkeypatch.setattr(analysis, "analyze", no_search)
    assert names(leaderboard(store, BoardSpec("mini")).top) == ["Ann"]
    assert names(leaderboard(store, BoardSpec(), player="Ann").top) == ["Ann"]


def test_a_run_finished_in_one_room_is_on_the_other_rooms_board_at_once(tmp_path):
    """Two open stores on one database (two `dojo serve` rooms): a run recorded through one is on the other's
    board at its next read, and what each records is on both boards, once."""
    from game.store.db import open_store
    from tests.store_helpers import db_url

    clock = Clock(MONDAY + 3600)
    room_a = open_tmp(tmp_path, clock)
    room_b = open_store(db_url(tmp_path), clock=clock)
    before = leaderboard(room_b, BoardSpec("mini"))
    record(room_a, "Ann", GOOD)
    assert [entry.player for entry in leaderboard(room_b, BoardSpec("mini")).top] == ["Ann"] != [e.player for e in before.top]
    record(room_b, "Bob", BEST)
    for room in (room_a, room_b):
        assert [entry.player for entry in leaderboard(room, BoardSpec("mini")).top] == ["Bob", "Ann"]
    room_a.close()
    room_b.close()
