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

from game.store.display import printable
from game.store.display import width as columns  # one rule for how wide text is, CLI and report alike

# Whitespace the page lays out normally; every other control or reordering character is
# shown as an escape, by the same rule the terminal commands use.
_KEPT = frozenset({"\n", "\t"})


def visible(text: object) -> str:
    """`text` as a string with control and reordering characters shown as escapes."""
    return printable("" if text is None else str(text), keep=_KEPT)


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
