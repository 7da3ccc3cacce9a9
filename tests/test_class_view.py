"""Tests for game.play.class_view: the trainer's screen of a class, with titles and the replies' words instead of ids."""

from __future__ import annotations

import json

import pytest

from game.play.class_view import MAX_TRIPS, MAX_WORDS, _cut, class_view
from game.store.class_seats import AWAY_SECONDS, link_run, take_seat, update_seat
from game.store.classes import end_round, open_class, send_message
from game.store.players import ensure_player
from tests.store_helpers import BAD, BEST, GOOD, MONDAY, insert_fake, mini, record
from tests.test_class_board import PARCEL, PARCEL_BOTH, PARCEL_ID, PARCEL_SLIP, played_parcel

pytestmark = pytest.mark.usefixtures("db_engine")  # every test here runs on SQLite and on PostgreSQL


MINI = mini().scenario
SCENARIOS = {"mini": MINI, PARCEL_ID: PARCEL.scenario}


def opened(store, scenarios=("mini", PARCEL_ID), mode="ranked"):
    """A class called Thursday group; its info."""
    return open_class(store, "Thursday group", mode, list(scenarios))[0]


def played(store, class_id: int, player: str, choices, at: float) -> None:
    """A real MINI run for `player`, linked to the class."""
    link_run(store, class_id, record(store, player, choices, at=at).run_uid)


def test_an_empty_class_shows_its_name_code_and_scenario_titles(store):
    """Before anyone joins: the name, code, mode, the scenarios' titles in the trainer's order, empty tables."""
    info = opened(store, scenarios=(PARCEL_ID, "mini", "not-in-pack"))
    view = class_view(store, info, SCENARIOS, now=MONDAY)
    assert (view.name, view.code, view.mode) == ("Thursday group", info.code, "ranked")
    assert view.scenarios == (PARCEL.scenario.title, "Mini", "not-in-pack")  # an unknown id is shown as itself
    assert (view.round_over, view.closed, view.message) == (False, False, None)
    assert (view.roster, view.board, view.podium, view.trips) == ((), (), (), ())
    assert view.counts == {"joined": 0, "playing": 0, "finished": 0}


def test_the_class_can_be_given_by_id(store):
    """class_view takes the class's id as well as its info, and reads the class fresh."""
    info = opened(store)
    send_message(store, info.id, "Ten minutes")
    end_round(store, info.id)
    view = class_view(store, info.id, SCENARIOS, now=MONDAY)
    assert (view.message, view.round_over, view.closed) == ("Ten minutes", True, False)


def test_roster_shows_titles_turns_only_while_playing_and_away(store, clock):
    """The roster names the scenario by title, the turn only while playing, percent to one place, and away after AWAY_SECONDS."""
    info = opened(store)
    with store.write() as connection:
        for name in ("Ann", "Bob", "Cy", "Dee"):
            ensure_player(connection, name, MONDAY)
    for name in ("Ann", "Bob", "Cy", "Dee"):
        take_seat(store, info.id, name)
    update_seat(store, info.id, "Ann", "playing", scenario_id=PARCEL_ID, turn=3, mood="angry")
    update_seat(store, info.id, "Bob", "finished", scenario_id="mini", turn=2, band="Gold", percent=93.709, mood="calm")
    update_seat(store, info.id, "Dee", "left")
    clock.now += AWAY_SECONDS + 1
    update_seat(store, info.id, "Ann", "playing", scenario_id=PARCEL_ID, turn=4, mood="annoyed")  # Ann is still heard from
    view = class_view(store, info, SCENARIOS, now=clock.now)
    rows = {row.name: row for row in view.roster}
    assert [row.name for row in view.roster] == ["Ann", "Bob", "Cy", "Dee"]
    assert (rows["Ann"].state, rows["Ann"].scenario, rows["Ann"].turn, rows["Ann"].mood) == ("playing", PARCEL.scenario.title, 4, "annoyed")
    assert (rows["Bob"].state, rows["Bob"].scenario, rows["Bob"].turn) == ("away", "Mini", None)
    assert (rows["Bob"].band, rows["Bob"].percent, rows["Bob"].finished) == ("Gold", 93.7, 1)
    assert (rows["Cy"].state, rows["Cy"].scenario) == ("away", None)
    assert rows["Dee"].state == "left"  # never away
    assert view.counts == {"joined": 3, "playing": 1, "finished": 1}


