"""Leaderboards (game/gui/screens/boards.py): tabs, the scenario board, the player's row."""

from __future__ import annotations

import pygame

from game.gui.screens.boards import BoardsScreen
from game.play.boards import BoardView
from tests.test_gui_app import STEP, close, drive, entry, golden, key, make_app, number_key


def test_a_ranked_run_appears_on_the_all_time_board(tmp_path):
    """After a ranked run, l then Tab shows the all-time board with the player's row."""
    choices, _ = golden("careless-remark")
    app = make_app(tmp_path, entry("careless-remark"), mode="ranked")
    try:
        for choice in choices:
            drive(app, number_key(app.top(), choice))
        drive(app, key(pygame.K_ESCAPE), key(pygame.K_l, "l"), key(pygame.K_TAB))
        boards = app.top()
        assert isinstance(boards, BoardsScreen) and boards.tabs.focus == 1
        boards.board()
        boards.settle()
        board = boards.board()
        assert isinstance(board, BoardView) and [row.player for row in board.rows if row.mine] == ["Dana"]
    finally:
        close(app)


def test_without_a_database_the_board_says_so(tmp_path):
    """No store: the board is a sentence, not a crash."""
    app = make_app(tmp_path, store=False)
    try:
        drive(app, key(pygame.K_l, "l"), key(pygame.K_RIGHTBRACKET, "]"))
        boards = app.top()
        assert boards.tabs.focus == 2 and "No database" in boards.board()
    finally:
        close(app)


def test_the_per_scenario_board_is_titled_by_the_scenarios_title(tmp_path):
    """The third tab names the scenario by its title, not its file id."""
    app = make_app(tmp_path, entry("careless-remark"))
    try:
        drive(app, key(pygame.K_ESCAPE), key(pygame.K_l, "l"), key(pygame.K_TAB), key(pygame.K_TAB))
        boards = app.top()
        assert isinstance(boards, BoardsScreen) and boards.tabs.focus == 2
        boards.board()
        boards.settle()
        scenario = app.entries[boards.scenario_index].scenario
        assert boards.title_text().startswith(scenario.title) and scenario.id not in boards.title_text()
    finally:
        close(app)


def test_a_board_is_read_off_the_ui_thread_and_the_window_says_so(tmp_path, monkeypatch):
    """While the store is slow the screen shows that the board is loading and keeps drawing; then the board appears."""
    import threading

    from game.gui.screens import boards as boards_module

    release = threading.Event()
    real = boards_module.leaderboard

    def slow(*args, **kwargs):
        release.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(boards_module, "leaderboard", slow)
    app = make_app(tmp_path)
    try:
        drive(app, key(pygame.K_l, "l"))
        boards = app.top()
        assert isinstance(boards, BoardsScreen)
        assert boards.board() == boards_module.LOADING and boards.busy()
        app.frame(STEP)  # a frame is drawn while the store is still being read
        release.set()
        boards.settle()
        assert isinstance(boards.board(), BoardView) and not boards.busy()
    finally:
        release.set()
        close(app)


def test_a_new_language_reads_the_boards_again(tmp_path):
    """After the language changes the boards are read again, a board still being read in the old words is dropped, and the headings are Chinese."""
    from tests.gui_helpers import drawn_words

    app = make_app(tmp_path)
    try:
        drive(app, key(pygame.K_l, "l"))
        boards = app.top()
        assert isinstance(boards, BoardsScreen)
        boards.board()
        boards.settle()
        old_key, old_spec, old_generation = (0, 0), boards.spec(), boards.generation
        app.change_settings(language="zh-Hans")
        assert boards.generation == old_generation + 1 and not boards.boards
        boards._build(old_key, old_spec, "Dana", old_generation)  # a reader started before the change
        assert old_key not in boards.boards
        boards.board()
        boards.settle()
        app.frame(STEP)
        words = [item.text for item in drawn_words(app)]
        assert "排行榜" in words and any("切换榜单" in text for text in words)
    finally:
        close(app)
