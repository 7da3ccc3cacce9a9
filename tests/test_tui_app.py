"""Pilot tests of `dojo play`'s flows (game/tui/app.py): whole runs, undo, ranked, resume, settings.

`make_app` is shared with the other TUI test files: the bundled pack, a database and a
settings file in tmp_path, a fixed seed, reduced motion (so screens are drawn at once).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from game.engine.session import Session
from game.store.boards import BoardSpec, leaderboard
from game.store.db import open_store
from game.store.runs import list_runs
from game.store.sessions import SessionStore
from game.tui.app import HIGH_CONTRAST, DojoApp
from game.play.profile import Profile
from game.tui.screens.debrief import DebriefScreen
from game.tui.screens.picker import PickerScreen
from game.tui.screens.play import PlayScreen
from game.tui.screens.resume import ResumeScreen
from game.tui.screens.welcome import WelcomeScreen
from game.play.settings import Settings, load_settings, save_settings
from game.tui.widgets.coaching import CoachingPanel
from game.tui.widgets.portrait import Portrait
from game.tui.widgets.transcript import Transcript
from scenarios import BUNDLED_DIR
from scoring.rubric import default_rubric
from scoring.scorer import Scorer
from tests.test_play_controller import BEST, SCENARIO, bundled, entry  # noqa: F401 (other tests import them from here)

SIZE = (120, 40)


def keys_for(choices: list[str], scenario_id: str = SCENARIO) -> list[str]:
    """The number keys that make these replies, read from the scenario (authors may reorder them)."""
    session = Session(entry(scenario_id).scenario, seed=0)
    keys = []
    for choice in choices:
        keys.append(str([reply.id for reply in session.replies].index(choice) + 1))
        session.choose(choice)
    return keys


def make_app(
    tmp_path: Path,
    *,
    start: bool = True,
    mode: str = "practice",
    player: str | None = "Dana",
    settings: Settings | None = Settings(reduced_motion=True),
) -> DojoApp:
    """An app on tmp_path's database and settings file, started on the example scenario."""
    path = tmp_path / "settings.json"
    if settings is not None and not path.exists():
        save_settings(path, settings)
    store = open_store(str(tmp_path / "dojo.db"))
    return DojoApp(
        list(bundled()),
        start=entry() if start else None,
        store=store,
        mode=mode,  # type: ignore[arg-type]
        player=player,
        settings_path=path,
        seed=0,
    )


async def press_all(pilot, keys: list[str]) -> None:
    """Press keys one at a time (Pilot waits for the app to settle after each)."""
    for key in keys:
        await pilot.press(key)


@pytest.mark.asyncio
async def test_practice_run_with_undo_reaches_gold_debrief(tmp_path):
    """A wrong reply is coached (by its behaviour's title) and undone; the best path then ends on a Gold debrief, recorded as practice."""
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        play = app.screen
        assert isinstance(play, PlayScreen)
        await press_all(pilot, keys_for(["cut-in"]))  # an interruption
        coach = play.query_one(CoachingPanel).plain_text()
        assert "Interrupted" in coach and "listening.interrupt" not in coach and "LIS-" in coach  # the behaviour by its title
        assert "Let me stop you there" in play.query_one(Transcript).plain_text()
        await press_all(pilot, ["u"])
        assert play.playthrough.session.turns == ()
        assert "Let me stop you there" not in play.query_one(Transcript).plain_text()
        await press_all(pilot, keys_for(BEST))
        debrief = app.screen
        assert isinstance(debrief, DebriefScreen)
        assert debrief.card.band == "Gold"
        assert "GOLD" in debrief.query_one("#headline").content.plain
    runs = list_runs(app.store, player="Dana")
    assert [(run.mode, run.band, run.status) for run in runs] == [("practice", "Gold", "verified")]
    app.store.close()


@pytest.mark.asyncio
async def test_ranked_run_has_no_coaching_or_undo_and_lands_on_the_board(tmp_path):
    """Ranked: no coaching panel, `u` does nothing, and the finished run tops the scenario's board."""
    app = make_app(tmp_path, mode="ranked")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        play = app.screen
        assert not play.query(CoachingPanel)
        await press_all(pilot, [keys_for(BEST)[0], "u"])
        assert len(play.playthrough.session.turns) == 1
        await press_all(pilot, keys_for(BEST)[1:])
        assert isinstance(app.screen, DebriefScreen)
    board = leaderboard(app.store, BoardSpec(scenario=SCENARIO), player="Dana")
    assert [(row.rank, row.player, row.band) for row in board.rows()] == [(1, "Dana", "Gold")]
    app.store.close()


