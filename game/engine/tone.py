"""A rough reading of how a line sounds, from its words and punctuation alone.

Lint (DOJO420) compares it with the face shown on the line. It is deliberately small and
plain: a few lists of words that carry a strong feeling in English, an exclamation or a
shouted word that makes a hostile line louder, and a few phrases that turn a word round
("no problem", "not bad"). It reads only English, guesses nothing it has no word for
(neutral), and only the clearest clashes are reported, so a line it misreads is at worst
a warning an author can answer with an explicit `expression`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Tone = Literal["hostile", "upset", "neutral", "warm"]

# Accusing, insulting, threatening: a person saying these is angry.
HOSTILE = (
    "rob", "robbing", "robbery", "rip-off", "ripoff", "ripping me off", "cheat", "cheating", "cheated", "scam",
    "swindle", "con me", "liar", "lying to me", "ridiculous", "outrageous", "disgrace", "disgraceful",
    "unacceptable", "incompetent", "useless", "pathetic", "insult", "insulting", "how dare", "nonsense",
    "rubbish", "absurd", "joke", "idiot", "stupid", "shut up", "furious", "sue", "lawyer", "never again",
    "fed up", "sick of", "waste of my time", "take me for a fool",
)
# Hurt, fear, dismay: a person saying these is not smiling.
UPSET = (
    "ruined", "ruin", "awful", "terrible", "horrible", "disaster", "nightmare", "disappointed", "disappointing",
    "upset", "worried", "scared", "afraid", "frightened", "panic", "can't believe", "cannot believe",
    "unbelievable", "humiliated", "humiliating", "embarrassing", "ashamed", "mortified", "devastated",
    "heartbroken", "crying", "tears", "angry", "annoyed", "frustrated", "hopeless", "desperate",
)
# Thanks, delight, relief: a person saying these is not glaring.
WARM = (
    "thank", "thanks", "thank you", "grateful", "appreciate", "wonderful", "lovely", "marvellous", "marvelous",
    "delighted", "delightful", "brilliant", "fantastic", "excellent", "perfect", "glad", "happy", "pleased",
    "relieved", "what a relief", "kind of you", "very kind", "you're a star", "bless you", "it's a deal", "splendid",
)
# Phrases whose feeling is not their words'; they are taken out before the words are read.
TURNED = ("no problem", "not a problem", "not bad", "no worries", "don't worry", "do not worry", "not worried",
          "not upset", "not angry", "no joke", "not happy", "not pleased", "not glad", "no thanks", "thanks for nothing")
# ... and what each of them reads as instead (absent: neutral).
TURNED_TONE: dict[str, Tone] = {"not happy": "upset", "not pleased": "upset", "thanks for nothing": "hostile"}


def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """Any of `words` as whole words, longest first, ignoring case."""
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w'])({alternatives})(?![\w-])", re.IGNORECASE)


_HOSTILE, _UPSET, _WARM, _TURNED = _pattern(HOSTILE), _pattern(UPSET), _pattern(WARM), _pattern(TURNED)
_SHOUTED = re.compile(r"\b[A-Z]{3,}\b")
_ASIDE = re.compile(r"\([^()]*\)")  # a stage direction in brackets: the author's words, not the speaker's
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'"})


@dataclass(frozen=True)
class Reading:
    """How a line sounds: its tone and the words (or marks) that gave it away."""

    tone: Tone
    cues: tuple[str, ...]


def read_tone(text: str) -> Reading:
    """The tone of `text`: hostile, upset, warm, or neutral when the words say nothing clear.

    Stage directions in brackets ("(quietly)") are left out: they are not what is said.
    Hostile words count twice, upset words once, against warm words once each; an
    exclamation mark or a shouted word (three capitals or more) adds one to a line that
    already has hostile or upset words. Whichever side is ahead by two or more wins; a
    line with both kinds and no clear lead is neutral.
    """
    plain = _ASIDE.sub(" ", text.translate(_APOSTROPHES))
    cues: list[str] = []
    hostile = upset = warm = 0
    for match in _TURNED.finditer(plain):
        phrase = match.group(1).lower()
        turned = TURNED_TONE.get(phrase)
        if turned == "hostile":
            hostile, cues = hostile + 1, [*cues, phrase]
        elif turned == "upset":
            upset, cues = upset + 1, [*cues, phrase]
    rest = _TURNED.sub(" ", plain)
    for pattern, kind in ((_HOSTILE, "hostile"), (_UPSET, "upset"), (_WARM, "warm")):
        for match in pattern.finditer(rest):
            cues.append(match.group(1).lower())
            hostile += kind == "hostile"
            upset += kind == "upset"
            warm += kind == "warm"
    against = 2 * hostile + upset
    if against:
        louder = [mark for mark in ("!",) if mark in plain] + _SHOUTED.findall(plain)
        if louder:
            against += 1
            cues.append(louder[0])
    if against - warm >= 2 or (against and not warm):
        return Reading("hostile" if hostile else "upset", tuple(cues))
    if warm - against >= 2 or (warm and not against):
        return Reading("warm", tuple(cues))
    return Reading("neutral", tuple(cues))


# The faces that contradict each tone outright: a grin on an accusation or on dismay, a
# glare on thanks. Everything else (a calm face on an angry line, a sad one on thanks)
# may be restraint, and is left alone.
CLASHES: dict[Tone, frozenset[str]] = {
    "hostile": frozenset({"relieved"}),
    "upset": frozenset({"relieved"}),
    "warm": frozenset({"angry"}),
    "neutral": frozenset(),
}
# What to suggest instead, per tone.
FITTING: dict[Tone, str] = {"hostile": "angry", "upset": "sad, worried or annoyed", "warm": "relieved or calm", "neutral": "calm"}


def clashes(tone: Tone, expression: str) -> bool:
    """True when a line of this tone shown with this expression reads as a contradiction."""
    return expression in CLASHES[tone]
