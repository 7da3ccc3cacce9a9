"""A face over time (game/gui/face_motion.py): blinks now and then, a mouth that moves while speaking."""

from __future__ import annotations

from game.gui import face_motion, looks
from game.gui.face_motion import blink_closed
from tests.test_gui_faces import drawn


def test_blink_closes_the_eyes_now_and_then():
    """Within one blink period the eyes shut briefly, and the shut-eyed picture differs."""
    times = [i / 50 for i in range(int(looks.BLINK_PERIOD * 50))]
    shut = [t for t in times if blink_closed("lin", t)]
    assert shut and len(shut) < len(times) / 10
    assert drawn("lin", "calm", seconds=shut[0]) != drawn("lin", "calm", seconds=0.0 if not blink_closed("lin", 0.0) else 1.0)


def test_speaking_moves_the_mouth():
    """While speaking the mouth takes several shapes over time, and the picture differs from silence."""
    open_times = [i / face_motion.MOUTH_FPS + 0.01 for i in range(len(face_motion.MOUTH_SHAPES))]
    open_times = [t for t in open_times if not blink_closed("gao", t)]
    frames = {drawn("gao", "calm", speaking=True, seconds=t) for t in open_times}
    assert len(frames) >= 3
    assert drawn("gao", "calm", speaking=True, seconds=open_times[0]) != drawn("gao", "calm", speaking=False, seconds=open_times[0])
