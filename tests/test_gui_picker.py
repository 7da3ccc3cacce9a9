"""The scenario picker (game/gui/screens/picker.py): moving, filtering, switching mode, playing by click."""

from __future__ import annotations

import pygame

from game.gui.screens.picker import PickerScreen, details_text
from game.gui.screens.play import PlayScreen
from game.gui.theme import contrast
from game.play.settings import THEMES, Settings
from game.play.views import PickerRow
from tests.test_gui_app import STEP, click, close, drive, key, make_app


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


def best_ink(surface: pygame.Surface, area: pygame.Rect, fill) -> float:
    """The highest contrast against `fill` of any colour drawn in `area` (the words' solid ink)."""
    area = area.clip(surface.get_rect())
    colours = {tuple(surface.get_at((x, y)))[:3] for x in range(area.x, area.right) for y in range(area.y, area.bottom)}
    return max(contrast(colour, fill) for colour in colours)


def test_the_selected_row_and_key_hints_are_readable_in_every_theme(tmp_path):
    """In each theme the selected row's title and the buttons' key hints are drawn at 4.5:1 or more on their fill."""
    for name, high in ((n, h) for n in THEMES for h in (False, True)):
        folder = tmp_path / f"{name}-{high}"
        folder.mkdir()
        app = make_app(folder, settings=Settings(reduced_motion=True, theme=name, high_contrast=high))
        try:
            picker: PickerScreen = app.top()
            app.frame(STEP)
            row, theme, fonts = picker.rows[picker.selected], app.theme, app.fonts
            title = pygame.Rect(row.x + 14, row.y + 8, fonts.heading.width("Ta"), fonts.heading.line_height)
            assert best_ink(app.surface, title, theme.button_hover) >= 4.5, f"{name} hc={high}: selected title"
            button = picker.actions.buttons[0]
            hint_w = fonts.body.width(button.hint)
            hint = pygame.Rect(button.rect.right - 10 - hint_w, button.rect.y + 4, hint_w, button.rect.height - 8)
            assert best_ink(app.surface, hint, theme.button) >= 4.5, f"{name} hc={high}: key hint {button.hint!r}"
        finally:
            close(app)


def test_a_rows_details_keep_the_best_score_when_cut():
    """The details line puts the best score before the skills, so a narrow row cuts skills, not 'best 100% Gold'."""
    from game.gui.fonts import TextCache
    from game.gui.text import fit

    cache = TextCache(18)
    skills = ("listening", "empathy", "refusal", "resolution", "composure")
    row = PickerRow("x", "X", "★★★★☆ 4", 4, skills, 12, "", 2, "played 3×", "100% Gold", False, False)
    shown = fit(cache, details_text(row), 420)
    assert "best 100% Gold" in shown


def test_at_800x600_the_buttons_stay_and_a_long_summary_scrolls(tmp_path):
    """At 800x600 every action button is drawn inside the panel, and the summary's last line can be scrolled into view."""
    app = make_app(tmp_path, size=(800, 600))
    try:
        picker: PickerScreen = app.top()
        assert len(picker.actions.buttons) == 7
        for button in picker.actions.buttons:
            assert picker.panel.contains(button.rect), button.label
        longest = max(range(len(picker.shown)), key=lambda i: len(picker.shown[i].scenario.summary))
        picker.selected = longest
        picker._keep_visible()
        app.frame(STEP)
        total = picker._summary_total()
        assert picker.summary_lines >= 2
        for _ in range(total):
            drive(app, key(pygame.K_DOWN, mod=pygame.KMOD_SHIFT))
        assert picker.selected == longest and picker.summary_scroll + picker.summary_lines == max(total, picker.summary_lines)
    finally:
        close(app)


def test_esc_asks_before_quitting(tmp_path):
    """Esc on the list asks first: another key stays, Esc twice quits."""
    app = make_app(tmp_path)
    try:
        picker: PickerScreen = app.top()
        app.running = True
        drive(app, key(pygame.K_ESCAPE))
        assert app.running and picker.asking_quit
        drive(app, key(pygame.K_n, "n"))
        assert app.running and not picker.asking_quit and app.top() is picker
        drive(app, key(pygame.K_ESCAPE), key(pygame.K_ESCAPE))
        assert not app.running
    finally:
        close(app)


def test_the_saved_notice_covers_no_button(tmp_path):
    """Leaving a run says 'Saved' over the key-hint line, clear of every button and row of the list."""
    from game.gui.screens.play import PlayScreen
    from tests.test_gui_app import entry, number_key

    for size in ((800, 600), (1280, 720), (1920, 1080)):
        app = make_app(tmp_path / f"{size[0]}", entry("careless-remark"), size=size)
        try:
            play = app.top()
            assert isinstance(play, PlayScreen)
            drive(app, number_key(play, play.playthrough.session.replies[0].id), key(pygame.K_ESCAPE))
            picker = app.top()
            assert isinstance(picker, PickerScreen) and app.notice is not None and app.notice[0].startswith("Saved")
            box = app.notice_box(size, app.notice[0])
            for button in picker.actions.buttons:
                assert not box.colliderect(button.rect), f"{size}: notice over {button.label}"
            assert not any(box.colliderect(row) for row in picker.rows)
        finally:
            close(app)


def test_the_more_marker_overlaps_no_row_and_no_panel(tmp_path):
    """At 800x600, 1280x720 and 1920x1080 the list's '▼ N more' touches no scenario row and stays above the panel and the footer."""
    from tests.gui_helpers import drawn_words

    for size in ((800, 600), (1280, 720), (1920, 1080)):
        app = make_app(tmp_path / f"{size[0]}", size=size)
        try:
            picker: PickerScreen = app.top()
            markers = [item.rect for item in drawn_words(app) if item.text.startswith("▼") and item.text.endswith("more")]
            assert len(markers) == 1, size
            for row in picker.rows:
                assert not row.colliderect(markers[0]), (size, row, markers[0])
            assert not picker.panel.colliderect(markers[0]) and markers[0].bottom <= size[1] - app.fonts.small.line_height - 12, size
        finally:
            close(app)


def test_a_chinese_picker_says_which_scenes_play_in_english(tmp_path):
    """In a window game set to Chinese, the bundled scenarios with a Chinese table are listed by their Chinese titles and the
    rest with a note that they play in English; the rows, the panel's title and the drawing all take it from the shared view."""
    from game.i18n import active_locale

    app = make_app(tmp_path, settings=Settings(reduced_motion=True, language="zh-Hans"))
    try:
        picker: PickerScreen = app.top()
        assert active_locale() == "zh-Hans"
        titles = [row.title for row in picker.view]
        assert titles == [
            entry.scenario.title if entry.scenario.locale == "zh-Hans" else f"{entry.scenario.title}（英文）" for entry in picker.shown
        ]
        assert {entry.scenario.locale for entry in picker.shown} == {"zh-Hans", "en"}
        drive(app, key(pygame.K_DOWN))  # drawn with the next row selected, its title in the panel
    finally:
        close(app)
