"""Printing stored text safely: names and texts exactly as given, but never as terminal commands.

Names are stored as typed, markup and control characters included. Printed raw, an
escape sequence could recolour or clear the terminal, a carriage return could overwrite
the line and a bidirectional override could reorder it. `printable` shows each such
character as a visible escape (`\\x1b`, `\\r`, `\\u202e`) and leaves everything else
alone: `[b]Bob[/b]` prints as those nine characters, and Chinese stays Chinese.
"""

from __future__ import annotations

import unicodedata

# Format characters that reorder or hide text in a terminal line (bidi controls, BOM).
# Other format characters (the zero-width joiner inside emoji) are harmless and kept.
_REORDERING = {0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A), 0xFEFF}
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\\": "\\\\"}


def _escape(char: str) -> str:
    """One character as a visible escape."""
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _unsafe(char: str) -> bool:
    """True for characters a terminal acts on instead of showing."""
    category = unicodedata.category(char)
    return category in ("Cc", "Zl", "Zp", "Cs") or ord(char) in _REORDERING


def printable(text: str | None, keep: frozenset[str] = frozenset()) -> str:
    """`text` with control, line-breaking and reordering characters shown as escapes.

    Characters in `keep` (a page keeps line breaks and tabs: it lays them out) stay as
    they are. A backslash is doubled only when the text has something to escape, so
    ordinary names (even ones containing a backslash) print unchanged.
    """
    if not text:
        return text or ""

    def unsafe(char: str) -> bool:
        return char not in keep and _unsafe(char)

    if not any(unsafe(char) for char in text):
        return text
    return "".join(_escape(char) if unsafe(char) or char == "\\" else char for char in text)


def width(text: str) -> int:
    """Columns `text` takes in a terminal: wide (CJK) characters take two, combining marks none."""
    total = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        total += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return total


def fit(text: str, columns: int) -> str:
    """Printable `text` cut to `columns` (with an ellipsis) and padded to exactly that width."""
    shown = printable(text)
    if width(shown) > columns:
        shown = cut_to(shown, columns - 1) + "…"
    return shown + " " * (columns - width(shown))


def cut_to(text: str, columns: int) -> str:
    """The longest start of `text` that fits in `columns` terminal columns (wide characters count two)."""
    used = 0
    for index, char in enumerate(text):
        used += width(char)
        if used > columns:
            return text[:index]
    return text


def pad(text: str, columns: int, right: bool = False) -> str:
    """`text` padded with spaces to `columns` terminal columns (wide characters count two), never cut;
    `right` puts the spaces before it. For headings and values of the program's own (translated) words."""
    space = " " * max(columns - width(text), 0)
    return space + text if right else text + space
