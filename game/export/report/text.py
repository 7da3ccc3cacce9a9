"""Stored text made safe to show in a page: literal, never acted on.

Names and scenario text are stored exactly as typed. HTML escaping (Jinja2's autoescape,
`markupsafe.escape` in the charts) stops markup; this module handles what escaping does
not: control characters (an ANSI escape, a NUL) are invisible or replaced by a browser,
and the bidirectional embedding, override and isolate controls reorder the text around
them. Both are shown as visible escapes (`\\x1b`, `\\u202e`), as the terminal commands
show them. Right-to-left and Chinese text stay as they are; the page puts user text in
`<bdi>` so it cannot reorder its neighbours.
"""

from __future__ import annotations

import unicodedata

from game.store.display import width as columns  # one rule for how wide text is, CLI and report alike

# Embedding, override and isolate controls: they reorder text beyond their own run.
_REORDERING = {*range(0x202A, 0x202F), *range(0x2066, 0x206A)}
_KEPT = {"\n", "\t"}  # whitespace the page lays out normally


def _unsafe(char: str) -> bool:
    """True for characters a browser would hide, replace or act on."""
    if char in _KEPT:
        return False
    return unicodedata.category(char) in ("Cc", "Cs") or ord(char) in _REORDERING


def _escape(char: str) -> str:
    """One character as a visible escape."""
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: object) -> str:
    """`text` as a string with control and reordering characters shown as escapes."""
    value = "" if text is None else str(text)
    if not any(_unsafe(char) for char in value):
        return value
    return "".join(_escape(char) if _unsafe(char) else char for char in value)


def clip(text: object, limit: int) -> str:
    """`visible(text)` cut to at most `limit` columns, with an ellipsis when cut (chart labels)."""
    shown = visible(text).replace("\n", " ")
    if columns(shown) <= limit:
        return shown
    kept, used = [], 0
    for char in shown:
        width = columns(char)
        if used + width > limit - 1:
            break
        kept.append(char)
        used += width
    return "".join(kept) + "…"
