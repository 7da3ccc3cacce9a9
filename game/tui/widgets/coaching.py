"""The practice coaching panel: the behaviours the last reply showed and the rule behind each."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from game.engine.review import OK_GRADES, ReviewRow, coach_words
from game.engine.session import Turn
from game.tui.drawing import signed

EMPTY = "Coaching appears here after each reply: the behaviours you showed and the rule behind each."


def mark(points: float) -> tuple[str, str]:
    """A sign that says good, bad or neutral without colour, and the colour that repeats it."""
    if points > 0:
        return "✔", "bold green"
    if points < 0:
        return "✘", "bold red"
    return "•", "bold"


def coaching_lines(turn: Turn | None, review: ReviewRow | None = None) -> list[tuple[Text, Text]]:
    """The reply's grade against the best on offer, then per behaviour: (points, what it was, its rule and why)."""
    if turn is None:
        return []
    lines: list[tuple[Text, Text]] = []
    if review is not None:
        style = "bold green" if review.grade in OK_GRADES else "bold red" if review.grade else "bold"
        lines.append((Text("Grade", style=style), Text(coach_words(review), style=style.replace("bold ", ""))))
    for item in turn.result.items:
        sign, style = mark(item.points)
        body = Text(item.title, style="bold")
        body.append(f"  {item.dimension}")
        if item.rule:
            body.append(f"\n{item.rule}", style="bold reverse")
            if item.rule_title:
                body.append(f" {item.rule_title}")
        if item.explain:
            body.append(f"\n{item.explain}", style="italic")
        lines.append((Text(f"{sign} {signed(item.points)}", style=style), body))
    if turn.choice.feedback:
        lines.append((Text("Coach", style="bold"), Text(turn.choice.feedback)))
    return lines


def coaching_view(turn: Turn | None, review: ReviewRow | None = None) -> RenderableType:
    """The panel's content: a two-column grid (points | explanation), or the empty hint."""
    lines = coaching_lines(turn, review)
    if turn is None:
        return Text(EMPTY, style="italic")
    if not lines:
        return Text("No rubric behaviour on that reply.", style="italic")
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(width=6, no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")  # a word wider than the column (Chinese has no spaces) folds, never "…"
    for points, body in lines:
        grid.add_row(points, body)
    return Group(Text.assemble(("Your reply: ", "bold"), turn.text), grid)


class CoachingPanel(Static):
    """Shows `coaching_view` for the last reply; only composed in practice mode."""

    DEFAULT_CSS = """
    CoachingPanel { height: auto; max-height: 16; border: round $secondary; padding: 0 1; overflow-y: auto; }
    """

    def on_mount(self) -> None:
        """Title the panel."""
        self.border_title = "Coach (u undoes)"

    def show(self, turn: Turn | None, review: ReviewRow | None = None) -> None:
        """Explain `turn` and its grade (None: the empty hint)."""
        self.lines = coaching_lines(turn, review)
        self.set_class(turn is None, "-empty")
        self.update(coaching_view(turn, review))

    def plain_text(self) -> str:
        """What the panel says, as plain text (for tests and screen readers)."""
        return "\n".join(f"{points.plain} {body.plain}" for points, body in self.lines)
