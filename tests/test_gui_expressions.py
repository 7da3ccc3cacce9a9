"""What each expression does to the features (game/gui/expressions.py): one drawing per expression."""

from __future__ import annotations

from game.gui import expressions
from game.scenario.schema import EXPRESSIONS
from game.tui import drawing


def test_every_expression_of_the_format_is_drawn():
    """The window game draws exactly the closed set of expressions a scenario may name."""
    assert set(expressions.FEATURES) == set(EXPRESSIONS) == set(drawing.EXPRESSIONS)
