"""The conversation as entries (game/play/story.py)."""

from __future__ import annotations

from game.engine.session import Session
from game.play.story import Entry, conversation, current_speaker
from tests.conftest import MINI, scenario_from


def test_conversation_interleaves_lines_and_replies_then_the_ending():
    """Each turn's lines, then 'You' with the reply, and at the end the ending's title and text."""
    session = Session(scenario_from(MINI).scenario, seed=0)
    assert conversation(session) == [Entry("line", "Customer", "I want a refund.")]
    session.choose("listen")
    entries = conversation(session)
    assert entries[1] == Entry("reply", "You", "Tell me more.")
    assert entries[2].kind == "line" and entries[2].text in {"Well?", "So?", "And?"}
    session.choose("firm")
    assert conversation(session)[-1] == Entry("ending", "Fixed", "Repaired and happy.")


def test_current_speaker_is_whoever_spoke_last():
    """The boss speaks last when anger is high; otherwise the customer."""
    session = Session(scenario_from(MINI).scenario, seed=0)
    assert current_speaker(session) == ("Customer", "customer")
    session.choose("refuse")  # anger 80: the boss steps in
    assert current_speaker(session) == ("Boss", "staff")
