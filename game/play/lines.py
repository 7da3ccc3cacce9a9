"""Where a line of text may break, and greedy wrapping by any measure: one rule for both games.

English breaks at spaces; Chinese has none and may break between any two wide characters,
but never before closing punctuation ("，", "。", "）") nor after opening punctuation ("（").
A word wider than the whole line is cut between characters rather than cut off: no text
is ever hidden behind an ellipsis. The window game measures pieces in pixels, the terminal
in cells (a wide character takes two); both wrap with `spans` and so break in the same places.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from game.store.display import width as cell_width

# Characters that must not begin a line (they close what came before) ...
NO_BREAK_BEFORE = frozenset("，。、；：！？）》」』】〕〉”’…—·,.;:!?)]}%'\"")
# ... and characters that must not end one (they open what comes after).
NO_BREAK_AFTER = frozenset("（《「『【〔〈“‘([{")

Span = tuple[int, int]  # a line as [start, end) in the paragraph or text it came from


def is_wide(char: str) -> bool:
    """True for characters written without spaces between them (Chinese, Japanese, full-width)."""
    return unicodedata.east_asian_width(char) in ("W", "F")


def tokens(line: str) -> list[str]:
    """`line` (no newlines) cut into pieces that may start a new line: runs of spaces, words,
    and single wide characters (with the punctuation that must stay beside them)."""
    pieces: list[str] = []
    current: list[str] = []
    kind = ""  # "space", "word" or "wide": what `current` holds
    for char in line:
        new_kind = "space" if char == " " else "wide" if is_wide(char) else "word"
        if current and _glues(kind, new_kind, current[-1], char):
            current.append(char)
            # A run that holds a wide character may break after it, whatever follows.
            kind = "wide" if "wide" in (kind, new_kind) else new_kind
            continue
        if current:
            pieces.append("".join(current))
        current, kind = [char], new_kind
    if current:
        pieces.append("".join(current))
    return pieces


def _glues(kind: str, new_kind: str, last: str, char: str) -> bool:
    """True when `char` must stay on the same line as the run before it (ending in `last`)."""
    if "space" in (kind, new_kind):
        return kind == new_kind  # spaces join spaces; a break may come before or after them
    if kind == new_kind == "word":
        return True
    return char in NO_BREAK_BEFORE or last in NO_BREAK_AFTER


def spans(paragraph: str, width: float, measure: Callable[[str], float]) -> list[Span]:
    """`paragraph` (no newlines) greedily filled into lines no wider than `width` by `measure`.

    Spaces at a break are dropped; a piece wider than the whole width is cut between
    characters (a character wider than the width gets a line to itself). Every other
    character is in exactly one line, in order. An empty paragraph is one empty line.
    """
    lines: list[Span] = []
    start = end = 0  # the line being filled (start == end: nothing on it yet)
    used = 0.0
    pending = 0.0  # the width of the spaces since the last piece
    position = 0
    for piece in tokens(paragraph):
        at, position = position, position + len(piece)
        if piece[0] == " ":
            pending += measure(" ") * len(piece)
            continue
        piece_width = measure(piece)
        if (end > start or not lines) and used + pending + piece_width <= width:  # (spaces opening a paragraph are kept)
            end, used = position, used + pending + piece_width
        elif piece_width <= width:
            if end > start:
                lines.append((start, end))
            start, end, used = at, position, piece_width
        else:  # wider than a whole line: cut between characters
            if end > start:
                lines.append((start, end))
            start, end, used = at, at, 0.0
            for index, char in enumerate(piece, start=at):
                char_width = measure(char)
                if end > start and used + char_width > width:
                    lines.append((start, end))
                    start, used = index, 0.0
                end, used = index + 1, used + char_width
        pending = 0.0
    if end > start or not lines:
        lines.append((start, end))
    return lines


def wrap_cells(text: str, columns: int) -> list[Span]:
    """The lines of `text` at `columns` terminal cells (a wide character takes two), as spans of `text`; a newline always breaks."""
    lines: list[Span] = []
    offset = 0
    for paragraph in text.split("\n"):
        lines.extend((offset + a, offset + b) for a, b in spans(paragraph, max(columns, 1), cell_width))
        offset += len(paragraph) + 1
    return lines


def speaker_separator(speaker: str) -> str:
    """What goes between a speaker's name and their line: a full-width colon after a Chinese name
    ("奥先生：", no space, as Chinese punctuation is written), else ": " ("Mr Okafor: ")."""
    return "：" if speaker and is_wide(speaker[-1]) else ": "
