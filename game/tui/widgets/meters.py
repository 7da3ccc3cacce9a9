"""The scenario's meters: a label, a bar, the number, a word for the level and the last change.

The bar slides to a new value unless reduced motion is on; the number, the word and the
change (▲/▼) say the same thing without colour.
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widgets import Static

from game.i18n import _
from game.play.meters import MeterView
from game.scenario.model import MeterSpec
from game.tui.drawing import bar

BAR_WIDTH = 12
TONE_STYLES = {"good": "green", "warn": "yellow", "bad": "red"}  # the colour repeats what the words say


class MeterBar(Static):
    """One meter; `shown` is the value drawn (animated towards the real one)."""

    DEFAULT_CSS = """
    MeterBar { height: 2; width: 100%; padding: 0 1; }
    """

    shown: reactive[float] = reactive(0.0)

    def __init__(self, spec: MeterSpec, value: int, *, plain: bool = False):
        super().__init__(id=f"meter-{spec.name}")
        self.spec = spec
        self.value = value
        self.delta = 0
        self.plain = plain
        self.set_reactive(MeterBar.shown, float(value))

    def set_value(self, value: int, animate: bool) -> None:
        """Move to `value`, remembering the change for the ▲/▼ mark."""
        self.delta = value - self.value
        self.value = value
        if animate:
            self.animate("shown", float(value), duration=0.4, easing="out_cubic")
        else:
            self.shown = float(value)
        self.refresh_text()

    def watch_shown(self) -> None:
        """Redraw while the bar slides."""
        self.refresh_text()

    def refresh_text(self) -> None:
        """Draw the label, number, level word, change and bar.

        The bar's height is fixed (CSS), so a new value repaints this meter alone: no layout
        of the screen for each frame of the slide.
        """
        self.update(self.render_text(), layout=False)

    def render_text(self) -> Text:
        """The meter as text (also what snapshot and pilot tests read)."""
        spec = self.spec
        meter = MeterView(spec.name, spec.label, self.value, spec.min, spec.max, spec.good_high)
        span = max(spec.max - spec.min, 1)
        text = Text(meter.label, style="bold")
        text.append(f" {meter.reading}")
        if self.delta:
            arrow = "▲" if self.delta > 0 else "▼"
            text.append(f" {arrow}{abs(self.delta)}", style="bold")
        if self.plain:
            text.append(f" ({meter.hint})")
            return text
        style = TONE_STYLES[meter.tone]
        text.append("\n")
        text.append(bar((self.shown - spec.min) / span, BAR_WIDTH), style=style)
        text.append(" " + (_("↑ good") if spec.good_high else _("↓ good")), style="dim")
        return text


class MeterPanel(Vertical):
    """Every meter of the scenario, in declaration order."""

    DEFAULT_CSS = """
    MeterPanel { height: auto; width: 100%; }
    """

    def __init__(self, specs: Mapping[str, MeterSpec], values: Mapping[str, int], *, plain: bool = False):
        super().__init__(id="meters")
        self._bars = [MeterBar(spec, values[name], plain=plain) for name, spec in specs.items()]

    def compose(self) -> ComposeResult:
        """One bar per meter."""
        yield from self._bars

    def on_mount(self) -> None:
        """Draw the starting values."""
        for meter in self._bars:
            meter.refresh_text()

    def set_values(self, values: Mapping[str, int], animate: bool) -> None:
        """Move every meter to its new value."""
        for meter in self._bars:
            meter.set_value(values[meter.spec.name], animate)
