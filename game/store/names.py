"""The one rule for player names, with no database import, so a command checks a name at once.

A name is shown as first typed, but players are told apart by its *identity*: the name in
NFKC form, case-folded, with surrounding spaces trimmed and inner runs of spaces made one.
So `Alice`, `ALICE` and full-width `ａｌｉｃｅ` are one player. Characters that show nothing
(format characters such as U+200B, U+2060, U+00AD, fillers such as U+3164, and other
invisible code points) are refused rather than dropped: dropping them would let a name
look like another's on a board; refusing them makes the trainee type it plainly. A blank
name, a name of only invisible characters and an absurdly long one are refused too.
"""

from __future__ import annotations

import unicodedata

from game.i18n import N_, _
from game.store.errors import StoreError

MAX_NAME_LENGTH = 200

# Code points that draw nothing although they are not format (Cf) characters: Hangul and
# half-width fillers, the Braille blank, the Mongolian vowel separator, combining grapheme joiner.
_INVISIBLE = {0x115F, 0x1160, 0x3164, 0xFFA0, 0x2800, 0x180E, 0x034F, 0x17B4, 0x17B5}


def invisible(char: str) -> bool:
    """True for a character that shows nothing in a name (format, control, filler, unassigned)."""
    category = unicodedata.category(char)
    if category in ("Cf", "Cc", "Co", "Cn", "Cs", "Zl", "Zp"):
        return True
    if 0xFE00 <= ord(char) <= 0xFE0F or 0xE0100 <= ord(char) <= 0xE01EF:  # variation selectors
        return True
    return ord(char) in _INVISIBLE


PLAYER_NAME = "player"
CLASS_NAME = "class"
# What is wrong with a name, for each kind of name check_name checks (whole sentences, so a
# translation never has to fit a noun into another sentence).
_PROBLEMS: dict[str, tuple[str, str, str, str]] = {
    PLAYER_NAME: (
        N_("a player name cannot be empty"),
        N_("a player name can be at most {most} characters (this one has {length})"),
        N_("a player name cannot contain invisible characters ({codes}); type it plainly"),
        N_("a player name must have a visible character"),
    ),
    CLASS_NAME: (
        N_("a class name cannot be empty"),
        N_("a class name can be at most {most} characters (this one has {length})"),
        N_("a class name cannot contain invisible characters ({codes}); type it plainly"),
        N_("a class name must have a visible character"),
    ),
}


def check_name(name: str, kind: str = PLAYER_NAME) -> str:
    """The name unchanged if it can be stored; StoreError if it is blank, too long or has invisible characters.

    `kind` (PLAYER_NAME or CLASS_NAME) says which name the message calls it.
    """
    empty, too_long, hidden_text, no_visible = _PROBLEMS[kind]
    if not isinstance(name, str) or not name.strip():
        raise StoreError(_(empty))
    if len(name) > MAX_NAME_LENGTH:
        raise StoreError(_(too_long).format(most=MAX_NAME_LENGTH, length=len(name)))
    hidden = [char for char in name if invisible(char)]
    if hidden:
        codes = ", ".join(dict.fromkeys(f"U+{ord(char):04X}" for char in hidden))
        raise StoreError(_(hidden_text).format(codes=codes))
    if not any(not char.isspace() and unicodedata.category(char) not in ("Mn", "Me") for char in name):
        raise StoreError(_(no_visible))
    return name


def identity(name: str) -> str:
    """What names are compared by: NFKC, case-folded, spaces trimmed and collapsed (after check_name)."""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())
    return " ".join(folded.split())
