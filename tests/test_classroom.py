"""Tests for game.play.classroom, driven through game.play.controller.Controller on a real store: what a class fixes,
the seat the trainer sees (written by the background thread), the runs linked to the class, and the trainer's news."""

from __future__ import annotations

import pytest

from game.play.classroom import CLOSED, ROUND_OVER, TOUCH_SECONDS, Classroom, News
from game.play.controller import Controller
from game.play.profile import Profile, sign_in
from game.store.class_board import class_board
from game.store.class_seats import roster
from game.store.classes import close_class, end_round, next_round, open_class, reopen_class, send_message
from game.store.db import open_store
from game.store.runs import class_records, list_runs
from tests.store_helpers import MONDAY, Clock, db_url
from tests.test_play_controller import BEST, SCENARIO, bundled, entry, number_of

pytestmark = pytest.mark.usefixtures("db_engine")  # every test here runs on SQLite and on PostgreSQL


CLASS = "Friday group"
SECOND = "angry-shoe-buyer"


@pytest.fixture
def clock():
    """The store's clock, moved by hand."""
    return Clock(MONDAY)


@pytest.fixture
def store(tmp_path, clock):
    """A fresh real store (the bundled pack official) on `clock`."""
    made = open_store(db_url(tmp_path), clock=clock)
    yield made
    made.close()


def opened(store, mode="ranked", scenarios=(SECOND, "no-such-scenario", SCENARIO)):
    """Open the class; its info."""
    return open_class(store, CLASS, mode, list(scenarios))[0]


def game_in(store, tmp_path, info, name="Dana") -> tuple[Controller, Classroom]:
    """A controller over the bundled pack that joined the class by its code (typed in lower case) and signed `name` in."""
    classroom = Classroom.join(store, info.code.lower())
    assert classroom is not None
    game = Controller(list(bundled()), store=store, settings_path=tmp_path / f"{name}.json", seed=0)
    game.join_class(classroom)
    assert sign_in(store, Profile(name, CLASS), "2468") is None
    assert game.set_profile(Profile(name, "My own cohort", "north")) is None
    return game, classroom


def seat(store, class_id: int, name: str = "Dana"):
    """The player's seat on the roster."""
    return next(item for item in roster(store, class_id) if item.player == name)


def test_join_finds_only_an_open_class_by_its_code(store):
    """Classroom.join takes the code as typed; a wrong code or a closed class gives None."""
    info = opened(store)
    assert Classroom.join(store, f" {info.code[:3]}-{info.code[3:]} ").info == info
    assert Classroom.join(store, "WRONG1") is None
    close_class(store, CLASS)
    assert Classroom.join(store, info.code) is None


def test_a_class_fixes_cohort_mode_and_scenarios(store, tmp_path):
    """In a class the cohort is the class's name, the mode is the class's and locked, and the list is the class's in its order."""
    info = opened(store)
    game, classroom = game_in(store, tmp_path, info)
    assert game.profile == Profile("Dana", CLASS, "north")
    assert game.settings.cohort == CLASS
    assert (game.mode, game.mode_locked, game.switch_mode(), game.mode) == ("ranked", True, "ranked", "ranked")
    assert [item.scenario.id for item in game.entries] == [SECOND, SCENARIO]  # the id the pack lacks is left out
    assert [item.scenario.id for item in game.picker().entries] == [SECOND, SCENARIO]
    assert classroom.blocked() is None and game.blocked() is None
    classroom.flush()
    assert classroom.problem is None


def test_a_practice_class_plays_practice(store, tmp_path):
    """A practice class's runs are practice runs."""
    info = opened(store, mode="practice")
    game, _ = game_in(store, tmp_path, info)
    assert game.new_playthrough(entry()).session.mode == "practice"


def test_signing_in_takes_a_seat(store, tmp_path):
    """set_profile seats the signed-in player: joined, nothing played yet."""
    info = opened(store)
    _, classroom = game_in(store, tmp_path, info)
    classroom.flush()
    assert classroom.player == "Dana"
    [only] = roster(store, info.id)
    assert (only.player, only.state, only.scenario_id, only.finished, only.joined_at) == ("Dana", "joined", None, 0, MONDAY)


def test_the_seat_follows_the_run_and_the_finished_run_is_linked(store, tmp_path):
    """Starting and playing shows the scenario and turn with a face; the end shows finished with the band and links the run."""
    info = opened(store, scenarios=(SECOND, SCENARIO))
    game, classroom = game_in(store, tmp_path, info)
    playthrough = game.new_playthrough(entry())
    classroom.flush()
    started = seat(store, info.id)
    assert (started.state, started.scenario_id, started.turn) == ("playing", SCENARIO, 1)
    assert started.mood
    game.choose(number_of(playthrough.session, BEST[0]))
    classroom.flush()
    assert (seat(store, info.id).state, seat(store, info.id).turn) == ("playing", 2)
    for reply in BEST[1:]:
        game.choose(number_of(playthrough.session, reply))
    classroom.flush()
    done = seat(store, info.id)
    assert (done.state, done.scenario_id, done.band, done.finished) == ("finished", SCENARIO, "Gold", 1)
    assert done.percent == pytest.approx(100.0)
    [linked] = class_records(store, info.id)
    assert linked.run_uid == playthrough.record.run_uid and linked.cohort == CLASS and linked.mode == "ranked"
    board = class_board(store, info.id, info.mode, info.scenarios)
    assert [(entry_.player, entry_.played) for entry_ in board] == [("Dana", 1)]
    assert board[0].percent == pytest.approx(50.0)  # one of the class's two scenarios played
    assert classroom.problem is None


