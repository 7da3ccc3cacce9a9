"""Tests for game.store.class_board: the class board (breadth, ties, only counting runs), the podium, and the trips."""

from __future__ import annotations

import pytest

from game.engine.session import Session
from game.scenario.loader import load_scenario_text
from game.store.class_board import ClassEntry, GradeBook, class_board, podium, trips
from game.store.class_seats import link_run
from game.store.classes import open_class
from game.store.identity import sign_in
from game.store.copies import default_rubric_text
from game.store.keys import SealKey
from game.store.runs import record_run
from game.store.tables import runs
from tests.conftest import EXAMPLE
from tests.store_helpers import BAD, BEST, GOOD, MONDAY, insert_fake, record, run_row, set_opted_out, tamper

pytestmark = pytest.mark.usefixtures("db_engine")  # every test here runs on SQLite and on PostgreSQL


NEAR_MISS = ["listen", "again", "cave"]  # 59.0 Bronze: 'cave' graded a blunder
# Three runs of the bundled late-birthday-parcel and their grades (found with the real scorer):
PARCEL_ID = "late-birthday-parcel"
# stock-line blunder, paraphrase best, no-and-no blunder, sorry-sorry slip, look-into-it-late blunder
PARCEL_SLIP = ["stock-line", "paraphrase", "no-and-no", "sorry-sorry", "look-into-it-late"]
# invite, paraphrase, what-matters best, look-into-it good, sorry-sorry mistake, fee-back blunder
PARCEL_MISTAKE = ["invite", "paraphrase", "what-matters", "look-into-it", "sorry-sorry", "fee-back"]
# cut-in blunder, sorry-for-trouble slip, what-matters best, look-into-it good, sorry-sorry mistake, fee-back blunder
PARCEL_BOTH = ["cut-in", "sorry-for-trouble", "what-matters", "look-into-it", "sorry-sorry", "fee-back"]
PARCEL = load_scenario_text(EXAMPLE.read_text(encoding="utf-8"), EXAMPLE.name)
GOOD_PERCENT = 93.709381338391


def opened(store, scenarios=("mini",), mode="ranked", name="Class A") -> int:
    """Open a class; its id."""
    return open_class(store, name, mode, list(scenarios))[0].id


def played(store, class_id: int, player: str, choices=None, mode="ranked", at=None) -> str:
    """A real MINI run recorded for `player` and linked to the class; its uid."""
    uid = record(store, player, choices, mode=mode, at=at).run_uid
    link_run(store, class_id, uid)
    return uid


def faked(store, class_id: int, player: str, scenario: str, percent: float, at: float, **kwargs) -> str:
    """A sealed run row of `scenario` (no replay) linked to the class; its uid."""
    uid = insert_fake(store, player, scenario, percent, at, **kwargs)
    link_run(store, class_id, uid)
    return uid


def ranked(board: list[ClassEntry]) -> list[tuple[int, str]]:
    """(rank, player) of each row."""
    return [(entry.rank, entry.player) for entry in board]


def test_real_runs_rank_each_member_once_on_their_best(store):
    """A member's best run counts (percent over the class's scenarios), with the band of it and when it was reached."""
    class_id = opened(store)
    played(store, class_id, "Ann", BAD, at=MONDAY + 1)
    played(store, class_id, "Ann", BEST, at=MONDAY + 2)
    played(store, class_id, "Ann", GOOD, at=MONDAY + 3)
    played(store, class_id, "Bob", GOOD, at=MONDAY + 4)
    board = class_board(store, class_id, "ranked", ["mini"])
    assert ranked(board) == [(1, "Ann"), (2, "Bob")]
    ann, bob = board
    assert (ann.percent, ann.played, ann.bands, ann.reached) == (100.0, 1, ("Gold",), MONDAY + 2)
    assert bob.percent == pytest.approx(GOOD_PERCENT)


