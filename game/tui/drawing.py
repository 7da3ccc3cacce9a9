"""Text art with no widgets: faces, bars and sparklines, as Rich `Text` (never markup).

Every drawing carries its meaning in characters and words as well as colour (a bar has
its number beside it, a face its expression's name), so it reads the same in high
contrast, in monochrome and through a screen reader's plain transcript.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

# Each face: brows, eyes, nose, mouth; drawn inside the same box. One per expression of the
# format (game/scenario/schema.py EXPRESSIONS); which one shows is decided in game/play.
_FACES: dict[str, tuple[str, str, str, str]] = {
    "calm": ("  ─   ─  ", "  •   •  ", "    ╷    ", "   ───   "),
    "annoyed": ("  ─   ╲  ", "  •   •  ", "    ╷    ", "   ╶─╴   "),
    "angry": ("  ╲   ╱  ", "  ◣   ◢  ", "    ╷    ", "   ╭─╮   "),
    "relieved": ("  ╭   ╮  ", "  ◡   ◡  ", "    ╷    ", "  ╰───╯  "),
    "embarrassed": ("  ╱   ╲  ", " ░•   •░ ", "    ╷    ", "   ~~~   "),
    "worried": ("  ╱   ╲  ", "  o   o  ", "    ╷    ", "   ~~~   "),
    "sad": ("  ╱   ╲  ", "  ╥   ╥  ", "    ╷    ", "   ╭─╮   "),
}
EXPRESSIONS = tuple(_FACES)
_STYLES = {
    "angry": "bold red",
    "annoyed": "yellow",
    "calm": "cyan",
    "relieved": "bold green",
    "embarrassed": "magenta",
    "worried": "yellow",
    "sad": "blue",
}
SPARKS = "▁▂▃▄▅▆▇█"


def face(expression: str, colour: bool = True) -> Text:
    """A six-line portrait drawn with box characters, its expression named underneath."""
    brows, eyes, nose, mouth = _FACES[expression]
    rows = ["╭─────────╮", f"│{brows}│", f"│{eyes}│", f"│{nose}│", f"│{mouth}│", "╰─────────╯"]
    art = Text("\n".join(rows), style=_STYLES[expression] if colour else "")
    art.append("\n" + expression.upper().center(11), style="bold")
    return art


def bar(fraction: float, width: int) -> str:
    """A horizontal bar of `width` cells, filled to `fraction` (clamped to 0..1) in eighths."""
    fraction = min(max(fraction, 0.0), 1.0)
    eighths = round(fraction * width * 8)
    full, part = divmod(eighths, 8)
    partial = " ▏▎▍▌▋▊▉"[part].strip() if full < width else ""
    return ("█" * full + partial).ljust(width, "░")


def sparkline(values: Sequence[float]) -> str:
    """One block per value (each 0..1), from lowest ▁ to highest █."""
    top = len(SPARKS) - 1
    return "".join(SPARKS[round(min(max(value, 0.0), 1.0) * top)] for value in values)


def percent_text(value: float | None) -> str:
    """A percentage for people: '87%', or '—' where there was nothing to earn."""
    return "—" if value is None else f"{value:.0f}%"
