"""Tests for game.store.class_seats: seats taken, rewritten and touched, away after AWAY_SECONDS, runs linked to a class."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from game.store.class_seats import (
    AWAY_SECONDS,
    Seat,
    changed_at,
    class_run_ids,
    link_run,
    roster,
    take_seat,
    touch_seat,
    update_seat,
)
from game.store.classes import open_class
from game.store.errors import StoreError
from game.store.players import ensure_player
from game.store.tables import runs
from tests.store_helpers import MONDAY, record


pytestmark = pytest.mark.usefixtures("db_engine")  # every test here runs on SQLite and on PostgreSQL


@pytest.fixture
def store(store):
    """The fresh store (tests/conftest.py) with players Ann, Bob and Cy."""
    with store.write() as connection:
        for name in ("Ann", "Bob", "Cy"):
            ensure_player(connection, name, MONDAY)
    return store


@pytest.fixture
def class_id(store):
    """A ranked class of scenario mini."""
    return open_class(store, "Tuesday group", "ranked", ["mini"])[0].id


def test_taking_a_seat_puts_the_player_on_the_roster_as_joined(store, class_id, clock):
    """A seat starts joined, with nothing played, joined and heard from now; the name is the player's as stored."""
    clock.now += 5
    take_seat(store, class_id, "  ANN ")  # found as player names are
    assert roster(store, class_id) == [Seat("Ann", "joined", None, None, None, None, None, 0, MONDAY + 5, MONDAY + 5)]


def test_a_player_who_never_signed_in_cannot_take_a_seat(store, class_id):
    """A name with no player row is a StoreError and leaves the roster empty."""
    with pytest.raises(StoreError):
        take_seat(store, class_id, "Stranger")
    assert roster(store, class_id) == []


def test_coming_back_keeps_the_seat_and_when_they_joined(store, class_id, clock):
    """Taking a seat again (after leaving) is one row, joined again, its first join time and finished count kept."""
    take_seat(store, class_id, "Ann")
    update_seat(store, class_id, "Ann", "finished", scenario_id="mini", band="Gold", percent=93.7)
    update_seat(store, class_id, "Ann", "left")
    clock.now += 40
    take_seat(store, class_id, "Ann")
    [seat] = roster(store, class_id)
    assert (seat.state, seat.finished, seat.joined_at, seat.updated_at) == ("joined", 1, MONDAY, MONDAY + 40)


def test_update_seat_rewrites_state_and_facts_and_counts_finished_runs(store, class_id, clock):
    """Playing sets scenario, turn and mood; each finish adds one and sets band and percent; facts not given are kept."""
    take_seat(store, class_id, "Bob")
    clock.now += 1
    update_seat(store, class_id, "Bob", "playing", scenario_id="mini", turn=2, mood="annoyed")
    [seat] = roster(store, class_id)
    assert (seat.state, seat.scenario_id, seat.turn, seat.mood, seat.updated_at) == ("playing", "mini", 2, "annoyed", MONDAY + 1)
    update_seat(store, class_id, "Bob", "finished", band="Gold", percent=100.0, mood="calm")
    update_seat(store, class_id, "Bob", "finished", band=None, percent=0.0)
    [seat] = roster(store, class_id)
    assert (seat.state, seat.finished, seat.band, seat.percent, seat.mood, seat.scenario_id) == ("finished", 2, None, 0.0, "calm", "mini")


def test_update_seat_refuses_unknown_states_and_facts(store, class_id):
    """A state outside STATES or a fact outside the seat's columns is a ValueError (a caller's mistake), nothing written."""
    take_seat(store, class_id, "Ann")
    with pytest.raises(ValueError, match="state"):
        update_seat(store, class_id, "Ann", "sleeping")
    with pytest.raises(ValueError, match="facts"):
        update_seat(store, class_id, "Ann", "playing", player_id=2)
    assert roster(store, class_id)[0].state == "joined"