def test_only_runs_finished_in_the_class_are_linked(store, tmp_path):
    """A run left half way is not linked (the seat goes back to joined); a run played outside any class is not either."""
    info = opened(store)
    game, classroom = game_in(store, tmp_path, info)
    playthrough = game.new_playthrough(entry())
    game.choose(number_of(playthrough.session, BEST[0]))
    assert game.leave() is None
    classroom.flush()
    assert seat(store, info.id).state == "joined"
    outside = Controller(list(bundled()), store=store, player="Eli", settings_path=tmp_path / "eli.json", seed=0)
    alone = outside.new_playthrough(entry())
    for reply in BEST:
        outside.choose(number_of(alone.session, reply))
    assert [run.player for run in list_runs(store)] == ["Eli"]
    assert class_records(store, info.id) == []


def test_undo_in_a_practice_class_moves_the_seat_back(store, tmp_path):
    """Taking a reply back in practice shows the earlier turn again; in a ranked class undo is refused and the seat stays."""
    info = opened(store, mode="practice")
    game, classroom = game_in(store, tmp_path, info)
    playthrough = game.new_playthrough(entry())
    game.choose(number_of(playthrough.session, BEST[0]))
    game.choose(number_of(playthrough.session, BEST[1]))
    classroom.flush()
    assert seat(store, info.id).turn == 3
    assert game.undo() is None
    classroom.flush()
    assert (seat(store, info.id).state, seat(store, info.id).turn) == ("playing", 2)


def test_ranked_class_has_no_undo(store, tmp_path):
    """In a ranked class undo says why not and the seat keeps its turn."""
    info = opened(store)
    game, classroom = game_in(store, tmp_path, info)
    playthrough = game.new_playthrough(entry())
    game.choose(number_of(playthrough.session, BEST[0]))
    assert game.undo() == "Ranked mode has no undo."
    classroom.flush()
    assert seat(store, info.id).turn == 2


def test_leaving_the_app_marks_the_seat_left_and_later_writes_are_dropped(store, tmp_path):
    """leave() writes 'left' and waits for it; anything after (a late news touch) neither writes nor raises."""
    info = opened(store)
    game, classroom = game_in(store, tmp_path, info)
    game.new_playthrough(entry())
    classroom.leave()
    assert seat(store, info.id).state == "left"
    classroom.seated("Dana")  # queued after shutdown: dropped quietly
    classroom.flush()  # nothing queued: returns
    assert seat(store, info.id).state == "left"


def test_two_trainees_share_the_roster_and_the_board(store, tmp_path):
    """Two players in the class each have their seat, in join order, and each finished run is on the class board."""
    info = opened(store)
    games = [game_in(store, tmp_path, info, name) for name in ("Ann", "Bob")]
    for game, classroom in games:
        playthrough = game.new_playthrough(entry())
        for reply in BEST:
            game.choose(number_of(playthrough.session, reply))
        classroom.flush()
    assert [(item.player, item.state, item.finished) for item in roster(store, info.id)] == [("Ann", "finished", 1), ("Bob", "finished", 1)]
    assert [item.player for item in class_board(store, info.id, info.mode, info.scenarios)] == ["Ann", "Bob"]  # Ann finished first


def test_a_player_who_is_not_signed_in_is_a_problem_not_a_crash(store, tmp_path):
    """A seat for a name the store does not know fails in the background: `problem` says why and play goes on."""
    info = opened(store)
    classroom = Classroom.join(store, info.code)
    game = Controller(list(bundled()), store=store, settings_path=tmp_path / "s.json", seed=0)
    game.join_class(classroom)
    game.set_profile(Profile("Ghost"))
    classroom.flush()
    assert classroom.problem and "Ghost" in classroom.problem
    assert roster(store, info.id) == []
    playthrough = game.new_playthrough(entry())
    for reply in BEST:
        game.choose(number_of(playthrough.session, reply))
    classroom.flush()
    assert playthrough.record is not None  # the run itself is stored all the same
    assert [run.run_uid for run in class_records(store, info.id)] == [playthrough.record.run_uid]


