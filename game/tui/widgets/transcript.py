"""The conversation so far: each line with its speaker's name, the trainee's replies marked "You".

Only new entries are mounted after a reply (so the next line appears at once); after an
undo or a resume the list no longer extends what is shown and is drawn again.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from game.tui.story import Entry

_STYLES = {"line": "bold", "reply": "bold cyan", "ending": "bold magenta"}


def entry_text(entry: Entry) -> Text:
    """One entry as literal text: 'Name: what they said' (no markup is read from either)."""
    if entry.kind == "ending":
        return Text.assemble(("THE END · ", "bold"), (entry.speaker, _STYLES["ending"]), "\n", entry.text)
    return Text.assemble((entry.speaker, _STYLES[entry.kind]), ": ", entry.text)


class Transcript(VerticalScroll):
    """The scrolling conversation; `sync` shows exactly the entries given."""

    DEFAULT_CSS = """
    Transcript { height: 1fr; padding: 0 1; }
    Transcript > .entry { margin-bottom: 1; }
    Transcript > .reply { padding-left: 4; }
    Transcript > .ending { border: round $accent; padding: 0 1; }
    """

    def __init__(self, *, id: str | None = None):
        super().__init__(id=id)
        self.shown: list[Entry] = []

    def sync(self, entries: Sequence[Entry], animate: bool = True) -> None:
        """Show `entries`: append what is new, or draw all again if the story changed."""
        entries = list(entries)
        if entries[: len(self.shown)] == self.shown:
            new = entries[len(self.shown) :]
        else:
            self.remove_children()
            new = entries
        if new:
            self.mount_all([Static(entry_text(entry), classes=f"entry {entry.kind}") for entry in new])
        self.shown = entries
        self.call_after_refresh(self.scroll_end, animate=animate)

    def plain_text(self) -> str:
        """The conversation as plain lines (for tests and screen readers)."""
        return "\n".join(entry_text(entry).plain for entry in self.shown)
