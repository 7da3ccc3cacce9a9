"""Portraits drawn by code: each cast member a recognisable person with seven expressions.

`look_for(cast_id)` derives a person's look from a hash of their id (skin tone, face shape,
hair style and colour, eyes, clothes, glasses, beard), so the same id always looks the
same and needs no image files. `draw_face` paints the portrait as a round medallion:
drawn large (supersampled) with outlined shapes, then smoothly scaled into the rect and
cached, so a steady frame costs one blit. Eyes blink every few seconds and the mouth moves
while the person speaks.

Which expression a person shows is decided in the shared core (game/engine/faces.py, drawn
through game/play/stage.py); this module only draws the closed set of expressions
(game/scenario/schema.py EXPRESSIONS).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import pygame

from game.gui.fonts import Lru
from game.gui.theme import RGB, Theme, blend
from game.scenario.schema import EXPRESSIONS


FACE_CACHE = 96  # finished portraits kept (size x expression x blink x mouth)
MAX_SIDE = 2048  # a portrait never grows beyond this; a larger rect centres it
BLINK_PERIOD = 4.2  # seconds between blinks
BLINK_SECONDS = 0.14
MOUTH_FPS = 9.0  # mouth shapes per second while speaking
MOUTH_SHAPES = (0.15, 0.75, 0.4, 1.0, 0.25, 0.6)  # openness, cycled while speaking

Point = tuple[float, float]

# ---------------------------------------------------------------------------------------
# Looks derived from the cast id
# ---------------------------------------------------------------------------------------

SKINS: tuple[RGB, ...] = (
    (255, 226, 204), (246, 208, 176), (234, 186, 146), (214, 160, 118),
    (186, 128, 88), (150, 98, 64), (116, 74, 50), (240, 198, 160),
)
HAIR_COLOURS: tuple[RGB, ...] = (
    (38, 32, 34), (66, 44, 32), (112, 72, 42), (160, 82, 44),
    (212, 168, 92), (150, 148, 150), (222, 220, 214), (48, 40, 62),
)
EYE_COLOURS: tuple[RGB, ...] = ((74, 46, 30), (112, 72, 40), (128, 110, 52), (64, 128, 84), (58, 108, 176), (96, 112, 128))
CLOTHES: tuple[RGB, ...] = (
    (38, 150, 150), (228, 108, 88), (220, 168, 52), (52, 78, 138), (132, 74, 134),
    (62, 132, 84), (88, 150, 218), (152, 46, 66), (84, 88, 100), (232, 138, 54),
)
BACKDROPS: tuple[RGB, ...] = (
    (120, 180, 220), (240, 180, 120), (170, 210, 150), (210, 170, 220),
    (240, 210, 120), (150, 200, 200), (230, 150, 160), (180, 180, 230),
)
HAIR_STYLES = ("short", "side", "bob", "long", "bun", "curly", "receding", "quiff", "ponytail")
NEUTRAL_STYLES = tuple(style for style in HAIR_STYLES if style != "receding")
CLOTHES_STYLES = ("collar", "vneck", "crew", "blazer", "turtleneck")


@dataclass(frozen=True)
class Look:
    """Everything about how one cast member looks."""

    skin: RGB
    hair: RGB
    hair_style: str
    eyes: RGB
    clothes: RGB
    clothes_style: str
    backdrop: RGB
    glasses: bool
    beard: str  # "", "moustache", "beard" or "stubble"
    earrings: bool
    jaw: float  # how much the jaw narrows toward the chin
    width: float  # face width relative to the average
    blink_offset: float


# Styles a name's title suggests; with no title every style is possible and no beard is drawn.
MASCULINE_STYLES = ("short", "side", "quiff", "receding", "curly")
FEMININE_STYLES = ("bob", "long", "bun", "ponytail", "curly", "side")
MASCULINE_TITLES = ("mr", "sir", "mister", "master", "uncle", "grandpa", "father", "brother")
FEMININE_TITLES = ("mrs", "ms", "miss", "madam", "madame", "lady", "aunt", "auntie", "grandma", "mother", "sister")
# Hair colours by how often they are picked: dark and brown hair most, grey and white least.
HAIR_WEIGHTS = (5, 5, 4, 2, 2, 1, 1, 2)


def _title(name: str) -> str:
    """'masculine', 'feminine' or '' from the first word of a name such as 'Mrs Varga'."""
    words = name.lower().replace(".", " ").split()
    first = words[0] if words else ""
    if first in MASCULINE_TITLES:
        return "masculine"
    if first in FEMININE_TITLES:
        return "feminine"
    return ""


def _pick(options: Sequence[RGB], weights: Sequence[int], byte: int) -> RGB:
    """One of `options`, chosen by `byte` with the given weights."""
    slot = byte % sum(weights)
    for option, weight in zip(options, weights):
        if slot < weight:
            return option
        slot -= weight
    return options[-1]


@lru_cache(maxsize=256)
def look_for(cast_id: str, name: str = "") -> Look:
    """The look of a cast member, the same every time for the same id and name.

    Both go into the hash: two scenarios may each call someone `lin` (Ms Lin in the shoe
    shop, Mr Lin at the diner), and two different people must not share a face. A title at
    the start of `name` ("Mr", "Mrs", "Ms", ...) narrows the hair styles and allows a beard
    for "Mr"; without one, any style and never a beard.
    """
    seed = cast_id if not name else f"{cast_id}\n{name}"
    h = hashlib.sha256(seed.encode("utf-8", "replace")).digest()
    title = _title(name)
    styles = MASCULINE_STYLES if title == "masculine" else FEMININE_STYLES if title == "feminine" else NEUTRAL_STYLES
    style = styles[h[2] % len(styles)]
    hair = _pick(HAIR_COLOURS, HAIR_WEIGHTS, h[1])
    if style == "receding" and h[3] % 3:
        hair = HAIR_COLOURS[5 + h[3] % 2]  # thinning hair is usually grey or white
    beard = ("moustache", "beard", "stubble", "", "", "")[h[9] % 6] if title == "masculine" else ""
    return Look(
        skin=SKINS[h[0] % len(SKINS)],
        hair=hair,
        hair_style=style,
        eyes=EYE_COLOURS[h[4] % len(EYE_COLOURS)],
        clothes=CLOTHES[h[5] % len(CLOTHES)],
        clothes_style=CLOTHES_STYLES[h[6] % len(CLOTHES_STYLES)],
        backdrop=BACKDROPS[h[7] % len(BACKDROPS)],
        glasses=h[8] % 10 < 3,
        beard=beard,
        earrings=title != "masculine" and style in ("bob", "long", "bun", "ponytail", "curly") and h[10] % 2 == 0,
        jaw=0.08 + (h[11] % 5) * 0.04,
        width=0.94 + (h[12] % 5) * 0.03,
        blink_offset=(h[13] / 255) * (BLINK_PERIOD - 0.6),
    )


# ---------------------------------------------------------------------------------------
# What each expression does to the features
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Features:
    """The shape of the features for one expression (distances in head-relative units)."""

    lid_outer: float  # how far the upper lid comes down (0 open .. 1 shut) at the outer corner
    lid_inner: float  # ... and at the inner corner (more than outer = a glare)
    happy_eyes: bool  # eyes closed in upward arcs
    look: Point  # where the pupils point (-1..1 each)
    pupil: float  # pupil size
    brow_inner: float  # brow inner end down (+) or up (-)
    brow_outer: float
    brow_arch: float
    brow_lift_right: float  # an extra raise of one brow (annoyed scepticism)
    smile: float  # mouth curve: + corners up, - corners down
    tilt: float  # one corner higher than the other
    wave: float  # a wobbly mouth
    open: float  # how open the mouth is when silent
    width: float  # mouth width
    teeth: float  # how much of the open mouth the teeth fill (1 = gritted)
    blush: float  # cheek colour strength


FEATURES: dict[str, Features] = {
    "calm": Features(0.14, 0.14, False, (0.0, 0.0), 1.0, 0.0, 0.0, 0.25, 0.0, 0.35, 0.0, 0.0, 0.0, 0.95, 0.35, 0.25),
    "annoyed": Features(0.46, 0.5, False, (0.45, 0.1), 0.95, 0.3, 0.05, 0.05, -0.45, -0.22, 0.2, 0.0, 0.0, 0.75, 0.35, 0.15),
    "angry": Features(0.22, 0.58, False, (0.0, 0.05), 0.7, 0.75, -0.25, 0.0, 0.0, -0.55, 0.0, 0.0, 0.5, 1.0, 1.0, 0.0),
    "relieved": Features(0.0, 0.0, True, (0.0, 0.0), 1.0, -0.3, -0.15, 0.4, 0.0, 0.75, 0.0, 0.0, 0.6, 1.1, 0.3, 0.45),
    "embarrassed": Features(0.04, 0.04, False, (-0.6, 0.35), 0.85, -0.55, 0.15, 0.1, 0.0, -0.05, 0.0, 0.07, 0.0, 0.7, 0.35, 1.0),
    # Brows drawn up at the middle, eyes wide, a tight wavering mouth.
    "worried": Features(0.0, 0.0, False, (0.2, -0.1), 1.1, -0.6, 0.25, 0.15, 0.0, -0.2, 0.0, 0.09, 0.0, 0.6, 0.35, 0.1),
    # Heavy lids, eyes down, brows up at the middle, corners of the mouth down.
    "sad": Features(0.42, 0.3, False, (0.0, 0.7), 0.9, -0.5, 0.3, 0.0, 0.0, -0.6, 0.0, 0.0, 0.0, 0.7, 0.35, 0.05),
}
assert set(FEATURES) == set(EXPRESSIONS), "every expression of the format has a drawing"

# ---------------------------------------------------------------------------------------
# Drawing helpers
# ---------------------------------------------------------------------------------------


def darken(colour: RGB, amount: float) -> RGB:
    """`colour` toward black by `amount` (0..1)."""
    return blend(colour, (0, 0, 0), amount)


def lighten(colour: RGB, amount: float) -> RGB:
    """`colour` toward white by `amount` (0..1)."""
    return blend(colour, (255, 255, 255), amount)


def stroke(surface: pygame.Surface, colour: Sequence[int], points: Sequence[Point], width: float, closed: bool = False) -> None:
    """A polyline with round joins and caps (pygame's thick lines have gaps at corners)."""
    if len(points) < 2:
        return
    w = max(1, round(width))
    pygame.draw.lines(surface, colour, closed, points, w)
    if w > 2:
        for point in points:
            pygame.draw.circle(surface, colour, point, w / 2)


def curve(a: Point, control: Point, b: Point, steps: int = 16) -> list[Point]:
    """Points along a quadratic Bézier curve from `a` to `b` bent toward `control`."""
    out = []
    for i in range(steps + 1):
        t = i / steps
        u = 1 - t
        out.append((u * u * a[0] + 2 * u * t * control[0] + t * t * b[0], u * u * a[1] + 2 * u * t * control[1] + t * t * b[1]))
    return out


@lru_cache(maxsize=16)
def _disk(radius: int) -> pygame.mask.Mask:
    """A filled circle as a mask, for growing shapes into outlines."""
    size = 2 * radius + 1
    surface = pygame.Surface((size, size), pygame.SRCALPHA)
    pygame.draw.circle(surface, (255, 255, 255, 255), (radius, radius), radius + 0.5)
    return pygame.mask.from_surface(surface)


def stamp(dest: pygame.Surface, layer: pygame.Surface, outline: RGB, width: float) -> None:
    """Blit `layer` onto `dest` with a cartoon outline `width` wide around its shape."""
    radius = max(1, round(width))
    grown = pygame.mask.from_surface(layer, 127).convolve(_disk(radius))
    dest.blit(grown.to_surface(setcolor=(*outline, 255), unsetcolor=(0, 0, 0, 0)), (-radius, -radius))
    dest.blit(layer, (0, 0))


def overlay(dest: pygame.Surface, paint: Callable[[pygame.Surface], None]) -> None:
    """Run `paint` on a clear layer and blend it onto `dest` (so translucent colours mix)."""
    layer = pygame.Surface(dest.get_size(), pygame.SRCALPHA)
    paint(layer)
    dest.blit(layer, (0, 0))


class Canvas:
    """A square drawing surface addressed in units (0..1 across), with the head's geometry."""

    ZOOM = 1.2  # the figure is laid out in units, then enlarged about the centre to fill the disc

    def __init__(self, size: int, look: Look):
        self.size = size
        self.look = look
        self.hx, self.hy = 0.5, 0.45
        self.rx, self.ry = 0.195 * look.width, 0.235

    def layer(self) -> pygame.Surface:
        """A clear layer the size of the canvas."""
        return pygame.Surface((self.size, self.size), pygame.SRCALPHA)

    def p(self, x: float, y: float) -> Point:
        """A point in pixels from units."""
        return ((0.5 + (x - 0.5) * self.ZOOM) * self.size, (0.5 + (y - 0.5) * self.ZOOM) * self.size)

    def n(self, units: float) -> float:
        """A length in pixels from units."""
        return units * self.ZOOM * self.size

    def rect(self, x: float, y: float, w: float, h: float) -> pygame.Rect:
        """A pixel rect from a unit rect."""
        left, top = self.p(x, y)
        return pygame.Rect(round(left), round(top), max(1, round(self.n(w))), max(1, round(self.n(h))))

    def head_point(self, degrees: float, k: float = 1.0, jaw: bool = True) -> tuple[float, float]:
        """A point on the head's outline (0 degrees right, 90 down), scaled by `k`, in units."""
        a = math.radians(degrees)
        c, s = math.cos(a), math.sin(a)
        narrow = 1 - self.look.jaw * max(0.0, s) ** 2 if jaw else 1.0
        return (self.hx + self.rx * k * c * narrow, self.hy + self.ry * k * s * (1.06 if s > 0 else 1.0))

    def head_outline(self, k: float = 1.0, start: float = 0, end: float = 360, steps: int = 72) -> list[Point]:
        """The head's outline between two angles, in pixels."""
        return [self.p(*self.head_point(start + (end - start) * i / steps, k)) for i in range(steps + 1)]


# ---------------------------------------------------------------------------------------
# The parts of a portrait
# ---------------------------------------------------------------------------------------


def _backdrop(c: Canvas, theme: Theme) -> pygame.Surface:
    """A soft two-tone disc behind the person, tinted toward the theme's panel."""
    base = blend(c.look.backdrop, theme.panel, 0.45)
    layer = c.layer()
    top, bottom = lighten(base, 0.25), darken(base, 0.08)
    for y in range(c.size):  # a vertical gradient, one line at a time
        pygame.draw.line(layer, blend(top, bottom, y / c.size), (0, y), (c.size, y))
    return layer


def _back_hair(c: Canvas) -> pygame.Surface | None:
    """Hair that falls behind the head and neck (long styles, bobs, buns, ponytails)."""
    style, layer = c.look.hair_style, c.layer()
    hx, hy, rx, ry = c.hx, c.hy, c.rx, c.ry
    if style == "long":
        points = c.head_outline(1.16, 150, 390)
        points += [c.p(hx + rx * 1.32, hy + ry * 1.45), c.p(hx + rx * 0.9, hy + ry * 1.6), c.p(hx - rx * 0.9, hy + ry * 1.6), c.p(hx - rx * 1.32, hy + ry * 1.45)]
        pygame.draw.polygon(layer, c.look.hair, points)
    elif style == "bob":
        points = c.head_outline(1.17, 160, 380)
        points += [c.p(hx + rx * 1.22, hy + ry * 0.78), c.p(hx + rx * 0.7, hy + ry * 0.9), c.p(hx - rx * 0.7, hy + ry * 0.9), c.p(hx - rx * 1.22, hy + ry * 0.78)]
        pygame.draw.polygon(layer, c.look.hair, points)
    elif style == "bun":
        pygame.draw.circle(layer, c.look.hair, c.p(hx, hy - ry * 1.12), c.n(rx * 0.5))
    elif style == "ponytail":
        tail = [c.p(hx + rx * 0.7, hy - ry * 0.6), c.p(hx + rx * 1.45, hy - ry * 0.2), c.p(hx + rx * 1.5, hy + ry * 0.6),
                c.p(hx + rx * 1.25, hy + ry * 1.1), c.p(hx + rx * 1.1, hy + ry * 0.5), c.p(hx + rx * 0.9, hy)]
        pygame.draw.polygon(layer, c.look.hair, tail)
        pygame.draw.circle(layer, darken(c.look.hair, 0.25), c.p(hx + rx * 1.05, hy - ry * 0.5), c.n(rx * 0.16))
    elif style == "curly":
        for i in range(11):
            x, y = c.head_point(150 + i * 24, 1.12, jaw=False)
            if y < hy + ry * 0.45:
                pygame.draw.circle(layer, c.look.hair, c.p(x, y), c.n(rx * 0.32))
    else:
        return None
    return layer


def _torso(c: Canvas) -> pygame.Surface:
    """Shoulders and clothes, with the collar of the person's clothes style."""
    look, layer = c.look, c.layer()
    hx = c.hx
    shoulder_top = c.hy + c.ry * 1.3
    body = c.rect(hx - 0.4, shoulder_top, 0.8, 0.7)
    pygame.draw.ellipse(layer, look.clothes, body)
    neck_w = c.rx * 0.42
    style = look.clothes_style
    shade = darken(look.clothes, 0.2)
    if style == "vneck":
        pygame.draw.polygon(layer, look.skin, [c.p(hx - neck_w * 1.3, shoulder_top + 0.005), c.p(hx + neck_w * 1.3, shoulder_top + 0.005), c.p(hx, shoulder_top + 0.12)])
    elif style == "crew":
        pygame.draw.ellipse(layer, shade, c.rect(hx - neck_w * 1.35, shoulder_top - 0.012, neck_w * 2.7, 0.06))
        pygame.draw.ellipse(layer, look.skin, c.rect(hx - neck_w * 1.15, shoulder_top - 0.02, neck_w * 2.3, 0.05))
    elif style == "turtleneck":
        pygame.draw.rect(layer, shade, c.rect(hx - neck_w * 1.15, shoulder_top - 0.06, neck_w * 2.3, 0.085), border_radius=round(c.n(0.02)))
    elif style == "collar":
        pygame.draw.polygon(layer, look.skin, [c.p(hx - neck_w, shoulder_top), c.p(hx + neck_w, shoulder_top), c.p(hx, shoulder_top + 0.07)])
        white = lighten(look.clothes, 0.85)
        for side in (-1, 1):
            pygame.draw.polygon(layer, white, [c.p(hx + side * neck_w * 1.05, shoulder_top - 0.02), c.p(hx + side * neck_w * 2.3, shoulder_top + 0.035), c.p(hx + side * 0.004, shoulder_top + 0.075)])
            stroke(layer, darken(white, 0.3), [c.p(hx + side * neck_w * 1.05, shoulder_top - 0.02), c.p(hx + side * neck_w * 2.3, shoulder_top + 0.035), c.p(hx + side * 0.004, shoulder_top + 0.075)], c.n(0.004), closed=True)
    elif style == "blazer":
        shirt = (244, 244, 240)
        pygame.draw.polygon(layer, shirt, [c.p(hx - neck_w * 1.6, shoulder_top), c.p(hx + neck_w * 1.6, shoulder_top), c.p(hx + 0.03, 1.0), c.p(hx - 0.03, 1.0)])
        pygame.draw.polygon(layer, look.skin, [c.p(hx - neck_w, shoulder_top), c.p(hx + neck_w, shoulder_top), c.p(hx, shoulder_top + 0.06)])
        tie = darken(look.clothes, 0.1) if look.clothes != (84, 88, 100) else (160, 50, 60)
        pygame.draw.polygon(layer, lighten(tie, 0.25), [c.p(hx - 0.012, shoulder_top + 0.055), c.p(hx + 0.012, shoulder_top + 0.055), c.p(hx + 0.02, 0.98), c.p(hx - 0.02, 0.98)])
        for side in (-1, 1):
            lapel = [c.p(hx + side * neck_w * 1.7, shoulder_top - 0.005), c.p(hx + side * 0.03, 0.98), c.p(hx + side * 0.2, 1.0), c.p(hx + side * 0.2, shoulder_top + 0.02)]
            pygame.draw.polygon(layer, look.clothes, lapel)
            stroke(layer, shade, lapel[:2], c.n(0.005))
    # A fold line at each armpit so the shoulders read as shoulders.
    for side in (-1, 1):
        stroke(layer, shade, curve(c.p(hx + side * 0.27, 0.98), c.p(hx + side * 0.28, 0.92), c.p(hx + side * 0.3, 0.88)), c.n(0.006))
    return layer


def _neck(c: Canvas) -> pygame.Surface:
    """The neck, with the shadow the chin casts on it."""
    layer = c.layer()
    w = c.rx * 0.42
    top, bottom = c.hy + c.ry * 0.6, c.hy + c.ry * 1.45
    pygame.draw.rect(layer, c.look.skin, c.rect(c.hx - w, top, 2 * w, bottom - top), border_radius=round(c.n(0.02)))
    shadow = darken(c.look.skin, 0.15)
    pygame.draw.ellipse(layer, shadow, c.rect(c.hx - w, c.hy + c.ry * 0.9, 2 * w, c.ry * 0.35))
    return layer


def _head(c: Canvas) -> pygame.Surface:
    """Ears and the face shape."""
    look, layer = c.look, c.layer()
    skin = look.skin
    for side in (-1, 1):
        x, y = c.hx + side * c.rx * 1.0, c.hy + 0.02
        pygame.draw.ellipse(layer, skin, c.rect(x - 0.03, y - 0.045, 0.06, 0.09))
        stroke(layer, darken(skin, 0.2), curve(c.p(x + side * 0.012, y - 0.025), c.p(x + side * 0.02, y), c.p(x + side * 0.005, y + 0.025), 8), c.n(0.006))
    outline = c.head_outline()
    pygame.draw.polygon(layer, skin, outline)
    # A soft shade down one side of the face gives it roundness.
    shade = [c.p(*c.head_point(a)) for a in range(-60, 100, 5)] + [c.p(*c.head_point(a, 0.9)) for a in range(95, -65, -5)]
    shade_layer = c.layer()
    pygame.draw.polygon(shade_layer, (*darken(skin, 0.35), 40), shade)
    layer.blit(shade_layer, (0, 0))
    return layer


def _beard(c: Canvas, dest: pygame.Surface) -> None:
    """Facial hair, drawn on the face before the mouth (which sits in a clear patch)."""
    look, kind = c.look, c.look.beard
    hair, hx, hy, rx, ry = look.hair, c.hx, c.hy, c.rx, c.ry
    if kind in ("beard", "stubble"):
        layer = c.layer()
        jaw = c.head_outline(1.01, -8, 188, 48)
        cheeks = [c.p(hx - rx * 0.8, hy + ry * 0.3), c.p(hx - rx * 0.35, hy + ry * 0.5), c.p(hx + rx * 0.35, hy + ry * 0.5), c.p(hx + rx * 0.8, hy + ry * 0.3)]
        colour = (*hair, 255) if kind == "beard" else (*darken(look.skin, 0.4), 80)
        pygame.draw.polygon(layer, colour, jaw + cheeks)
        # The mouth's patch of skin, so lips and teeth stay readable inside the beard.
        pygame.draw.ellipse(layer, (0, 0, 0, 0), c.rect(hx - 0.056, hy + ry * 0.62, 0.112, ry * 0.32))
        if kind == "beard":
            stamp(dest, layer, darken(hair, 0.45), c.n(0.005))
        else:
            dest.blit(layer, (0, 0))
    if kind in ("moustache", "beard"):
        y = hy + ry * 0.6
        layer = c.layer()
        for side in (-1, 1):
            blob = curve(c.p(hx, y - 0.012), c.p(hx + side * 0.045, y - 0.038), c.p(hx + side * 0.078, y + 0.014), 10)
            blob += curve(c.p(hx + side * 0.078, y + 0.014), c.p(hx + side * 0.04, y - 0.004), c.p(hx, y + 0.006), 10)
            pygame.draw.polygon(layer, hair, blob)
        stamp(dest, layer, darken(hair, 0.45), c.n(0.005))


def _cheeks(c: Canvas, dest: pygame.Surface, strength: float) -> None:
    """Rosy cheeks; strong and hatched when embarrassed."""
    if strength <= 0:
        return
    hx, hy, rx = c.hx, c.hy, c.rx

    def paint(layer: pygame.Surface) -> None:
        alpha = round(45 + 120 * max(0.0, strength - 0.5) * 2) if strength > 0.5 else round(90 * strength)
        for side in (-1, 1):
            size = 0.075 if strength > 0.5 else 0.06
            pygame.draw.ellipse(layer, (240, 96, 110, alpha), c.rect(hx + side * rx * 0.6 - size / 2, hy + 0.085, size, size * 0.55))

    overlay(dest, paint)
    if strength > 0.5:  # the blush marks a cartoon uses for embarrassment
        for side in (-1, 1):
            x0 = hx + side * rx * 0.6 - 0.022
            for i in range(3):
                x = x0 + i * 0.016
                stroke(dest, (214, 60, 80), [c.p(x + 0.008, hy + 0.088), c.p(x - 0.002, hy + 0.112)], c.n(0.005))


def _eye(c: Canvas, dest: pygame.Surface, side: int, f: Features, closed: bool) -> None:
    """One eye: white, iris, pupil and a highlight, under a lid whose height sets the mood."""
    look = c.look
    cx, cy = c.hx + side * c.rx * 0.44, c.hy + 0.02
    w, h = 0.074, 0.064
    # Lashes are near-black, warmed a little by the hair colour.
    lash = blend(darken(look.hair, 0.55), (30, 24, 26), 0.6)
    thick = c.n(0.0085)
    if f.happy_eyes or closed:
        if f.happy_eyes:  # contented arcs: ∩
            points = curve(c.p(cx - w / 2, cy + 0.008), c.p(cx, cy - h * 0.75), c.p(cx + w / 2, cy + 0.008))
        else:  # a blink: lids meeting in a gentle ∪
            points = curve(c.p(cx - w / 2, cy + 0.004), c.p(cx, cy + h * 0.4), c.p(cx + w / 2, cy + 0.004))
        stroke(dest, lash, points, thick)
        return
    # Draw the eye on its own small layer, then trim it to the eye's shape.
    pad = 2
    ew, eh = max(4, round(c.n(w))), max(4, round(c.n(h)))
    eye = pygame.Surface((ew + 2 * pad, eh + 2 * pad), pygame.SRCALPHA)
    shape = pygame.Rect(pad, pad, ew, eh)
    pygame.draw.ellipse(eye, (252, 252, 250), shape)
    iris_r = eh * 0.44
    lx, ly = f.look
    ix = shape.centerx + lx * ew * 0.22  # both eyes look the same way
    iy = shape.centery + ly * eh * 0.18
    pygame.draw.circle(eye, look.eyes, (ix, iy), iris_r)
    pygame.draw.circle(eye, darken(look.eyes, 0.35), (ix, iy), iris_r, max(1, round(iris_r * 0.18)))
    pygame.draw.circle(eye, (20, 16, 18), (ix, iy), iris_r * 0.5 * f.pupil)
    pygame.draw.circle(eye, (255, 255, 255), (ix + iris_r * 0.35, iy - iris_r * 0.38), max(1.0, iris_r * 0.26))
    # The upper lid: inner corner faces the nose (side -1 is the viewer's left eye).
    outer_x, inner_x = (shape.left, shape.right) if side < 0 else (shape.right, shape.left)
    y_outer = shape.top + f.lid_outer * eh
    y_inner = shape.top + f.lid_inner * eh
    lid_colour = darken(look.skin, 0.08)
    pygame.draw.polygon(eye, lid_colour, [(outer_x, 0), (inner_x, 0), (inner_x, y_inner), (outer_x, y_outer)])
    mask = pygame.Surface(eye.get_size(), pygame.SRCALPHA)
    pygame.draw.ellipse(mask, (255, 255, 255, 255), shape)
    eye.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MIN)
    ox, oy = c.p(cx, cy)
    left, top = ox - ew / 2 - pad, oy - eh / 2 - pad
    dest.blit(eye, (left, top))
    # The lash line follows whichever is lower: the eye's top edge or the lid.
    points = []
    for i in range(17):
        t = i / 16
        x = shape.left + t * ew
        u = (x - shape.centerx) / (ew / 2)
        edge = shape.centery - eh / 2 * math.sqrt(max(0.0, 1 - u * u))
        lid = y_outer + (y_inner - y_outer) * ((x - outer_x) / (inner_x - outer_x))
        points.append((left + x, top + max(edge, lid)))
    stroke(dest, lash, points, thick)
    # A flick of lashes at the outer corner.
    corner = points[0] if side < 0 else points[-1]
    stroke(dest, lash, [corner, (corner[0] + side * c.n(0.014), corner[1] - c.n(0.012))], thick * 0.8)
    # A faint lower lid.
    lower = curve((left + shape.left + ew * 0.15, top + shape.bottom - eh * 0.1), (left + shape.centerx, top + shape.bottom + eh * 0.12), (left + shape.right - ew * 0.15, top + shape.bottom - eh * 0.1), 8)
    stroke(dest, darken(look.skin, 0.25), lower, thick * 0.35)


