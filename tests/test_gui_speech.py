"""The speech bubble's content (game/gui/speech.py): lines typed in order, the speaker followed."""

from __future__ import annotations

from game.engine.session import SpokenLine
from game.gui.speech import Speech


def line(speaker: str, text: str) -> SpokenLine:
    """A spoken line by `speaker`."""
    return SpokenLine(f"{speaker}.1", f"{speaker}.1", speaker, speaker.title(), text)


def test_lines_type_one_after_another_and_the_speaker_follows():
    """The first speaker talks until their line is done; after a pause the second one does."""
    speech = Speech([line("lin", "Hi."), line("tom", "Refund her.")], 100.0)
    assert speech.speaker("x") == "lin"
    speech.update(0.05)
    assert speech.segments[0].writer.done and speech.speaker("x") == "lin"
    for _ in range(30):
        speech.update(0.05)
    assert speech.done and speech.speaker("x") == "tom"


def test_finish_shows_every_line():
    """finish() shows every line whole and says it was still typing."""
    speech = Speech([line("lin", "Hi."), line("tom", "Go.")], 1.0)
    assert speech.finish() and speech.done and not speech.finish()


def test_no_lines_falls_back_to_the_given_speaker():
    """A silent moment shows whoever spoke last."""
    assert Speech([], None).speaker("lin") == "lin" and Speech([], None).done
