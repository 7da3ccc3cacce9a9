"""Meters, skill charts and the mood curve, drawn with pygame primitives and cached text.

Nothing here means something by colour alone: a meter shows its number, a level word
and which way is better; a skill chart writes each percent (or "n/a"); the mood curve has
labelled axes and marked points. Every function draws inside its rect (clipped) and copes
with rects too small to show everything, fractional values mid-animation, and no data.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

import pygame

from game.gui.fonts import TextCache
from game.gui.theme import RGB, Theme, blend
from game.i18n import _
from game.play.meters import better_words, level_word, tone

# The terminal game's level words and colour bands (game/tui/drawing.py, widgets/meters.py).
# The mood bands the faces use: below ANGRY the customer is angry, from RELIEVED relieved.
ANGRY_BELOW, RELIEVED_FROM = 0.3, 0.8


def number_text(value: float) -> str:
    """A meter's value for reading: whole numbers (an animating value is rounded)."""
    return str(round(value))


def percent_label(value: float | None) -> str:
    """'82%', or 'n/a' where the scene had nothing to earn in a skill."""
    return _("n/a") if value is None else f"{round(value)}%"


def goodness_colour(goodness: float, theme: Theme) -> RGB:
    """Good, warning or bad colour for how good a value is (0 worst, 1 best), as game/play/meters.py reads it."""
    return {"good": theme.good, "warn": theme.warn, "bad": theme.bad}[tone(goodness)]


def track_colour(theme: Theme) -> RGB:
    """The empty part of a bar: visible against the background, quieter than the fill."""
    return blend(theme.background, theme.muted, 0.3)


class _Clip:
    """Restrict drawing to a rect for the length of a `with` block."""

    def __init__(self, surface: pygame.Surface, rect: pygame.Rect):
        self.surface, self.rect = surface, rect
        self.old: pygame.Rect | None = None

    def __enter__(self) -> pygame.Rect:
        self.old = self.surface.get_clip()
        clip = self.rect.clip(self.old)
        self.surface.set_clip(clip)
        return clip

    def __exit__(self, *exc: object) -> None:
        self.surface.set_clip(self.old)


def _blit_text(surface: pygame.Surface, text: TextCache, words: str, colour: RGB, x: float, y: float, align: str = "left") -> pygame.Rect:
    """Blit one line of text with its left, centre or right edge at `x`; returns where it went."""
    rendered = text.render(words, colour)
    rect = rendered.get_rect()
    if align == "right":
        rect.topright = (round(x), round(y))
    elif align == "center":
        rect.midtop = (round(x), round(y))
    else:
        rect.topleft = (round(x), round(y))
    surface.blit(rendered, rect)
    return rect


def _arrow(surface: pygame.Surface, colour: RGB, centre: tuple[float, float], size: float, up: bool) -> None:
    """A small solid arrow pointing up or down."""
    cx, cy = centre
    half = size / 2
    head = half * 0.9
    tip, base = (cy - half, cy - half + head) if up else (cy + half, cy + half - head)
    pygame.draw.polygon(surface, colour, [(cx, tip), (cx - head * 0.8, base), (cx + head * 0.8, base)])
    shaft = pygame.Rect(0, 0, max(2, round(size * 0.22)), max(1, round(size - head)))
    shaft.centerx = round(cx)
    if up:
        shaft.top = round(base)
    else:
        shaft.bottom = round(base)
    pygame.draw.rect(surface, colour, shaft)


def _bar(surface: pygame.Surface, rect: pygame.Rect, fraction: float, fill: RGB, theme: Theme) -> None:
    """A rounded bar filled to `fraction` (clamped), with quarter ticks on the track."""
    radius = rect.height // 2
    pygame.draw.rect(surface, track_colour(theme), rect, border_radius=radius)
    fraction = min(max(fraction, 0.0), 1.0)
    if fraction > 0:
        filled = rect.copy()
        filled.width = max(rect.height, round(rect.width * fraction)) if rect.width >= rect.height else round(rect.width * fraction)
        filled.width = min(filled.width, rect.width)
        pygame.draw.rect(surface, fill, filled, border_radius=radius)
    for quarter in (0.25, 0.5, 0.75):
        x = rect.left + round(rect.width * quarter)
        pygame.draw.line(surface, blend(theme.background, theme.text, 0.15), (x, rect.top + 1), (x, rect.bottom - 2))