def _brow(c: Canvas, dest: pygame.Surface, side: int, f: Features) -> None:
    """One eyebrow: its slope and arch carry most of an expression."""
    cx, cy = c.hx + side * c.rx * 0.46, c.hy - 0.045
    if f.happy_eyes:
        cy -= 0.004
    half = 0.045
    unit = 0.028
    lift = f.brow_lift_right if side > 0 else 0.0
    inner = (cx - side * half, cy + f.brow_inner * unit + lift * unit)
    outer = (cx + side * half, cy + f.brow_outer * unit + lift * unit)
    mid = ((inner[0] + outer[0]) / 2, (inner[1] + outer[1]) / 2 - f.brow_arch * unit * 1.4)
    colour = darken(c.look.hair, 0.15) if c.look.hair[0] < 200 else darken(c.look.hair, 0.35)
    points = curve(c.p(*inner), c.p(*mid), c.p(*outer), 12)
    # Thicker at the inner end, tapering outward.
    base = c.n(0.014)
    for i in range(len(points) - 1):
        width = base * (1.0 - 0.45 * i / (len(points) - 1))
        stroke(dest, colour, points[i : i + 2], width)


def _nose(c: Canvas, dest: pygame.Surface) -> None:
    """A small nose: a shadow on one side and the tip."""
    hx, hy = c.hx, c.hy
    colour = darken(c.look.skin, 0.28)
    points = curve(c.p(hx + 0.012, hy + 0.04), c.p(hx + 0.03, hy + 0.1), c.p(hx - 0.006, hy + 0.105), 10)
    stroke(dest, colour, points, c.n(0.007))