def test_only_runs_linked_to_the_class_count(store):
    """A run played outside the class (or in another class) is not on the class's board."""
    class_id = opened(store)
    other = opened(store, name="Class B")
    played(store, class_id, "Ann", GOOD)
    record(store, "Bob", BEST)  # not linked to any class
    played(store, other, "Cy", BEST)
    assert ranked(class_board(store, class_id, "ranked", ["mini"])) == [(1, "Ann")]
    assert ranked(class_board(store, other, "ranked", ["mini"])) == [(1, "Cy")]


def test_a_run_edited_in_the_database_leaves_the_board(store):
    """A linked run whose percent was changed behind the store's back no longer checks its seal and is left off."""
    class_id = opened(store)
    edited = played(store, class_id, "Ann", BAD, at=MONDAY + 1)
    played(store, class_id, "Bob", GOOD, at=MONDAY + 2)
    assert run_row(store, edited)["status"] == "verified"
    tamper(store, edited, percent=100.0, band="Gold")
    assert ranked(class_board(store, class_id, "ranked", ["mini"])) == [(1, "Bob")]


def test_a_seal_of_another_key_does_not_count(store):
    """Runs sealed with this machine's key do not count when the board is read with another key."""
    class_id = opened(store)
    played(store, class_id, "Ann", GOOD)
    assert class_board(store, class_id, "ranked", ["mini"], SealKey(b"someone else's key")) == []


def test_flagged_opted_out_other_mode_and_outside_scenarios_are_left_off(store):
    """A flagged run, an opted-out player, a run of the other mode and a scenario outside the class's list do not count."""
    class_id = opened(store, scenarios=("mini", "b"))
    played(store, class_id, "Ann", GOOD, at=MONDAY + 1)
    flagged = played(store, class_id, "Flagged", BEST, at=MONDAY + 2)
    with store.write() as connection:
        connection.execute(runs.update().where(runs.c.run_uid == flagged).values(status="flagged"))  # status is not sealed
    played(store, class_id, "Shy", BEST, at=MONDAY + 3)
    set_opted_out(store, "Shy")
    played(store, class_id, "Practiser", BEST, mode="practice", at=MONDAY + 4)
    faked(store, class_id, "Elsewhere", "z", 100.0, MONDAY + 5)
    faked(store, class_id, "Ann", "z", 100.0, MONDAY + 6)  # does not add to Ann's total either
    board = class_board(store, class_id, "ranked", ["mini", "b"])
    assert ranked(board) == [(1, "Ann")]
    assert board[0].played == 1 and board[0].percent == pytest.approx(GOOD_PERCENT / 2)


def test_a_practice_class_counts_its_practice_runs_only(store):
    """In a practice class the board is of practice runs; ranked runs linked to it are left off."""
    class_id = opened(store, mode="practice")
    played(store, class_id, "Ann", GOOD, mode="practice")
    played(store, class_id, "Bob", BEST, mode="ranked")
    assert ranked(class_board(store, class_id, "practice", ["mini"])) == [(1, "Ann")]


def test_breadth_beats_one_high_score(store):
    """In a two-scenario class, 70% on both beats 100% on one: points summed over the class's scenario count."""
    class_id = opened(store, scenarios=("a", "b"))
    faked(store, class_id, "Narrow", "a", 100.0, MONDAY)
    faked(store, class_id, "Broad", "a", 70.0, MONDAY + 1)
    faked(store, class_id, "Broad", "b", 70.0, MONDAY + 2)
    faked(store, class_id, "Broad", "b", 40.0, MONDAY + 3)  # a worse later run changes nothing
    board = class_board(store, class_id, "ranked", ["a", "b"])
    assert ranked(board) == [(1, "Broad"), (2, "Narrow")]
    broad, narrow = board
    assert (broad.percent, broad.played, broad.reached) == (70.0, 2, MONDAY + 2)
    assert (narrow.percent, narrow.played) == (50.0, 1)