@pytest.mark.asyncio
async def test_quitting_saves_and_the_next_start_offers_to_resume(tmp_path):
    """Two replies, q; a new app on the same database offers the save and resumes at turn 3."""
    first = make_app(tmp_path)
    async with first.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await press_all(pilot, [*keys_for(BEST[:2]), "q"])
        assert isinstance(first.screen, PickerScreen)
    assert SessionStore(first.store).saved("Dana") == [SCENARIO]
    first.store.close()
    second = make_app(tmp_path)
    async with second.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(second.screen, ResumeScreen)
        await press_all(pilot, ["y"])
        play = second.screen
        assert isinstance(play, PlayScreen)
        assert [turn.choice.id for turn in play.playthrough.session.turns] == ["invite", "paraphrase"]
        assert "Here's what's going to happen" in play.query_one(Transcript).plain_text()
    second.store.close()


@pytest.mark.asyncio
async def test_starting_over_discards_the_save(tmp_path):
    """Answering n to the resume question starts a fresh run and forgets the save."""
    first = make_app(tmp_path)
    async with first.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await press_all(pilot, [keys_for(BEST)[0], "q"])
    first.store.close()
    second = make_app(tmp_path)
    async with second.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await press_all(pilot, ["n"])
        assert isinstance(second.screen, PlayScreen)
        assert second.screen.playthrough.session.turns == ()
        assert SessionStore(second.store).saved("Dana") == []
    second.store.close()


