"""The practice coaching panel (game/tui/widgets/coaching.py): the reply as it was shown, then each behaviour and its rule."""

from __future__ import annotations

from game.engine.session import Session
from game.play.coaching import EMPTY, coaching_view
from game.tui.widgets.coaching import coaching_lines, coaching_renderable
from tests.conftest import MINI, scenario_from

WORDED = MINI.replace("text: Tell me more.", 'variants: ["Tell me more.", "Go on, I am listening.", "What happened?"]', 1)


def test_the_panel_quotes_the_wording_shown():
    """'Your reply' is the wording the trainee was shown (a drawn variant), followed by the behaviours and their rules."""
    session = Session(scenario_from(WORDED).scenario, seed=1)
    turn = session.choose("listen")
    assert turn.text != turn.choice.text  # seed 1 draws a later wording than the first written
    heading = coaching_renderable(coaching_view(turn)).renderables[0]
    assert heading.plain == f"Your reply: {turn.text}"
    assert any("LIS-1" in body.plain for _, body in coaching_lines(coaching_view(turn)))


def test_before_any_reply_the_panel_says_what_will_appear():
    """With no reply yet the panel shows the empty hint."""
    assert coaching_renderable(coaching_view(None)).plain == EMPTY and coaching_lines(coaching_view(None)) == []


def test_the_panel_grades_the_reply_and_names_the_better_one():
    """After a poor reply in practice the panel's first line is its grade, with the better reply's text."""
    from game.engine.analysis import cached_analysis
    from game.engine.review import last_row

    session = Session(scenario_from(MINI).scenario)
    turn = session.choose("refuse")
    review = last_row(session, cached_analysis(session.scenario, session.scorer))
    assert review is not None and review.grade == "blunder"
    first, body = coaching_lines(coaching_view(turn, review))[0]
    assert first.plain == "Grade" and body.plain.startswith("blunder, ") and "Better here: Tell me more." in body.plain
