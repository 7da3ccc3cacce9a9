"""What each expression does to a face's features: lids, gaze, brows, mouth and blush.

One `Features` per expression of the format (game/scenario/schema.py EXPRESSIONS), in
head-relative units that the painting modules turn into pixels. Which expression a person
shows is decided in the shared core (game/engine/faces.py, through game/play/stage.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from game.scenario.schema import EXPRESSIONS


@dataclass(frozen=True)
class Features:
    """The shape of the features for one expression (distances in head-relative units)."""

    lid_outer: float  # how far the upper lid comes down (0 open .. 1 shut) at the outer corner
    lid_inner: float  # ... and at the inner corner (more than outer = a glare)
    happy_eyes: bool  # eyes closed in upward arcs
    look: tuple[float, float]  # where the pupils point (-1..1 each)
    pupil: float  # pupil size
    brow_inner: float  # brow inner end down (+) or up (-)
    brow_outer: float
    brow_arch: float
    brow_lift_right: float  # an extra raise of one brow (annoyed scepticism)
    smile: float  # mouth curve: + corners up, - corners down
    tilt: float  # one corner higher than the other
    wave: float  # a wobbly mouth
    open: float  # how open the mouth is when silent
    width: float  # mouth width
    teeth: float  # how much of the open mouth the teeth fill (1 = gritted)
    blush: float  # cheek colour strength


FEATURES: dict[str, Features] = {
    "calm": Features(0.14, 0.14, False, (0.0, 0.0), 1.0, 0.0, 0.0, 0.25, 0.0, 0.35, 0.0, 0.0, 0.0, 0.95, 0.35, 0.25),
    "annoyed": Features(0.46, 0.5, False, (0.45, 0.1), 0.95, 0.3, 0.05, 0.05, -0.45, -0.22, 0.2, 0.0, 0.0, 0.75, 0.35, 0.15),
    "angry": Features(0.22, 0.58, False, (0.0, 0.05), 0.7, 0.75, -0.25, 0.0, 0.0, -0.55, 0.0, 0.0, 0.5, 1.0, 1.0, 0.0),
    "relieved": Features(0.0, 0.0, True, (0.0, 0.0), 1.0, -0.3, -0.15, 0.4, 0.0, 0.75, 0.0, 0.0, 0.6, 1.1, 0.3, 0.45),
    "embarrassed": Features(0.04, 0.04, False, (-0.6, 0.35), 0.85, -0.55, 0.15, 0.1, 0.0, -0.05, 0.0, 0.07, 0.0, 0.7, 0.35, 1.0),
    # Brows drawn up at the middle, eyes wide, a tight wavering mouth.
    "worried": Features(0.0, 0.0, False, (0.2, -0.1), 1.1, -0.6, 0.25, 0.15, 0.0, -0.2, 0.0, 0.09, 0.0, 0.6, 0.35, 0.1),
    # Heavy lids, eyes down, brows up at the middle, corners of the mouth down.
    "sad": Features(0.42, 0.3, False, (0.0, 0.7), 0.9, -0.5, 0.3, 0.0, 0.0, -0.6, 0.0, 0.0, 0.0, 0.7, 0.35, 0.05),
}
assert set(FEATURES) == set(EXPRESSIONS), "every expression of the format has a drawing"
