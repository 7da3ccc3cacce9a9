"""The replies on offer, numbered 1-9: pick with the number, the arrows and Enter, or the mouse."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from game.scenario.model import ChoiceSpec


def reply_text(number: int, choice: ChoiceSpec) -> Text:
    """A reply as plain text: its number key, then its text (literally)."""
    return Text.assemble((f" {number} ", "bold reverse"), " ", choice.text)


def reply_view(number: int, choice: ChoiceSpec) -> Table:
    """A reply as shown: the number key in its own column, the text wrapping beside it."""
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(width=3, no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(Text(f" {number} ", style="bold reverse"), Text(choice.text))
    return grid


class ReplyList(OptionList):
    """An option list of the replies; the screen acts on `OptionSelected`."""

    DEFAULT_CSS = """
    ReplyList { height: auto; max-height: 14; border: round $primary; padding: 0 1; }
        """

    def show(self, replies: Sequence[ChoiceSpec]) -> None:
        """Offer these replies, the first highlighted."""
        self.shown = list(replies)
        self.clear_options()
        self.add_options([Option(reply_view(n, choice), id=choice.id) for n, choice in enumerate(replies, start=1)])
        self.highlighted = 0 if replies else None
        self.border_title = "Your reply (1-9, ↑↓ Enter, or click)" if replies else None

    def plain_lines(self) -> list[str]:
        """The replies on show as plain text, numbered (for tests and screen readers)."""
        return [reply_text(n, choice).plain for n, choice in enumerate(getattr(self, "shown", []), start=1)]
