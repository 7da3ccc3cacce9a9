"""The debrief (game/gui/screens/debrief.py): the verdict, the path beside the best path, feedback, retry and next."""

from __future__ import annotations

import pygame

from game.gui.charts import radar_radius, skill_chart_kind
from game.gui.screen import MARGIN
from game.gui.screens.debrief import DebriefScreen, feedback_rows
from game.gui.text import wrap
from game.gui.screens.play import PlayScreen
from tests.test_gui_app import close, drive, entry, golden, key, make_app, number_key


def finished(tmp_path, path: str = "best"):
    """An app on the debrief of careless-remark's golden path `path`."""
    choices, band = golden("careless-remark", path)
    app = make_app(tmp_path, entry("careless-remark"), store=False)
    for choice in choices:
        drive(app, number_key(app.top(), choice))
    return app, choices, band


def test_the_best_path_matches_itself_and_feedback_cites_rules(tmp_path):
    """Played along the best path every reply is graded best; feedback rows name rule IDs."""
    app, choices, band = finished(tmp_path)
    try:
        debrief: DebriefScreen = app.top()
        rows = debrief.view.review
        assert [row.reply for row in rows] == choices and {row.grade for row in rows} <= {"best", None}
        texts = " ".join(row.text for row in feedback_rows(debrief.view))
        assert "Turn 1" in texts and "-" in texts and debrief.band == band
    finally:
        close(app)


def test_r_retries_and_n_plays_the_next(tmp_path):
    """r starts the same scenario afresh; n starts another one."""
    app, _, _ = finished(tmp_path, "owned-the-slip")
    try:
        drive(app, key(pygame.K_r, "r"))
        again = app.top()
        assert isinstance(again, PlayScreen) and again.playthrough.entry.scenario.id == "careless-remark"
        assert again.playthrough.session.turns == ()
    finally:
        close(app)


def test_the_feedback_scrolls(tmp_path):
    """Page Down moves the feedback on; it never scrolls past its end."""
    app, _, _ = finished(tmp_path)
    try:
        debrief: DebriefScreen = app.top()
        drive(app, key(pygame.K_PAGEDOWN))
        assert debrief.scroll > 0
        for _ in range(50):
            debrief.scroll_by(10)
        assert debrief.scroll <= len(debrief.lines)
    finally:
        close(app)


def finished_on(tmp_path, scenario: str, path: str, size=(1280, 720), store: bool = False):
    """An app on the debrief of `scenario`'s golden path `path` at `size`."""
    choices, _ = golden(scenario, path)
    app = make_app(tmp_path, entry(scenario), store=store, size=size)
    for choice in choices:
        drive(app, number_key(app.top(), choice))
    assert isinstance(app.top(), DebriefScreen)
    return app


def test_the_ending_text_shows_whole(tmp_path):
    """At 1280x720 and 1920x1080 the verdict band is tall enough for every line of the ending's text."""
    for size in ((1280, 720), (1920, 1080)):
        app = finished_on(tmp_path / f"{size[0]}", "saturday-table-nine", "best", size)
        try:
            debrief: DebriefScreen = app.top()
            fonts, verdict = app.fonts, debrief.parts["verdict"]
            left = debrief._verdict_left(verdict.height)
            lines = wrap(fonts.small, debrief.playthrough.session.ending.text, verdict.right - left)
            assert verdict.y + 8 + fonts.heading.line_height + len(lines) * fonts.small.line_height <= verdict.bottom
            assert verdict.bottom < debrief.parts["skills"].y
        finally:
            close(app)


def test_the_debrief_shows_titles_and_plain_words_not_ids(tmp_path):
    """A policy-broken ending: no outcome id, reply id or pattern key in the verdict, the feedback or the saved line."""
    app = finished_on(tmp_path, "angry-shoe-buyer", "lectured-then-gave-in-to-tom", store=True)
    try:
        debrief: DebriefScreen = app.top()
        shown = " ".join([debrief.ending_heading(), debrief.saved_text()] + [row.text for row in debrief.feedback])
        ids = ["policy-broken", "(policy-broken)", "final mood:"] + [row.reply for row in debrief.path] + list(debrief.card.patterns)
        for word in ids:
            assert word not in shown, word
        assert "Policy broken" in debrief.ending_heading()
    finally:
        close(app)


