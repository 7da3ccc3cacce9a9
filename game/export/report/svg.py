"""Inline SVG charts for the report: horizontal bars, signed bars, a line trend, a histogram.

Hand-written rather than drawn by a charting library: the charts are few and simple, and
this way the page needs no script, font or file from anywhere. Every chart is an
`<svg role="img">` labelled by its `<title>` and `<desc>`, scales to its container
(viewBox), and prints its numbers as text beside the marks, so nothing is read from a
bar's length or a colour alone. All text passes through `text.clip`/`visible` and then
`markupsafe.escape`; the result is `Markup`, safe to place in an autoescaped template.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from game.export.report.text import clip, visible
from game.i18n import _, rubric_text

FONT = 12
ROW = 26  # height of one bar row
LABEL_COLUMNS = 30  # characters of a label before it is clipped
REFERENCE_LINES = ((50.0, "Bronze"), (75.0, "Silver"), (90.0, "Gold"))  # a band and its threshold, labelled "Bronze 50"


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its value, and the text printed beside it."""

    label: str
    value: float
    note: str


def _ident(ident: str) -> str:
    """An id safe in an attribute and unique enough within a page."""
    return "chart-" + (re.sub(r"[^a-z0-9-]+", "-", ident.lower()).strip("-") or "x")


def _number(value: float) -> str:
    """A coordinate with one decimal, without a trailing '.0'."""
    text = f"{value:.1f}"
    return text.removesuffix(".0")


def _frame(ident: str, width: int, height: int, title: str, desc: str, body: list[str]) -> Markup:
    """The <svg> element around a chart's marks, labelled for screen readers."""
    key = _ident(ident)
    head = (
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" aria-labelledby="{key}-t {key}-d">'
        f'<title id="{key}-t">{escape(visible(title))}</title><desc id="{key}-d">{escape(visible(desc))}</desc>'
    )
    return Markup(head + "".join(body) + "</svg>")


def _text(x: float, y: float, content: str, anchor: str = "start", css: str = "") -> str:
    """A <text> element with escaped content."""
    klass = f' class="{css}"' if css else ""
    return f'<text x="{_number(x)}" y="{_number(y)}" text-anchor="{anchor}"{klass}>{escape(content)}</text>'


def bar_chart(ident: str, bars: Sequence[Bar], title: str, desc: str, maximum: float = 100.0) -> Markup:
    """Horizontal bars from zero, one per row, with the label left and the note right."""
    label_width, bar_width, note_width = 220, 300, 130
    width = label_width + bar_width + note_width
    height = max(len(bars), 1) * ROW + 8
    body = []
    for row, bar in enumerate(bars):
        top = 4 + row * ROW
        length = bar_width * max(0.0, min(bar.value, maximum)) / maximum if maximum > 0 else 0.0
        body.append(
            f'<g><title>{escape(visible(bar.label))}: {escape(bar.note)}</title>'
            + _text(label_width - 8, top + 16, clip(bar.label, LABEL_COLUMNS), "end", "label")
            + f'<rect class="track" x="{label_width}" y="{top + 4}" width="{bar_width}" height="{ROW - 10}" rx="3"/>'
            + f'<rect class="bar" x="{label_width}" y="{top + 4}" width="{_number(length)}" height="{ROW - 10}" rx="3"/>'
            + _text(label_width + bar_width + 8, top + 16, bar.note, "start", "value")
            + "</g>"
        )
    return _frame(ident, width, height, title, desc, body)


