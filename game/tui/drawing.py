"""Text art with no widgets: faces, bars and sparklines, as Rich `Text` (never markup).

Every drawing carries its meaning in characters and words as well as colour (a bar has
its number beside it, a face its expression's name), so it reads the same in high
contrast, in monochrome and through a screen reader's plain transcript.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

from game.i18n import N_, _
from game.play.lines import wrap_cells

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
# Each expression's name under its face (the names themselves are codes of the scenario format).
EXPRESSION_NAMES = {
    "calm": N_("CALM"),
    "annoyed": N_("ANNOYED"),
    "angry": N_("ANGRY"),
    "relieved": N_("RELIEVED"),
    "embarrassed": N_("EMBARRASSED"),
    "worried": N_("WORRIED"),
    "sad": N_("SAD"),
}
SPARKS = "▁▂▃▄▅▆▇█"


def face(expression: str, colour: bool = True) -> Text:
    """A six-line portrait drawn with box characters, its expression named underneath."""
    brows, eyes, nose, mouth = _FACES[expression]
    rows = ["╭─────────╮", f"│{brows}│", f"│{eyes}│", f"│{nose}│", f"│{mouth}│", "╰─────────╯"]
    art = Text("\n".join(rows), style=_STYLES[expression] if colour else "")
    name = _(EXPRESSION_NAMES[expression])
    spare = max(0, 11 - cell_len(name))  # centred by display width (a Chinese name is two columns a character),
    left = spare // 2 + (spare & 11 & 1)  # the odd column on the left, as str.center puts it
    art.append("\n" + " " * left + name + " " * (spare - left), style="bold")
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


class Wrapped:
    """Styled text wrapped at the width it is drawn in by the rule both games share (game/play/lines.py).

    Rich breaks only at spaces and folds a longer word anywhere; Chinese has no spaces, so
    a reply or a line would break before a "，" or be cut. This breaks between Chinese
    characters but never before closing punctuation, and never hides a character.
    """

    def __init__(self, text: Text):
        self.text = text
        # Textual draws and measures one renderable many times per frame at the same width
        # (a key press re-lays the screen out several times): wrap once per width.
        self._lines_at: dict[int, list[Text]] = {}

    @property
    def plain(self) -> str:
        """The text without styles."""
        return self.text.plain

    def lines(self, width: int) -> list[Text]:
        """The styled lines this text wraps into at `width` cells."""
        lines = self._lines_at.get(width)
        if lines is None:
            lines = []
            for start, end in wrap_cells(self.text.plain, width):
                line = self.text[start:end]
                line.overflow = "fold"
                lines.append(line)
            self._lines_at[width] = lines
        return lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """One styled line per wrapped span."""
        yield from self.lines(options.max_width)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        """At least the widest character, at most the longest paragraph."""
        plain = self.text.plain
        widest = max((cell_len(char) for char in plain), default=0)
        longest = max((cell_len(paragraph) for paragraph in plain.split("\n")), default=0)
        return Measurement(widest, longest).clamp(max_width=options.max_width)


class Hanging:
    """A short label in a column of its own with wrapped text beside it: "␣3␣ Let me check that..."

    The text's later lines hang under its first, clear of the label. It draws what a
    two-column `Table.grid` would, at a fraction of the cost: the replies and the coaching
    are redrawn on every key press.
    """

    def __init__(self, label: Text, label_width: int, body: Text, gap: int = 1):
        self.label = label
        self.label_width = label_width
        self.gap = gap
        self.body = Wrapped(body)

    @property
    def plain(self) -> str:
        """The label and the text, without styles."""
        return f"{self.label.plain} {self.body.plain}"

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """The label's lines beside the text's, each row padded to the whole width."""
        width = options.max_width
        indent = self.label_width + self.gap
        body_lines = self.body.lines(max(width - indent, 1))
        label_lines = self.label.wrap(console, self.label_width, overflow="fold")
        for row in range(max(len(body_lines), len(label_lines))):
            line = Text()  # the label's own style stays on the label, not the whole row
            if row < len(label_lines):
                line.append_text(label_lines[row])
            line.pad_right(indent - line.cell_len)
            if row < len(body_lines):
                line.append_text(body_lines[row])
            line.pad_right(width - line.cell_len)
            line.no_wrap = True
            line.overflow = "fold"
            yield line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        """The label's column plus the text's measure; it fills the width like an expanded grid."""
        return Measurement(self.label_width + self.gap + 1, options.max_width)
