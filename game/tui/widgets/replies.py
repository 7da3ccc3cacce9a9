"""The replies on offer, numbered 1-9: pick with the number, the arrows and Enter, or the mouse."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from game.i18n import _
from game.play.scene import ReplyView
from game.tui.drawing import Hanging


def reply_text(reply: ReplyView) -> Text:
    """A reply as plain text: its number key, then the wording drawn for it (literally)."""
    return Text.assemble((f" {reply.number} ", "bold reverse"), " ", reply.text)


def reply_grid(reply: ReplyView) -> Hanging:
    """A reply as shown: the number key in its own column, the wording drawn for it wrapping beside it."""
    # Wrapped by display width, between Chinese characters too, never cut with "…" (Chinese has no spaces).
    return Hanging(Text(f" {reply.number} ", style="bold reverse"), 3, Text(reply.text))


class ReplyList(OptionList):
    """An option list of the replies; the screen acts on `OptionSelected`.

    The scrollbar's gutter is always kept: the replies are wrapped to the width without a
    scrollbar, and one appearing later would cut the last line off a long reply.
    """

    DEFAULT_CSS = """
    ReplyList { height: auto; max-height: 14; border: round $primary; padding: 0 1; scrollbar-gutter: stable; }
        """

    def show(self, replies: Sequence[ReplyView]) -> None:
        """Offer these replies (the play view's, in its order), the first highlighted."""
        self.shown = list(replies)
        self.clear_options()
        self.add_options([Option(reply_grid(reply), id=reply.id) for reply in replies])
        self.highlighted = 0 if replies else None
        self.border_title = _("Your reply (1-9, ↑↓ Enter, or click)") if replies else None

    def plain_lines(self) -> list[str]:
        """The replies on show as plain text, numbered (for tests and screen readers)."""
        return [reply_text(reply).plain for reply in getattr(self, "shown", [])]
