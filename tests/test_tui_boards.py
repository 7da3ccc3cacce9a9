"""The leaderboards screen (game/tui/screens/boards.py)."""

from __future__ import annotations

import pytest

from game.engine.session import Session
from game.store.copies import default_rubric_text
from game.store.runs import record_run
from game.tui.screens.boards import BoardsScreen
from tests.test_tui_app import BEST, SIZE, entry, make_app, press_all

WEAK = ["stock-line", "blame-courier", "what-matters", "check-now", "honest-options", "kind-no"]


def ranked(store, player: str, choices: list[str]) -> None:
    """Record a ranked run of the example scenario for `player`."""
    example = entry()
    session = Session(example.scenario, seed=0, mode="ranked")
    for choice in choices:
        session.choose(choice)
    record_run(store, player=player, session=session, scenario_text=example.raw, rubric_text=default_rubric_text())


@pytest.mark.asyncio
async def test_boards_mark_the_players_row_in_words(tmp_path):
    """The all-time board lists both players by score (over the whole official pack), the trainee's row marked '▶' and 'you'."""
    app = make_app(tmp_path, start=False, player="[i]Dana[/i]")
    ranked(app.store, "Rival", BEST)
    ranked(app.store, "[i]Dana[/i]", WEAK)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await press_all(pilot, ["l"])
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BoardsScreen)
        lines = screen.query_one("#board-all").content.plain.splitlines()
        rows = [line for line in lines if line.strip()[:1] in {"▶", "1", "2"}]
        assert rows[0].split()[:2] == ["1", "Rival"] and "you" not in rows[0]
        assert rows[1].startswith("▶") and "[i]Dana[/i]" in rows[1] and rows[1].endswith("◀ you")
        scenario_board = screen.query_one("#board-scenario").content.plain
        scenario = app.entries[0].scenario
        assert scenario_board.startswith(scenario.title) and scenario.id not in scenario_board  # titled, never by file id
        assert "Rival" in scenario_board and "Gold" in scenario_board
        await press_all(pilot, ["q"])
        assert not isinstance(app.screen, BoardsScreen)
    app.store.close()


def test_boards_snapshot(tmp_path, snap_compare):
    """The leaderboards with two ranked runs: the cohort tab first, the trainee's row marked."""
    app = make_app(tmp_path, start=False)
    ranked(app.store, "Rival", BEST)
    ranked(app.store, "Dana", WEAK)
    async def boards_built(pilot) -> None:
        await pilot.press("l")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    try:
        assert snap_compare(app, run_before=boards_built, terminal_size=SIZE)
    finally:
        app.store.close()


@pytest.mark.asyncio
async def test_boards_are_built_off_the_ui_thread(tmp_path, monkeypatch):
    """Finding 4: every board is built in a worker thread, so a slow board never freezes the keys."""
    import threading

    import game.tui.screens.boards as boards_screen

    threads: list[str] = []
    real = boards_screen.leaderboard

    def spy(*args, **kwargs):
        threads.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(boards_screen, "leaderboard", spy)
    app = make_app(tmp_path, start=False)
    ranked(app.store, "Rival", BEST)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await press_all(pilot, ["l"])
        await app.workers.wait_for_complete()
        await pilot.pause()
    app.store.close()
    assert len(threads) == 3 and threading.main_thread().name not in threads
