"""The rough tone reading of a line (game/engine/tone.py) and which faces contradict it."""

from __future__ import annotations

import pytest

from game.engine.tone import clashes, read_tone
from game.scenario.schema import EXPRESSIONS


@pytest.mark.parametrize(
    ("text", "tone"),
    [
        ("Are you trying to rob me?", "hostile"),
        ("This is RIDICULOUS", "hostile"),
        ("Thanks. But this is a disgrace!", "hostile"),
        ("Oh no. The party is ruined.", "upset"),
        ("I am not happy with this!", "upset"),
        ("Thank you, that is wonderful.", "warm"),
        ("Right, it's a deal.", "warm"),
        ("No problem at all.", "neutral"),
        ("Fine.", "neutral"),
        ("Which bag is it in?", "neutral"),
    ],
)
def test_read_tone(text, tone):
    """Accusations read hostile, dismay upset, thanks warm, and words with no clear feeling neutral."""
    assert read_tone(text).tone == tone


def test_cues_name_the_words_that_set_the_tone():
    """The reading says which words (and marks) it went by."""
    reading = read_tone("Is this a joke? It's a disgrace!")
    assert {"joke", "disgrace", "!"} <= set(reading.cues)


def test_stage_directions_in_brackets_are_not_read():
    """'(not happy)' is the author's note, not the speaker's words."""
    assert read_tone("(not happy) Thank you.").tone == "warm"


def test_turned_phrases_do_not_count_their_words():
    """'Don't worry' and 'no problem' are reassurance, not worry or trouble."""
    assert read_tone("Don't worry, no problem.").tone == "neutral"
    assert read_tone("Thanks for nothing.").tone == "hostile"


def test_mixed_words_with_no_clear_lead_are_neutral():
    """One upset word against one warm word says nothing clear."""
    assert read_tone("Thank you. I was worried.").tone == "neutral"


def test_curly_apostrophes_read_like_straight_ones():
    """Typographic quotes do not hide a phrase."""
    assert read_tone("It\u2019s a deal.").tone == "warm"


def test_only_outright_contradictions_clash():
    """A grin on an accusation or on dismay, a glare on thanks; nothing clashes with a neutral line."""
    assert clashes("hostile", "relieved") and clashes("upset", "relieved") and clashes("warm", "angry")
    assert not clashes("hostile", "calm") and not clashes("warm", "sad")
    assert not any(clashes("neutral", expression) for expression in EXPRESSIONS)