def draw_meter(
    surface: pygame.Surface,
    rect: pygame.Rect,
    label: str,
    value: float,
    low: int,
    high: int,
    theme: Theme,
    text: TextCache,
    good_when_low: bool,
    hint_text: TextCache | None = None,
) -> None:
    """A labelled meter: the label and "62/100 high" above a bar, and an arrow with the word
    for which way is better beside it (in `hint_text`, by default `text`), the bar and the
    word sharing the row under the label and kept inside `rect`. `value` may be fractional
    while it animates."""
    hint_text = hint_text or text
    span = high - low
    fraction = (value - low) / span if span else 1.0
    goodness = 1.0 - fraction if good_when_low else fraction
    with _Clip(surface, rect):
        line = text.line_height
        # Smaller type for the label, then for the reading, then the reading without its word,
        # before the label is cut.
        forms = ((text, text, True), (hint_text, text, True), (hint_text, hint_text, True), (hint_text, hint_text, False))
        for label_text, reading_text, worded in forms:
            reading = f"{number_text(value)}/{high}" + (f" {level_word(fraction)}" if worded else "")
            if label_text.width(label) <= rect.width - reading_text.width(reading) - 8:
                break
        reading_rect = _blit_text(surface, reading_text, reading, theme.text, rect.right, rect.top + (line - reading_text.line_height) // 2, "right")
        label_width = max(0, reading_rect.left - rect.left - 8)
        _blit_text(surface, label_text, _fit(label_text, label, label_width), theme.text, rect.left, rect.top + (line - label_text.line_height) // 2)
        hint_line = hint_text.line_height
        hint = better_words(not good_when_low)
        hint_width = hint_text.width(hint) + hint_line
        if hint_width > rect.width * 0.45:  # narrow meters say it shorter
            hint = _("better")
            hint_width = hint_text.width(hint) + hint_line
        row_top = rect.top + line + 2
        row_height = max(1, min(hint_line, rect.bottom - row_top))  # the bar and the word share this row
        bar_height = max(6, min(line * 2 // 3, row_height))
        bar = pygame.Rect(rect.left, row_top + max(0, (row_height - bar_height) // 2), max(1, rect.width - hint_width - 10), bar_height)
        _bar(surface, bar, fraction, goodness_colour(goodness, theme), theme)
        hint_x = bar.right + 8
        middle = bar.centery
        hint_top = max(row_top, min(middle - hint_line / 2, rect.bottom - hint_line))
        _arrow(surface, theme.muted, (hint_x + hint_line * 0.3, hint_top + hint_line / 2), hint_line * 0.6, up=not good_when_low)
        _blit_text(surface, hint_text, hint, theme.muted, hint_x + hint_line * 0.7, hint_top)


def _fit(text: TextCache, words: str, width: int) -> str:
    """`words` cut with an ellipsis so they fit `width` pixels (whole if they fit)."""
    if text.width(words) <= width:
        return words
    lines = text.wrap(words, max(1, width - text.width("…")))
    return (lines[0] + "…") if lines and lines[0] else ""


RADAR_LEAST = 60  # a radar smaller than this radius is unreadable: bars instead


def radar_radius(rect: pygame.Rect, names: Sequence[str], text: TextCache) -> float:
    """The radius a radar of `names` gets in `rect` once its labels have room."""
    line = text.line_height
    label_room = max((text.width(name) for name in names), default=0)
    return max(4.0, min(rect.width / 2 - label_room - 8, rect.height / 2 - line * 2 - 4))


def skill_chart_kind(rect: pygame.Rect, names: Sequence[str], text: TextCache) -> str:
    """'radar' for three or more skills with room for a readable radar, else 'bars'."""
    return "radar" if len(names) >= 3 and radar_radius(rect, names, text) >= RADAR_LEAST else "bars"


def draw_skill_chart(surface: pygame.Surface, rect: pygame.Rect, percents: Mapping[str, float | None], theme: Theme, text: TextCache) -> None:
    """Each skill's percent: a radar for three or more skills when it has room, else bars; None is "n/a"."""
    with _Clip(surface, rect):
        if not percents:
            _blit_text(surface, text, _("No skills to show"), theme.muted, rect.centerx, rect.centery - text.line_height / 2, "center")
        elif skill_chart_kind(rect, list(percents), text) == "radar":
            _radar(surface, rect, percents, theme, text)
        else:
            _skill_bars(surface, rect, percents, theme, text)


def _skill_bars(surface: pygame.Surface, rect: pygame.Rect, percents: Mapping[str, float | None], theme: Theme, text: TextCache) -> None:
    """One row per skill: name, bar, percent."""
    line = text.line_height
    row = max(line + 2, min(rect.height // max(1, len(percents)), line * 2))
    name_width = min(rect.width // 3, max(text.width(name) for name in percents) + 12)
    number_width = text.width("100%") + 8
    for index, (name, value) in enumerate(percents.items()):
        top = rect.top + index * row
        _blit_text(surface, text, _fit(text, name, name_width - 12), theme.text, rect.left, top)
        bar = pygame.Rect(rect.left + name_width, top + line // 4, max(1, rect.width - name_width - number_width), max(6, line // 2))
        if value is None:
            pygame.draw.rect(surface, track_colour(theme), bar, 1, border_radius=bar.height // 2)
        else:
            _bar(surface, bar, value / 100, goodness_colour(value / 100, theme), theme)
        _blit_text(surface, text, percent_label(value), theme.text if value is not None else theme.muted, rect.right, top, "right")


def _radar(surface: pygame.Surface, rect: pygame.Rect, percents: Mapping[str, float | None], theme: Theme, text: TextCache) -> None:
    """A radar (spider) chart with rings every 25%, each spoke labelled with name and percent."""
    line = text.line_height
    names = list(percents)
    radius = radar_radius(rect, names, text)
    cx, cy = rect.centerx, rect.centery
    count = len(names)

    def at(index: int, fraction: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / count
        return (cx + math.cos(angle) * radius * fraction, cy + math.sin(angle) * radius * fraction)

    grid = blend(theme.background, theme.muted, 0.35)
    for ring in (0.25, 0.5, 0.75, 1.0):
        pygame.draw.polygon(surface, grid, [at(i, ring) for i in range(count)], 1)
    for i in range(count):
        pygame.draw.line(surface, grid, (cx, cy), at(i, 1.0))
    known = [(i, min(max(percents[name] or 0.0, 0.0), 100.0) / 100) for i, name in enumerate(names) if percents[name] is not None]
    points = [at(i, f) for i, f in known]
    if len(points) >= 3:
        layer = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
        pygame.draw.polygon(layer, (*theme.accent, 70), points)
        surface.blit(layer, (0, 0))
        pygame.draw.polygon(surface, theme.accent, points, 2)
    elif len(points) == 2:
        pygame.draw.line(surface, theme.accent, points[0], points[1], 2)
    dot = max(3, line // 5)
    for (_index, f), point in zip(known, points):
        pygame.draw.circle(surface, theme.background, point, dot + 2)
        pygame.draw.circle(surface, goodness_colour(f, theme), point, dot)
    for i, name in enumerate(names):
        x, y = at(i, 1.0)
        dx, dy = x - cx, y - cy
        align = "left" if dx > radius * 0.3 else "right" if dx < -radius * 0.3 else "center"
        lx = x + (8 if align == "left" else -8 if align == "right" else 0)
        ly = y - line if abs(dy) < radius * 0.3 else (y + 4 if dy > 0 else y - 2 * line - 4)
        value = percents[name]
        _blit_text(surface, text, name, theme.text, lx, ly, align)
        _blit_text(surface, text, percent_label(value), theme.text if value is not None else theme.muted, lx, ly + line, align)


def draw_mood_curve(surface: pygame.Surface, rect: pygame.Rect, curve: Sequence[float], theme: Theme, text: TextCache) -> dict[str, pygame.Rect]:
    """The customer's mood per turn (0..1): a line with marked points over labelled axes, the
    angry and relieved bands shaded and named; returns where the band names and the last value went."""
    labels: dict[str, pygame.Rect] = {}
    with _Clip(surface, rect):
        line = text.line_height
        left = rect.left + max(text.width("100"), text.width(_("turn"))) + 10
        right_room = text.width(_("relieved")) + 10 if rect.width > 360 else line // 2
        top = rect.top + line + line // 2 + 2  # room for the "mood" title above the "100"
        plot = pygame.Rect(left, top, max(1, rect.right - left - right_room), max(1, rect.bottom - top - line - 6))

        def y_at(value: float) -> float:
            return plot.bottom - min(max(value, 0.0), 1.0) * plot.height

        labels.update(_bands(surface, plot, theme, text, y_at, rect.right))
        axis = blend(theme.background, theme.muted, 0.7)
        pygame.draw.line(surface, axis, plot.bottomleft, plot.bottomright)
        pygame.draw.line(surface, axis, plot.bottomleft, plot.topleft)
        _blit_text(surface, text, _("mood"), theme.muted, rect.left, rect.top)
        _blit_text(surface, text, _("turn"), theme.muted, plot.left - 6, plot.bottom + 4, "right")
        for value in (0.0, 0.5, 1.0):
            y = y_at(value)
            pygame.draw.line(surface, axis, (plot.left - 4, y), (plot.left, y))
            if value:  # "0" would sit on top of the "turn" label
                _blit_text(surface, text, str(round(value * 100)), theme.muted, plot.left - 6, y - line / 2, "right")
        if not curve:
            _blit_text(surface, text, _("No turns yet"), theme.muted, plot.centerx, plot.centery - line / 2, "center")
            return labels
        inset = max(6, line // 2)  # keep the first and last points off the axes
        span = max(1, plot.width - 2 * inset)
        step = span / max(1, len(curve) - 1)
        points = [(plot.left + inset + (step * i if len(curve) > 1 else span / 2), y_at(v)) for i, v in enumerate(curve)]
        _turn_labels(surface, plot, points, theme, text)
        if len(points) > 1:
            pygame.draw.lines(surface, theme.accent, False, points, 3)
        dot = max(3, line // 5)
        for point, value in zip(points, curve):
            pygame.draw.circle(surface, theme.background, point, dot + 2)
            pygame.draw.circle(surface, goodness_colour(value, theme), point, dot)
        last_x, last_y = points[-1]
        label_y = last_y - line - 2 if last_y - line - 2 >= plot.top else last_y + 4
        words = str(round(min(max(curve[-1], 0.0), 1.0) * 100))
        # Centred over the last point but never past the plot's right edge, where the band names sit.
        label_x = min(last_x + text.width(words) / 2, plot.right - 2)
        labels["last"] = _blit_text(surface, text, words, theme.text, label_x, label_y, "right")
    return labels


def _bands(surface: pygame.Surface, plot: pygame.Rect, theme: Theme, text: TextCache, y_at: Callable[[float], float], right: int) -> dict[str, pygame.Rect]:
    """Shade the angry band at the bottom and the relieved band at the top, named in the margin."""
    layer = pygame.Surface(plot.size, pygame.SRCALPHA)
    angry_top = round(y_at(ANGRY_BELOW)) - plot.top
    relieved_bottom = round(y_at(RELIEVED_FROM)) - plot.top
    pygame.draw.rect(layer, (*theme.bad, 36), pygame.Rect(0, angry_top, plot.width, plot.height - angry_top))
    pygame.draw.rect(layer, (*theme.good, 36), pygame.Rect(0, 0, plot.width, relieved_bottom))
    surface.blit(layer, plot.topleft)
    line = text.line_height
    if right - plot.right > text.width(_("relieved")) and plot.height > line * 3:
        return {
            "relieved": _blit_text(surface, text, _("relieved"), theme.muted, plot.right + 6, (plot.top + plot.top + relieved_bottom) / 2 - line / 2),
            "angry": _blit_text(surface, text, _("angry"), theme.muted, plot.right + 6, (plot.top + angry_top + plot.bottom) / 2 - line / 2),
        }
    return {}


def _turn_labels(surface: pygame.Surface, plot: pygame.Rect, points: Sequence[tuple[float, float]], theme: Theme, text: TextCache) -> None:
    """Under the x axis: "start" then turn numbers, thinned out so they never overlap."""
    start = _("start")  # the x axis's first label, before turn 1
    room = text.width(start) + 8
    every = 1
    if len(points) > 1:
        spacing = (points[-1][0] - points[0][0]) / (len(points) - 1) or 1
        every = max(1, math.ceil(text.width("88") * 1.8 / spacing))
    last_right = -1e9
    for i, (x, _y) in enumerate(points):
        if i and i % every and i != len(points) - 1:
            continue
        label = start if i == 0 else str(i)
        width = text.width(label)
        centre = max(x, plot.left + width / 2) if i == 0 else x  # "start" clear of the "turn" left of the axis
        if centre - width / 2 < last_right + 6:
            continue
        pygame.draw.line(surface, blend(theme.background, theme.muted, 0.7), (x, plot.bottom), (x, plot.bottom + 4))
        _blit_text(surface, text, label, theme.muted, centre, plot.bottom + 4, "center")
        last_right = centre + width / 2 if i else centre + room / 2