def _mouth(c: Canvas, dest: pygame.Surface, f: Features, opening: float) -> None:
    """The mouth as two lip curves; open, it shows the inside, teeth and tongue."""
    hx, my = c.hx, c.hy + c.ry * 0.73
    half = 0.06 * f.width
    depth = 0.035
    wave = f.wave if opening < 0.05 else 0.0
    steps = 24

    def upper(u: float) -> float:
        return my + f.smile * depth * (1 - u * u) - f.tilt * depth * u + wave * depth * math.sin(u * math.pi * 2)

    def lower(u: float) -> float:
        return upper(u) + opening * depth * 1.6 * (1 - u * u) ** 0.8

    us = [-1 + 2 * i / steps for i in range(steps + 1)]
    line_colour = darken(c.look.skin, 0.6)
    # Corners rise or fall with the smile; the ends of the line curl to show it.
    if opening < 0.05:
        stroke(dest, line_colour, [c.p(hx + u * half, upper(u)) for u in us], c.n(0.009))
        return
    outline = [c.p(hx + u * half, upper(u)) for u in us] + [c.p(hx + u * half, lower(u)) for u in reversed(us)]
    pygame.draw.polygon(dest, (96, 30, 42), outline)
    if f.teeth > 0:
        tooth_depth = opening * depth * 1.6 * f.teeth
        inner = [u * 0.92 for u in us]
        teeth = [c.p(hx + u * half, upper(u)) for u in inner] + [c.p(hx + u * half, min(upper(u) + tooth_depth, lower(u))) for u in reversed(inner)]
        pygame.draw.polygon(dest, (250, 250, 244), teeth)
        if f.teeth >= 1:  # gritted: the line between upper and lower teeth, and a few gaps
            mid = [c.p(hx + u * half, (upper(u) + lower(u)) / 2) for u in inner]
            stroke(dest, (170, 160, 160), mid, c.n(0.003))
            for u in (-0.5, 0.0, 0.5):
                stroke(dest, (170, 160, 160), [c.p(hx + u * half, upper(u)), c.p(hx + u * half, lower(u))], c.n(0.003))
    if f.teeth < 1 and opening > 0.35:
        tongue = [c.p(hx + u * half, max(lower(u) - opening * depth * 0.7 * (1 - u * u), upper(u))) for u in [x * 0.6 for x in us]]
        tongue += [c.p(hx + u * half, lower(u)) for u in reversed([x * 0.6 for x in us])]
        pygame.draw.polygon(dest, (226, 108, 118), tongue)
    stroke(dest, line_colour, outline, c.n(0.007), closed=True)


