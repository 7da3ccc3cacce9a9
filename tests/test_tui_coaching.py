"""The practice coaching panel (game/tui/widgets/coaching.py): the reply as it was shown, then each behaviour and its rule."""

from __future__ import annotations

from game.engine.session import Session
from game.tui.widgets.coaching import EMPTY, coaching_lines, coaching_view
from tests.conftest import MINI, scenario_from

WORDED = MINI.replace("text: Tell me more.", 'variants: ["Tell me more.", "Go on, I am listening.", "What happened?"]', 1)


def test_the_panel_quotes_the_wording_shown():
    """'Your reply' is the wording the trainee was shown (a drawn variant), followed by the behaviours and their rules."""
    session = Session(scenario_from(WORDED).scenario, seed=1)
    turn = session.choose("listen")
    assert turn.text != turn.choice.text  # seed 1 draws a later wording than the first written
    heading = coaching_view(turn).renderables[0]
    assert heading.plain == f"Your reply: {turn.text}"
    assert any("LIS-1" in body.plain for _, body in coaching_lines(turn))


def test_before_any_reply_the_panel_says_what_will_appear():
    """With no reply yet the panel shows the empty hint."""
    assert coaching_view(None).plain == EMPTY and coaching_lines(None) == []