def test_touch_only_moves_the_time_heard_from(store, class_id, clock):
    """Touching a seat keeps its state and facts and moves updated_at to now."""
    take_seat(store, class_id, "Ann")
    update_seat(store, class_id, "Ann", "playing", scenario_id="mini", turn=3)
    before = roster(store, class_id)[0]
    clock.now += 25
    touch_seat(store, class_id, "Ann")
    after = roster(store, class_id)[0]
    assert after.updated_at == MONDAY + 25
    assert (after.state, after.scenario_id, after.turn, after.joined_at) == (
        before.state,
        before.scenario_id,
        before.turn,
        before.joined_at,
    )


def test_a_seat_is_away_after_thirty_silent_seconds_unless_it_left(store, class_id):
    """Not heard from for more than AWAY_SECONDS: away; at exactly AWAY_SECONDS not yet; a seat that left is never away."""
    assert AWAY_SECONDS == 30.0
    take_seat(store, class_id, "Ann")
    take_seat(store, class_id, "Bob")
    update_seat(store, class_id, "Bob", "left")
    ann, bob = roster(store, class_id)
    assert not ann.away(MONDAY + 30) and ann.away(MONDAY + 30.5)
    assert not bob.away(MONDAY + 3600)


def test_roster_is_in_join_order_and_only_of_its_class(store, class_id, clock):
    """The roster lists the class's members in the order they joined; another class's seats are not on it."""
    other = open_class(store, "Other group", "ranked", ["mini"])[0].id
    clock.now += 1
    take_seat(store, class_id, "Cy")
    clock.now += 1
    take_seat(store, class_id, "Ann")
    take_seat(store, other, "Bob")
    assert [seat.player for seat in roster(store, class_id)] == ["Cy", "Ann"]
    assert [seat.player for seat in roster(store, other)] == ["Bob"]


def test_a_seat_change_in_another_class_leaves_this_one_alone(store, class_id):
    """Updating Ann's seat in one class does not touch her seat in another."""
    other = open_class(store, "Other group", "ranked", ["mini"])[0].id
    take_seat(store, class_id, "Ann")
    take_seat(store, other, "Ann")
    update_seat(store, other, "Ann", "finished", band="Gold")
    assert roster(store, class_id)[0].state == "joined" and roster(store, other)[0].finished == 1


def test_link_run_links_once_and_a_run_stays_in_its_first_class(store, class_id):
    """Linking a recorded run counts it once, linking again changes nothing, and another class cannot take it."""
    other = open_class(store, "Other group", "ranked", ["mini"])[0].id
    run = record(store, "Ann")
    link_run(store, class_id, run.run_uid)
    link_run(store, class_id, run.run_uid)
    link_run(store, other, run.run_uid)
    assert changed_at(store, class_id)[1] == 1
    assert changed_at(store, other)[1] == 0


def test_linking_an_unknown_run_is_a_store_error(store, class_id):
    """A run uid the store lacks: StoreError, nothing linked."""
    with pytest.raises(StoreError):
        link_run(store, class_id, "no-such-run")
    assert changed_at(store, class_id) == (0.0, 0)


def test_class_run_ids_selects_only_the_class_runs(store, class_id):
    """The subquery picks exactly the runs linked to the class."""
    linked = record(store, "Ann")
    record(store, "Bob")  # played outside the class
    link_run(store, class_id, linked.run_uid)
    with store.read() as connection:
        found = connection.execute(select(runs.c.run_uid).where(runs.c.id.in_(class_run_ids(connection, class_id)))).scalars().all()
    assert found == [linked.run_uid]


def test_changed_at_follows_the_latest_seat_change_and_the_runs(store, class_id, clock):
    """changed_at gives the latest seat update and the count of linked runs, and moves when either changes."""
    assert changed_at(store, class_id) == (0.0, 0)
    take_seat(store, class_id, "Ann")
    clock.now += 12
    touch_seat(store, class_id, "Ann")
    assert changed_at(store, class_id) == (MONDAY + 12, 0)
    link_run(store, class_id, record(store, "Ann").run_uid)
    assert changed_at(store, class_id) == (MONDAY + 12, 1)
