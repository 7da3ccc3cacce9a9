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
    """The coaching in one line: the grade in words, then each behaviour's points, rule ID and title."""
    if turn is None:
        return "COACH  ·  coaching appears here after each reply"
    items = coach_items(turn)
    parts = [f"{signed(item.points)} {item.rule} {item.title}" for item in items if item.rule not in ("Coach", "Grade")]
    if review is not None and review.grade is not None:
        parts.insert(0, review.words)
    return "COACH  ·  u undoes  ·  " + ("  ·  ".join(parts) or "no rubric behaviour on that reply")


def title_text(turn: Turn | None) -> str:
    """The card's title line: undo is mentioned only once there is a reply to undo."""
    return "COACH" if turn is None else "COACH  ·  u undoes your last reply"


def item_height(item: CoachItem, width: int, fonts: Fonts, room: int) -> int:
    """How tall one item draws at `width` with at most `room` pixels below its top."""
    small, size = fonts.small, fonts.body.line_height
    lines = wrap(small, item.title, _item_text_width(item, width, fonts), min(max(1, room // small.line_height), 2))
    return max(size, (size - small.line_height) // 2 + len(lines) * small.line_height) + 6


def _item_text_width(item: CoachItem, width: int, fonts: Fonts) -> int:
    """The width left for an item's words after its mark, points and rule pill."""
    body, small = fonts.body, fonts.small
    used = body.line_height + 4
    if item.rule not in ("Coach", "Grade"):
        used += max(body.width(signed(item.points)), body.width("+00")) + 8
    return width - used - (small.width(item.rule) + 12) - 10


def draw_card(
    surface: pygame.Surface, rect: pygame.Rect, turn: Turn | None, theme: Theme, fonts: Fonts, review: ReviewRow | None = None
) -> list[pygame.Rect]:
    """Draw the card in `rect` (one line when it is cramped); items that do not fit are counted instead.

    Returns the rect of each line or item drawn, top to bottom (they never overlap).
    """
    pygame.draw.rect(surface, theme.panel, rect, border_radius=10)
    pygame.draw.rect(surface, theme.accent, rect, width=2, border_radius=10)
    small = fonts.small
    if rect.height < full_height(fonts):
        return [draw_line(surface, small, compact_text(turn, review), theme.text, (rect.x + PAD, rect.y + (rect.height - small.line_height) // 2), rect.width - 2 * PAD)]
    x, y, width = rect.x + PAD, rect.y + PAD // 2, rect.width - 2 * PAD
    bottom = rect.bottom - PAD // 2
    drawn: list[pygame.Rect] = []
    items = coach_items(turn, review)
    heights: list[int] = []
    below = y + small.line_height + 2 + (small.line_height + 4 if turn is not None else 0)
    for item in items:
        whole = item_height(item, width, fonts, 2 * small.line_height)  # its words on the two lines an item may take
        if below + sum(heights) + whole > bottom and heights:
            break  # counted in "N more" rather than cut short
        heights.append(min(whole, item_height(item, width, fonts, bottom - below - sum(heights))))
    hidden = len(items) - len(heights)
    more_in_title = False
    if hidden and below + sum(heights) + small.line_height > bottom:
        if len(heights) > 1:
            heights.pop()  # make room for the "more" line
            hidden += 1
        else:
            more_in_title = True  # no room under the one item: say it in the title line
    title = title_text(turn) + (f"  ·  {hidden} more in the debrief" if more_in_title else "")
    drawn.append(draw_line(surface, small, title, theme.accent, (x, y), width))
    y += small.line_height + 2
    if turn is None:
        for line in wrap(small, EMPTY, width, max(1, (bottom - y) // small.line_height)):
            drawn.append(surface.blit(small.render(line, theme.muted), (x, y)))
            y += small.line_height
        return drawn
    drawn.append(draw_line(surface, small, f"Your reply: {turn.text}", theme.muted, (x, y), width))
    y += small.line_height + 4
    if not items:
        drawn.append(draw_line(surface, small, "No rubric behaviour on that reply.", theme.muted, (x, y), width))
        return drawn
    for item, height in zip(items, heights):
        end = _draw_item(surface, item, x, y, width, y + height - 6, theme, fonts)
        drawn.append(pygame.Rect(x, y, width, end - y - 6))
        y += height
    if hidden and not more_in_title:
        drawn.append(draw_line(surface, small, f"… {hidden} more in the debrief", theme.muted, (x, y), width))
    return drawn
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
