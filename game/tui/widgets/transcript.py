"""The conversation so far: each line with its speaker's name, the trainee's replies marked "You".

Only new entries are mounted after a reply (so the next line appears at once); after an
undo or a resume the list no longer extends what is shown and is drawn again.

With a typing speed, the customer's newest lines are typed out a few letters at a time,
one after another with a short pause between them, by the rule the window game types by
too (game/play/typewriter.py); `finish` shows them whole at once (any key or click on the
play screen). Replies, endings and older lines always appear whole. Every entry wraps by
display width with the line-breaking rule both games share (game/play/lines.py).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import cast

from rich.text import Text
from textual.containers import VerticalScroll
from textual.css.styles import RulesMap
from textual.timer import Timer
from textual.widgets import Static

from game.i18n import _
from game.play.lines import speaker_separator
from game.play.story import SaidLine
from game.play.typewriter import typing
from game.tui.drawing import Wrapped

_STYLES = {"line": "bold", "reply": "bold cyan", "ending": "bold magenta"}
TICK_SECONDS = 1 / 30  # how often a typed line grows: smooth enough, cheap enough
# Under `dojo serve` thirty apps share a laptop's cores: a line grows half as often (by twice the
# letters: the typing speed is the same), which halves what typing costs the class.
SERVED_TICK_SECONDS = 1 / 15


def entry_text(entry: SaidLine) -> Text:
    """One entry as literal text: 'Name: what they said' (no markup is read from either)."""
    if entry.kind == "ending":
        return Text.assemble((_("THE END · "), "bold"), (entry.speaker, _STYLES["ending"]), "\n", entry.text)
    return Text.assemble((entry.speaker, _STYLES[entry.kind]), speaker_separator(entry.speaker), entry.text)


def typed_text(entry: SaidLine, letters: int) -> Text:
    """A line with only its first `letters` characters of speech shown (the name is always whole)."""
    return Text.assemble((entry.speaker, _STYLES[entry.kind]), speaker_separator(entry.speaker), entry.text[: max(letters, 0)])


def to_type(new: Sequence[SaidLine]) -> int:
    """How many of the new entries, counted from the end, are customer lines to type.

    Only the lines after the last reply are typed: on a resume or after an undo the whole
    story is drawn again, and only what is being said now should be typed.
    """
    count = 0
    for entry in reversed(new):
        if entry.kind != "line":
            break
        count += 1
    return count


class TypedLine(Static):
    """A customer's line that is typed out; `letters` is how much of it shows."""

    def __init__(self, entry: SaidLine, *, classes: str):
        super().__init__(Wrapped(typed_text(entry, 0)), classes=classes)
        self.entry = entry
        self.letters = 0
        self._drawn = False  # shown through show_letters at least once

    @property
    def done(self) -> bool:
        """True once the whole line shows."""
        return self.letters >= len(self.entry.text)

    def show_letters(self, letters: int) -> None:
        """Show the first `letters` characters (at most the whole line); nothing is drawn again if that is what shows.

        A letter that keeps the line on as many rows repaints this line alone; only a new
        row lays the screen out again (a layout per letter was most of a served app's CPU).
        """
        letters = min(letters, len(self.entry.text))
        if letters == self.letters and self._drawn:
            return
        self.letters = letters
        self._drawn = True
        rows = self.content_size.height
        self.update(Wrapped(typed_text(self.entry, self.letters) if not self.done else entry_text(self.entry)), layout=False)
        width = self.content_size.width
        if not width or self.visual.get_height(cast(RulesMap, self.styles), width) != rows:
            self.refresh(layout=True)


class Transcript(VerticalScroll):
    """The scrolling conversation; `sync` shows exactly the entries given."""

    DEFAULT_CSS = """
    Transcript { height: 1fr; padding: 0 1; }
    Transcript > .entry { margin-bottom: 1; }
    Transcript > .reply { padding-left: 4; }
    Transcript > .ending { border: round $accent; padding: 0 1; }
    Transcript > .waiting { display: none; }
    """

    def __init__(self, *, id: str | None = None, clock: Callable[[], float] = time.monotonic):
        super().__init__(id=id)
        self.shown: list[SaidLine] = []
        self.queue: list[TypedLine] = []
        self.clock = clock
        self._began = 0.0
        self._speed: float | None = None
        self._timer: Timer | None = None

    @property
    def typing(self) -> bool:
        """True while a line is still being typed."""
        return bool(self.queue)

    def sync(self, entries: Sequence[SaidLine], animate: bool = True, speed: float | None = None) -> None:
        """Show `entries`: append what is new, or draw all again if the story changed.

        With `speed` (characters per second) the newest customer lines are typed out.
        """
        self.finish()  # a line still being typed is overtaken by what comes next
        entries = list(entries)
        if entries[: len(self.shown)] == self.shown:
            new = entries[len(self.shown) :]
        else:
            self.remove_children()
            new = entries
        typed = to_type(new) if speed else 0
        whole = new[: len(new) - typed]
        lines = [TypedLine(entry, classes="entry line waiting") for entry in new[len(whole) :]]
        widgets = [Static(Wrapped(entry_text(entry)), classes=f"entry {entry.kind}") for entry in whole]
        if widgets or lines:
            self.mount_all([*widgets, *lines])
        self.shown = entries
        if lines:
            self.queue = lines
            self._speed = speed
            self._began = self.clock()
            self.queue[0].remove_class("waiting")
            self._timer = self.set_interval(SERVED_TICK_SECONDS if getattr(self.app, "served", False) else TICK_SECONDS, self._tick)
        self.call_after_refresh(self.scroll_end, animate=animate)

    def _tick(self) -> None:
        """Show what the typewriter rule (game/play/typewriter.py) shows by now; stop once every line is whole."""
        if not self.queue or self._speed is None:
            self.finish()
            return
        state = typing([line.entry.text for line in self.queue], self.clock() - self._began, self._speed)
        for index, (line, count) in enumerate(zip(self.queue, state.shown)):
            if index <= state.current:
                line.remove_class("waiting")
            line.show_letters(count)
        if state.done:
            self.finish()
            return
        self.scroll_end(animate=False)

    def finish(self) -> bool:
        """Show every line being typed whole at once; True if there was one."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        was_typing = bool(self.queue)
        for line in self.queue:
            line.remove_class("waiting")
            line.show_letters(len(line.entry.text))
        self.queue = []
        if was_typing:
            self.scroll_end(animate=False)
        return was_typing

    def visible_text(self) -> str:
        """What is on screen now, lines being typed cut where they are (for tests)."""
        parts = []
        for child in self.children:
            if isinstance(child, TypedLine):
                if not child.has_class("waiting"):
                    parts.append(typed_text(child.entry, child.letters).plain)
            elif isinstance(child, Static):
                parts.append(child.content.plain)  # type: ignore[union-attr]
        return "\n".join(parts)

    def plain_text(self) -> str:
        """The conversation as plain lines (for tests and screen readers)."""
        return "\n".join(entry_text(entry).plain for entry in self.shown)