def _front_hair(c: Canvas) -> pygame.Surface | None:
    """The hair over the forehead, in the person's style."""
    style, layer = c.look.hair_style, c.layer()
    hx, hy, rx, ry = c.hx, c.hy, c.rx, c.ry
    hair = c.look.hair

    def cap(start: float, end: float, k: float, fringe: list[Point]) -> None:
        pygame.draw.polygon(layer, hair, c.head_outline(k, start, end, 48) + [c.p(*q) for q in fringe])

    if style in ("short", "quiff"):
        fringe = [(hx + rx * 1.0, hy - ry * 0.15), (hx + rx * 0.7, hy - ry * 0.55), (hx + rx * 0.2, hy - ry * 0.62),
                  (hx - rx * 0.3, hy - ry * 0.58), (hx - rx * 0.75, hy - ry * 0.5), (hx - rx * 1.0, hy - ry * 0.15)]
        cap(185, 355, 1.1, fringe)
        if style == "quiff":  # a swept-up wave over the front of the head
            wave = curve(c.p(hx - rx * 1.02, hy - ry * 0.55), c.p(hx - rx * 0.9, hy - ry * 1.55), c.p(hx + rx * 0.3, hy - ry * 1.3), 12)
            wave += curve(c.p(hx + rx * 0.3, hy - ry * 1.3), c.p(hx + rx * 0.95, hy - ry * 1.25), c.p(hx + rx * 1.02, hy - ry * 0.6), 12)
            pygame.draw.polygon(layer, hair, wave + [c.p(hx + rx * 0.5, hy - ry * 0.6), c.p(hx - rx * 0.6, hy - ry * 0.55)])
            stroke(layer, darken(hair, 0.3), curve(c.p(hx - rx * 0.75, hy - ry * 0.7), c.p(hx - rx * 0.55, hy - ry * 1.25), c.p(hx + rx * 0.2, hy - ry * 1.15)), c.n(0.005))
    elif style == "side":
        fringe = [(hx + rx * 1.0, hy - ry * 0.1), (hx + rx * 0.8, hy - ry * 0.45), (hx + rx * 0.35, hy - ry * 0.8),
                  (hx - rx * 0.2, hy - ry * 0.62), (hx - rx * 0.7, hy - ry * 0.35), (hx - rx * 1.02, hy)]
        cap(185, 355, 1.1, fringe)
        stroke(layer, darken(hair, 0.3), curve(c.p(hx + rx * 0.35, hy - ry * 1.05), c.p(hx + rx * 0.1, hy - ry * 0.85), c.p(hx - rx * 0.4, hy - ry * 0.55)), c.n(0.005))
    elif style in ("bob", "bun", "ponytail"):
        straight = style == "bob"
        fringe = [(hx + rx * 1.02, hy + (ry * 0.3 if straight else -ry * 0.1)), (hx + rx * 0.8, hy - ry * 0.35)]
        if straight:
            fringe += [(hx + rx * (0.6 - 0.3 * i), hy - ry * (0.38 if i % 2 else 0.32)) for i in range(6)]
        else:
            fringe += [(hx + rx * 0.1, hy - ry * 0.72), (hx - rx * 0.6, hy - ry * 0.5)]
        fringe += [(hx - rx * 0.8, hy - ry * 0.35), (hx - rx * 1.02, hy + (ry * 0.3 if straight else -ry * 0.1))]
        cap(165 if straight else 175, 375 if straight else 365, 1.12, fringe)
    elif style == "long":
        fringe = [(hx + rx * 1.05, hy + ry * 0.2), (hx + rx * 0.75, hy - ry * 0.5), (hx + rx * 0.1, hy - ry * 0.8), (hx, hy - ry * 0.88),
                  (hx - rx * 0.1, hy - ry * 0.8), (hx - rx * 0.75, hy - ry * 0.5), (hx - rx * 1.05, hy + ry * 0.2)]
        cap(160, 380, 1.14, fringe)
        stroke(layer, darken(hair, 0.3), [c.p(hx, hy - ry * 1.12), c.p(hx, hy - ry * 0.88)], c.n(0.005))
    elif style == "curly":
        fringe = [(hx + rx * 1.02, hy - ry * 0.05)] + [(hx + rx * (0.8 - 0.32 * i), hy - ry * (0.5 if i % 2 else 0.62)) for i in range(6)] + [(hx - rx * 1.02, hy - ry * 0.05)]
        cap(172, 368, 1.12, fringe)
        for i in range(9):
            x, y = c.head_point(190 + i * 20, 1.08, jaw=False)
            pygame.draw.circle(layer, hair, c.p(x, y), c.n(rx * 0.22))
    if style in ("short", "quiff", "side", "bob", "bun", "ponytail", "long", "curly"):
        shine = lighten(hair, 0.35) if sum(hair) < 300 else lighten(hair, 0.5)
        stroke(layer, shine, curve(c.p(*c.head_point(222, 1.0, False)), c.p(*c.head_point(238, 1.13, False)), c.p(*c.head_point(256, 1.06, False)), 10), c.n(0.012))
    if style == "receding":
        for side in (-1, 1):
            patch = [c.p(*c.head_point(a if side > 0 else 180 - a, k)) for a, k in ((20, 1.04), (-10, 1.1), (-40, 1.08), (-45, 0.97), (-15, 0.97), (15, 0.96))]
            pygame.draw.polygon(layer, hair, patch)
    return layer