def test_the_recorded_line_fits_beside_the_buttons(tmp_path):
    """The 'Recorded' line wraps into the room left of the buttons without an ellipsis, at 800x600 and 1280x720."""
    for size in ((800, 600), (1280, 720)):
        app = finished_on(tmp_path / f"{size[0]}", "careless-remark", "best", size, store=True)
        try:
            debrief: DebriefScreen = app.top()
            room = debrief.actions.buttons[0].rect.x - 2 * MARGIN
            lines = wrap(app.fonts.small, debrief.saved_text(), room, 2)
            assert debrief.saved_text().startswith("Recorded")
            assert " ".join(lines).split() == debrief.saved_text().split(), lines
        finally:
            close(app)


def test_the_skill_chart_is_readable_at_every_size(tmp_path):
    """The skills panel draws a radar of 60 px radius or more, else bars whose rows all fit (not a 35 px radar)."""
    for size in ((800, 600), (1280, 720), (1920, 1080)):
        app = finished_on(tmp_path / f"{size[0]}", "careless-remark", "best", size)
        try:
            debrief: DebriefScreen = app.top()
            small, panel = app.fonts.small, debrief.parts["skills"]
            top = panel.y + 14 + small.line_height
            content = pygame.Rect(panel.x + 16, top, panel.width - 32, panel.bottom - top - 10)
            names = [name.capitalize() for name in debrief.card.dimensions]
            if skill_chart_kind(content, names, small) == "radar":
                assert radar_radius(content, names, small) >= 60, size
            else:
                assert len(names) * (small.line_height + 2) <= content.height, size
        finally:
            close(app)


def test_the_more_marker_has_its_own_row_below_the_feedback(tmp_path):
    """At 1280x720 and 1920x1080 '▼ more' overlaps no feedback line: the lines stop above it."""
    from tests.gui_helpers import drawn_words

    for size in ((1280, 720), (1920, 1080)):
        app = finished_on(tmp_path / f"{size[0]}", "careless-remark", "best", size)
        try:
            debrief: DebriefScreen = app.top()
            panel = debrief.parts["feedback"]
            words = [item for item in drawn_words(app) if panel.contains(item.rect)]
            markers = [item.rect for item in words if item.text == "▼ more"]
            assert len(markers) == 1, size  # this run's feedback is longer than the panel
            lines = [item for item in words if item.text != "▼ more" and item.rect.y > panel.y + app.fonts.small.line_height]
            assert lines, size
            for line in lines:
                assert not line.rect.colliderect(markers[0]), (size, line.text)
        finally:
            close(app)


def test_at_800x600_the_ending_title_is_whole_and_the_path_stays_in_its_panel(tmp_path):
    """At 800x600 the ending's title takes smaller type rather than an ellipsis, and the graded path's rows and its '▼ N more' stay inside the path panel."""
    from tests.gui_helpers import drawn_words

    app = finished_on(tmp_path, "careless-remark", "best", (800, 600))
    try:
        debrief: DebriefScreen = app.top()
        words = drawn_words(app)
        assert debrief.ending_heading() in [item.text for item in words]
        panel = debrief.parts["path"]
        inside = [item for item in words if item.rect.colliderect(panel)]
        assert any(item.text.startswith("▼") and item.text.endswith("more") for item in inside)
        for item in inside:
            assert panel.contains(item.rect), item
    finally:
        close(app)


def test_a_language_change_on_the_debrief_rewrites_its_feedback(tmp_path):
    """Switching to zh-Hans with the debrief open re-reads its feedback and buttons in Chinese."""
    from game.i18n import _, use_locale

    app, _choices, _band = finished(tmp_path)
    try:
        debrief: DebriefScreen = app.top()
        english = [row.text for row in debrief.feedback]
        use_locale("zh-Hans")
        debrief.locale_changed()
        chinese = [row.text for row in debrief.feedback]
        assert len(chinese) == len(english) and chinese != english
        assert chinese[0].startswith(_("Turn {number}  ·  {reply}").split("{number}")[0])
    finally:
        close(app)