@pytest.mark.asyncio
async def test_settings_are_applied_and_kept(tmp_path):
    """Toggling high contrast in settings switches the theme and is still on in the next app."""
    app = make_app(tmp_path, start=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await press_all(pilot, ["s", "space", "escape"])  # the first switch is high contrast
        assert app.theme == HIGH_CONTRAST.name
    app.store.close()
    assert load_settings(tmp_path / "settings.json").high_contrast is True
    again = make_app(tmp_path, start=False)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.theme == HIGH_CONTRAST.name
    again.store.close()


@pytest.mark.asyncio
async def test_welcome_remembers_a_name_with_markup_and_shows_it_literally(tmp_path):
    """A new trainee types a name full of markup: it is saved as typed and shown as typed."""
    name = "[bold red]Ana[/] [link=x]"
    app = make_app(tmp_path, player=None, start=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        welcome = app.screen
        assert isinstance(welcome, WelcomeScreen)
        welcome.query_one("#name").value = name
        welcome.query_one("#cohort").value = "2024-09"
        await press_all(pilot, ["enter"])
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        assert name in picker.query_one("#picker-bar").content.plain
        await press_all(pilot, ["enter"])  # play the first scenario: the name is on the top bar
        assert name in app.screen.query_one("#topbar").content.plain
    app.store.close()
    saved = load_settings(tmp_path / "settings.json")
    assert (saved.player, saved.cohort) == (name, "2024-09")


@pytest.mark.asyncio
async def test_an_empty_name_is_refused_with_a_message(tmp_path):
    """Enter with no name stays on the welcome screen and says why."""
    app = make_app(tmp_path, player=None, start=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await press_all(pilot, ["enter"])
        assert isinstance(app.screen, WelcomeScreen)
        assert "cannot be empty" in app.screen.query_one("#error").content.plain
    app.store.close()


@pytest.mark.asyncio
async def test_debrief_retry_and_next(tmp_path):
    """From the debrief, r replays the same scenario and n moves to the next one in the list."""
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await press_all(pilot, keys_for(BEST) + ["r"])
        assert isinstance(app.screen, PlayScreen)
        assert app.screen.playthrough.session.scenario.id == SCENARIO
        assert app.screen.playthrough.session.turns == ()
        await press_all(pilot, keys_for(BEST) + ["n"])
        ids = [item.scenario.id for item in app.entries]
        assert app.screen.playthrough.session.scenario.id == ids[ids.index(SCENARIO) + 1]
    app.store.close()


@pytest.mark.asyncio
async def test_backstage_fills_the_list_after_the_first_paint_and_starts_the_named_scenario(tmp_path):
    """With a backstage, the list first says it is loading; once loaded it is filled and the named scenario starts."""
    from threading import Event

    from game.tui.app import Backstage

    release = Event()

    def backstage() -> Backstage:
        release.wait(10)  # held until the test has seen the first screen
        return Backstage(list(bundled()), open_store(str(tmp_path / "dojo.db")))

    save_settings(tmp_path / "settings.json", Settings(reduced_motion=True))
    app = DojoApp(start=entry(), player="Dana", settings_path=tmp_path / "settings.json", seed=0, backstage=backstage)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen) and not app.ready
        assert "Loading the scenarios" in str(app.screen.query_one("#loading").render())
        release.set()
        for _ in range(1200):  # a hang guard of 60 s: loading takes well under a second
            await pilot.pause(0.05)
            if isinstance(app.screen, PlayScreen):
                break
        assert app.ready and isinstance(app.screen, PlayScreen), "the scenario did not open within 60 s of the store loading"
        assert app.screen.playthrough.entry.scenario.id == SCENARIO
        assert len(app.entries) == len(bundled())
    app.store.close()


@pytest.mark.asyncio
async def test_a_store_that_cannot_open_ends_the_app_with_its_message(tmp_path):
    """A backstage StoreError leaves the app with the error's exit code, kept for dojo play to print."""
    from game.store.errors import StoreError

    def backstage():
        raise StoreError("cannot open the database /nowhere/dojo.db")

    app = DojoApp(player="Dana", settings_path=tmp_path / "settings.json", backstage=backstage)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(1200):  # a hang guard of 60 s
            await pilot.pause(0.05)
            if app.failure is not None:
                break
    assert app.failure is not None, "the store's error did not end the app within 60 s"
    assert "/nowhere/dojo.db" in app.failure.message
    assert app.return_code == 2


def test_the_first_screen_loads_no_engine_store_or_pydantic():
    """`dojo play` reaches its first screen without importing pydantic, SQLAlchemy, YAML or the engine (paint first),
    a served class's seat included (reading which class it is loads no store)."""
    import subprocess
    import sys

    code = (
        "import sys; from game.cli import build_parser; build_parser(only='play').parse_args(['play']);"
        "import game.tui.app; from game.commands import play_cmd; play_cmd._class_join(); play_cmd._player_settings_folder();"
        "print(sorted({m.split('.')[0] if not m.startswith('game.') else '.'.join(m.split('.')[:2]) for m in sys.modules"
        " if m.startswith(('pydantic', 'sqlalchemy', 'yaml', 'game.engine', 'game.scenario'))}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def watched_app(tmp_path: Path, text: str) -> tuple[DojoApp, Path]:
    """An app watching a copy of the example written with `text` (as `dojo play --watch` makes it)."""
    from game.play.watch import reload

    path = tmp_path / "draft.yaml"
    path.write_text(text, encoding="utf-8")
    save_settings(tmp_path / "settings.json", Settings(reduced_motion=True))
    first = reload(path, Scorer(default_rubric()))
    app = DojoApp(
        list(bundled()), start=first.entry, settings_path=tmp_path / "settings.json", seed=0,
        watch=path, findings=first.findings,
    )
    return app, path


def test_a_watching_app_keeps_textuals_watch_method(tmp_path):
    """With a watched file, app.watch is still Textual's App.watch and the file is app.watch_path."""
    from textual.app import App

    app, path = watched_app(tmp_path, example_text())
    assert app.watch_path == path
    assert app.watch.__func__ is App.watch


async def save_and_wait(pilot, app: DojoApp, path: Path, text: str, until) -> None:
    """Save `text` over the watched file (with a new time stamp) and wait until `until()` holds."""
    import os

    before = os.stat(path).st_mtime_ns
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before + 10**9, before + 10**9))
    for _ in range(600):  # up to 30 s: the reload lints with the analysis, slow on a busy machine
        await pilot.pause(0.05)
        if until():
            return
    raise AssertionError("the app never caught up with the save")


@pytest.mark.asyncio
async def test_watch_reloads_on_save_and_replays_to_the_same_point(tmp_path):
    """Saving an edited line reloads the draft: the replies are made again and the new text shows."""
    text = example_text()
    app, path = watched_app(tmp_path, text)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        await press_all(pilot, keys_for(["invite", "paraphrase"]))
        edited = text.replace("Mr Okafor", "Mr Okoro")
        await save_and_wait(pilot, app, path, edited, lambda: app.start.raw == edited.encode())
        await pilot.pause()
        play = app.screen
        assert isinstance(play, PlayScreen)
        assert [turn.choice.id for turn in play.playthrough.session.turns] == ["invite", "paraphrase"]
        assert "Mr Okoro" in play.query_one(Transcript).plain_text()
        assert play.playthrough.store is None  # a draft is never recorded


@pytest.mark.asyncio
async def test_watch_shows_errors_and_keeps_playing_the_last_good_version(tmp_path):
    """A save that breaks the file shows its located error in the lint panel; the run goes on."""
    from game.tui.widgets.findings import FindingsPanel

    text = example_text()
    app, path = watched_app(tmp_path, text)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await press_all(pilot, keys_for(["invite"]))
        broken = text.replace("next: story", "next: nowhere-at-all", 1)
        await save_and_wait(pilot, app, path, broken, lambda: any(d.is_error and "nowhere-at-all" in d.message for d in app.findings))
        await pilot.pause()
        play = app.screen
        assert isinstance(play, PlayScreen) and len(play.playthrough.session.turns) == 1
        panel = str(play.query_one(FindingsPanel).render())
        assert "nowhere-at-all" in panel and "last version that loaded is still playing" in panel
        assert f"{path}:" in panel


@pytest.mark.asyncio
async def test_watch_on_a_broken_draft_waits_then_plays_once_fixed(tmp_path):
    """A draft with errors at start shows them on the draft screen; saving a fixed version starts play."""
    from game.tui.screens.draft import DraftScreen

    text = example_text()
    app, path = watched_app(tmp_path, text.replace("next: story", "next: nowhere-at-all", 1))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DraftScreen)
        assert "nowhere-at-all" in str(app.screen.query_one("#findings").render())
        await save_and_wait(pilot, app, path, text, lambda: isinstance(app.screen, PlayScreen))
        assert app.screen.playthrough.entry.scenario.id == SCENARIO


