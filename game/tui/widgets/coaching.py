"""The practice coaching panel: draws game/play/coaching.py's view of the last reply (grade, behaviours, rules)."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text
from textual.widgets import Static

from game.i18n import _
from game.play.coaching import CoachingView, CoachItem
from game.tui.drawing import Hanging, Wrapped

STYLES = {1: "bold green", -1: "bold red", 0: "bold"}
MARKS = {1: "✔", -1: "✘", 0: "•"}  # good, bad or neutral said without colour; the colour repeats it


def item_lines(item: CoachItem) -> tuple[Text, Text]:
    """One coaching item as (its mark and points, or its pill; what it says)."""
    style = STYLES[item.tone]
    if item.kind == "grade":
        return Text(item.tag, style=style), Text(item.title, style=style.replace("bold ", ""))
    if item.kind == "note":
        return Text(item.tag, style="bold"), Text(item.title)
    body = Text(item.title, style="bold")
    body.append(f"  {item.dimension}")
    if item.rule:
        body.append(f"\n{item.rule}", style="bold reverse")
        if item.rule_title:
            body.append(f" {item.rule_title}")
    if item.explain:
        body.append(f"\n{item.explain}", style="italic")
    return Text(f"{MARKS[item.tone]} {item.points_text}", style=style), body


def coaching_lines(view: CoachingView) -> list[tuple[Text, Text]]:
    """Each item of the coaching as (mark, points or pill | what it says)."""
    return [item_lines(item) for item in view.items]


def coaching_renderable(view: CoachingView) -> RenderableType:
    """The panel's content: the reply, then a two-column grid (points | explanation), or the hint."""
    if view.hint:
        return Text(view.hint, style="italic")
    # Each item: its points in a column of six, what it says wrapped beside it by display
    # width (Chinese between characters, never cut with "…"; tui/drawing.py).
    items = [Hanging(points, 6, body) for points, body in coaching_lines(view)]
    return Group(Wrapped(Text.assemble((_("Your reply: "), "bold"), view.reply or "")), *items)


class CoachingPanel(Static):
    """Shows `coaching_view` for the last reply; only composed in practice mode."""

    DEFAULT_CSS = """
    CoachingPanel { height: auto; max-height: 16; border: round $secondary; padding: 0 1; overflow-y: auto; }
    """

    def on_mount(self) -> None:
        """Title the panel."""
        self.border_title = _("Coach (u undoes)")

    def show(self, view: CoachingView) -> None:
        """Draw the coaching of the last reply (or the hint before the first)."""
        self.lines = coaching_lines(view)
        self.set_class(view.empty, "-empty")
        self.update(coaching_renderable(view))

    def plain_text(self) -> str:
        """What the panel says, as plain text (for tests and screen readers)."""
        return "\n".join(f"{points.plain} {body.plain}" for points, body in self.lines)