def test_ties_go_to_whoever_reached_the_total_first(store):
    """Equal totals rank by when each was reached; an equal later run does not move that time on."""
    class_id = opened(store, scenarios=("a", "b"))
    faked(store, class_id, "Late", "a", 80.0, MONDAY + 10)
    faked(store, class_id, "Late", "b", 60.0, MONDAY + 50)
    faked(store, class_id, "Early", "a", 70.0, MONDAY + 20)
    faked(store, class_id, "Early", "b", 70.0, MONDAY + 30)
    faked(store, class_id, "Early", "b", 70.0, MONDAY + 90)  # the same score again, later
    board = class_board(store, class_id, "ranked", ["a", "b"])
    assert ranked(board) == [(1, "Early"), (2, "Late")]
    assert board[0].reached == MONDAY + 30 and board[0].percent == board[1].percent == 70.0


def test_bands_are_listed_best_first_without_blanks(store):
    """Each member's bands are those of their best runs, the best run's first, and a run without a band adds none."""
    class_id = opened(store, scenarios=("a", "b", "c"))
    faked(store, class_id, "Ann", "a", 60.0, MONDAY, band="Bronze")
    faked(store, class_id, "Ann", "b", 95.0, MONDAY, band="Gold")
    faked(store, class_id, "Ann", "c", 10.0, MONDAY, band=None)
    [entry] = class_board(store, class_id, "ranked", ["a", "b", "c"])
    assert entry.bands == ("Gold", "Bronze") and entry.played == 3


def test_an_empty_class_has_an_empty_board_and_podium(store):
    """No runs: no rows and nobody on the podium."""
    class_id = opened(store)
    board = class_board(store, class_id, "ranked", ["mini"])
    assert board == [] and podium(board) == []


def test_the_podium_is_the_first_three_places(store):
    """Five members: the podium is ranks 1 to 3 in order; two members: both."""
    class_id = opened(store, scenarios=("s",))
    for number, percent in enumerate((50.0, 90.0, 70.0, 80.0, 60.0)):
        faked(store, class_id, f"p{number}", "s", percent, MONDAY + number)
    board = class_board(store, class_id, "ranked", ["s"])
    assert [(entry.rank, entry.player) for entry in podium(board)] == [(1, "p1"), (2, "p3"), (3, "p2")]
    assert podium(board[3:]) == []  # ranks 4 and 5 are never on it
    assert podium(board[:2]) == board[:2]


def test_trips_count_the_blunders_of_real_runs_per_reply(store):
    """Replies graded below good are counted per scenario and reply, most chosen first; good and best replies are not trips."""
    class_id = opened(store)
    played(store, class_id, "Ann", BAD)  # refuse and cave: two blunders
    played(store, class_id, "Bob", BAD)
    played(store, class_id, "Cy", NEAR_MISS)  # cave: a blunder
    played(store, class_id, "Dee", GOOD)  # firm is graded good: no trip
    found = trips(store, class_id, "ranked", ["mini"], GradeBook())
    assert [(trip.scenario_id, trip.node, trip.choice, trip.grade, trip.count) for trip in found] == [
        ("mini", "ask", "cave", "blunder", 3),
        ("mini", "hello", "refuse", "blunder", 2),
    ]
    assert all(trip.reply and trip.reply != trip.choice for trip in found), "each trip carries the reply's words"


def test_trips_leave_off_runs_that_do_not_count(store):
    """An edited run, an opted-out player's and a run of the other mode add no trips."""
    class_id = opened(store)
    played(store, class_id, "Ann", NEAR_MISS)
    tamper(store, played(store, class_id, "Edited", BAD), percent=99.0)
    played(store, class_id, "Shy", BAD)
    set_opted_out(store, "Shy")
    played(store, class_id, "Practiser", BAD, mode="practice")
    found = trips(store, class_id, "ranked", ["mini"], GradeBook())
    assert [(trip.choice, trip.count) for trip in found] == [("cave", 1)]