def signed_chart(ident: str, bars: Sequence[Bar], title: str, desc: str) -> Markup:
    """Bars left or right of a centre line, for values from -1 to +1 (discrimination)."""
    label_width, half, note_width = 220, 150, 90
    width = label_width + 2 * half + note_width
    height = max(len(bars), 1) * ROW + 24
    centre = label_width + half
    body = [
        _text(label_width, 12, _("weaker choose it"), "start", "axis"),
        _text(label_width + 2 * half, 12, _("stronger choose it"), "end", "axis"),
        f'<line class="axis-line" x1="{centre}" y1="16" x2="{centre}" y2="{height - 4}"/>',
    ]
    for row, bar in enumerate(bars):
        top = 20 + row * ROW
        length = half * max(-1.0, min(bar.value, 1.0))
        x = centre if length >= 0 else centre + length
        css = "bar" if length >= 0 else "bar negative"
        body.append(
            f'<g><title>{escape(visible(bar.label))}: {escape(bar.note)}</title>'
            + _text(label_width - 8, top + 16, clip(bar.label, LABEL_COLUMNS), "end", "label")
            + f'<rect class="{css}" x="{_number(x)}" y="{top + 4}" width="{_number(abs(length))}" height="{ROW - 10}" rx="2"/>'
            + _text(label_width + 2 * half + 8, top + 16, bar.note, "start", "value")
            + "</g>"
        )
    return _frame(ident, width, height, title, desc, body)


def line_chart(
    ident: str,
    values: Sequence[float],
    title: str,
    desc: str,
    width: int = 640,
    height: int = 200,
    references: bool = True,
) -> Markup:
    """A 0-100% line over runs in order, each point marked and titled with its value."""
    left, right, top, bottom = 40, 80 if references else 16, 12, 28
    plot_w, plot_h = width - left - right, height - top - bottom
    body = []
    for level in (0, 25, 50, 75, 100):
        y = top + plot_h * (1 - level / 100)
        body.append(f'<line class="grid" x1="{left}" y1="{_number(y)}" x2="{left + plot_w}" y2="{_number(y)}"/>')
        body.append(_text(left - 6, y + 4, f"{level}%", "end", "axis"))
    if references:
        for reference, name in REFERENCE_LINES:
            y = top + plot_h * (1 - reference / 100)
            body.append(f'<line class="reference" x1="{left}" y1="{_number(y)}" x2="{left + plot_w}" y2="{_number(y)}"/>')
            label = _("{band} {count}").format(band=rubric_text(name), count=f"{reference:.0f}")
            body.append(_text(left + plot_w + 6, y + 4, label, "start", "axis"))
    count = len(values)
    step = plot_w / (count - 1) if count > 1 else 0.0
    points = [
        (left + (step * i if count > 1 else plot_w / 2), top + plot_h * (1 - max(0.0, min(v, 100.0)) / 100))
        for i, v in enumerate(values)
    ]
    if count > 1:
        body.append('<polyline class="line" points="' + " ".join(f"{_number(x)},{_number(y)}" for x, y in points) + '"/>')
    for index, ((x, y), value) in enumerate(zip(points, values), start=1):
        body.append(f'<circle class="point" cx="{_number(x)}" cy="{_number(y)}" r="3.5"><title>Run {index}: {value:.1f}%</title></circle>')
    body.append(_text(left, height - 8, _("first run"), "start", "axis"))
    if count > 1:
        body.append(_text(left + plot_w, height - 8, _("run {count}").format(count=count), "end", "axis"))
    return _frame(ident, width, height, title, desc, body)


def histogram(ident: str, counts: Sequence[int], title: str, desc: str, bin_width: int = 10) -> Markup:
    """Vertical bars of counts per score bin, each count printed above its bar."""
    width, height = 640, 200
    left, top, bottom = 16, 20, 30
    plot_w, plot_h = width - 2 * left, height - top - bottom
    slot = plot_w / max(len(counts), 1)
    tallest = max(counts, default=0) or 1
    body = [f'<line class="axis-line" x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}"/>']
    for index, count in enumerate(counts):
        x = left + index * slot
        bar_h = plot_h * count / tallest
        low, high = index * bin_width, (index + 1) * bin_width - 1
        label = f"{low}–{100 if index == len(counts) - 1 else high}"
        body.append(
            f'<g><title>{label}%: {count} run(s)</title>'
            f'<rect class="bar" x="{_number(x + 4)}" y="{_number(top + plot_h - bar_h)}" width="{_number(slot - 8)}" height="{_number(bar_h)}" rx="2"/>'
            + _text(x + slot / 2, top + plot_h - bar_h - 5, str(count), "middle", "value")
            + _text(x + slot / 2, height - 10, label, "middle", "axis")
            + "</g>"
        )
    return _frame(ident, width, height, title, desc, body)
