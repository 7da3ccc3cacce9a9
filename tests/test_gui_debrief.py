"""The debrief (game/gui/screens/debrief.py): the verdict, the path beside the best path, feedback, retry and next."""

from __future__ import annotations

import pygame

from game.gui.screens.debrief import DebriefScreen, feedback_rows
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