def played_parcel(store, class_id: int, player: str, replies: list[str], at: float) -> str:
    """A real run of the bundled late-birthday-parcel through `replies`, recorded for `player` and linked; its uid."""
    session = Session(PARCEL.scenario, seed=0, mode="ranked")
    for reply in replies:
        session.choose(reply)
    text = EXAMPLE.read_text(encoding="utf-8")
    uid = record_run(
        store, player=player, session=session, scenario_text=text, rubric_text=default_rubric_text(), file_name=EXAMPLE.name, finished_at=at
    ).run_uid
    link_run(store, class_id, uid)
    return uid


def test_trips_keep_the_worst_grade_and_order_by_the_class_scenarios(store):
    """Real runs of two scenarios: a reply graded a slip once and a mistake twice is a mistake counted three times;
    the class's scenarios come in the trainer's order, then the most chosen, then the worse grade."""
    class_id = opened(store, scenarios=("mini", PARCEL_ID))
    played_parcel(store, class_id, "Ann", PARCEL_SLIP, MONDAY + 1)
    played_parcel(store, class_id, "Bob", PARCEL_MISTAKE, MONDAY + 2)
    played_parcel(store, class_id, "Cy", PARCEL_BOTH, MONDAY + 3)
    played(store, class_id, "Dee", BAD, at=MONDAY + 4)
    found = trips(store, class_id, "ranked", ["mini", PARCEL_ID], GradeBook())
    assert [(trip.scenario_id, trip.node, trip.choice, trip.grade, trip.count) for trip in found] == [
        ("mini", "hello", "refuse", "blunder", 1),
        ("mini", "ask", "cave", "blunder", 1),
        (PARCEL_ID, "pushback", "sorry-sorry", "mistake", 3),
        (PARCEL_ID, "real-need", "fee-back", "blunder", 2),
        (PARCEL_ID, "opening", "stock-line", "blunder", 1),
        (PARCEL_ID, "demand", "no-and-no", "blunder", 1),
        (PARCEL_ID, "real-need", "look-into-it-late", "blunder", 1),
        (PARCEL_ID, "opening", "cut-in", "blunder", 1),
        (PARCEL_ID, "story", "sorry-for-trouble", "slip", 1),
    ]


def test_trips_are_read_again_after_a_run_is_edited(store):
    """Grades kept from an earlier look (one book) do not keep an edited run's trips: the seal is checked every time."""
    class_id = opened(store)
    edited = played(store, class_id, "Ann", BAD)
    played(store, class_id, "Bob", NEAR_MISS)
    book = GradeBook()
    assert [(trip.choice, trip.count) for trip in trips(store, class_id, "ranked", ["mini"], book)] == [("cave", 2), ("refuse", 1)]
    tamper(store, edited, percent=50.0)
    assert [(trip.choice, trip.count) for trip in trips(store, class_id, "ranked", ["mini"], book)] == [("cave", 1)]


def test_a_run_that_cannot_be_replayed_adds_no_trips_but_still_counts(store):
    """A counting run whose replies cannot be replayed here (a row without events) adds no trips and breaks nothing."""
    class_id = opened(store, scenarios=("a",))
    faked(store, class_id, "Ann", "a", 50.0, MONDAY)
    assert trips(store, class_id, "ranked", ["a"], GradeBook()) == []
    assert ranked(class_board(store, class_id, "ranked", ["a"])) == [(1, "Ann")]


def test_a_signed_in_member_ranks_under_the_name_they_claimed(store):
    """A member who signed in with a PIN before playing is ranked under their name as claimed."""
    class_id = opened(store)
    sign_in(store, "Zoë Field", "2468")
    played(store, class_id, "zoë  field", GOOD)
    assert ranked(class_board(store, class_id, "ranked", ["mini"])) == [(1, "Zoë Field")]