@pytest.mark.asyncio
async def test_a_fixed_draft_delivered_twice_in_one_frame_starts_play_once(tmp_path):
    """Two reloads of the same fixed file arriving together switch to one play screen, not two."""
    from game.play.watch import reload
    from game.tui.screens.draft import DraftScreen

    text = example_text()
    app, path = watched_app(tmp_path, text.replace("next: story", "next: nowhere-at-all", 1))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DraftScreen)
        path.write_text(text, encoding="utf-8")
        fixed = reload(path, app.scorer)
        started = []
        switch_screen = app.switch_screen
        app.switch_screen = lambda screen: started.append(screen) or switch_screen(screen)  # type: ignore[method-assign]
        app.reloaded(fixed)
        app.reloaded(fixed)  # a write and then a touch of the time stamp: two results, no change
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen) and len(started) == 1
        assert len(app.screen_stack) == 2
        assert len(app.screen.query(Portrait)) == 1


@pytest.mark.asyncio
async def test_a_second_save_waits_until_the_first_reload_is_shown(tmp_path):
    """The reload flag stays set until the result reaches the app, so a newer save cannot overtake it."""
    import asyncio

    app, path = watched_app(tmp_path, example_text())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        flag_when_shown: list[bool] = []
        app.reloaded = lambda result: flag_when_shown.append(app._reloading)  # type: ignore[method-assign]
        app._reloading = True  # as check_watched sets it when it starts the worker
        await asyncio.to_thread(app._reload_watched)
        assert flag_when_shown == [True]


def example_text() -> str:
    """The example scenario's text."""
    return (BUNDLED_DIR / f"{SCENARIO}.yaml").read_text(encoding="utf-8")


@pytest.mark.asyncio
async def test_a_served_player_gets_their_own_settings_back_by_name(tmp_path):
    """With a player-settings folder, a name given at welcome loads that player's saved settings, and changes go there."""
    from game.tui.app import player_settings_path

    folder = tmp_path / "players"
    folder.mkdir()
    save_settings(player_settings_path(folder, "Dana [b]"), Settings(player="Dana [b]", high_contrast=True, reduced_motion=True))
    app = DojoApp(list(bundled()), settings_path=tmp_path / "fresh" / "settings.json", player_settings=folder, seed=0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen) and app.settings.high_contrast is False
        app.welcomed(Profile("Dana [b]"))
        await pilot.pause()
        assert app.settings.high_contrast is True and app.theme == HIGH_CONTRAST.name
        app.change_settings(theme="light")
    assert load_settings(player_settings_path(folder, "Dana [b]")).theme == "light"
    assert player_settings_path(folder, "Eve") != player_settings_path(folder, "Dana [b]")


