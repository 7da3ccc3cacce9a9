"""The portrait of the person on stage: their name and role, and the face game/play decided."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from game.play.stage import Face, role_name
from game.tui.drawing import face


class Portrait(Static):
    """Who is on stage and how they look, drawn with box characters (never the narrator)."""

    DEFAULT_CSS = """
    Portrait { width: 100%; height: auto; content-align: center top; text-align: center; padding: 0 1; }
    """

    def __init__(self, *, id: str | None = None):
        super().__init__(id=id)
        self.expression = "calm"

    def show(self, person: Face | None, colour: bool = True) -> None:
        """Draw `person` (the name shown literally) with their expression; nothing for no one."""
        if person is None:
            self.expression = ""
            self.update("")
            return
        self.expression = person.expression
        content = Text(person.name, style="bold", justify="center")
        content.append(f"\n{role_name(person.role)}\n", style="italic")
        content.append_text(face(self.expression, colour))
        self.update(content)
