"""Motion (game/gui/motion.py): easing toward a target, and the fade's opacity."""

from __future__ import annotations

from game.gui.motion import Eased, Fade


def test_an_eased_value_moves_part_way_then_settles():
    """After one frame the value is between start and target; after a second it has arrived."""
    value = Eased(50)
    value.set(80)
    assert value.update(1 / 60) and 50 < value.value < 80
    for _ in range(60):
        value.update(1 / 60)
    assert value.settled and value.value == 80


def test_instant_jumps_to_the_target():
    """Reduced motion: set(..., instant=True) arrives at once."""
    value = Eased(10)
    value.set(90, instant=True)
    assert value.settled and value.value == 90 and not value.update(0.1)


def test_a_fade_goes_from_opaque_to_clear():
    """The old screen starts fully opaque and is gone when the fade is done."""
    fade = Fade(0.2)
    assert fade.old_alpha == 255 and not fade.done
    fade.update(0.1)
    assert 0 < fade.old_alpha < 255
    fade.update(0.2)
    assert fade.done and fade.old_alpha == 0