@pytest.mark.asyncio
async def test_a_full_disk_keeps_the_run_and_says_so_on_the_screen_and_at_leave(tmp_path):
    """With the disk full, a reply shows the store problem, leaving says the run is kept, and it is saved once there is room."""
    from tests.store_helpers import DiskLimit

    app = make_app(tmp_path)
    limit = DiskLimit(app.store.engine)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        limit.full = True
        await press_all(pilot, keys_for(["invite"]))
        play = app.screen
        assert isinstance(play, PlayScreen)
        assert "disk is full" in str(play.query_one("#status").render())
        await press_all(pilot, ["escape"])
        assert any("kept" in note.message for note in app._notifications)
        limit.full = False
        assert play.playthrough.leave() is None  # room again: the waiting save goes in
    saved = SessionStore(app.store).saved("Dana")
    app.store.close()
    assert SCENARIO in saved


def class_app(tmp_path: Path, mode: str = "ranked") -> tuple[DojoApp, int]:
    """A served seat in the class "Sept" (playing SCENARIO only, in `mode`), loading its store backstage; the class id."""
    from game.store.classes import open_class
    from game.tui.app import Backstage

    with open_store(str(tmp_path / "dojo.db")) as store:
        info, _token, _ = open_class(store, "Sept", mode, [SCENARIO])
    save_settings(tmp_path / "settings.json", Settings(reduced_motion=True))
    folder = tmp_path / "players"
    folder.mkdir()
    app = DojoApp(
        settings_path=tmp_path / "settings.json",
        seed=0,
        player_settings=folder,
        backstage=lambda: Backstage(list(bundled()), open_store(str(tmp_path / "dojo.db"))),
        class_join=(info.code, info.name),
    )
    return app, info.id


async def until(pilot, check, what: str) -> None:
    """Pause until `check()` holds (a hang guard of 60 s fails the test)."""
    for _ in range(1200):
        if check():
            return
        await pilot.pause(0.05)
    raise AssertionError(f"never: {what}")


async def join(pilot, app: DojoApp, name: str = "Dana") -> None:
    """Sign in at the class's welcome form (name, PIN) and wait for the class's list."""
    await until(pilot, lambda: app.ready, "the store opened")
    screen = app.screen
    assert isinstance(screen, WelcomeScreen)
    screen.query_one("#name").value = name
    screen.query_one("#pin").value = "1234"
    screen.action_start()
    await until(pilot, lambda: isinstance(app.screen, PickerScreen), "the class's list")


@pytest.mark.asyncio
async def test_a_class_seat_asks_no_cohort_and_plays_only_the_class_in_its_mode(tmp_path):
    """In a class the welcome shows the class instead of a cohort field; the list holds the class's scenarios, the mode is locked and the cohort is the class."""
    from game.store.players import get_player

    app, _class_id = class_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        welcome = app.screen
        assert isinstance(welcome, WelcomeScreen)
        assert not welcome.query("#cohort") and "Sept" in str(welcome.query_one("#class-name").render())
        await join(pilot, app)
        assert [item.scenario.id for item in app.entries] == [SCENARIO]
        assert app.mode == "ranked"
        await pilot.press("m")
        assert app.mode == "ranked", "the class locks the mode"
        assert "class Sept" in str(app.screen.query_one("#picker-bar").render())
    with open_store(str(tmp_path / "dojo.db")) as store:
        player = get_player(store, "Dana")
    assert player is not None and player.cohort == "Sept"


@pytest.mark.asyncio
async def test_a_class_seat_hears_the_trainer_and_stops_at_the_rounds_end(tmp_path):
    """The trainer's message shows once as a notice; after the round ends no run starts, and the seat is on the roster."""
    from game.store.class_seats import roster
    from game.store.classes import end_round, send_message

    app, class_id = class_app(tmp_path)
    told: list[str] = []
    shown = app.notify
    app.notify = lambda message, **options: (told.append(str(message)), shown(message, **options))[1]  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await join(pilot, app)
        with open_store(str(tmp_path / "dojo.db")) as store:
            send_message(store, class_id, "Five minutes left")
        await until(pilot, lambda: any("Five minutes left" in text for text in told), "the message")
        with open_store(str(tmp_path / "dojo.db")) as store:
            end_round(store, class_id)
        await until(pilot, lambda: app.controller.blocked() is not None, "the round's end")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen), "no run starts after the round has ended"
        assert sum("Five minutes left" in text for text in told) == 1
        assert any("ended the round" in text for text in told)
        app.controller.classroom.flush()
    with open_store(str(tmp_path / "dojo.db")) as store:
        seats = roster(store, class_id)
    assert [seat.player for seat in seats] == ["Dana"] and seats[0].state == "left"
