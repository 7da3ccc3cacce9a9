"""The practice coaching card: the behaviours the last reply showed, their points and the rule behind each.

The text comes from the rubric through the turn's feedback items (as the terminal's
coaching panel shows it); good and bad are said by sign and a drawn tick or cross, not
by colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from game.engine.review import OK_GRADES, ReviewRow, coach_words
from game.engine.session import Turn
from game.gui.scale import Fonts
from game.gui.text import draw_line, wrap
from game.gui.theme import Theme

EMPTY = "Coaching appears here after each reply: the behaviours you showed and the rule behind each."
PAD = 12


@dataclass(frozen=True)
class CoachItem:
    """One line of coaching: points, rule ID, what the rule says, and why."""

    points: float
    rule: str
    title: str
    explain: str


def coach_items(turn: Turn | None, review: ReviewRow | None = None) -> list[CoachItem]:
    """The coaching for `turn`: its grade (rule 'Grade'), one item per behaviour, then the author's note (rule 'Coach')."""
    if turn is None:
        return []
    grade = []
    if review is not None:
        points = 1 if review.grade in OK_GRADES else -1 if review.grade else 0  # the mark's colour, not points
        grade = [CoachItem(points, "Grade", coach_words(review), "")]
    items = grade + [
        CoachItem(item.points, item.rule or item.dimension, item.rule_title or item.title, item.explain)
        for item in turn.result.items
    ]
    if turn.choice.feedback:
        items.append(CoachItem(0, "Coach", turn.choice.feedback, ""))
    return items


def signed(points: float) -> str:
    """Points with their sign: '+4', '-2', '+1.5'."""
    return f"{points:+.0f}" if points == int(points) else f"{points:+.1f}"


def draw_mark(surface: pygame.Surface, rect: pygame.Rect, points: float, theme: Theme) -> None:
    """A tick for points gained, a cross for points lost, a dot otherwise, drawn as lines."""
    colour = theme.good if points > 0 else theme.bad if points < 0 else theme.muted
    x, y, w, h = rect
    if points > 0:
        pygame.draw.lines(surface, colour, False, [(x + w * 0.15, y + h * 0.55), (x + w * 0.4, y + h * 0.8), (x + w * 0.85, y + h * 0.2)], 3)
    elif points < 0:
        pygame.draw.line(surface, colour, (x + w * 0.2, y + h * 0.2), (x + w * 0.8, y + h * 0.8), 3)
        pygame.draw.line(surface, colour, (x + w * 0.8, y + h * 0.2), (x + w * 0.2, y + h * 0.8), 3)
    else:
        pygame.draw.circle(surface, colour, rect.center, max(3, w // 6))


def full_height(fonts: Fonts) -> int:
    """The least height for the card with its title, the reply and one behaviour."""
    return fonts.small.line_height * 2 + fonts.body.line_height + 24


def compact_height(fonts: Fonts) -> int:
    """The least height for the one-line card of a cramped window."""
    return fonts.small.line_height + 12


def compact_text(turn: Turn | None, review: ReviewRow | None = None) -> str:
    """The coaching in one line: the grade, then each behaviour's points and rule ID."""
    if turn is None:
        return "COACH  ·  coaching appears here after each reply"
    items = coach_items(turn)
    parts = [f"{signed(item.points)} {item.rule}" for item in items if item.rule not in ("Coach", "Grade")]
    if review is not None and review.grade is not None:
        parts.insert(0, review.grade.upper())
    note = "  ·  see the debrief for the rules" if items else ""
    return "COACH  ·  " + ("  ·  ".join(parts) or "no rubric behaviour on that reply") + note + "  ·  u undoes"


def draw_card(
    surface: pygame.Surface, rect: pygame.Rect, turn: Turn | None, theme: Theme, fonts: Fonts, review: ReviewRow | None = None
) -> None:
    """Draw the card in `rect` (one line when it is cramped); items that do not fit are counted instead."""
    pygame.draw.rect(surface, theme.panel, rect, border_radius=10)
    pygame.draw.rect(surface, theme.accent, rect, width=2, border_radius=10)
    small, body = fonts.small, fonts.body
    if rect.height < full_height(fonts):
        draw_line(surface, small, compact_text(turn, review), theme.text, (rect.x + PAD, rect.y + (rect.height - small.line_height) // 2), rect.width - 2 * PAD)
        return
    x, y, width = rect.x + PAD, rect.y + PAD // 2, rect.width - 2 * PAD
    draw_line(surface, small, "COACH  ·  u undoes your last reply", theme.accent, (x, y), width)
    y += small.line_height + 2
    bottom = rect.bottom - PAD // 2
    if turn is None:
        for line in wrap(small, EMPTY, width, max(1, (bottom - y) // small.line_height)):
            surface.blit(small.render(line, theme.muted), (x, y))
            y += small.line_height
        return
    draw_line(surface, small, f"Your reply: {turn.text}", theme.muted, (x, y), width)
    y += small.line_height + 4
    items = coach_items(turn, review)
    if not items:
        draw_line(surface, small, "No rubric behaviour on that reply.", theme.muted, (x, y), width)
        return
    for shown, item in enumerate(items):
        last = shown == len(items) - 1
        reserve = 0 if last else small.line_height  # room for the "more" line if this item is not the last
        if y + body.line_height > bottom - reserve and shown:
            draw_line(surface, small, f"… {len(items) - shown} more in the debrief", theme.muted, (x, min(y, bottom - small.line_height)), width)
            return
        y = _draw_item(surface, item, x, y, width, bottom - reserve, theme, fonts)


def _draw_item(surface: pygame.Surface, item: CoachItem, x: int, y: int, width: int, bottom: int, theme: Theme, fonts: Fonts) -> int:
    """One item: mark, points and rule ID on the left, the rule's words wrapped beside them."""
    body, small = fonts.body, fonts.small
    size = body.line_height
    draw_mark(surface, pygame.Rect(x, y, size, size), item.points, theme)
    left = x + size + 4
    if item.rule not in ("Coach", "Grade"):  # the grade's mark says good or short; it has no points of its own
        points = body.render(signed(item.points), theme.text)
        surface.blit(points, (left, y))
        left += max(points.get_width(), body.width("+00")) + 8
    tag = small.render(item.rule, theme.background)
    pill = pygame.Rect(left, y + (size - small.line_height) // 2, tag.get_width() + 12, small.line_height)
    pygame.draw.rect(surface, theme.accent, pill, border_radius=pill.height // 2)
    surface.blit(tag, (pill.x + 6, pill.y))
    text_x = pill.right + 10
    room = max(1, (bottom - y) // small.line_height)
    lines = wrap(small, item.title, x + width - text_x, min(room, 2))
    line_y = y + (size - small.line_height) // 2
    for line in lines:
        surface.blit(small.render(line, theme.text), (text_x, line_y))
        line_y += small.line_height
    return max(y + size, line_y) + 6
