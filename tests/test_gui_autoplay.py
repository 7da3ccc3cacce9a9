"""Autoplay (game/gui/autoplay.py): the script waits for a still screen, then plays and shoots in order."""

from __future__ import annotations

from game.gui.app import AutoplayPlan
from game.gui.autoplay import Autoplay
from tests.test_gui_app import STEP, close, entry, golden, make_app


def test_autoplay_plays_the_run_and_names_screenshots_in_order(tmp_path):
    """Started on the play screen, a fast plan shoots each turn and the debrief, numbered, and reaches the golden band."""
    choices, band = golden("careless-remark")
    app = make_app(tmp_path, entry("careless-remark"), store=False)
    try:
        shots = tmp_path / "shots"
        shots.mkdir()
        app.autoplay = Autoplay(app, AutoplayPlan(tuple(choices), shots, fast=True))
        for _ in range(2000):
            if not app.frame(STEP):
                break
        assert app.top().name == "debrief" and app.top().band == band
        expected = [f"{n:02d}-play-{n}.png" for n in range(1, len(choices) + 1)] + [f"{len(choices) + 1:02d}-debrief.png"]
        assert app.autoplay.shots == expected
        assert sorted(path.name for path in shots.iterdir()) == sorted(app.autoplay.shots)
    finally:
        close(app)


def test_autoplay_waits_while_the_screen_moves(tmp_path):
    """While the app is busy (a fade, typing) the script does not advance."""
    app = make_app(tmp_path, entry("careless-remark"), store=False)
    try:
        autoplay = Autoplay(app, AutoplayPlan(("x",), None, fast=True))
        app.busy = lambda: True  # type: ignore[method-assign]
        for _ in range(20):
            autoplay.tick(STEP)
        assert autoplay.count == 0
    finally:
        close(app)