def _glasses(c: Canvas, dest: pygame.Surface) -> None:
    """Round-cornered glasses over the eyes."""
    frame = (50, 44, 48) if sum(c.look.skin) > 360 else (30, 26, 28)
    cy = c.hy + 0.022
    lens_w, lens_h = 0.1, 0.078
    for side in (-1, 1):
        cx = c.hx + side * c.rx * 0.44
        rect = c.rect(cx - lens_w / 2, cy - lens_h / 2, lens_w, lens_h)
        glint = c.layer()
        pygame.draw.rect(glint, (255, 255, 255, 40), rect, border_radius=round(c.n(0.025)))
        dest.blit(glint, (0, 0))
        pygame.draw.rect(dest, frame, rect, max(1, round(c.n(0.008))), border_radius=round(c.n(0.025)))
        stroke(dest, frame, [c.p(cx + side * lens_w / 2, cy - 0.01), c.p(c.hx + side * c.rx * 0.98, cy - 0.016)], c.n(0.007))
    stroke(dest, frame, curve(c.p(c.hx - c.rx * 0.44 + lens_w / 2, cy - 0.008), c.p(c.hx, cy - 0.02), c.p(c.hx + c.rx * 0.44 - lens_w / 2, cy - 0.008), 6), c.n(0.007))