def test_news_gives_each_message_once_and_not_the_ones_sent_before(store, tmp_path):
    """A message sent before the app joined is not news; each new one comes once; the next is news again."""
    info = opened(store)
    send_message(store, info.id, "Welcome all")
    _, classroom = game_in(store, tmp_path, info)
    assert classroom.news() == News(None, False, False)
    send_message(store, info.id, "Five minutes left")
    assert classroom.news().message == "Five minutes left"
    assert classroom.news().message is None
    send_message(store, info.id, "Five minutes left")  # the same words again are a new message
    assert classroom.news().message == "Five minutes left"


def test_the_round_and_closing_block_new_runs(store, tmp_path):
    """After news of the round's end, blocked() gives ROUND_OVER until the next round; a closed class gives CLOSED."""
    info = opened(store)
    game, classroom = game_in(store, tmp_path, info)
    end_round(store, info.id)
    assert game.blocked() is None  # not known until the app looks
    assert classroom.news() == News(None, True, False)
    assert game.blocked() == ROUND_OVER
    next_round(store, info.id)
    assert classroom.news().round_over is False and game.blocked() is None
    close_class(store, CLASS)
    assert classroom.news().closed and game.blocked() == CLOSED
    reopen_class(store, CLASS)
    assert classroom.news() == News(None, False, False) and game.blocked() is None


def test_news_touches_the_seat_every_touch_seconds(store, tmp_path, clock):
    """The first look touches the seat; another within TOUCH_SECONDS does not; one after it does."""
    info = opened(store)
    app_clock = Clock(MONDAY)
    classroom = Classroom(store, info, clock=app_clock)
    with store.write() as connection:
        from game.store.players import ensure_player

        ensure_player(connection, "Dana", MONDAY)
    classroom.seated("Dana")
    classroom.flush()
    clock.now = app_clock.now = MONDAY + 5
    classroom.news()
    classroom.flush()
    assert seat(store, info.id).updated_at == MONDAY + 5
    clock.now = app_clock.now = MONDAY + 5 + TOUCH_SECONDS - 1
    classroom.news()
    classroom.flush()
    assert seat(store, info.id).updated_at == MONDAY + 5
    clock.now = app_clock.now = MONDAY + 5 + TOUCH_SECONDS
    classroom.news()
    classroom.flush()
    assert seat(store, info.id).updated_at == MONDAY + 5 + TOUCH_SECONDS
    classroom.leave()


def test_news_without_a_seat_touches_nothing_and_a_lost_class_is_a_problem(store, tmp_path):
    """Before anyone is seated news writes nothing; a class gone from the store keeps the last state and sets problem."""
    info = opened(store)
    classroom = Classroom(store, info)
    assert classroom.news() == News(None, False, False)
    classroom.flush()
    assert roster(store, info.id) == [] and classroom.problem is None
    from dataclasses import replace

    classroom.info = replace(info, id=info.id + 100, round_ended_at=MONDAY)
    assert classroom.news() == News(None, True, False)
    assert classroom.problem
    classroom.leave()


def test_a_run_saved_in_the_other_mode_is_not_offered_in_a_class(store, tmp_path):
    """A practice run left half way before a ranked class is not offered in the class (it could never count there):
    begin starts a ranked run; a save of the class's own mode is still offered."""
    info = opened(store)
    game, classroom = game_in(store, tmp_path, info)
    before = Controller(list(bundled()), store=store, player="Dana", settings_path=tmp_path / "before.json", seed=0)
    half = before.new_playthrough(entry(), mode="practice")
    before.choose(number_of(half.session, BEST[0]))
    assert before.leave() is None
    opening = game.begin(entry())
    assert opening.saved is None and opening.playthrough is not None and opening.playthrough.session.mode == "ranked"
    game.choose(number_of(opening.playthrough.session, BEST[0]))
    assert game.leave() is None
    again = game.begin(entry())
    assert again.saved is not None and again.saved.mode == "ranked"
    classroom.flush()


def test_a_run_the_store_takes_late_is_linked_when_it_does(store, tmp_path, monkeypatch):
    """A finished run the store could not take at once (a full disk) is linked to the class once the outbox stores it."""
    from game.play import playthrough as playthrough_module
    from game.store.errors import FULL, StoreError

    info = opened(store, scenarios=(SCENARIO,))
    game, classroom = game_in(store, tmp_path, info)
    playthrough = game.new_playthrough(entry())
    real_record = playthrough_module.record_run

    def full(*args, **kwargs):
        raise StoreError("the disk is full", kind=FULL)

    monkeypatch.setattr(playthrough_module, "record_run", full)
    for reply in BEST:
        game.choose(number_of(playthrough.session, reply))
    classroom.flush()
    assert playthrough.record is None and class_records(store, info.id) == []
    monkeypatch.setattr(playthrough_module, "record_run", real_record)
    assert game.leave() is None  # leaving tries the outbox again: the run is stored now
    classroom.news()
    classroom.flush()
    assert [run.run_uid for run in class_records(store, info.id)] == [playthrough.record.run_uid]
