"""The conversation as entries (game/play/story.py)."""

from __future__ import annotations

from game.engine.session import Session
from game.play.story import SaidLine, conversation
from tests.conftest import MINI, scenario_from


def test_conversation_interleaves_lines_and_replies_then_the_ending():
    """Each turn's lines, then 'You' with the reply, and at the end the ending's title and text."""
    session = Session(scenario_from(MINI).scenario, seed=0)
    assert conversation(session) == [SaidLine("line", "Customer", "I want a refund.")]
    session.choose("listen")
    entries = conversation(session)
    assert entries[1] == SaidLine("reply", "You", "Tell me more.")
    assert entries[2].kind == "line" and entries[2].text in {"Well?", "So?", "And?"}
    session.choose("firm")
    assert conversation(session)[-1] == SaidLine("ending", "Fixed", "Repaired and happy.")


def test_your_reply_is_the_wording_shown():
    """With a reply written several ways, 'You' says the wording that run showed, which differs between seeds."""
    worded = MINI.replace("text: Tell me more.", 'variants: ["Tell me more.", "Go on, I am listening.", "What happened?"]', 1)
    scenario = scenario_from(worded).scenario
    said = []
    for seed in (0, 1):  # two seeds that draw different wordings (fixed once)
        session = Session(scenario, seed=seed)
        shown = next(reply.text for reply in session.offered if reply.id == "listen")
        session.choose("listen")
        assert conversation(session)[1] == SaidLine("reply", "You", shown) == SaidLine("reply", "You", session.turns[0].text)
        said.append(shown)
    assert said[0] != said[1]