def _earrings(c: Canvas, dest: pygame.Surface) -> None:
    """Small gold studs."""
    for side in (-1, 1):
        centre = c.p(c.hx + side * c.rx * 0.99, c.hy + 0.058)
        pygame.draw.circle(dest, (170, 120, 20), centre, c.n(0.011))
        pygame.draw.circle(dest, (246, 204, 90), centre, c.n(0.008))


def _vein(c: Canvas, dest: pygame.Surface) -> None:
    """The cartoon anger mark: four curved strokes around a point on the forehead."""
    cx, cy = c.hx + c.rx * 0.58, c.hy - c.ry * 0.5
    r = 0.024
    for a in (45, 135, 225, 315):
        ax, ay = math.cos(math.radians(a)), math.sin(math.radians(a))
        px, py = -ay, ax  # across the stroke
        # Each stroke bows toward the centre with its ends flaring outward, leaving a gap
        # between neighbours: the familiar cross-shaped "popping vein".
        start = (cx + r * (ax * 1.35 + px * 0.55), cy + r * (ay * 1.35 + py * 0.55))
        end = (cx + r * (ax * 1.35 - px * 0.55), cy + r * (ay * 1.35 - py * 0.55))
        stroke(dest, (214, 40, 52), curve(c.p(*start), c.p(cx + r * ax * 0.45, cy + r * ay * 0.45), c.p(*end), 8), c.n(0.008))


