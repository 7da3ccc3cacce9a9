"""The practice coaching card: draws game/play/coaching.py's view of the last reply.

What it says (grade, behaviours with points and rule IDs, the author's note, the one-line
form) is the shared view's, as the terminal's coaching panel shows it; good and bad are said
by sign and a drawn tick or cross, not by colour alone.
"""

from __future__ import annotations

import pygame

from game.gui.scale import Fonts
from game.gui.text import draw_line, wrap
from game.gui.theme import Theme
from game.i18n import _, ngettext
from game.play.coaching import CoachingView, CoachItem

PAD = 12


def draw_mark(surface: pygame.Surface, rect: pygame.Rect, tone: int, theme: Theme) -> None:
    """A tick for good (tone +1), a cross for short of it (-1), a dot otherwise, drawn as lines."""
    colour = theme.good if tone > 0 else theme.bad if tone < 0 else theme.muted
    x, y, w, h = rect
    if tone > 0:
        pygame.draw.lines(surface, colour, False, [(x + w * 0.15, y + h * 0.55), (x + w * 0.4, y + h * 0.8), (x + w * 0.85, y + h * 0.2)], 3)
    elif tone < 0:
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


def item_height(item: CoachItem, width: int, fonts: Fonts, room: int) -> int:
    """How tall one item draws at `width` with at most `room` pixels below its top."""
    small, size = fonts.small, fonts.body.line_height
    lines = wrap(small, item.heading, _item_text_width(item, width, fonts), min(max(1, room // small.line_height), 2))
    return max(size, (size - small.line_height) // 2 + len(lines) * small.line_height) + 6


def _item_text_width(item: CoachItem, width: int, fonts: Fonts) -> int:
    """The width left for an item's words after its mark, points and rule pill."""
    body, small = fonts.body, fonts.small
    used = body.line_height + 4
    if item.points_text:
        used += max(body.width(item.points_text), body.width("+00")) + 8
    return width - used - (small.width(item.tag) + 12) - 10


def draw_card(surface: pygame.Surface, rect: pygame.Rect, view: CoachingView, theme: Theme, fonts: Fonts) -> list[pygame.Rect]:
    """Draw the card in `rect` (one line when it is cramped); items that do not fit are counted instead.

    Returns the rect of each line or item drawn, top to bottom (they never overlap).
    """
    pygame.draw.rect(surface, theme.panel, rect, border_radius=10)
    pygame.draw.rect(surface, theme.accent, rect, width=2, border_radius=10)
    small = fonts.small
    if rect.height < full_height(fonts):
        return [draw_line(surface, small, view.compact, theme.text, (rect.x + PAD, rect.y + (rect.height - small.line_height) // 2), rect.width - 2 * PAD)]
    x, y, width = rect.x + PAD, rect.y + PAD // 2, rect.width - 2 * PAD
    bottom = rect.bottom - PAD // 2
    drawn: list[pygame.Rect] = []
    items = view.items
    heights: list[int] = []
    below = y + small.line_height + 2 + (small.line_height + 4 if not view.empty else 0)
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
    title = ngettext("{title}  ·  {count} more in the debrief", "{title}  ·  {count} more in the debrief", hidden).format(title=view.title, count=hidden) if more_in_title else view.title
    drawn.append(draw_line(surface, small, title, theme.accent, (x, y), width))
    y += small.line_height + 2
    if view.empty:
        for line in wrap(small, view.hint, width, max(1, (bottom - y) // small.line_height)):
            drawn.append(surface.blit(small.render(line, theme.muted), (x, y)))
            y += small.line_height
        return drawn
    drawn.append(draw_line(surface, small, _("Your reply: {reply}").format(reply=view.reply), theme.muted, (x, y), width))
    y += small.line_height + 4
    if view.hint:
        drawn.append(draw_line(surface, small, view.hint, theme.muted, (x, y), width))
        return drawn
    for item, height in zip(items, heights):
        end = _draw_item(surface, item, x, y, width, y + height - 6, theme, fonts)
        drawn.append(pygame.Rect(x, y, width, end - y - 6))
        y += height
    if hidden and not more_in_title:
        drawn.append(draw_line(surface, small, ngettext("… {count} more in the debrief", "… {count} more in the debrief", hidden).format(count=hidden), theme.muted, (x, y), width))
    return drawn
def _draw_item(surface: pygame.Surface, item: CoachItem, x: int, y: int, width: int, bottom: int, theme: Theme, fonts: Fonts) -> int:
    """One item: mark, points and rule ID on the left, the rule's words wrapped beside them."""
    body, small = fonts.body, fonts.small
    size = body.line_height
    draw_mark(surface, pygame.Rect(x, y, size, size), item.tone, theme)
    left = x + size + 4
    if item.points_text:  # the grade's mark says good or short; it has no points of its own
        points = body.render(item.points_text, theme.text)
        surface.blit(points, (left, y))
        left += max(points.get_width(), body.width("+00")) + 8
    tag = small.render(item.tag, theme.background)
    pill = pygame.Rect(left, y + (size - small.line_height) // 2, tag.get_width() + 12, small.line_height)
    pygame.draw.rect(surface, theme.accent, pill, border_radius=pill.height // 2)
    surface.blit(tag, (pill.x + 6, pill.y))
    text_x = pill.right + 10
    room = max(1, (bottom - y) // small.line_height)
    lines = wrap(small, item.heading, x + width - text_x, min(room, 2))
    line_y = y + (size - small.line_height) // 2
    for line in lines:
        surface.blit(small.render(line, theme.text), (text_x, line_y))
        line_y += small.line_height
    return max(y + size, line_y) + 6
