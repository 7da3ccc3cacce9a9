"""The scenario picker (game/gui/screens/picker.py): moving, filtering, switching mode, playing by click."""

from __future__ import annotations

import pygame

from game.gui.screens.picker import PickerScreen
from game.gui.screens.play import PlayScreen
from tests.test_gui_app import click, close, drive, key, make_app


def test_enter_plays_the_highlighted_scenario_and_a_click_plays_a_row(tmp_path):
    """Down then Enter starts the second scenario; Esc back, then a click on the first row starts that one."""
    app = make_app(tmp_path)
    try:
        picker: PickerScreen = app.top()
        second = picker.shown[1].scenario.id
        drive(app, key(pygame.K_DOWN), key(pygame.K_RETURN))
        assert isinstance(app.top(), PlayScreen) and app.top().playthrough.entry.scenario.id == second
        drive(app, key(pygame.K_ESCAPE))
        drive(app, click(picker.rows[0].center))
        assert app.top().playthrough.entry.scenario.id == picker.shown[0].scenario.id
    finally:
        close(app)


def test_m_switches_mode_and_f_filters_by_skill(tmp_path):
    """m makes the next run ranked; f shows only scenarios that train the first skill."""
    app = make_app(tmp_path)
    try:
        picker: PickerScreen = app.top()
        drive(app, key(pygame.K_m, "m"), key(pygame.K_f, "f"))
        assert app.mode == "ranked" and picker.skill is not None
        assert all(picker.skill in entry.scenario.skills for entry in picker.shown)
    finally:
        close(app)