def _sweat(c: Canvas, dest: pygame.Surface) -> None:
    """A drop of nervous sweat at the temple."""
    cx, cy = c.hx - c.rx * 1.02, c.hy - c.ry * 0.3
    r = 0.022
    drop = curve(c.p(cx, cy - r * 2.4), c.p(cx + r * 1.5, cy + r * 0.2), c.p(cx, cy + r), 10)
    drop += curve(c.p(cx, cy + r), c.p(cx - r * 1.5, cy + r * 0.2), c.p(cx, cy - r * 2.4), 10)
    pygame.draw.polygon(dest, (176, 222, 250), drop)
    stroke(dest, (70, 130, 196), drop, c.n(0.005), closed=True)
    pygame.draw.circle(dest, (255, 255, 255), c.p(cx - r * 0.3, cy), c.n(r * 0.28))


def _flush(c: Canvas, dest: pygame.Surface) -> None:
    """Anger's red flush, strongest at the forehead and fading out by the eyes."""
    layer = c.layer()
    pygame.draw.polygon(layer, (230, 40, 40, 255), c.head_outline(0.99))
    fade = c.layer()
    top, bottom = c.p(0, c.hy - c.ry)[1], c.p(0, c.hy + 0.01)[1]
    for y in range(max(0, int(top)), min(c.size, int(bottom) + 1)):
        alpha = round(70 * (1 - (y - top) / max(1.0, bottom - top)))
        pygame.draw.line(fade, (255, 255, 255, alpha), (0, y), (c.size, y))
    layer.blit(fade, (0, 0), special_flags=pygame.BLEND_RGBA_MULT)
    dest.blit(layer, (0, 0))


