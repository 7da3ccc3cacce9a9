"""Where the parts of the play screen go, for any window size: plain rectangles, no drawing.

Wide windows put the speaker's face large in a left column (name plate and meters under
it) and the conversation in the right column; tall or narrow windows put a smaller face
beside the meters at the top and the conversation under them. The right column is then
stacked by the play screen: speech bubble, reply buttons, coaching card.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pygame

from game.gui.scale import Fonts

MARGIN = 24
GAP = 16
BUTTON_GAP = 6
WIDE_RATIO = 1.15  # width / height above which the face gets its own column


@dataclass
class PlayLayout:
    """The rectangles of the play screen."""

    header: pygame.Rect
    footer: pygame.Rect
    face: pygame.Rect
    plate: pygame.Rect
    meters: list[pygame.Rect]
    cast: pygame.Rect | None
    column: pygame.Rect  # bubble, replies and coaching card, top to bottom
    wide: bool
    extra: dict[str, pygame.Rect] = field(default_factory=dict)


def header_height(fonts: Fonts) -> int:
    """The top bar's height."""
    return fonts.heading.line_height + 16


def footer_height(fonts: Fonts) -> int:
    """The key-hint line's height."""
    return fonts.small.line_height + 12


def meter_height(fonts: Fonts) -> int:
    """One meter: its label line, then a row for the bar and the small 'better' word beside it."""
    return fonts.body.line_height + fonts.small.line_height + 4


def plate_height(fonts: Fonts) -> int:
    """The name plate: name and role."""
    return fonts.heading.line_height + fonts.small.line_height + 16


def play_layout(size: tuple[int, int], fonts: Fonts, meter_count: int, cast_count: int) -> PlayLayout:
    """Lay out the play screen for a window of `size`."""
    width, height = size
    header = pygame.Rect(0, 0, width, header_height(fonts))
    footer = pygame.Rect(0, height - footer_height(fonts), width, footer_height(fonts))
    body = pygame.Rect(MARGIN, header.bottom + GAP, width - 2 * MARGIN, footer.top - header.bottom - 2 * GAP)
    cast_h = 2 * fonts.small.line_height + 56 if cast_count > 1 else 0  # faces and names of two lines
    meters_h = meter_count * (meter_height(fonts) + 8)
    if width >= height * WIDE_RATIO:
        return _wide(header, footer, body, fonts, meter_count, meters_h, cast_h)
    return _tall(header, footer, body, fonts, meter_count, meters_h, cast_h)


def _wide(header, footer, body, fonts, meter_count, meters_h, cast_h) -> PlayLayout:
    """Face column on the left, conversation on the right."""
    left_w = max(200, min(440, round(body.width * (0.32 if body.width >= 1000 else 0.27))))  # small windows: more room for words
    plate_h = plate_height(fonts)
    face_side = max(100, min(left_w, body.height - plate_h - meters_h - cast_h - 3 * GAP))
    face = pygame.Rect(0, body.y, face_side, face_side)
    face.centerx = body.x + left_w // 2
    plate = pygame.Rect(body.x, face.bottom + 8, left_w, plate_h)
    y = plate.bottom + GAP
    cast = None
    if cast_h:
        cast = pygame.Rect(body.x, y, left_w, cast_h)
        y = cast.bottom + GAP
    meters = []
    for _ in range(meter_count):
        meters.append(pygame.Rect(body.x, y, left_w, meter_height(fonts)))
        y += meter_height(fonts) + 8
    column = pygame.Rect(body.x + left_w + 2 * GAP, body.y, body.width - left_w - 2 * GAP, body.height)
    return PlayLayout(header, footer, face, plate, meters, cast, column, wide=True)


def _tall(header, footer, body, fonts, meter_count, meters_h, cast_h) -> PlayLayout:
    """Face and meters side by side at the top, conversation below."""
    plate_h = plate_height(fonts)
    side = max(96, min(round(body.width * 0.34), round(body.height * 0.26)))
    face = pygame.Rect(body.x, body.y, side, side)
    right_x = face.right + GAP
    right_w = body.right - right_x
    plate = pygame.Rect(right_x, body.y, right_w, plate_h)
    y = plate.bottom + 4
    meters = []
    for _ in range(meter_count):
        meters.append(pygame.Rect(right_x, y, right_w, meter_height(fonts)))
        y += meter_height(fonts) + 4
    top = max(face.bottom, y) + GAP
    cast = None
    if cast_h:
        cast = pygame.Rect(body.x, top, body.width, cast_h)
        top = cast.bottom + GAP
    column = pygame.Rect(body.x, top, body.width, body.bottom - top)
    return PlayLayout(header, footer, face, plate, meters, cast, column, wide=False)


def stack_column(column: pygame.Rect, bubble_h: int, reply_heights: list[int], coach_min: int) -> tuple[pygame.Rect, list[pygame.Rect], pygame.Rect | None]:
    """The bubble, each reply button and the coaching card (None when there is no room) in `column`.

    The bubble gets what it needs up to 45% of the column; the replies come next; the
    coaching card takes the rest when at least `coach_min` is left (0: no card wanted).
    """
    bubble_h = min(bubble_h, round(column.height * 0.42))
    bubble = pygame.Rect(column.x, column.y, column.width, bubble_h)
    y = bubble.bottom + GAP
    buttons = []
    for needed in reply_heights:
        buttons.append(pygame.Rect(column.x, y, column.width, needed))
        y += needed + BUTTON_GAP
    coach = None
    top = y - BUTTON_GAP + GAP // 2
    left = column.bottom - top
    if coach_min and left >= coach_min:
        coach = pygame.Rect(column.x, top, column.width, left)
    return bubble, buttons, coach
