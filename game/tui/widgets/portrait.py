"""The speaker's portrait: their name and role, and a face whose expression follows the mood."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from game.tui.drawing import expression_for, face


class Portrait(Static):
    """Who is speaking and how they feel, drawn with box characters."""

    DEFAULT_CSS = """
    Portrait { width: 100%; height: auto; content-align: center top; text-align: center; padding: 0 1; }
    """

    def __init__(self, *, id: str | None = None):
        super().__init__(id=id)
        self.expression = "calm"

    def show(self, name: str, role: str, mood: float, colour: bool = True) -> None:
        """Draw `name` (shown literally) with the face for `mood` (0 worst, 1 best)."""
        self.expression = expression_for(mood)
        content = Text(name, style="bold", justify="center")
        content.append(f"\n{role}\n", style="italic")
        content.append_text(face(self.expression, colour))
        self.update(content)