# ---------------------------------------------------------------------------------------
# Putting a portrait together
# ---------------------------------------------------------------------------------------

_bases: Lru[tuple[str, str, int, Theme], tuple[pygame.Surface, pygame.Surface | None]] = Lru(24)
_faces: Lru[tuple[object, ...], pygame.Surface] = Lru(FACE_CACHE)


def _base(cast_id: str, name: str, size: int, theme: Theme) -> tuple[pygame.Surface, pygame.Surface | None]:
    """The parts that never change with expression: backdrop, body, head; and the front hair."""
    key = (cast_id, name, size, theme)
    cached = _bases.get(key)
    if cached is not None:
        return cached
    look = look_for(cast_id, name)
    c = Canvas(size, look)
    line = max(1.0, c.n(0.009))
    base = _backdrop(c, theme)
    back = _back_hair(c)
    if back is not None:
        stamp(base, back, darken(look.hair, 0.5), line)
    stamp(base, _torso(c), darken(look.clothes, 0.5), line)
    stamp(base, _neck(c), darken(look.skin, 0.5), line)
    stamp(base, _head(c), darken(look.skin, 0.5), line)
    if look.beard:
        _beard(c, base)
    if look.earrings:
        _earrings(c, base)
    front = _front_hair(c)
    if front is not None:
        outlined = c.layer()
        stamp(outlined, front, darken(look.hair, 0.5), line)
        front = outlined
    return _bases.put(key, (base, front))


def _paint(cast_id: str, name: str, size: int, expression: str, theme: Theme, closed: bool, opening: float, speaking: bool) -> pygame.Surface:
    """A full portrait at `size` pixels square (before scaling)."""
    look = look_for(cast_id, name)
    c = Canvas(size, look)
    f = FEATURES.get(expression, FEATURES["calm"])
    base, front = _base(cast_id, name, size, theme)
    canvas = base.copy()
    if expression == "angry":
        _flush(c, canvas)
    _cheeks(c, canvas, f.blush)
    for side in (-1, 1):
        _eye(c, canvas, side, f, closed)
    _nose(c, canvas)
    _mouth(c, canvas, f, opening)
    if front is not None:
        canvas.blit(front, (0, 0))
    for side in (-1, 1):  # brows sit over a fringe, as in most cartoons, so they always read
        _brow(c, canvas, side, f)
    if look.glasses:
        _glasses(c, canvas)
    if expression == "angry":
        _vein(c, canvas)
    elif expression == "embarrassed":
        _sweat(c, canvas)
    # Round medallion: keep what is inside the circle, then ring it.
    mask = pygame.Surface((size, size), pygame.SRCALPHA)
    pygame.draw.circle(mask, (255, 255, 255, 255), (size / 2, size / 2), size / 2 - 1)
    canvas.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MIN)
    ring = theme.accent if speaking else blend(theme.muted, theme.panel, 0.3)
    pygame.draw.circle(canvas, ring, (size / 2, size / 2), size / 2 - 1, max(2, round(size * (0.03 if speaking else 0.015))))
    return canvas


def blink_closed(cast_id: str, seconds: float) -> bool:
    """True while the person's eyes are shut in a blink (each person blinks on their own beat)."""
    phase = (seconds + look_for(cast_id).blink_offset) % BLINK_PERIOD
    return phase > BLINK_PERIOD - BLINK_SECONDS


def mouth_opening(expression: str, speaking: bool, seconds: float) -> float:
    """How open the mouth is now: the expression's own, or moving through shapes while speaking."""
    rest = FEATURES.get(expression, FEATURES["calm"]).open
    if not speaking:
        return rest
    shape = MOUTH_SHAPES[int(seconds * MOUTH_FPS) % len(MOUTH_SHAPES)]
    return max(0.12, min(1.0, rest * 0.5 + shape * 0.6))


def draw_face(
    surface: pygame.Surface,
    rect: pygame.Rect,
    cast_id: str,
    expression: str,
    theme: Theme,
    speaking: bool,
    seconds: float,
    name: str = "",
) -> None:
    """Draw `cast_id`'s portrait with `expression`, centred in `rect` (the largest circle that fits).

    `speaking` rings the portrait in the accent colour and moves the mouth; `seconds` (any
    running clock) drives the blink and the mouth. An unknown expression draws calm.
    `name` (optional, the cast member's display name) lets a title such as "Mr" or "Mrs"
    guide the hair style and beard; see `look_for`.
    """
    side = min(rect.width, rect.height, MAX_SIDE)
    if side < 1:
        return
    closed = blink_closed(cast_id, seconds)
    opening = round(mouth_opening(expression, speaking, seconds), 2)
    key = (cast_id, name, side, expression, theme, closed, opening, speaking)
    portrait = _faces.get(key)
    if portrait is None:
        # Draw at about twice the final size for smooth edges, within sensible bounds.
        work = min(768, max(128, side * 2))
        painted = _paint(cast_id, name, work, expression, theme, closed, opening, speaking)
        portrait = _faces.put(key, pygame.transform.smoothscale(painted, (side, side)))
    surface.blit(portrait, (rect.centerx - side // 2, rect.centery - side // 2))