def test_board_and_podium_follow_the_class_board(store):
    """The board rows are the class board rounded to one place; the podium is its first three."""
    info = opened(store, scenarios=("mini",))
    played(store, info.id, "Ann", BEST, MONDAY + 1)
    played(store, info.id, "Bob", GOOD, MONDAY + 2)
    played(store, info.id, "Cy", BAD, MONDAY + 3)
    played(store, info.id, "Dee", BAD, MONDAY + 4)
    view = class_view(store, info, SCENARIOS, now=MONDAY)
    assert [(row.rank, row.name, row.percent, row.played, row.bands) for row in view.board] == [
        (1, "Ann", 100.0, 1, ("Gold",)),
        (2, "Bob", 93.7, 1, ("Gold",)),
        (3, "Cy", 0.0, 1, ()),
        (4, "Dee", 0.0, 1, ()),
    ]
    assert view.podium == view.board[:3]


def test_trips_are_shown_in_words_per_scenario_title(store):
    """Each tripping reply shows the customer's line before it and the reply's own words, grouped under the scenario's title."""
    info = opened(store)
    played(store, info.id, "Ann", BAD, MONDAY + 1)
    played(store, info.id, "Bob", ["listen", "again", "cave"], MONDAY + 2)
    played_parcel(store, info.id, "Cy", PARCEL_BOTH, MONDAY + 3)
    played_parcel(store, info.id, "Dee", PARCEL_SLIP, MONDAY + 4)
    view = class_view(store, info, SCENARIOS, now=MONDAY)
    assert [group.title for group in view.trips] == ["Mini", PARCEL.scenario.title]
    mini_rows = view.trips[0].rows
    assert [(row.said, row.reply, row.grade, row.count) for row in mini_rows] == [
        ("Well?", "Fine, have it your way, here is all of your money back.", "blunder", 2),  # the boss's line is not the customer's
        ("I want a refund.", "No, we can't.", "blunder", 1),
    ]
    parcel_rows = view.trips[1].rows
    assert len(parcel_rows) == MAX_TRIPS  # seven different replies tripped Cy and Dee; MAX_TRIPS shown
    sorry = next(choice for choice in PARCEL.scenario.nodes["pushback"].choices if choice.id == "sorry-sorry")
    cut_in = next(choice for choice in PARCEL.scenario.nodes["opening"].choices if choice.id == "cut-in")
    assert any(row.reply == _cut(cut_in.text) and row.grade == "blunder" for row in parcel_rows)
    assert (parcel_rows[0].reply, parcel_rows[0].grade, parcel_rows[0].count) == (_cut(sorry.text), "mistake", 2)  # the most chosen first
    assert all("cut-in" != row.reply for row in parcel_rows)  # words, not ids
    assert all(len(row.said) <= MAX_WORDS and len(row.reply) <= MAX_WORDS for row in parcel_rows)


def test_trips_of_a_scenario_not_given_still_show_the_replies_words(store):
    """Without the scenario's model the title is the id and no line is shown, but the reply's words come from the run's own copy."""
    info = opened(store, scenarios=("mini",))
    played(store, info.id, "Ann", BAD, MONDAY)
    view = class_view(store, info, {}, now=MONDAY)
    assert view.scenarios == ("mini",)
    assert [(group.title, [(row.said, row.reply) for row in group.rows]) for group in view.trips] == [
        ("mini", [("", "No, we can't."), ("", "Fine, have it your way, here is all of your money back.")])
    ]


def test_long_words_are_cut_with_an_ellipsis():
    """Text over MAX_WORDS characters is flattened and cut to MAX_WORDS ending in an ellipsis; shorter text is kept."""
    assert _cut("a  short\nline") == "a short line"
    long = "word " * 100
    cut = _cut(long)
    assert len(cut) == MAX_WORDS and cut.endswith("…")
    assert _cut("x" * MAX_WORDS) == "x" * MAX_WORDS


def test_to_json_is_plain_json_with_the_counts(store):
    """to_json gives data json can write, with every field and the counts."""
    info = opened(store, scenarios=("mini", "b"))
    played(store, info.id, "Ann", BAD, MONDAY)
    insert_fake(store, "Bob", "b", 80.0, MONDAY)  # not linked: not on the class's screen
    with store.write() as connection:
        ensure_player(connection, "Cy", MONDAY)
    take_seat(store, info.id, "Cy")
    data = class_view(store, info, SCENARIOS, now=MONDAY).to_json()
    again = json.loads(json.dumps(data))
    assert again["counts"] == {"joined": 1, "playing": 0, "finished": 0}
    assert again["scenarios"] == ["Mini", "b"]
    assert [row["name"] for row in again["board"]] == ["Ann"] and again["roster"][0]["name"] == "Cy"
    assert again["trips"][0]["title"] == "Mini" and again["trips"][0]["rows"][0]["grade"] == "blunder"
    assert set(again) == {
        "name",
        "code",
        "mode",
        "scenarios",
        "round_over",
        "closed",
        "message",
        "roster",
        "board",
        "podium",
        "trips",
        "counts",
    }
